"""Run one Sphinx builder for one language, in the calling process, and collect its warnings.

Sphinx leaks translations between languages built in one process (sphinx-doc/sphinx#13448), so a process
only ever builds one language; the HTML and print builders share its doctrees (parsed once).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sphinx.application import Sphinx
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

from booklet.config import Config


@dataclass
class SphinxResult:
    builder: str
    outdir: Path
    warnings: list[str]
    status: int


def run_sphinx(
    cfg: Config,
    lang: str,
    builder: str,
    outdir: Path,
    overrides: Mapping[str, Any] | None = None,
    log: IO[str] | None = None,
) -> SphinxResult:
    """`overrides` are the edition's declared inputs beyond the files (the colophon's values, the downloads
    its pages link): given to Sphinx as configuration, so a change of them is a change Sphinx sees."""
    nocolor()  # the warnings are read as text and printed by the parent: no terminal colour codes in them
    warnings = io.StringIO()
    status: IO[str] = log if log is not None else io.StringIO()
    # The gettext builder keeps a differently configured environment: it gets its own doctrees.
    doctrees = cfg.work_dir(lang) / ("doctrees-gettext" if builder == "gettext" else "doctrees")
    with patch_docutils(cfg.docs_dir), docutils_namespace():
        app = Sphinx(
            srcdir=cfg.docs_dir,
            confdir=cfg.docs_dir,
            outdir=outdir,
            doctreedir=doctrees,
            buildername=builder,
            confoverrides={
                "language": lang,
                "booklet_template_cache": str(cfg.work_dir(lang) / "templates"),
                # Only the catalogs the preflight read and accepted, compiled by the build (catalogs/
                # compile.py): never a .mo in locales/, never a .po another reader sees differently.
                "locale_dirs": [str(cfg.locale_dir(lang))],
                **(overrides or {}),
            },
            status=status,
            warning=warnings,
            warningiserror=True,
        )
        app.build()
    lines = [line for line in warnings.getvalue().splitlines() if line.strip()]
    return SphinxResult(builder, outdir, lines, app.statuscode or (1 if lines else 0))
