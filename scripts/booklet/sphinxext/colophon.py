"""The colophon's variable data, for one edition: plain-text substitutions (booklet.sphinxext.transforms).

docs/colophon.md holds the labels (translatable messages, translated in each colophon.po); the values
come from here, the single source of them. The engine gives the Sphinx extension what they are made of (who
translated each language, from its checked catalogs; the build date) as configuration, a declared input:

- the edition's language and, in a translation, the original's, each named as the edition's language
  names it in a sentence (languages/names.toml: "Azərbaycan dili", "английский язык");
- how many of its messages are not yet translated and so are given in the original (none: no line);
- who translated it, from the headers of that language's catalogs (Last-Translator, Language-Team); the
  source edition says instead which editions are translations, and by whom;
- the version, and the build date (the same for every edition of a build) as a sentence writes a full date
  (languages/dates.py: az "2026-cı il 2 dekabr");
- the typeface; the publisher, the source of the text and the rights, from [tool.booklet.colophon].

A colophon line whose every value is empty for an edition (the translators of the original, say) is left
out of that edition (`EmptyLines`), so one docs/colophon.md serves the original and its translations.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from booklet.config import Config, build_timestamp, load
from booklet.languages.dates import running_date
from booklet.languages.names import in_sentence
from booklet.sphinxext.transforms import SUBSTITUTION

FONTS = "Noto Serif"  # the one family the editions are set in (docs/_static/fonts)
PREFIX = "colophon_"


def translators(cfg: Config, lang: str, credits: Mapping[str, list[str]]) -> str:
    """Who made this edition's text: its catalogs' credits ("" for the source edition)."""
    return ", ".join(credits.get(lang, [])) if lang != cfg.source_language else ""


def translations(cfg: Config, lang: str, credits: Mapping[str, list[str]], published: tuple[str, ...]) -> str:
    """For the source edition: each published translation, named in `lang`, with who made it (else "")."""
    if lang != cfg.source_language:
        return ""
    parts = []
    for other in (o for o in cfg.translations if o in published):
        names = credits.get(other, [])
        name = in_sentence(other, lang)
        parts.append(f"{name} ({', '.join(names)})" if names else name)
    return "; ".join(parts)


def substitutions(
    cfg: Config,
    lang: str,
    credits: Mapping[str, list[str]],
    epoch: int,
    published: tuple[str, ...] = (),
    fallback: Mapping[str, int] | None = None,
) -> dict[str, str]:
    """`credits`: who translated each language (catalogs/headers.credits); `epoch`: the build date;
    `published`: the languages published (default: every one configured); `fallback`: per catalog of
    `lang`, how many messages are published in the source language (the colophon says how many)."""
    untranslated = sum((fallback or {}).values())
    built = datetime.fromtimestamp(epoch, UTC).date()
    source = cfg.source_language
    values = {
        "language": in_sentence(lang, lang),
        "original": in_sentence(source, lang) if lang != source else "",
        "translators": translators(cfg, lang, credits),
        "translations": translations(cfg, lang, credits, published or cfg.languages),
        "untranslated": str(untranslated) if untranslated else "",
        "version": cfg.version,
        "date": running_date(built, lang),
        "fonts": FONTS,
        **{name: cfg.book.colophon_text(name, lang) for name in ("publisher", "source", "rights")},
    }
    return {f"{PREFIX}{name}": value for name, value in values.items()}


class EmptyLines(SphinxTransform):
    """Drop a paragraph all of whose `{{ colophon_... }}` values are empty in this edition (before the
    substitutions, priority 30). Not for the message catalogs: every line is a message to translate."""

    default_priority = 29

    def apply(self, **kwargs: Any) -> None:
        if self.app.builder.name == "gettext":
            return
        values: dict[str, str] = self.config.booklet_substitutions
        for para in list(self.document.findall(nodes.paragraph)):
            names = SUBSTITUTION.findall(para.astext())
            if names and all(n.startswith(PREFIX) and n in values and not values[n].strip() for n in names):
                para.parent.remove(para)


def substitutions_for_edition(app: Sphinx, config: Any) -> None:
    """The colophon's values for the language this process builds, from the translator credits and the build
    date the engine gives (`booklet_credits`, `booklet_epoch`; a plain sphinx-build: none, and the date of
    the last commit)."""
    cfg = load(app.confdir.parent)
    lang = config.language or cfg.source_language
    epoch = config.booklet_epoch or build_timestamp(cfg.root)[0]
    published = tuple(config.booklet_published)
    values = substitutions(cfg, lang, config.booklet_credits, epoch, published, config.booklet_fallback)
    config.booklet_substitutions = {**values, **config.booklet_substitutions}
    config.booklet_source_language = cfg.source_language


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", substitutions_for_edition)
    app.add_transform(EmptyLines)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
