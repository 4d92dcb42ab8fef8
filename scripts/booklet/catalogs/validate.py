"""What `msgfmt --check` finds in a catalog that parses: the errors after the grammar.

A header entry (msgfmt --check-header), a Plural-Forms rule both gettext readers take and that fits
nplurals, the plural forms of each entry, the leading/trailing newline agreement and the format strings
(c-format, python-format, python-brace-format). Like msgfmt, only translated entries are compared (an
empty or fuzzy entry is not compiled); the header's fuzziness is ignored here (the `header` check
reports it). Each problem names its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from booklet.catalogs import formats
from booklet.catalogs.plurals import PluralError, Rule, parse_rule
from booklet.catalogs.reader import Entry, PoCatalog

FORMAT_FLAGS = frozenset(formats.FLAGS)
GERMANIC = parse_rule("nplurals=2; plural=(n != 1);")  # what msgfmt assumes without a rule


@dataclass(frozen=True)
class Problem:
    line: int
    kind: str  # "header", "plurals", "newline" or "format"
    message: str


def compiled(entry: Entry) -> bool:
    """Whether msgfmt compiles the entry (and so checks it): translated and not fuzzy."""
    return bool(entry.translations and entry.translations[0]) and not entry.fuzzy


def plural_rule(catalog: PoCatalog) -> tuple[Rule | None, Problem | None]:
    """The catalog's rule as msgfmt reads it (`nplurals=` and `plural=` anywhere in the header), or the
    problem with it; (None, None): there is none."""
    raw = catalog.header.get("Plural-Forms")
    if raw is None:
        raw = catalog.header_entry.msgstr if catalog.header_entry is not None else ""
    if "nplurals=" not in raw or "plural=" not in raw:
        if "Plural-Forms" in catalog.header and any(
            e.msgid_plural is not None and compiled(e) for e in catalog.entries
        ):
            missing = "nplurals=INTEGER" if "nplurals=" not in raw else "plural=EXPRESSION"
            return None, Problem(catalog.header_line, "header", f"the catalog has plural forms; no {missing}")
        return None, None
    try:
        return parse_rule(raw, python=False), None
    except PluralError as exc:
        return None, Problem(catalog.header_line, "header", f"Plural-Forms: {exc}")


def problems(catalog: PoCatalog) -> list[Problem]:
    found: list[Problem] = []
    if catalog.header_entry is None or not catalog.header_entry.msgstr:
        found.append(Problem(1, "header", 'no header entry (msgid ""): msgfmt --check refuses the catalog'))
    rule, problem = plural_rule(catalog)
    if problem is not None:
        found.append(problem)
    plural_entries = [e for e in catalog.entries if e.msgid_plural is not None and compiled(e)]
    if plural_entries and rule is None and problem is None:
        found.append(
            Problem(
                plural_entries[0].line,
                "header",
                "the catalog has plural forms but no Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;",
            )
        )
    for entry in catalog.entries:
        if not compiled(entry):
            continue
        if rule is not None and entry.msgid_plural is not None and len(entry.plurals) != rule.nplurals:
            message = f"{len(entry.plurals)} plural forms where Plural-Forms says nplurals = {rule.nplurals}"
            found.append(Problem(entry.msgstr_line, "plurals", message))
        found.extend(_newlines(entry))
        found.extend(_formats(entry, rule or GERMANIC))
    return found


def problems_of_formats(catalog: PoCatalog, rule: Rule | None) -> list[Problem]:
    """The format-string problems alone (the `format` check)."""
    found: list[Problem] = []
    for entry in catalog.entries:
        if compiled(entry) and entry.flags & FORMAT_FLAGS:
            found.extend(_formats(entry, rule or GERMANIC))
    return found


def _newlines(entry: Entry) -> list[Problem]:
    found = []
    sources = [("msgid", entry.msgid)]
    if entry.msgid_plural is not None:
        sources.append(("msgid_plural", entry.msgid_plural))
    names = ["msgstr"] if entry.msgid_plural is None else [f"msgstr[{i}]" for i in sorted(entry.plurals)]
    targets = sources[1:] + list(zip(names, entry.translations, strict=True))
    for test, where in ((str.startswith, "begin"), (str.endswith, "end")):
        want = test(entry.msgid, "\n")
        for name, text in targets:
            if test(text, "\n") != want:
                message = f"'msgid' and '{name}' entries do not both {where} with '\\n'"
                found.append(Problem(entry.msgstr_line, "newline", message))
                break
    return found


def _one_number(entry: Entry, rule: Rule, index: int) -> bool:
    """Whether a `range: a..b` flag leaves form `index` at most one number (it need not show it)."""
    for flag in entry.flags:
        match = re.fullmatch(r"range:\s*(\d+)\.\.(\d+)", flag)
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            numbers = range(low, min(high, len(rule.forms) - 1) + 1)
            return sum(1 for n in numbers if rule.forms[n] == index) <= 1
    return False


def _formats(entry: Entry, rule: Rule) -> list[Problem]:
    found = []
    for flag in formats.FLAGS:
        if flag not in entry.flags:
            continue
        parser = formats.PARSERS[flag]
        source_name = "msgid" if entry.msgid_plural is None else "msgid_plural"
        try:
            source = parser(entry.msgid if entry.msgid_plural is None else entry.msgid_plural)
        except formats.FormatInvalid:
            continue  # msgfmt compares only against a valid source
        several = entry.msgid_plural is not None and len(entry.plurals) > 1
        for index, text in enumerate(entry.translations):
            name = "msgstr" if entry.msgid_plural is None else f"msgstr[{index}]"
            try:
                translation = parser(text)
            except formats.FormatInvalid as exc:
                kind = flag.removesuffix("-format")
                message = f"'{name}' is not a valid {kind} format string, unlike '{source_name}': {exc}"
                found.append(Problem(entry.msgstr_line, "format", message))
                continue
            strict = not several or (rule.often(index) and not _one_number(entry, rule, index))
            verdict = formats.compare(
                source, translation, strict, source_name, name, extra_ok=flag == "python-brace-format"
            )
            if verdict:
                found.append(Problem(entry.msgstr_line, "format", f"{flag}: {verdict}"))
    return found
