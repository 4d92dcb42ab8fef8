"""Capitals for display lines (cover date, running heads), by the language's own rules.

CSS `text-transform: uppercase` capitalises everything, so "20 января 1990 г." would print "1990 Г.": an
abbreviation that must stay as written. `display_caps` capitalises the words and keeps every abbreviation
of the language (languages/data.py) as it is; Azerbaijani and Turkish keep i/İ and ı/I apart.
"""

from __future__ import annotations

import re

from booklet.languages import data as langdata

TURKIC_UPPER = str.maketrans({"i": "İ"})
WORD = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*\.?")


def upper(text: str, lang: str) -> str:
    """`text` in capitals as `lang` writes them (az, tr: i -> İ, ı -> I)."""
    if lang.replace("-", "_").split("_")[0] in ("az", "tr"):
        text = text.translate(TURKIC_UPPER)
    return text.upper()


def display_caps(text: str, lang: str) -> str:
    """`text` in capitals, except the language's abbreviations ("г.", "cən."), which stay as written."""
    rules = langdata.get(lang)
    abbreviations = rules.abbreviations if rules else frozenset()

    def one(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.endswith(".") and langdata.lower(word[:-1], rules) in abbreviations:
            return word
        return upper(word, lang)

    return WORD.sub(one, text)
