"""The colophon's variable data, for one edition: plain-text substitutions (booklet.sphinxext.transforms).

docs/colophon.md holds the labels (translatable messages, translated in each colophon.po); the values
come from here: the edition's language, the version, the build date (the same for every edition of a
build) and the translators, read from the headers of that language's checked catalogs (Last-Translator,
Language-Team). The source edition credits every translation. The engine computes them and hands them to
Sphinx as configuration (a declared input of the edition).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from babel.dates import format_date

from booklet.config import Config
from booklet.languages.names import display_name

FONTS = "Noto Serif"  # the one family the editions are set in (docs/_static/fonts)
PREFIX = "colophon_"


def translators(cfg: Config, lang: str, credits: Mapping[str, list[str]]) -> str:
    """Who made this edition's text: its catalogs' credits; for the source edition, every translation's."""
    if lang != cfg.source_language:
        return ", ".join(credits.get(lang, []))
    parts = []
    for other in cfg.translations:
        names = credits.get(other, [])
        if names:
            parts.append(f"{display_name(other, lang)} ({', '.join(names)})")
    return "; ".join(parts)


def substitutions(cfg: Config, lang: str, credits: Mapping[str, list[str]], epoch: int) -> dict[str, str]:
    """`credits`: who translated each language (catalogs/headers.credits); `epoch`: the build date."""
    built = datetime.fromtimestamp(epoch, UTC).date()
    return {
        f"{PREFIX}language": display_name(lang, lang),
        f"{PREFIX}version": cfg.version,
        f"{PREFIX}date": format_date(built, "long", locale=lang),
        f"{PREFIX}translators": translators(cfg, lang, credits),
        f"{PREFIX}fonts": FONTS,
    }
