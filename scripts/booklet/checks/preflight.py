"""The build's preflight: what must stop a language before Sphinx reads its catalogs.

The catalogs the build uses are the ones read here: the engine compiles each accepted parse
(catalogs/compile.py), so what Sphinx reads is exactly what was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from booklet.catalogs.files import po_files
from booklet.catalogs.reader import PoCatalog
from booklet.checks.fields import credit_problems
from booklet.checks.findings import ERROR, PREFLIGHT
from booklet.checks.interface import check_interface
from booklet.checks.markup import check_markup
from booklet.checks.run import CheckError, display_path, read_and_check
from booklet.config import Config

CHECKS = (check_markup, check_interface)  # with the file, syntax, header and limits checks of every read


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

    Each problem is a compiler-style line, `path:line: error: id: message`, for an error of a PREFLIGHT
    check: the catalog is not a regular file in the project or does not parse, its header is wrong or holds
    what may not be printed, a message is pathological, or a translation differs from its source message in
    more than text (markup, injection), or an interface string is not plain text. The source language has
    no catalogs; its edition prints every translation's credits, so those are checked for it.
    """
    result = Preflight()
    if lang == cfg.source_language:
        result.problems.extend(credit_problems(cfg))
        return result
    for po in po_files(cfg, lang):
        display = display_path(po, cfg.root)
        try:
            catalog, findings = read_and_check(po, display, [], cfg.source_language, CHECKS, within=cfg.root)
        except CheckError as exc:
            result.problems.append(f"{display}:1: error: syntax: {exc}")
            continue
        result.problems.extend(str(f) for f in findings if f.severity == ERROR and f.check in PREFLIGHT)
        if catalog is not None:
            result.catalogs[po] = catalog
    return result
