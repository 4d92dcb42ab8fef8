"""Run one Sphinx builder for one language, in the calling process, and collect its warnings.

Sphinx leaks translations between languages built in one process (sphinx-doc/sphinx#13448), so a process
only ever builds one language; the HTML and print builders share its doctrees (parsed once).

The watch mode keeps a process per builder of its language (`warm`): its application stays, and builds
again incrementally on the next save, with its own doctrees. Whatever the application read when it was made
(its configuration and overrides, the interface catalog) is its key: when that changes, the process makes a
new application, as a fresh process would.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sphinx.application import Sphinx
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

from booklet.config import Config
from booklet.patches.sphinx import forget_translations, prepare_rebuild
from booklet.sphinxext import UI_DOMAIN


@dataclass
class SphinxResult:
    builder: str
    outdir: Path
    warnings: list[str]
    status: int


@dataclass
class _Warm:
    key: str
    app: Sphinx
    status: io.StringIO
    warnings: io.StringIO
    docutils: contextlib.ExitStack  # the application's docutils registrations, undone when it goes


_WARM: _Warm | None = None  # the watch mode's application in this process


def run_sphinx(
    cfg: Config,
    lang: str,
    builder: str,
    outdir: Path,
    overrides: Mapping[str, Any] | None = None,
    log: IO[str] | None = None,
    warm: bool = False,
) -> SphinxResult:
    """`overrides` are the edition's declared inputs beyond the files (the colophon's values, the downloads
    its pages link): given to Sphinx as configuration, so a change of them is a change Sphinx sees."""
    nocolor()  # the warnings are read as text and printed by the parent: no terminal colour codes in them
    doctrees = doctrees_dir(cfg, lang, builder, warm)
    settings = dict(
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
        warningiserror=True,
    )
    if warm:
        return _warm_build(cfg, lang, settings)
    warnings = io.StringIO()
    status: IO[str] = log if log is not None else io.StringIO()
    with patch_docutils(cfg.docs_dir), docutils_namespace():
        app = Sphinx(**settings, status=status, warning=warnings)  # type: ignore[arg-type]
        app.build()
    return _result(app, builder, outdir, warnings.getvalue())


def doctrees_dir(cfg: Config, lang: str, builder: str, warm: bool = False) -> Path:
    """The gettext builder keeps a differently configured environment, and a warm application one that only
    it writes: each gets doctrees of its own. The others share the language's."""
    if warm or builder == "gettext":
        return cfg.work_dir(lang) / f"doctrees-{builder}"
    return cfg.work_dir(lang) / "doctrees"


def _result(app: Sphinx, builder: str, outdir: Path, warnings: str) -> SphinxResult:
    lines = [line for line in warnings.splitlines() if line.strip()]
    return SphinxResult(builder, outdir, lines, app.statuscode or (1 if lines else 0))


def _warm_build(cfg: Config, lang: str, settings: dict[str, Any]) -> SphinxResult:
    global _WARM
    key = _key(cfg, lang, settings)
    made = Path(settings["outdir"]).is_dir() and Path(settings["doctreedir"]).is_dir()
    if _WARM is not None and _WARM.key == key and made:
        warm = _WARM
        forget_translations(_document_domains(cfg, lang))
        prepare_rebuild(warm.app)
        for stream in (warm.status, warm.warnings):
            stream.seek(0)
            stream.truncate()
    else:
        if _WARM is not None:
            _WARM.docutils.close()
        _WARM = None
        forget_translations()
        stack = contextlib.ExitStack()
        stack.enter_context(patch_docutils(cfg.docs_dir))
        stack.enter_context(docutils_namespace())
        status, warnings = io.StringIO(), io.StringIO()
        try:
            app = Sphinx(**settings, status=status, warning=warnings)
        except BaseException:
            stack.close()
            raise
        warm = _Warm(key, app, status, warnings, stack)
    _WARM = None
    try:
        warm.app.build()
    except BaseException:
        warm.docutils.close()  # a failed build's environment is not built on: the next starts afresh
        raise
    result = _result(warm.app, settings["buildername"], settings["outdir"], warm.warnings.getvalue())
    if result.status:
        warm.docutils.close()
    else:
        _WARM = warm
    return result


def _document_domains(cfg: Config, lang: str) -> set[str]:
    folder = cfg.locale_dir(lang) / lang / "LC_MESSAGES"
    return {mo.stem for mo in folder.glob("*.mo")} - {UI_DOMAIN}


def _key(cfg: Config, lang: str, settings: dict[str, Any]) -> str:
    """What an application reads once, when it is made: its settings, its configuration file, and the
    interface catalogs (Sphinx's templates, and the scripts' strings, sphinxext/uistrings.py)."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    locale = cfg.locale_dir(lang)
    interface = locale / lang / "LC_MESSAGES" / f"{UI_DOMAIN}.mo"
    for path in (cfg.docs_dir / "conf.py", interface, locale / "ui.json"):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()
