"""Language names, from CLDR through Babel; the project's own names ([tool.booklet.names]) first, and the
phrase that names a language in a sentence (names.toml)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

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


NAMES_TABLE = Path(__file__).with_name("names.toml")


@cache
def _sentence_table(path: Path = NAMES_TABLE) -> dict[str, dict[str, str]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from exc
    for lang, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise ValueError(f"{path}: [{lang}] must map language codes (and `pattern`) to texts")
        if "{name}" not in table.get("pattern", "{name}"):
            raise ValueError(f"{path}: [{lang}] pattern must contain {{name}}")
    return data


def in_sentence(lang: str, in_lang: str) -> str:
    """`lang` named in a sentence of `in_lang` as that language writes it: in_sentence("az", "az") ==
    "Azərbaycan dili", in_sentence("ru", "ru") == "русский язык", in_sentence("ru", "en") == "Russian"."""
    table = _sentence_table().get(in_lang.replace("-", "_").split("_")[0], {})
    if lang in table and lang != "pattern":
        return table[lang]
    return table.get("pattern", "{name}").replace("{name}", display_name(lang, in_lang))
