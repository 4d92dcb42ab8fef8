"""The one way catalogs are written: Babel, without line wrapping, as `msgcat --no-wrap` writes them.

So a catalog that `make update-po`, `booklet import-translations` or `booklet credit` wrote comes back
byte for byte from gettext's own `msgcat --no-wrap` (and from editors set to the same, see the README),
and a translator's tool and the project never rewrap each other's lines.

A catalog is loaded with Babel for editing, but its texts are the strict reader's: where Babel reads
differently (it drops `msgstr<TAB>"..."`, reads `#|` lines as comments), the reader's values are put back,
so what is written is what was checked.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, read_po, write_po

from booklet.catalogs.reader import PoCatalog, parse

WIDTH = 0  # no wrapping; strings break only after a \n, as msgcat --no-wrap does


def load(data: bytes, locale: str | None = None) -> tuple[Catalog, PoCatalog]:
    """A Babel catalog to edit, made to agree with the strict reader's parse (returned too). Raises the
    reader's PoSyntaxError: a catalog that does not parse is never rewritten."""
    text = data.decode("utf-8").replace("\r\n", "\n")
    checked = parse(text)
    catalog = read_po(io.BytesIO(text.encode("utf-8")), locale=locale, charset="utf-8")
    for entry in checked.entries:
        key = entry.msgid if entry.msgid_plural is None else (entry.msgid, entry.msgid_plural)
        message = catalog.get(entry.msgid, context=entry.msgctxt)
        strings = entry.msgstr if entry.msgid_plural is None else tuple(entry.translations)
        if message is None:
            catalog.add(key, strings, flags=entry.flags, context=entry.msgctxt)
            message = catalog.get(entry.msgid, context=entry.msgctxt)
            assert message is not None
        message.string = strings
        message.flags = set(entry.flags)
        # Babel keeps `#| msgid ...` as a translator comment `| msgid ...`: the reader has it right.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        message.previous_id = [entry.previous_msgid] if entry.previous_msgid is not None else []
    return catalog, checked


def render(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, include_previous=True, ignore_obsolete=False, sort_output=False)
    text = _previous_as_strings(out.getvalue().decode("utf-8"), catalog)
    return (text.rstrip("\n") + "\n").encode("utf-8")  # msgcat ends with one newline, Babel with two


_PREVIOUS_RUN = re.compile(r"(?:^#\| .*\n)+", re.MULTILINE)


def _previous_as_strings(text: str, catalog: Catalog) -> str:
    """Babel writes a previous msgid as a wrapped comment, which msgfmt rejects ("end-of-line within
    string"): write each `#|` block as PO strings, as msgcat does."""
    previous = [m.previous_id for m in catalog if m.id and m.previous_id]
    runs = list(_PREVIOUS_RUN.finditer(text))
    if len(runs) != len(previous):  # not the layout expected: drop the #| lines rather than write bad ones
        return _PREVIOUS_RUN.sub("", text)
    pieces, last = [], 0
    for run, ids in zip(runs, previous, strict=True):
        block = []
        for keyword, value in zip(("msgid", "msgid_plural"), ids, strict=False):
            lines = normalize(value, width=WIDTH).split("\n")
            block.append(f"#| {keyword} {lines[0]}\n")
            block.extend(f"#| {line}\n" for line in lines[1:])
        pieces += [text[last : run.start()], "".join(block)]
        last = run.end()
    return "".join(pieces) + text[last:]


def write(path: Path, data: bytes) -> None:
    """Replace `path` by `data` atomically (a reader never sees half a catalog)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
