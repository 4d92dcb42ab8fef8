"""The `consistency` check, across the catalogs of one language: one source message translated two ways, or
two different source messages given the same translation (warnings: either may be deliberate, neither
usually is). The second is not asked of the interface strings (sphinx.po): Sphinx's own messages hold
synonyms for different places of its theme ("Contents" and "Table of Contents", "Go" and "search")."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from booklet.catalogs.reader import Entry, PoCatalog
from booklet.checks.findings import INTERFACE_DOMAIN, Finding, q


def _key(msgid: str) -> str:
    """Source messages that differ in case and surrounding punctuation only (a heading's "Search" and a
    button's "search") are the same words: their translations may differ, and may agree."""
    return msgid.strip(" .,:;!?…").casefold()


def check_consistency(catalogs: Iterable[tuple[str, PoCatalog]]) -> list[Finding]:
    """`catalogs`: (display path, catalog) of one language, in a stable order."""
    by_source: dict[tuple[str | None, str], tuple[str, Entry]] = {}
    by_translation: dict[tuple[str, ...], tuple[str, Entry]] = {}
    found = []
    for path, catalog in catalogs:
        for entry in catalog.entries:
            if not entry.translated:
                continue
            translation = tuple(entry.translations)
            first = by_source.setdefault((entry.msgctxt, entry.msgid), (path, entry))
            if first[1] is not entry and tuple(first[1].translations) != translation:
                where = f"{first[0]}:{first[1].msgstr_line}"
                message = (
                    f"{q(entry.msgid)} is translated {q(' | '.join(translation))} here, "
                    f"{q(' | '.join(first[1].translations))} at {where}"
                )
                found.append(Finding(path, entry.msgstr_line, "warning", "consistency", message))
            if PurePath(path).stem == INTERFACE_DOMAIN:
                continue
            other = by_translation.setdefault(translation, (path, entry))
            if (
                other[1] is not entry
                and other[1].msgid != entry.msgid
                and _key(other[1].msgid) != _key(entry.msgid)
                and other[1].msgctxt == entry.msgctxt
            ):
                where = f"{other[0]}:{other[1].msgstr_line}"
                message = (
                    f"the same translation {q(' | '.join(translation))} as another source message, "
                    f"{q(other[1].msgid)} at {where}"
                )
                found.append(Finding(path, entry.msgstr_line, "warning", "consistency", message))
    return found
