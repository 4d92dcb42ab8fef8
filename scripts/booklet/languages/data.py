"""What the checker knows about each language, in one table.

A language missing here is still checked for everything that needs no language data (numbers, markup,
glossary with the default inflection rule, mixed scripts inside a word); the alphabet, quote and sentence
sub-checks that need the table are skipped for it, so they can never raise a false error.
"""

from __future__ import annotations

from dataclasses import dataclass

from booklet.languages.typography import quote_table


def _quotes(lang: str) -> tuple[str, str, str, str]:
    """The language's quotation marks as the build sets them (typography.toml): one source for both."""
    marks = quote_table()[lang]
    return (marks[0], marks[1], marks[2], marks[3])


@dataclass(frozen=True)
class Language:
    script: str  # the Unicode script name prefix of its letters ("LATIN", "CYRILLIC")
    alphabet: str  # every lower-case letter (upper case derived), plus letters common in loanwords
    quotes: tuple[str, str, str, str]  # outer open, outer close, inner open, inner close
    abbreviations: frozenset[str]  # words ending with "." that do not end a sentence
    # Inflection, for glossary terms: "suffix" = a stem (the word minus a final letter in `strip`) plus an
    # ending of at most `max_ending` letters; "agglutinative" = the whole word plus any suffix letters.
    inflection: str = "suffix"
    strip: str = ""
    max_ending: int = 3
    # Final consonants that soften before a suffix (az: çörək -> çörəyi, bayraq -> bayrağı).
    alternations: tuple[tuple[str, str], ...] = ()
    turkic_case: bool = False  # dotted/dotless i: İ <-> i, I <-> ı
    endings: frozenset[str] | None = None  # when set, the only endings a "suffix" language allows


LANGUAGES: dict[str, Language] = {
    "en": Language(
        script="LATIN",
        alphabet="abcdefghijklmnopqrstuvwxyz",
        quotes=("“", "”", "‘", "’"),
        abbreviations=frozenset({"mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e", "jr", "sr"}),
        inflection="suffix",
        endings=frozenset({"s", "es", "'s", "s'"}),  # plural and possessive: martyr -> martyrs, martyr's
    ),
    "az": Language(
        script="LATIN",
        alphabet="abcçdeəfgğhxıijkqlmnoöprsştuüvyz",
        quotes=_quotes("az"),
        abbreviations=frozenset({"cən", "c", "b", "ş", "küç", "məs", "və s"}),
        inflection="agglutinative",
        alternations=(("k", "y"), ("k", "ğ"), ("q", "ğ")),
        turkic_case=True,
    ),
    "ru": Language(
        script="CYRILLIC",
        alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        quotes=_quotes("ru"),
        abbreviations=frozenset(
            {"г", "гг", "т", "е", "др", "им", "ул", "см", "т.е", "т.д", "т.п", "тыс", "млн"}
        ),
        inflection="suffix",
        strip="аяоеёьйыиу",
        max_ending=3,
    ),
}

# Every double-quote character a text may use; the language's own come from its `quotes`.
DOUBLE_QUOTES = '"«»„“”‟‹›'


def get(lang: str | None) -> Language | None:
    if not lang:
        return None
    return LANGUAGES.get(lang) or LANGUAGES.get(lang.split("_")[0].lower())


def lower(text: str, lang: Language | None) -> str:
    """Lower case with the Turkic dotted/dotless i where the language needs it."""
    if lang is not None and lang.turkic_case:
        text = text.replace("İ", "i").replace("I", "ı")
    return text.lower()
