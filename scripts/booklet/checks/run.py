"""`booklet check`: every check over a catalog, a file, or the catalogs under some folders."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from booklet.catalogs.files import CatalogRefused, check_catalog_file
from booklet.catalogs.origin import is_myst
from booklet.catalogs.pseudo import marked_pseudo
from booklet.catalogs.reader import CatalogUnreadable, Entry, PoCatalog, PoSyntaxError, read_catalog
from booklet.checks import glossary as glossary_mod
from booklet.checks.consistency import check_consistency
from booklet.checks.entries import (
    check_glossary,
    check_newlines,
    check_numbers,
    check_punctuation,
    check_quotes,
    check_script,
    check_sentences,
    check_state,
    check_whitespace,
)
from booklet.checks.fields import check_fields
from booklet.checks.findings import ERROR, Context, Finding, sort
from booklet.checks.fit import check_fit
from booklet.checks.formatstrings import check_format_strings
from booklet.checks.header import check_header
from booklet.checks.interface import check_interface
from booklet.checks.limits import check_limits
from booklet.checks.markup import check_markup
from booklet.checks.spelling import check_spelling, dictionary, skipped_note
from booklet.checks.wording import check_doubled_word, check_forbidden, check_unchanged
from booklet.languages import data as langdata

EntryCheck = Callable[[Context, Entry, str], list[Finding]]

ENTRY_CHECKS: tuple[EntryCheck, ...] = (
    check_numbers,
    check_markup,
    check_interface,
    check_unchanged,
    check_glossary,
    check_forbidden,
    check_script,
    check_doubled_word,
    check_sentences,
    check_punctuation,
    check_quotes,
    check_whitespace,
)


# What a pseudo-translation (booklet pseudo) breaks by design: it is no language's words.
WORDING_CHECKS = (check_unchanged, check_glossary, check_forbidden, check_script, check_doubled_word)


def check_entry(ctx: Context, entry: Entry, checks: Sequence[EntryCheck] = ENTRY_CHECKS) -> list[Finding]:
    state = check_state(ctx, entry)
    if state:
        return state  # nothing to compare yet
    found = check_newlines(ctx, entry)
    # Compare composed forms: an editor may save "ş" as "s" + combining cedilla.
    entry = replace(entry, msgid=unicodedata.normalize("NFC", entry.msgid))
    for text in (unicodedata.normalize("NFC", t) for t in entry.translations):
        refused = check_limits(ctx, entry, text)
        if refused:  # pathological: no other check (nor the build) reads it
            found.extend(refused)
            continue
        for check in checks:
            try:
                found.extend(check(ctx, entry, text))
            except Exception as exc:  # a checker bug must not hide the other findings or crash the run
                found.append(
                    ctx.error(
                        entry.msgstr_line, check.__name__.removeprefix("check_"), f"could not check: {exc!r}"
                    )
                )
    return list(dict.fromkeys(found))


def check_catalog(
    ctx: Context,
    catalog: PoCatalog,
    folder_lang: str | None = None,
    checks: Sequence[EntryCheck] = ENTRY_CHECKS,
) -> list[Finding]:
    found = (
        check_header(ctx, catalog, folder_lang)
        + check_fields(ctx, catalog)
        + check_format_strings(ctx, catalog)
        + check_fit(ctx, catalog)
    )
    if checks is ENTRY_CHECKS and not is_myst(catalog):  # reStructuredText, code: not held to MyST rules
        checks = tuple(check for check in checks if check is not check_markup)
    if marked_pseudo(
        catalog.header_comments
    ):  # its words are made to look foreign: only structure is checked
        checks = tuple(check for check in checks if check not in WORDING_CHECKS)
    nplurals = re.search(r"nplurals\s*=\s*(\d+)", catalog.header.get("Plural-Forms", ""))
    for entry in catalog.entries:
        if nplurals and entry.msgid_plural is not None and len(entry.plurals) != int(nplurals.group(1)):
            message = f"{len(entry.plurals)} plural forms where the header says nplurals={nplurals.group(1)}"
            found.append(ctx.error(entry.line, "syntax", message))  # msgfmt --check: a fatal error
        found.extend(check_entry(ctx, entry, checks))
    return sort(found)


class CheckError(Exception):
    """The check could not run: a path that does not exist, a file that cannot be read."""


def project_of(path: Path) -> Path | None:
    """The project of a catalog at `<project>/locales/<lang>/LC_MESSAGES/x.po` (one with a docs/ folder)."""
    parts = path.absolute().parts
    if len(parts) >= 5 and parts[-2] == "LC_MESSAGES" and parts[-4] == "locales":
        root = path.absolute().parents[3]
        return root if (root / "docs").is_dir() else None
    return None


def folder_language(path: Path) -> str | None:
    """`locales/<lang>/LC_MESSAGES/x.po` -> lang; None for a catalog outside that layout."""
    parts = path.parts
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        return parts[-3]
    return None


def check_file(
    path: Path,
    display: str,
    terms: list[glossary_mod.Term],
    source_lang: str = "en",
    checks: Sequence[EntryCheck] = ENTRY_CHECKS,
    within: Path | None = None,
) -> list[Finding]:
    """Every finding of one catalog; `checks` narrows the per-message checks."""
    return read_and_check(path, display, terms, source_lang, checks, within)[1]


def read_and_check(
    path: Path,
    display: str,
    terms: list[glossary_mod.Term],
    source_lang: str = "en",
    checks: Sequence[EntryCheck] = ENTRY_CHECKS,
    within: Path | None = None,
) -> tuple[PoCatalog | None, list[Finding]]:
    """The catalog as read (None when it is refused or does not parse) and its findings: the build compiles
    the very parse that was checked. A file that is not a regular file (inside `within`, when given) is a
    `file` finding and is not read at all."""
    try:
        check_catalog_file(path, within)
    except CatalogRefused as exc:
        return None, [Finding(display, 1, ERROR, "file", str(exc))]
    except OSError as exc:
        raise CheckError(f"{display}: cannot read: {exc.strerror or exc}") from exc
    try:
        catalog = read_catalog(path, display)
    except CatalogUnreadable as exc:
        raise CheckError(str(exc)) from exc
    except PoSyntaxError as exc:
        return None, [Finding(display, exc.line, ERROR, "syntax", exc.message)]
    lang = catalog.header.get("Language") or folder_language(path)
    ctx = Context(
        display, lang, langdata.get(lang), langdata.get(source_lang), terms, source_lang, project_of(path)
    )
    return catalog, sort(check_catalog(ctx, catalog, folder_language(path), checks))


def expand(paths: Iterable[Path]) -> dict[Path, Path]:
    """Each catalog to check -> the folder it must be inside: the folder named (a catalog named itself:
    its own folder). Every `*.po` entry that is not a folder is listed, a symlink or a FIFO too, so that it
    is reported rather than skipped (the build would meet it)."""
    files: dict[Path, Path] = {}
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for found in sorted(path.rglob("*.po")):
                if found.is_symlink() or not found.is_dir():
                    files.setdefault(found, path)
        elif path.is_symlink() or path.exists():
            files.setdefault(path, path.parent)
        else:
            raise CheckError(f"{path}: no such file or folder")
    return files


def display_path(path: Path, base: Path) -> str:
    """`path` relative to `base` when it is inside (as named, or once its folders are resolved); a
    symlink is named, never followed."""
    for candidate, folder in (
        (path.absolute(), base.absolute()),
        (path.parent.resolve() / path.name, base.resolve()),
    ):
        if candidate.is_relative_to(folder):
            return candidate.relative_to(folder).as_posix()
    return str(path)


def run(
    paths: Iterable[Path],
    base: Path,
    glossary_path: Path | None,
    source_lang: str = "en",
    strict: bool = False,
    checked: list[str] | None = None,
    notes: list[str] | None = None,
) -> list[Finding]:
    """Check every catalog under `paths` (their display paths are appended to `checked`, when given), and
    the catalogs of each language against one another (`consistency`), and their spelling where a dictionary
    exists (a language without one: a line in `notes`). Raises CheckError when it cannot run."""
    findings: list[Finding] = []
    terms: list[glossary_mod.Term] = []
    if glossary_path is not None and glossary_path.is_file():
        try:
            terms = glossary_mod.load(glossary_path)
        except glossary_mod.GlossaryError as exc:
            findings.append(Finding(display_path(exc.path, base), exc.line, ERROR, "glossary", exc.message))
    by_language: dict[str, list[tuple[str, PoCatalog]]] = {}
    for path, within in expand(paths).items():
        display = display_path(path, base)
        if checked is not None:
            checked.append(display)
        catalog, found = read_and_check(path, display, terms, source_lang, within=within)
        findings.extend(found)
        if catalog is not None:
            lang = catalog.header.get("Language") or folder_language(path) or ""
            by_language.setdefault(lang, []).append((display, catalog))
            if not marked_pseudo(catalog.header_comments):
                findings.extend(check_spelling(display, catalog, lang, terms, path.parent.parent.parent))
    for lang, catalogs in by_language.items():
        findings.extend(check_consistency(catalogs))
        if lang and lang != source_lang and dictionary(lang) is None and notes is not None:
            notes.append(skipped_note(lang))
    findings = sort(findings)
    if strict:
        findings = [Finding(f.path, f.line, ERROR, f.check, f.message) for f in findings]
    return findings
