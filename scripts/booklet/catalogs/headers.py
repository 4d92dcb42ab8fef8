"""Catalog headers: complete them (Language, Plural-Forms, no template placeholders), credit translators,
read the credits back. Catalogs are edited with Babel and written by catalogs/writer.py."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from booklet.catalogs import writer
from booklet.catalogs.files import po_files
from booklet.catalogs.reader import PLACEHOLDERS, CatalogUnreadable, PoSyntaxError, read_catalog
from booklet.config import Config

CREDIT_FIELDS = ("Last-Translator", "Language-Team")


class TranslationFileError(ValueError):
    """The translation file cannot be used; the message names the file and the entry."""


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


def credits(cfg: Config, lang: str) -> list[str]:
    """Who translated `lang`, from its catalogs' headers: Last-Translator, then Language-Team if different."""
    names: list[str] = []
    for po_path in po_files(cfg, lang):
        try:
            meta = read_catalog(po_path).header
        except (CatalogUnreadable, PoSyntaxError):
            continue  # the build's preflight reports a catalog that does not parse
        if any(p in meta.get("PO-Revision-Date", "YEAR-MO-DA") for p in PLACEHOLDERS):
            continue  # nobody has revised this catalog yet: its credit fields are the template's
        for name in (meta.get(f, "").strip() for f in CREDIT_FIELDS):
            if name and not any(p in name for p in PLACEHOLDERS) and name not in names:
                names.append(name)
    return names
