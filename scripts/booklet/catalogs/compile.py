"""Compile checked catalogs into the build folder: the `.mo` files Sphinx reads, made from the very parse the
checks accepted (never by another reader, never from a `.mo` found in `locales/`).

The GNU `.mo` format (as CPython's Tools/i18n/msgfmt.py writes it, without the optional hash table): a header
of offsets, then the sorted original strings and their translations. Fuzzy and untranslated entries are left
out, so they fall back to the source text, as gettext does.
"""

from __future__ import annotations

import array
import json
import shutil
import struct
from collections.abc import Mapping
from pathlib import Path

from booklet.catalogs.reader import PoCatalog

MAGIC = 0x950412DE
UI_DOMAIN = "sphinx"  # the interface strings: also handed to the site's scripts as JSON


def mo_bytes(catalog: PoCatalog) -> bytes:
    messages: dict[bytes, bytes] = {b"": "".join(f"{k}: {v}\n" for k, v in catalog.header.items()).encode()}
    for entry in catalog.entries:
        if not entry.translated:
            continue
        name = entry.msgid if entry.msgid_plural is None else f"{entry.msgid}\0{entry.msgid_plural}"
        if entry.msgctxt is not None:
            name = f"{entry.msgctxt}\x04{name}"
        messages[name.encode()] = "\0".join(entry.translations).encode()
    keys = sorted(messages)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(messages[k] + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)  # the header, then two tables of (length, offset) pairs
    offsets: list[int] = []
    position = 0
    for key in keys:
        offsets += [len(key), start + position]
        position += len(key) + 1
    position = 0
    for key in keys:
        offsets += [len(messages[key]), start + len(ids) + position]
        position += len(messages[key]) + 1
    header = struct.pack("Iiiiiii", MAGIC, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    return header + array.array("i", offsets).tobytes() + ids + strs


def ui_messages(catalog: PoCatalog) -> dict[str, str | list[str]]:
    """msgid -> translation (a list for plurals) of the translated entries, for the site's scripts."""
    out: dict[str, str | list[str]] = {}
    for entry in catalog.entries:
        if entry.translated and entry.msgctxt is None:
            out[entry.msgid] = entry.translations if entry.msgid_plural is not None else entry.msgstr
    return out


def compile_language(lang: str, catalogs: Mapping[Path, PoCatalog], dest: Path) -> Path:
    """Write `dest/<lang>/LC_MESSAGES/<domain>.mo` for every catalog (the folder is made afresh, so a
    catalog that was removed leaves nothing behind) and `ui.json` beside them. Returns the locale folder to
    give Sphinx as its only `locale_dirs` entry."""
    if dest.exists():
        shutil.rmtree(dest)
    folder = dest / lang / "LC_MESSAGES"
    folder.mkdir(parents=True)
    ui: dict[str, str | list[str]] = {}
    plural = ""
    for po, catalog in catalogs.items():
        (folder / f"{po.stem}.mo").write_bytes(mo_bytes(catalog))
        if po.stem == UI_DOMAIN:
            ui = ui_messages(catalog)
            plural = catalog.header.get("Plural-Forms", "")
    (dest / "ui.json").write_text(
        json.dumps({"messages": ui, "plural_forms": plural}, ensure_ascii=False, sort_keys=True, indent=1),
        encoding="utf-8",
    )
    return dest
