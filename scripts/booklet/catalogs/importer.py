"""Import translations into the catalogs, and keep each catalog's header complete.

A translation file is JSON: a list of objects, each with the source language's line under the source
language code and its translation under each target code, e.g. {"en": ..., "az": ..., "ru": ...}.
The source line is the plain text; a msgid is that text as MyST reads it (markup characters escaped),
so both are compared after unescaping. The translation is escaped the same way before it becomes a
msgstr, because Sphinx parses a msgstr as Markdown. Translations are untrusted input: every problem is
reported with the file and the entry, never as a traceback.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from booklet.catalogs import writer
from booklet.catalogs.files import po_files
from booklet.catalogs.headers import (
    TranslationFileError,
    complete_header,
    load_for_edit,
    refuse_unless_catalog,
)
from booklet.config import Config
from booklet.languages.typography import NBSP
from booklet.source.text import INLINE, escape_line

_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation (CommonMark)


@dataclass
class ImportReport:
    lang: str
    filled: int = 0
    unchanged: int = 0
    untranslated: list[str] = field(default_factory=list)  # "path:line: msgid" with no translation
    changed_files: list[Path] = field(default_factory=list)


def key(text: str) -> str:
    """What a source line and a msgid have in common: unescaped, NFC, single spaces."""
    text = _UNESCAPE.sub(r"\1", text)
    return " ".join(unicodedata.normalize("NFC", text).split())


def load(path: Path, source_language: str) -> list[dict[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TranslationFileError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise TranslationFileError(f"{path}:{exc.lineno}: error: not JSON: {exc.msg}") from exc
    if not isinstance(data, list):
        raise TranslationFileError(f"{path}: error: expected a list of objects")
    for index, entry in enumerate(data):
        where = f"{path}: entry {index + 1}"
        if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
            raise TranslationFileError(f"{where}: error: expected an object of strings")
        if not entry.get(source_language, "").strip():
            raise TranslationFileError(f"{where}: error: no {source_language!r} source text")
    return data


# MyST constructs a msgid may carry (substitutions, roles): kept as markup when the msgid has them too.
_MARKUP = re.compile(r"\{\{.*?\}\}|\{[\w:.-]+\}`[^`]*`")


def to_msgstr(translation: str, msgid: str = "") -> str:
    """A translation as a msgstr: one line, Markdown characters escaped except the msgid's own markup
    (its substitutions and roles, copied by the translator), U+00A0 left to the build's typography."""
    text = " ".join(translation.replace(NBSP, " ").split())
    parts, last = [], 0
    for match in _MARKUP.finditer(text):
        if match.group(0) in msgid:
            parts += [
                escape_line(text[last : match.start()])
                if last == 0
                else _escape_inline(text[last : match.start()])
            ]
            parts.append(match.group(0))
            last = match.end()
    rest = text[last:]
    parts.append(escape_line(rest) if last == 0 else _escape_inline(rest))
    return "".join(parts)


def _escape_inline(text: str) -> str:
    return INLINE.sub(r"\\\1", text)


def import_file(cfg: Config, path: Path, languages: tuple[str, ...] | None = None) -> list[ImportReport]:
    """Fill every catalog of each language from `path`. Entries the file covers are overwritten."""
    entries = load(path, cfg.source_language)
    by_key: dict[str, dict[str, str]] = {}
    for index, entry in enumerate(entries):
        previous = by_key.setdefault(key(entry[cfg.source_language]), entry)
        if previous is not entry and previous != entry:
            first = entries.index(previous) + 1
            raise TranslationFileError(
                f"{path}: entry {index + 1}: error: same source line as entry {first}, other translation"
            )
    reports = []
    for lang in languages or cfg.translations:
        report = ImportReport(lang)
        for po_path in po_files(cfg, lang):
            refuse_unless_catalog(po_path, cfg.root)
            catalog = load_for_edit(po_path)
            changed = False
            for message in catalog:
                if not message.id:
                    continue
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                translation = by_key.get(key(msgid), {}).get(lang, "").strip()
                if not translation:
                    if not message.string or message.fuzzy:
                        report.untranslated.append(f"{po_path}:{message.lineno}: {msgid[:60]}")
                    continue
                msgstr = to_msgstr(translation, msgid)
                if message.string == msgstr and not message.fuzzy:
                    report.unchanged += 1
                    continue
                message.string = msgstr
                message.flags.discard("fuzzy")
                message.previous_id = []
                report.filled += 1
                changed = True
            if changed:
                complete_header(catalog, lang, revised=True)
                writer.write(po_path, writer.render(catalog))
                report.changed_files.append(po_path)
        reports.append(report)
    return reports
