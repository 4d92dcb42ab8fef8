"""The colophon's variable data, for one edition: plain-text substitutions (booklet.sphinxext.transforms).

docs/colophon.md holds the labels (translatable messages, translated in each colophon.po); the values
come from here: the edition's language, the version, the build date (booklet.config.build_timestamp,
so a rebuild of the same commit prints the same date) and the translators, read from the headers of
that language's catalogs (Last-Translator, Language-Team). The source edition credits every translation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from babel.dates import format_date

from booklet.catalogs.headers import credits
from booklet.config import Config, build_timestamp
from booklet.languages.names import display_name

FONTS = "Noto Serif"  # the one family the editions are set in (docs/_static/fonts)
PREFIX = "colophon_"


def translators(cfg: Config, lang: str) -> str:
    """Who made this edition's text: its catalogs' credits; for the source edition, every translation's."""
    if lang != cfg.source_language:
        return ", ".join(credits(cfg, lang))
    parts = []
    for other in cfg.translations:
        names = credits(cfg, other)
        if names:
            parts.append(f"{display_name(other, lang)} ({', '.join(names)})")
    return "; ".join(parts)


def substitutions(cfg: Config, lang: str) -> dict[str, Any]:
    built = datetime.fromtimestamp(build_timestamp(cfg.root), UTC).date()
    return {
        f"{PREFIX}language": display_name(lang, lang),
        f"{PREFIX}version": cfg.version,
        f"{PREFIX}date": format_date(built, "long", locale=lang),
        f"{PREFIX}translators": translators(cfg, lang),
        f"{PREFIX}fonts": FONTS,
    }
