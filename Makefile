# The January 20 booklet. `make help` lists the targets; `make` builds every edition.
# Warnings are errors in every build. The languages live in one place: [tool.booklet] in pyproject.toml.

SHELL        := /bin/bash
# No built-in implicit rules: make would otherwise look for a way to remake each of the package's modules
# (prerequisites of its byte code) on every run, which costs more than a build with nothing to do.
MAKEFLAGS    += --no-builtin-rules
.SUFFIXES:
PYTHON       ?= python3
VENV         := .venv
BIN          := $(VENV)/bin
BOOKLET      := $(BIN)/booklet
STAMP        := $(VENV)/.installed
COMPILED     := $(VENV)/.compiled
# `booklet check`'s spelling check: Hunspell and the dictionaries Debian has (none exists for az).
APT_CHECK    := hunspell hunspell-ru hunspell-en-us
# Debian packages: the build wants HarfBuzz's subsetter (fast font subsetting in WeasyPrint), Ghostscript
# (its libgs-common holds the print edition's CMYK press profile; it measures ink coverage) and poppler-utils
# (the preflight's fonts and image resolution); the tests want Chromium (site tests through Playwright),
# gettext (msgfmt --check, the reference the catalog checker is compared with), and `make verify` qpdf
# (qpdf --check) and mupdf-tools (mutool's structure check) and Java (EPUBCheck).
APT_BUILD    := libharfbuzz-subset0 ghostscript libgs-common poppler-utils $(APT_CHECK)
APT_TEST     := chromium poppler-utils gettext qpdf mupdf-tools openjdk-17-jre-headless
PYTEST_ARGS  ?=

.DEFAULT_GOAL := all
.PHONY: help all html pdf epub print test clean distclean gettext update-po lint setup system-deps system-test-deps test-js-deps
.PHONY: check status preview verify

help:  ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

all: setup  ## Build everything (the default): sites, PDFs, e-books and print editions in every language
	$(BOOKLET) build

# The outputs by kind; goals given together (`make html pdf`, in any order) are one build: one set of
# workers, not one per goal. The first of them runs it, the others have nothing left to do.
STAGE_GOALS := $(filter html pdf epub print,$(MAKECMDGOALS))
stage_build  = $(if $(filter $(1),$(firstword $(or $(STAGE_GOALS),$(1)))),$(BOOKLET) build \
	$(foreach s,html pdf epub print,$(if $(filter $(s),$(or $(STAGE_GOALS),$(1))),--$(s),--no-$(s))),@:)

html: setup  ## The HTML site of every language in _build/html/<lang>/ and the chooser _build/html/index.html
	$(call stage_build,html)

pdf: setup  ## The PDF reading edition of every language and the parallel one in _build/pdf/
	$(call stage_build,pdf)

epub: setup  ## The e-book (EPUB 3) of every language in _build/epub/ (its cover: the reading edition's)
	$(call stage_build,epub)

print: setup  ## The print editions (bleed, crop marks) and imposed A4 booklets in _build/print/
	$(call stage_build,print)

gettext: setup  ## Extract the source messages into _build/gettext/*.pot
	$(BOOKLET) gettext

update-po: setup  ## Create or update locales/<lang>/LC_MESSAGES/*.po (fuzzy + #| for changed messages)
	$(BOOKLET) update-po

check: setup  ## Check every catalog (booklet check; exit 1 on errors). PATHS=... for some only
	$(BOOKLET) check $(PATHS)

status: setup  ## Translation progress per language and catalog (fuzzy counts as not translated)
	$(BOOKLET) status

# LANG is also the locale variable: take it only from the make command line, run with a sane locale.
PREVIEW_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),)
preview: setup  ## Live preview of one language: make preview LANG=az [PORT=8000] (rebuilds and reloads on save)
	LANG=C.UTF-8 LC_ALL=C.UTF-8 $(BOOKLET) preview $(PREVIEW_LANG) $(if $(PORT),--port $(PORT))

# `make verify` runs every validator (qpdf, mutool, the PDF/A and PDF/UA checks, the print preflight, EPUBCheck,
# the Nu HTML checker, axe) over every output of a build and prints one table; `make test` runs the same over
# its own build (tests/test_verify.py). Offline: every validator comes from the project's own files.
verify: setup system-test-deps test-js-deps  ## Every validator over every output of a build: one table, exit 1 on a failure
	$(BOOKLET) build
	$(BOOKLET) verify

test: setup system-test-deps test-js-deps  ## Run the whole test suite (builds real outputs)
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint:  setup ## ruff and mypy
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/mypy

.PHONY: dist bench
# A release comes from a clean build (in its own folder): an incremental site can differ from a clean one
# in bytes (Sphinx keeps emptied terms in an incremental search index), and a release must not.
dist: setup  ## Release folder dist/<name>-<version>/: the site as a zip, every PDF, SHA256SUMS
	rm -rf _build/.dist
	$(BOOKLET) build --build-dir _build/.dist
	$(BOOKLET) dist --build-dir _build/.dist

bench: setup  ## Benchmark the pipeline against the naive script (several rounds; writes _build/bench.json)
	$(BIN)/python tests/bench/run.py

clean:  ## Remove _build/ only
	rm -rf _build

distclean: clean  ## Also remove the virtual environment
	rm -rf $(VENV)

setup: $(STAMP) system-deps $(COMPILED)  ## Create .venv with the pinned dependencies

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Installs missing Debian packages when it can (root with apt-get); otherwise says what is missing.
define apt_ensure
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "warning: missing Debian packages:$$missing (install them with apt-get)"; $(2) fi; \
	fi
endef

# The package's byte code, written whenever a module changed: pip writes it for the dependencies, an editable
# install does not, and where PYTHONDONTWRITEBYTECODE is set (CI images often do) every process of every build
# would compile the package again.
$(COMPILED): $(shell find scripts/booklet -name '*.py') | $(STAMP)
	$(BIN)/python -m compileall -q scripts/booklet
	@touch $@

# Checked once per change of this Makefile (its package lists), not on every build.
system-deps: $(VENV)/.system-deps
$(VENV)/.system-deps: Makefile | $(STAMP)
	$(call apt_ensure,$(APT_BUILD),)
	@touch $@

system-test-deps:
	$(call apt_ensure,$(APT_TEST),exit 1;)

# The browser tests inject axe-core (pinned in tests/js/package-lock.json) into the site. Debian's npm only
# when no npm is there (a Node.js from elsewhere brings its own).
JS_TESTS     := tests/js
test-js-deps: $(JS_TESTS)/node_modules/.installed
$(JS_TESTS)/node_modules/.installed: $(JS_TESTS)/package.json $(JS_TESTS)/package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory APT_TEST=npm system-test-deps
	cd $(JS_TESTS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@
