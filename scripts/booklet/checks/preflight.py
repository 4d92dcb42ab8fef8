"""The build's preflight: what must stop a language before Sphinx reads its catalogs."""

from __future__ import annotations

from booklet.catalogs.files import po_files
from booklet.checks.findings import ERROR, PREFLIGHT
from booklet.checks.markup import check_markup
from booklet.checks.run import CheckError, check_file, display_path
from booklet.config import Config


def preflight(cfg: Config, lang: str) -> list[str]:
    """Problems that must stop this language's build before Sphinx reads its catalogs.

    Each is a compiler-style line, `path:line: error: id: message`: the catalog does not parse, or a
    translation injects raw HTML, a directive, a role, a link or an image its source message does not have.
    The source language has no catalogs.
    """
    if lang == cfg.source_language:
        return []
    problems: list[str] = []
    for po in po_files(cfg, lang):
        try:
            # syntax comes from reading; injection from the markup check: the rest is the checker's job
            findings = check_file(po, display_path(po, cfg.root), [], cfg.source_language, (check_markup,))
        except CheckError as exc:
            problems.append(f"{po}:1: error: syntax: {exc}")
            continue
        problems.extend(str(f) for f in findings if f.severity == ERROR and f.check in PREFLIGHT)
    return problems
