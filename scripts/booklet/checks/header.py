"""The `header` check: the catalog's header entry is complete and right for its language."""

from __future__ import annotations

import re

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
    found.extend(_plural_forms(ctx, line, lang, header.get("Plural-Forms")))
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
    texts = [f"{k}: {v}" for k, v in header.items()] + catalog.header_comments
    for placeholder in PLACEHOLDERS:
        if any(placeholder in text for text in texts):
            found.append(
                ctx.error(line, "header", f"the template placeholder {q(placeholder)} is still there")
            )
    return found


def _plural_forms(ctx: Context, line: int, lang: str, value: str | None) -> list[Finding]:
    if value is None:
        return [ctx.error(line, "header", "no Plural-Forms in the header")]
    if not lang:
        return []
    from babel.messages.plurals import get_plural

    try:
        expected = get_plural(lang)
    except (ValueError, LookupError):
        return [ctx.warning(line, "header", f"no plural rules known for {lang!r}: Plural-Forms not verified")]
    want = f"nplurals={expected.num_plurals}; plural={expected.plural_expr};"
    if not _same_plurals(value, expected.num_plurals, expected.plural_expr):
        return [ctx.error(line, "header", f"Plural-Forms for {lang} must be `{want}`, found `{value}`")]
    return []


def _same_plurals(value: str, nplurals: int, expr: str) -> bool:
    """Same number of forms and the same form for every n (written differently is fine)."""
    import gettext

    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=(.+?);?\s*", value)
    if not match or int(match.group(1)) != nplurals:
        return False
    try:
        given, wanted = gettext.c2py(match.group(2)), gettext.c2py(expr)
        return all(given(n) == wanted(n) for n in range(1000))
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError, OverflowError):
        return False
