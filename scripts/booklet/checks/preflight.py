"""The build's preflight: what must stop a language before Sphinx reads its catalogs.

The catalogs the build uses are the ones read here: the engine compiles each accepted parse
(catalogs/compile.py), so what Sphinx reads is exactly what was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from booklet.catalogs.files import po_files
from booklet.catalogs.reader import PoCatalog
from booklet.checks.findings import ERROR, PREFLIGHT
from booklet.checks.markup import check_markup
from booklet.checks.run import CheckError, display_path, read_and_check
from booklet.config import Config


@dataclass
class Preflight:
    """One language's catalogs as read, and the problems that stop its build (empty: go ahead)."""

    catalogs: dict[Path, PoCatalog] = field(default_factory=dict)  # by .po path, in po_files order
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def preflight(cfg: Config, lang: str) -> Preflight:
    """Read and check every catalog of `lang`.

    Each problem is a compiler-style line, `path:line: error: id: message`: the catalog does not parse, or a
    translation injects raw HTML, a directive, a role, a link or an image its source message does not have.
    The source language has no catalogs.
    """
    result = Preflight()
    if lang == cfg.source_language:
        return result
    for po in po_files(cfg, lang):
        display = display_path(po, cfg.root)
        try:
            catalog, findings = read_and_check(
                po, display, [], cfg.source_language, (check_markup,), within=cfg.root
            )
        except CheckError as exc:
            result.problems.append(f"{display}:1: error: syntax: {exc}")
            continue
        result.problems.extend(str(f) for f in findings if f.severity == ERROR and f.check in PREFLIGHT)
        if catalog is not None:
            result.catalogs[po] = catalog
    return result
