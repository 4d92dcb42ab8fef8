"""The Sphinx workers' fork server imports this once, before it forks a worker per language (and the process
that checks the catalogs).

Only imports: no Sphinx application is created and no catalog is read here, so every forked worker starts as
pristine as a fresh interpreter (sphinx#13448: translations leak between languages built in one process).
The list is what a worker would otherwise import lazily during its first build: Sphinx's built-in extensions
(loaded at every application start), the HTML writers and search, the MyST parts, the catalogs' checks and
fontTools (the glyph checks of the print HTML and the fit of the catalogs' short strings). WeasyPrint is not
here: the renderers' own server imports it, in parallel (engine/preload/renderer.py).
"""

from __future__ import annotations

import contextlib
import gc
import importlib

from booklet.engine.preload import serving

SERVING = serving()  # first, before the imports

MODULES = (
    *importlib.import_module("sphinx.application").builtin_extensions,
    "sphinx.jinja2glue",
    "sphinx.search",
    "sphinx.theming",
    "sphinx.util.requests",
    "sphinx.util.inventory",
    "sphinx.writers.html5",
    "sphinx.ext.mathjax",
    "docutils.writers.html4css1",
    "docutils.writers.latex2e",
    "jinja2.ext",
    "jinja2.sandbox",
    "snowballstemmer",
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.sphinx_",
    "myst_parser.mdit_to_docutils.sphinx_",
    "myst_parser.sphinx_ext.directives",
    "myst_parser.sphinx_ext.myst_refs",
    "myst_parser.sphinx_ext.mathjax",
    "booklet.engine.jobs",
    "booklet.engine.sphinxjob",
    "booklet.sphinxext",
    "booklet.sphinxext.colophon",
    "booklet.sphinxext.covers",
    "booklet.rendering.glyphs",
    "booklet.site.chooser",
    "booklet.checks.preflight",
    "booklet.catalogs.compile",
    "booklet.catalogs.headers",
    "booklet.rendering.metrics",
    "fontTools.ttLib",
)

for _name in MODULES:
    with contextlib.suppress(ImportError):  # a missing optional part only costs its lazy import later
        importlib.import_module(_name)

if SERVING:
    # What the imports made lives as long as the workers: their collections need not visit it (nor copy the
    # pages it shares with the server, to mark it).
    gc.freeze()
