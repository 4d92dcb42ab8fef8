"""What the print theme's cover, back cover and PDF metadata show, in the edition's language.

Nothing here is English text that a translated edition would show untranslated: the title and the subject come
from the (translated) document, the date is formatted by Babel (CLDR) for the edition's language, the
language's own name comes from CLDR too.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from docutils import nodes

from booklet.languages.casing import display_caps

SENTENCE_END = re.compile(r"(?<=[.!?…])[”»\"’]?\s+")


def cover_date(iso_date: str, lang: str) -> str:
    """The day of the booklet (an ISO date in conf.py) as the edition's language writes it: 20 yanvar 1990."""
    if not iso_date:
        return ""
    try:
        day = datetime.date.fromisoformat(iso_date)
    except ValueError as exc:
        raise ValueError(
            f"booklet_date {iso_date!r} ([tool.booklet.cover] date) is not an ISO date (YYYY-MM-DD)"
        ) from exc
    return format_date(day, format="long", locale=Locale.parse(lang.replace("-", "_")))  # pt-BR, sr_Latn


def cover_lines(title: str, lang: str, root: Path) -> list[str]:
    """The cover's title as lines broken by sense (languages/display.py), for the cover's measure."""
    from booklet.rendering.metrics import COVER_TITLE, display_lines

    lines = display_lines(title, lang, root, COVER_TITLE)
    return [title] if lines is None else lines


def first_sentence(doctree: nodes.document) -> str:
    """The document's first sentence: the PDF's subject, already translated."""
    for para in doctree.findall(nodes.paragraph):
        text = " ".join(para.astext().split())
        if text:
            return SENTENCE_END.split(text, maxsplit=1)[0]
    return ""


def context(
    lang: str, iso_date: str, doctree: nodes.document, emblem: str = "", emblem_alt: str = ""
) -> dict[str, Any]:
    date = cover_date(iso_date, lang)
    return {
        "booklet_date": date,
        "booklet_date_caps": display_caps(date, lang),  # cover and running heads: "20 ЯНВАРЯ 1990 г."
        "booklet_year": iso_date[:4],
        "booklet_subject": first_sentence(doctree),
        "booklet_emblem": emblem,
        "booklet_emblem_alt": emblem_alt,
    }
