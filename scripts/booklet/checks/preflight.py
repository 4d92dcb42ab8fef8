"""The build's preflight: what must stop a language before Sphinx reads its catalogs, and how much of it is
translated.

Every error `booklet check` reports stops the language (a wrong figure never reaches print), except the two
that are work in progress: an untranslated or fuzzy message is published in the source language, and the
pages that fall back say so (`Preflight.progress`). Spelling and the other warnings never stop a build.

The catalogs the build uses are the ones read here: the engine compiles each accepted parse
(catalogs/compile.py), so what Sphinx reads is exactly what was checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from booklet.catalogs.files import po_files
from booklet.catalogs.reader import PoCatalog
from booklet.checks import glossary
from booklet.checks.fields import credit_problems
from booklet.checks.findings import ERROR
from booklet.checks.run import CheckError, display_path, read_and_check
from booklet.checks.status import Row, count, share
from booklet.config import Config

WORK_IN_PROGRESS = ("untranslated", "fuzzy")  # published in the source language, with a notice


@dataclass
class Preflight:
    """One language's catalogs as read, the problems that stop its build (empty: go ahead), and each
    catalog's progress."""

    catalogs: dict[Path, PoCatalog] = field(default_factory=dict)  # by .po path, in po_files order
    problems: list[str] = field(default_factory=list)
    progress: list[Row] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def share(self) -> float:
        """The share of the language's messages that are translated (1.0 for the source language)."""
        return share(self.progress)


def preflight(cfg: Config, lang: str) -> Preflight:
    """Read and check every catalog of `lang`.

    Each problem is a compiler-style line, `path:line: error: id: message`: the catalog is not a regular
    file in the project or does not parse, its header is wrong, a message is pathological, or a translation
    breaks one of the error checks (numbers, markup, injection, glossary, script, unchanged, ...). The
    source language has no catalogs; its edition prints every translation's credits, so those are checked
    for it.
    """
    result = Preflight()
    if lang == cfg.source_language:
        result.problems.extend(credit_problems(cfg))
        return result
    terms: list[glossary.Term] = []
    if cfg.glossary_path.is_file():
        try:
            terms = glossary.load(cfg.glossary_path)
        except glossary.GlossaryError as exc:
            where = display_path(exc.path, cfg.root)
            result.problems.append(f"{where}:{exc.line}: error: glossary: {exc.message}")
    for po in po_files(cfg, lang):
        display = display_path(po, cfg.root)
        try:
            catalog, findings = read_and_check(po, display, terms, cfg.source_language, within=cfg.root)
        except CheckError as exc:
            result.problems.append(f"{display}:1: error: syntax: {exc}")
            continue
        result.problems.extend(
            str(f) for f in findings if f.severity == ERROR and f.check not in WORK_IN_PROGRESS
        )
        if catalog is not None:
            result.catalogs[po] = catalog
            result.progress.append(count(lang, display, catalog))
    return result
