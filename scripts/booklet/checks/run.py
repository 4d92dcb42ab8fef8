"""`booklet check`: every check over a catalog, a file, or the catalogs under some folders."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from booklet.catalogs.origin import is_myst
from booklet.catalogs.reader import CatalogUnreadable, Entry, PoCatalog, PoSyntaxError, read_catalog
from booklet.checks import glossary as glossary_mod
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
from booklet.checks.findings import ERROR, Context, Finding, sort
from booklet.checks.formatstrings import check_format_strings
from booklet.checks.header import check_header
from booklet.checks.markup import check_markup
from booklet.languages import data as langdata

EntryCheck = Callable[[Context, Entry, str], list[Finding]]

ENTRY_CHECKS: tuple[EntryCheck, ...] = (
    check_numbers,
    check_markup,
    check_glossary,
    check_script,
    check_sentences,
    check_punctuation,
    check_quotes,
    check_whitespace,
)


def check_entry(ctx: Context, entry: Entry, checks: Sequence[EntryCheck] = ENTRY_CHECKS) -> list[Finding]:
    state = check_state(ctx, entry)
    if state:
        return state  # nothing to compare yet
    found = check_newlines(ctx, entry)
    # Compare composed forms: an editor may save "ş" as "s" + combining cedilla.
    entry = replace(entry, msgid=unicodedata.normalize("NFC", entry.msgid))
    for text in (unicodedata.normalize("NFC", t) for t in entry.translations):
        for check in checks:
            try:
                found.extend(check(ctx, entry, text))
            except Exception as exc:  # a checker bug must not hide the other findings or crash the run
                found.append(
                    ctx.error(
                        entry.msgstr_line, check.__name__.removeprefix("check_"), f"could not check: {exc!r}"
                    )
                )
    return found


def check_catalog(
    ctx: Context,
    catalog: PoCatalog,
    folder_lang: str | None = None,
    checks: Sequence[EntryCheck] = ENTRY_CHECKS,
) -> list[Finding]:
    found = check_header(ctx, catalog, folder_lang) + check_format_strings(ctx, catalog)
    if checks is ENTRY_CHECKS and not is_myst(catalog):  # reStructuredText, code: not held to MyST rules
        checks = tuple(check for check in checks if check is not check_markup)
    nplurals = re.search(r"nplurals\s*=\s*(\d+)", catalog.header.get("Plural-Forms", ""))
    for entry in catalog.entries:
        if nplurals and entry.msgid_plural is not None and len(entry.plurals) != int(nplurals.group(1)):
            message = f"{len(entry.plurals)} plural forms where the header says nplurals={nplurals.group(1)}"
            found.append(ctx.error(entry.line, "syntax", message))  # msgfmt --check: a fatal error
        found.extend(check_entry(ctx, entry, checks))
    return sort(found)


class CheckError(Exception):
    """The check could not run: a path that does not exist, a file that cannot be read."""


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
) -> list[Finding]:
    """Every finding of one catalog; `checks` narrows the per-message checks."""
    return read_and_check(path, display, terms, source_lang, checks)[1]


def read_and_check(
    path: Path,
    display: str,
    terms: list[glossary_mod.Term],
    source_lang: str = "en",
    checks: Sequence[EntryCheck] = ENTRY_CHECKS,
) -> tuple[PoCatalog | None, list[Finding]]:
    """The catalog as read (None when it does not parse) and its findings: the build compiles the very
    parse that was checked."""
    try:
        catalog = read_catalog(path, display)
    except CatalogUnreadable as exc:
        raise CheckError(str(exc)) from exc
    except PoSyntaxError as exc:
        return None, [Finding(display, exc.line, ERROR, "syntax", exc.message)]
    lang = catalog.header.get("Language") or folder_language(path)
    ctx = Context(display, lang, langdata.get(lang), langdata.get(source_lang), terms, source_lang)
    return catalog, sort(check_catalog(ctx, catalog, folder_language(path), checks))


def expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.po") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise CheckError(f"{path}: no such file or folder")
    return list(dict.fromkeys(files))


def display_path(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def run(
    paths: Iterable[Path],
    base: Path,
    glossary_path: Path | None,
    source_lang: str = "en",
    strict: bool = False,
) -> list[Finding]:
    """Check every catalog under `paths`. Raises CheckError when it cannot run."""
    findings: list[Finding] = []
    terms: list[glossary_mod.Term] = []
    if glossary_path is not None and glossary_path.is_file():
        try:
            terms = glossary_mod.load(glossary_path)
        except glossary_mod.GlossaryError as exc:
            findings.append(Finding(display_path(exc.path, base), exc.line, ERROR, "glossary", exc.message))
    for path in expand(paths):
        findings.extend(check_file(path, display_path(path, base), terms, source_lang))
    if strict:
        findings = [Finding(f.path, f.line, ERROR, f.check, f.message) for f in findings]
    return findings
