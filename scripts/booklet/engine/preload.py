"""What the build's fork server imports once, before it forks a worker per language.

Only imports: no Sphinx application is created and no catalog is read here, so every forked worker starts as
pristine as a fresh interpreter (sphinx#13448: translations leak between languages built in one process).
The list is what a worker would otherwise import lazily during its first build: Sphinx's built-in extensions
(loaded at every application start), the HTML writers and search, the MyST parts. WeasyPrint is not
here: the renderers import it, in parallel (engine/pools.py).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import os
import sys


def _in_fork_server() -> bool:
    """Whether this import runs in multiprocessing's fork server (its preload), not anywhere else."""
    from multiprocessing import forkserver

    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is forkserver.main.__code__:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


SERVER = _in_fork_server()
if SERVER:
    from booklet.engine.jobs import PARENT, die_with_parent

    # The server goes with the build however it ends (a watch mode's Ctrl-C leaves at once, a build killed
    # while the server is still importing): its workers, which hold its "alive" pipe open, then go with it
    # (engine/jobs.init_worker). First, before the imports.
    die_with_parent(int(os.environ.get(PARENT, "0")))
    # When the build ends, the server would tear down an interpreter full of Sphinx (~0.2 s of CPU, holding
    # the build's stdout) after the build returned. It has nothing to flush: leave at once. Its forked
    # workers never run atexit (they leave through os._exit with their own status).
    atexit.register(os._exit, 0)


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
)

for _name in MODULES:
    with contextlib.suppress(ImportError):  # a missing optional part only costs its lazy import later
        importlib.import_module(_name)

if SERVER:
    # What the imports made lives as long as the workers: their collections need not visit it (nor copy the
    # pages it shares with the server, to mark it).
    gc.freeze()
