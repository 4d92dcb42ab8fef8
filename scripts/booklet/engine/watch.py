"""`booklet preview LANG`: a local server of one language's site that rebuilds and reloads on save.

Built on sphinx-autobuild (its server, watcher and live reload); what this adds: the language override,
the locales folder watched too, and the checker's findings printed for each changed catalog before the
rebuild (the build itself keeps going on warnings, so a half-finished translation still previews).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sphinx_autobuild.build import Builder  # dev extra: only `booklet preview` imports this module

from booklet.catalogs.files import po_files
from booklet.config import Config


def sphinx_args(cfg: Config, lang: str) -> list[str]:
    out = cfg.build_dir / "preview" / lang
    doctrees = cfg.work_dir(lang) / "doctrees-preview"
    return [str(cfg.docs_dir), str(out), "-b", "html", "-D", f"language={lang}", "-d", str(doctrees), "-q"]


def findings_for(cfg: Config, changed: Sequence[Path]) -> list[str]:
    """The checker's findings for the changed catalogs (other changed files: none)."""
    from booklet.checks.run import CheckError, display_path, run

    lines: list[str] = []
    for path in changed:
        if path.suffix != ".po" or not path.is_file():
            continue
        try:
            found = run([path], cfg.root, cfg.locales_dir / "glossary.csv", cfg.source_language)
        except CheckError as exc:
            lines.append(f"error: {exc}")
            continue
        lines.extend(str(f) for f in found)
        if not found:
            lines.append(f"{display_path(path, cfg.root)}: no findings")
    return lines


class CheckingBuilder(Builder):
    """sphinx-autobuild's builder, printing the checker's findings for changed catalogs first. Module-level:
    sphinx-autobuild calls it in a worker process, so it must pickle."""

    def __init__(self, cfg: Config, lang: str, port: int, echo: Callable[[str], None] = print) -> None:
        super().__init__(
            sphinx_args(cfg, lang),
            url_host=f"127.0.0.1:{port}",
            pre_build_commands=[],
            post_build_commands=[],
        )
        self.cfg = cfg
        self.echo = echo

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        for line in findings_for(self.cfg, changed_paths):
            self.echo(line)
        super().__call__(changed_paths=changed_paths)


def make_builder(cfg: Config, lang: str, port: int, echo: Callable[[str], None] = print) -> CheckingBuilder:
    return CheckingBuilder(cfg, lang, port, echo)


def serve(cfg: Config, lang: str, port: int = 8000) -> None:
    import uvicorn
    from sphinx_autobuild.__main__ import _create_app
    from sphinx_autobuild.filter import IgnoreFilter

    builder = make_builder(cfg, lang, port)
    out = cfg.build_dir / "preview" / lang
    out.mkdir(parents=True, exist_ok=True)
    builder(changed_paths=po_files(cfg, lang))
    ignore = IgnoreFilter([str(cfg.build_dir)], [])
    app = _create_app([cfg.docs_dir, cfg.locales_dir], ignore, builder, out, f"127.0.0.1:{port}")
    print(f"preview of {lang}: http://127.0.0.1:{port}/  (Ctrl+C stops)", flush=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
