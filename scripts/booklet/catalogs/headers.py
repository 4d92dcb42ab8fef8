"""Catalog headers: complete them (Language, Plural-Forms, no template placeholders), credit translators,
read the credits back. Catalogs are edited with Babel and written by catalogs/writer.py."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from booklet.catalogs import writer
from booklet.catalogs.files import CatalogRefused, check_catalog_file, po_files
from booklet.catalogs.reader import PLACEHOLDERS, PoCatalog, PoSyntaxError
from booklet.config import Config

CREDIT_FIELDS = ("Last-Translator", "Language-Team")
CREDIT_LIMIT = 200  # characters: a name and an address, or a team's name; a credit is printed on one line
VALUE_LIMIT = 1000  # any header field (a Plural-Forms rule is the longest real one, ~150)
# Format characters a name can need: the zero-width (non-)joiners of Persian, Indic and emoji spellings.
JOINERS = frozenset("\u200c\u200d")


def value_problem(name: str, value: str) -> str | None:
    """Why a header value may not be printed (an edition's colophon shows the credit fields), or None.

    A value is plain text on one line: no control character, no invisible format character (bidi
    overrides reorder what the reader sees), no private-use or unassigned code point, a sane length.
    Markup or `{{ }}` in a value is allowed: it is printed as text, escaped, never parsed.
    """
    limit = CREDIT_LIMIT if name in CREDIT_FIELDS else VALUE_LIMIT
    if len(value) > limit:
        return f"{name} is {len(value)} characters long, over the limit of {limit}"
    for ch in value:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp") or (category == "Cf" and ch not in JOINERS):
            what = unicodedata.name(ch, "a control character")
            return f"{name} holds U+{ord(ch):04X} ({what}): a header value is plain text on one line"
    return None


class TranslationFileError(ValueError):
    """The translation file cannot be used; the message names the file and the entry."""


def refuse_unless_catalog(path: Path, root: Path) -> None:
    """TranslationFileError unless `path` is a regular catalog file in the project: a catalog is written in
    place, and writing through a symlink would change the file it points to."""
    try:
        check_catalog_file(path, root)
    except CatalogRefused as exc:
        raise TranslationFileError(f"{path}: error: file: {exc}") from None
    except OSError as exc:
        raise TranslationFileError(f"{path}: cannot read: {exc.strerror or exc}") from None


def complete_header(
    catalog: Catalog, lang: str, revised: bool = False, credit: str | None = None, now: datetime | None = None
) -> None:
    """Language, Plural-Forms (CLDR via Babel), no placeholders, no fuzzy header; credit if given."""
    from babel import Locale
    from babel.messages.plurals import get_plural

    headers = [("Language", lang), ("Plural-Forms", get_plural(lang).plural_forms)]
    if credit:
        headers += [("Last-Translator", credit), ("Language-Team", credit)]
    catalog.mime_headers = headers
    if revised or not isinstance(catalog.revision_date, datetime):
        catalog.revision_date = (now or datetime.now(UTC)).replace(second=0, microsecond=0)
    if catalog.msgid_bugs_address in ("", "EMAIL@ADDRESS"):
        catalog.msgid_bugs_address = ""
    # The comment block above the header: keep what a person wrote, drop the template's placeholders.
    lines = [
        line
        for line in catalog.header_comment.splitlines()
        if line.strip("# ") and not any(p in line for p in PLACEHOLDERS)
    ]
    title = f"# {Locale.parse(lang).english_name} translation of {catalog.project or 'the project'}."
    if not lines or "translation of" not in lines[0]:
        lines.insert(0, title)
    catalog.header_comment = "\n".join(lines)
    catalog.fuzzy = False


def credit(cfg: Config, lang: str, name: str) -> list[Path]:
    """Name who translated `lang` in every catalog of that language. Returns the files written."""
    if lang not in cfg.translations:
        raise TranslationFileError(
            f"{lang!r} is not a translation language; configured: {', '.join(cfg.translations)}"
        )
    if not name.strip() or any(p in name for p in PLACEHOLDERS):
        raise TranslationFileError(f"credit for {lang}: give a real name, not {name!r}")
    written = []
    for po_path in po_files(cfg, lang):
        refuse_unless_catalog(po_path, cfg.root)
        catalog = load_for_edit(po_path)
        complete_header(catalog, lang, revised=True, credit=name.strip())
        writer.write(po_path, writer.render(catalog))
        written.append(po_path)
    return written


def load_for_edit(po_path: Path) -> Catalog:
    """A catalog to edit; a catalog that does not parse is refused with its file and line."""
    try:
        return writer.load(po_path.read_bytes())[0]
    except PoSyntaxError as exc:
        raise TranslationFileError(f"{po_path}:{exc.line}: error: syntax: {exc.message}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TranslationFileError(f"{po_path}: cannot read: {exc}") from None


def credits(catalogs: Iterable[PoCatalog]) -> list[str]:
    """Who translated a language, from its (checked) catalogs' headers: Last-Translator, then Language-Team
    if different; a catalog nobody has revised yet (template placeholders) credits nobody, and a value that
    value_problem refuses is left out (the preflight reports it), so an edition prints only plain text."""
    names: list[str] = []
    for catalog in catalogs:
        meta = catalog.header
        if any(p in meta.get("PO-Revision-Date", "YEAR-MO-DA") for p in PLACEHOLDERS):
            continue
        for field in CREDIT_FIELDS:
            name = meta.get(field, "").strip()
            if not name or any(p in name for p in PLACEHOLDERS) or value_problem(field, name):
                continue
            if name not in names:
                names.append(name)
    return names
