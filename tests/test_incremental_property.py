"""The engine's invariant, as a property: after any sequence of edits and partial builds, a full build
publishes exactly what a clean build of the same tree publishes, byte for byte.

Hypothesis generates the sequences from what people do: `make html`, `make pdf`, `make epub`, `make print`,
`make`, catalog edits, translator credits (headers that reach other languages' colophons), source edits
followed by `make update-po`, a language added and removed. One project copy carries its state from
example to example (any sequence from any state); the clean build uses the same tree with an empty build
folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from catalog_helpers import set_first_msgstr
from conftest import BIN
from project import copy_project

EPOCH = "1737331200"  # one build date for every build of the test, whatever the configuration's mtime
TARGETS = {  # the Makefile's goals, as the CLI arguments it passes
    "html": ("--html", "--no-pdf", "--no-epub", "--no-print"),
    "pdf": ("--no-html", "--pdf", "--no-epub", "--no-print"),
    "epub": ("--no-html", "--no-pdf", "--epub", "--no-print"),
    "print": ("--no-html", "--no-pdf", "--no-epub", "--print"),
    "all": (),
}
TITLES = {  # a translator's revisions that every check accepts (the build publishes them)
    "ru": (
        "20 Января — воплощение общенациональной скорби, а также несокрушимой воли азербайджанского народа",
        "(редакция)",
        "(правка)",
    ),
    "az": (
        "20 Yanvar milli kədərin, eləcə də Azərbaycan xalqının məğlubedilməz iradəsinin təcəssümüdür",
        "(redaktə)",
        "(düzəliş)",
    ),
}
SKIP_LINK = {  # the site's interface catalog (sphinx.po): one string every page's template shows
    "ru": ("Перейти к тексту", "К тексту", "Сразу к тексту"),
    "az": ("Mətnə keç", "Mətnə", "Birbaşa mətnə"),
}
EXTRA = "de"  # the language added and removed

build_step = st.tuples(st.just("build"), st.sampled_from(sorted(TARGETS)))
catalog_step = st.tuples(st.just("catalog"), st.sampled_from(sorted(TITLES)), st.integers(0, 2))
credit_step = st.tuples(st.just("credit"), st.sampled_from(sorted(TITLES)), st.integers(0, 2))
interface_step = st.tuples(st.just("interface"), st.sampled_from(sorted(SKIP_LINK)), st.integers(0, 2))
source_step = st.tuples(st.just("source"), st.integers(0, 2))
language_step = st.tuples(st.just("language"))
steps = st.lists(
    st.one_of(build_step, build_step, catalog_step, credit_step, interface_step, source_step, language_step),
    min_size=1,
    max_size=4,
)


def booklet(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "booklet"), *args],
        cwd=root,
        env={**os.environ, "BOOKLET_ROOT": str(root), "CI": "1", "SOURCE_DATE_EPOCH": EPOCH},
        capture_output=True,
        text=True,
        timeout=900,
    )


def published(build_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(build_dir)): p.read_bytes()
        for name in ("html", "pdf", "epub", "print")
        for p in sorted((build_dir / name).rglob("*"))
        if p.is_file()
    }


def apply(root: Path, step: tuple) -> None:
    kind = step[0]
    if kind == "build":
        run = booklet(root, "build", *TARGETS[step[1]])
        assert run.returncode == 0, run.stdout + run.stderr
    elif kind == "catalog":
        lang, variant = step[1], step[2]
        title, *suffixes = TITLES[lang]
        text = title if variant == 0 else f"{title} {suffixes[variant - 1]}"
        set_first_msgstr(root / "locales" / lang / "LC_MESSAGES" / "index.po", text)
    elif kind == "interface":
        po = root / "locales" / step[1] / "LC_MESSAGES" / "sphinx.po"
        text = po.read_text(encoding="utf-8")
        now = next(s for s in SKIP_LINK[step[1]] if f'msgstr "{s}"\n' in text)
        po.write_text(text.replace(f'msgstr "{now}"\n', f'msgstr "{SKIP_LINK[step[1]][step[2]]}"\n'), "utf-8")
    elif kind == "credit":
        assert booklet(root, "credit", step[1], f"Translators {step[1]} {step[2]}").returncode == 0
    elif kind == "source":
        index = root / "docs" / "index.md"
        text = index.read_text(encoding="utf-8").rstrip("\n").removesuffix(" Edited.").removesuffix(" Again.")
        index.write_text(text + ("", " Edited.", " Again.")[step[1]] + "\n", encoding="utf-8")
        run = booklet(root, "update-po")
        assert run.returncode == 0, run.stdout + run.stderr
    elif kind == "language":
        pyproject = root / "pyproject.toml"
        if (root / "locales" / EXTRA).exists():
            text = pyproject.read_text(encoding="utf-8").replace(f', "{EXTRA}"]', "]")
            pyproject.write_text(text, encoding="utf-8")
            shutil.rmtree(root / "locales" / EXTRA)
        else:
            run = booklet(root, "add-language", EXTRA)
            assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("property"))
    assert booklet(root, "build").returncode == 0
    return root


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
@example(sequence=[("build", "html"), ("build", "all")])  # the site must come to link the PDFs
@example(sequence=[("credit", "az", 1), ("build", "all")])  # the credit is in every colophon
@example(sequence=[("interface", "ru", 1), ("build", "all")])  # every page's template reads the catalog
@example(sequence=[("language",), ("build", "all"), ("language",)])  # a language that goes takes its outputs
def test_a_full_build_after_any_sequence_equals_a_clean_build(project: Path, tmp_path_factory, sequence):
    for step in sequence:
        apply(project, step)
    final = booklet(project, "build")
    assert final.returncode == 0, final.stdout + final.stderr
    clean_dir = tmp_path_factory.mktemp("clean")
    clean = booklet(project, "build", "--build-dir", str(clean_dir))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    incremental, fresh = published(project / "_build"), published(clean_dir)
    assert (sorted(incremental.keys() - fresh.keys()), sorted(fresh.keys() - incremental.keys())) == ([], [])
    assert [name for name in fresh if incremental[name] != fresh[name]] == [], sequence
