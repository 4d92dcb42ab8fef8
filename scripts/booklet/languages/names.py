"""Language names, from CLDR through Babel; the project's own names ([tool.booklet.names]) first."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError


def display_name(lang: str, in_lang: str) -> str:
    """`lang`'s name in `in_lang` as CLDR writes it in running text ("azərbaycan", "Azerbaijani"); the code
    itself for a language CLDR does not know."""
    try:
        return Locale.parse(lang.replace("-", "_")).get_display_name(in_lang.replace("-", "_")) or lang
    except (ValueError, LookupError, UnknownLocaleError):
        return lang


def language_name(lang: str, names: dict[str, str] | None = None) -> str:
    """The language's own name for itself as a label (chooser, switcher, parallel edition): the configured
    name, else CLDR's endonym, capitalised."""
    if names and lang in names:
        return names[lang]
    name = display_name(lang, lang)
    return name[:1].upper() + name[1:]
