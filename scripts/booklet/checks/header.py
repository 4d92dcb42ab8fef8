"""The `header` check: the catalog's header entry is complete and right for its language."""

from __future__ import annotations

import re

from booklet.catalogs.plurals import PluralError, known_rules, parse_rule
from booklet.catalogs.reader import PLACEHOLDERS, PoCatalog
from booklet.checks.findings import Context, Finding, q


def check_header(ctx: Context, catalog: PoCatalog, folder_lang: str | None) -> list[Finding]:
    line = catalog.header_line or 1
    if not catalog.header_line:
        return [ctx.error(1, "header", 'no header entry (msgid "") with Language and Plural-Forms')]
    found: list[Finding] = []
    header = catalog.header
    if catalog.header_fuzzy:
        found.append(ctx.error(line, "header", "the header is marked fuzzy: review it and remove the flag"))
    lang = header.get("Language", "")
    if not lang:
        found.append(ctx.error(line, "header", "no Language in the header"))
    elif folder_lang and lang != folder_lang:
        found.append(
            ctx.error(
                line, "header", f"Language is {lang!r} but the catalog is in the {folder_lang!r} folder"
            )
        )
    charset = re.search(r"charset=([\w.-]+)", header.get("Content-Type", ""))
    if not charset or charset.group(1).lower().replace("_", "-") != "utf-8":
        found.append(ctx.error(line, "header", "Content-Type must be `text/plain; charset=UTF-8`"))
    found.extend(_plural_forms(ctx, line, lang, catalog))
    for name in (
        "Project-Id-Version",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "MIME-Version",
    ):
        if name not in header:
            found.append(
                ctx.warning(line, "header", f"header field {name} is missing (msgfmt --check-header)")
            )
    # Never published (the colophon skips a credit that is a placeholder, comments are not printed), so a
    # warning: Sphinx's own catalogs keep their template's `Last-Translator: FULL NAME <EMAIL@ADDRESS>`,
    # `Report-Msgid-Bugs-To: EMAIL@ADDRESS` and `# FIRST AUTHOR` lines.
    texts = [f"{k}: {v}" for k, v in header.items()] + catalog.header_comments
    for placeholder in PLACEHOLDERS:
        if any(placeholder in text for text in texts):
            message = f"the template placeholder {q(placeholder)} is still there (not published)"
            found.append(ctx.warning(line, "header", message))
    return found


def _plural_forms(ctx: Context, line: int, lang: str, catalog: PoCatalog) -> list[Finding]:
    """An error where gettext would refuse the rule (msgfmt, or Python's gettext, which Sphinx uses: the
    whole language would then be English); a warning at most where it is valid but not one that CLDR
    (Babel's table) or Transifex (as Sphinx's own catalogs have it) gives for the language."""
    value = catalog.header.get("Plural-Forms")
    if value is None:
        if any(e.msgid_plural is not None for e in catalog.entries):
            return [ctx.error(line, "syntax", "no Plural-Forms, and the catalog has plural forms")]
        return [ctx.warning(line, "header", "no Plural-Forms in the header (the catalog has no plurals)")]
    try:
        rule = parse_rule(value)
    except PluralError as exc:
        # gettext cannot read the catalog: Sphinx would publish the whole language in English. A syntax
        # error, so the build stops that language.
        return [ctx.error(line, "syntax", f"Plural-Forms `{value}` is refused by gettext: {exc}")]
    if not lang:
        return []
    known = known_rules(lang)
    if not known or any(rule.same_as(other) for other in known):
        return []
    want = f"nplurals={known[0].nplurals}; plural={known[0].expression};"
    return [ctx.warning(line, "header", f"Plural-Forms for {lang} is usually `{want}`, found `{value}`")]
