"""What one booklet configures about itself, beside its languages: its cover, its colophon's facts and the
order of the parallel edition. Read from `[tool.booklet.cover]`, `[tool.booklet.colophon]` and
`[tool.booklet.parallel]` (booklet.config reads the file and wraps these errors with its name).

    [tool.booklet.cover]
    date = "1990-01-20"                    # the day, on the cover in each language's words (optional)
    emblem = "docs/_static/carnation.svg"  # an image in docs/_static: cover, back cover, site (optional)
    alt = "Red carnation"                  # what the emblem shows, in the source language; each edition
                                           # has it from its sphinx.po (the cover's text alternative)

    [tool.booklet.colophon]                # each: one text for every edition, or one per language
                                           # (a language without its own gets the source language's)
    publisher = { en = "...", az = "...", ru = "..." }
    source = "..."
    rights = "..."

    [tool.booklet.parallel]
    order = ["az", "en", "ru"]             # default: the order of `languages`; the rest follow

    [tool.booklet.publish]
    threshold = 0.9                        # the share of a translation's messages that must be translated
                                           # for its editions to be published: one number, or one per
                                           # language (default 0: every language is published)
    draft = ["az"]                         # languages `booklet dist` may release incomplete
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

COLOPHON_FIELDS = ("publisher", "source", "rights")
EMBLEM_FOLDER = PurePosixPath("docs/_static")
EMBLEM_TYPES = (".svg", ".png", ".jpg", ".jpeg")


class BookError(ValueError):
    """A malformed book setting; the message names the table and the key (config adds the file)."""


@dataclass(frozen=True)
class Book:
    date: str = ""  # ISO date of the day the booklet commemorates, or ""
    emblem: str = ""  # its path inside docs/_static ("carnation.svg"), or ""
    emblem_alt: str = ""  # its text alternative in the source language (a message of sphinx.po)
    colophon: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> language -> text
    order: tuple[str, ...] = ()  # the parallel edition's languages, in order (empty: the languages')
    thresholds: dict[str, float] = field(default_factory=dict)  # language -> share translated to publish
    drafts: frozenset[str] = frozenset()  # languages a release may hold while incomplete

    def colophon_text(self, name: str, lang: str) -> str:
        """The colophon's `name` (publisher, source, rights) in `lang`; "" when not configured."""
        return self.colophon.get(name, {}).get(lang, "")


def _texts(table: str, key: str, value: Any, languages: tuple[str, ...], source: str) -> dict[str, str]:
    """One text per language; a language the table lacks (one just added) gets the source language's,
    as its untranslated messages do. A text for a language not configured (one removed) is kept unused, for
    when it comes back."""
    if isinstance(value, str):
        return dict.fromkeys(languages, value.strip())
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise BookError(f"[tool.booklet.{table}] {key} must be a text or a table of texts by language")
    if not value.get(source, "").strip():
        raise BookError(f"[tool.booklet.{table}] {key} has no text in the source language, {source}")
    return {lang: (value.get(lang) or value[source]).strip() for lang in languages}


def _table(section: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, Any]:
    table = section.get(name, {})
    if not isinstance(table, dict):
        raise BookError(f"[tool.booklet.{name}] must be a table")
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise BookError(f"[tool.booklet.{name}] unknown key {unknown[0]!r} (known: {', '.join(keys)})")
    return table


def read_book(section: dict[str, Any], languages: tuple[str, ...], source: str) -> Book:
    cover = _table(section, "cover", ("date", "emblem", "alt"))
    alt = cover.get("alt", "")
    if not isinstance(alt, str):
        raise BookError("[tool.booklet.cover] alt must be a text: what the emblem shows")
    date = cover.get("date", "")
    if isinstance(date, datetime.date):  # TOML's bare date (date = 1990-01-20)
        date = date.isoformat()
    try:
        if date:
            datetime.date.fromisoformat(str(date))
    except ValueError:
        raise BookError(f"[tool.booklet.cover] date {date!r} is not a date (YYYY-MM-DD)") from None
    emblem = cover.get("emblem", "")
    if emblem:
        path = PurePosixPath(str(emblem))
        if path.parent != EMBLEM_FOLDER or path.suffix.lower() not in EMBLEM_TYPES:
            raise BookError(
                f"[tool.booklet.cover] emblem {emblem!r} must be an image ({', '.join(EMBLEM_TYPES)}) "
                f"directly in {EMBLEM_FOLDER}/"
            )
        emblem = path.name
    colophon = _table(section, "colophon", COLOPHON_FIELDS)
    texts = {key: _texts("colophon", key, value, languages, source) for key, value in colophon.items()}
    parallel = _table(section, "parallel", ("order",))
    order = parallel.get("order", list(languages))
    if not isinstance(order, list) or len(set(order)) != len(order):
        raise BookError(
            f"[tool.booklet.parallel] order must list configured languages once each: {', '.join(languages)}"
        )
    # a language the order does not name (one just added) comes after those it names; one it names that is
    # no longer configured (one removed) is left out
    order = [lang for lang in order if lang in languages]
    order += [lang for lang in languages if lang not in order]
    thresholds, drafts = _publish(section, languages)
    return Book(
        date=str(date),
        emblem=str(emblem),
        emblem_alt=alt.strip(),
        colophon=texts,
        order=tuple(order),
        thresholds=thresholds,
        drafts=drafts,
    )


def _publish(section: dict[str, Any], languages: tuple[str, ...]) -> tuple[dict[str, float], frozenset[str]]:
    publish = _table(section, "publish", ("threshold", "draft"))
    value = publish.get("threshold", 0)
    shares = value if isinstance(value, dict) else dict.fromkeys(languages, value)
    for lang, share in shares.items():
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
            raise BookError(
                f"[tool.booklet.publish] threshold {share!r} must be a share between 0 and 1 ({lang})"
            )
    draft = publish.get("draft", [])
    if not isinstance(draft, list) or not all(isinstance(lang, str) for lang in draft):
        raise BookError("[tool.booklet.publish] draft must list language codes")
    # as for the colophon's texts: a language no longer configured keeps its setting, unused
    return {lang: float(shares.get(lang, 0)) for lang in languages}, frozenset(draft) & set(languages)
