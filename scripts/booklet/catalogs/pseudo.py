"""`booklet pseudo LANG`: a pseudo-translation, to see layout problems before a real translation arrives.

Every message becomes its source with accented letters and each word about 40 % longer (ẃóŕđ → ẃóŕđẃó),
written as the catalogs of a language of its own that builds as an edition: long words, diacritics above
and below the line, text that no longer fits a running head or a cover show up in the site and the PDFs.
Markup, numbers, substitutions, format placeholders, code, link and role targets are kept as they are, so
the pseudo-translation passes every check a faithful translation passes.

The language needs a code Babel knows (the editions take dates and plural rules from it): Babel has no
data for CLDR's pseudo-locales (en_XA), so the README suggests `en_001` ("English, world"), which no
edition of this booklet uses.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from babel.messages.catalog import Catalog

from booklet.catalogs import writer
from booklet.catalogs.files import po_files
from booklet.catalogs.headers import complete_header, load_for_edit
from booklet.config import Config

MARK = "# Pseudo-translation (booklet pseudo): made by a program, not a translation."


def marked_pseudo(comments: list[str]) -> bool:
    """A catalog's header comments (as the reader gives them) mark it as made here."""
    return MARK in (c.strip() for c in comments)


GROWTH = 0.4

# Letters with a diacritic from Latin-1 and Latin Extended-A: the booklet's typeface has them all.
ACCENTS = str.maketrans(
    "abcdeghijklnorstuwyzABCDEGHIJKLNORSTUWYZ",
    "áƀćđéĝĥíĵķĺńóŕšţúŵýžÁƁĆĐÉĜĤÍĴĶĹŃÓŔŠŢÚŴÝŽ",
)

# What a translation must keep as the source has it (MyST and format strings alike).
KEPT = re.compile(
    r"""\{\{[^{}]*\}\}               # {{ substitution }}
    |\{[^{}\s]*\}`[^`]*`             # {role}`target`
    |`+[^`]*`+                       # code
    |\]\([^)]*\)                     # ](link target)
    |<[^<>\s]*>                      # <autolink> or an element
    |&\#?\w+;                        # entity
    |\\.                             # escaped character
    |%(?:\([^)]*\))?[-+ #0-9.]*[a-zA-Z%]   # %s, %(name)s
    |\{[^{}]*\}                      # {name}, {0}: str.format fields
    |https?://\S+""",
    re.VERBOSE,
)
WORD = re.compile(r"[^\W\d_]+")


class PseudoError(ValueError):
    pass


def pseudo(text: str) -> str:
    """`text` accented and about 40 % longer, its markup, placeholders and digits untouched."""
    spans = [(m.start(), m.end()) for m in KEPT.finditer(text)]
    starts = [0] + [end for _, end in spans]
    free = list(zip(starts, [start for start, _ in spans] + [len(text)], strict=True))
    letters = sum(len(w) for start, end in free for w in WORD.findall(text, start, end))
    factor = GROWTH * len(text) / letters if letters else 0.0  # the whole message grows by GROWTH
    pieces = []
    for (start, end), kept in zip(free, [*spans, None], strict=True):
        pieces.append(WORD.sub(lambda m: _longer(m.group(), factor), text[start:end]))
        if kept:
            pieces.append(text[kept[0] : kept[1]])
    return "".join(pieces)


def _longer(word: str, factor: float) -> str:
    extra = math.ceil(len(word) * factor)
    return (word + (word * (extra // len(word) + 1))[:extra]).translate(ACCENTS)


def is_pseudo(po: Path) -> bool:
    return MARK in po.read_text(encoding="utf-8", errors="replace")


def fill(cfg: Config, lang: str) -> list[Path]:
    """Write the pseudo-translation into every catalog of `lang`. Refuses a real translation's."""
    written = []
    for po in po_files(cfg, lang):
        catalog = load_for_edit(po)
        if any(m.string for m in catalog if m.id) and not is_pseudo(po):
            raise PseudoError(f"{po}: {lang} has real translations; pseudo writes only a language of its own")
        complete_header(catalog, lang, revised=True, credit="booklet pseudo")
        _translate(catalog)
        catalog.header_comment = MARK
        writer.write(po, writer.render(catalog))
        written.append(po)
    return written


def interface(cfg: Config, lang: str) -> Path | None:
    """The interface strings (sphinx.po) of the first translation that has them, pseudo-translated."""
    for other in cfg.translations:
        source = cfg.locales_dir / other / "LC_MESSAGES" / "sphinx.po"
        if other != lang and source.is_file():
            catalog = load_for_edit(source)
            complete_header(catalog, lang, revised=True, credit="booklet pseudo")
            _translate(catalog)
            catalog.header_comment = MARK
            target = cfg.locales_dir / lang / "LC_MESSAGES" / "sphinx.po"
            writer.write(target, writer.render(catalog))
            return target
    return None


def _translate(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            message.string = pseudo(message.id)
        else:
            forms = catalog.num_plurals
            message.string = tuple(pseudo(message.id[0 if i == 0 else 1]) for i in range(forms))
        message.flags.discard("fuzzy")
        message.previous_id = []
