"""What the build publishes, and what a release may hold.

- A language whose catalogs have an error is not built: its last good editions stay (checks/preflight.py).
- A language whose catalogs pass is published when at least its threshold (`[tool.booklet.publish]`
  threshold: the share of its messages translated, fuzzy ones not counted) is translated; below it, its
  editions are withdrawn and the chooser lists it as in preparation (`preparing`).
- What is not yet translated is published in the source language; the build says where (`fallback_notes`),
  and the pages and the colophon say so to the reader (sphinxext/pagecontext.py, sphinxext/colophon.py).
- A release (`booklet dist`) holds no language with an error, nor an incomplete one unless it is marked
  draft (`release_problems`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from booklet.config import Config


def preparing(cfg: Config, shares: Mapping[str, float]) -> dict[str, float]:
    """The languages (of those whose catalogs were read: `shares`) below their threshold, with their share."""
    return {
        lang: share
        for lang, share in shares.items()
        if lang != cfg.source_language and share < cfg.book.thresholds.get(lang, 0.0)
    }


def percent(share: float) -> str:
    """A share as the build writes it: 97 %, never 100 % unless it is whole."""
    value = int(share * 100) if share < 1 else 100
    return f"{value} %"


def preparing_note(cfg: Config, lang: str, share: float) -> str:
    threshold = cfg.book.thresholds.get(lang, 0.0)
    return (
        f"[{lang}] in preparation: {percent(share)} translated, below its threshold of {percent(threshold)} "
        "([tool.booklet.publish]); its editions are not published"
    )


def fallback_notes(lang: str, progress: list[dict[str, Any]]) -> list[str]:
    """One line per catalog that falls back to the source text: language, catalog, counts."""
    notes = []
    for row in progress:
        if row["total"] > row["translated"]:
            kinds = ((row["untranslated"], "untranslated"), (row["fuzzy"], "fuzzy"))
            counts = ", ".join(f"{n} {what}" for n, what in kinds if n)
            notes.append(
                f"[{lang}] {row['catalog']}: {counts} of {row['total']} messages published in the source "
                "language"
            )
    return notes


def release_problems(cfg: Config) -> list[str]:
    """Why the configured languages cannot be released as they are (empty: they can)."""
    from booklet.checks.preflight import preflight

    problems = []
    for lang in cfg.languages:
        checked = preflight(cfg, lang)
        problems.extend(checked.problems)
        if checked.ok and checked.share < 1 and lang not in cfg.book.drafts:
            problems.append(
                f"[{lang}] incomplete: {percent(checked.share)} translated; finish it, or mark it draft "
                "([tool.booklet.publish] draft) to release it as it is"
            )
    return problems
