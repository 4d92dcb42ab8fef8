"""The `interface` check: a translated interface string (`sphinx.po`) is plain text.

Sphinx's basic theme inserts some of them without escaping: `_('Search')` is the search page's heading
(`<h1>{{ _('Search') }}</h1>`) and an attribute value on every page (`<link rel="search" title="…">`),
`_('search')` the search button's `value="…"`; its Python code puts others in `title` attributes. A
project's `sphinx.po` overrides any of Sphinx's own messages, so every msgstr of it is held to one rule:
the msgid's HTML tags and entities exactly, no other `<`, `>`, `&`, `"` or `'` than the msgid has, and the
msgid's placeholders (`%(name)s`, `%s`, `{name}`, `${name}`), each as often.
"""

from __future__ import annotations

import re
from collections import Counter

from booklet.catalogs.reader import Entry
from booklet.checks.findings import Context, Finding, q

TAG = re.compile(r"<[^<>]*>")
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
SPECIAL = "<>&\"'"
PLACEHOLDER = re.compile(
    r"%\([^()\s]*\)[#0 +-]*[0-9]*(?:\.[0-9]+)?[a-zA-Z]"  # %(name)s
    r"|%[#0 +-]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]"  # %s %d %%
    r"|\$\{[^{}\s]*\}"  # ${name}, JavaScript templates of the search script
    r"|\{[^{}\s]*\}"  # {name} {0} {}
)


def _parts(text: str) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Markup (tags, entities), placeholders, and the special characters of what remains."""
    markup = Counter(TAG.findall(text)) + Counter(ENTITY.findall(text))
    rest = ENTITY.sub(" ", TAG.sub(" ", text))
    placeholders = Counter(PLACEHOLDER.findall(rest))
    special = Counter(ch for ch in rest if ch in SPECIAL)
    return markup, placeholders, special


def check_interface(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    if not ctx.interface:
        return []
    line = entry.msgstr_line
    src_markup, src_placeholders, src_special = _parts(entry.msgid)
    plural = entry.msgid_plural is not None
    if entry.msgid_plural is not None:  # a plural's forms follow either source form
        more_markup, more_placeholders, more_special = _parts(entry.msgid_plural)
        src_markup |= more_markup
        src_placeholders |= more_placeholders
        src_special |= more_special
    markup, placeholders, special = _parts(text)
    found = []
    for item in sorted((markup - src_markup).elements()):
        found.append(
            ctx.error(
                line,
                "interface",
                f"HTML {q(item)} the source does not have: interface strings are plain text",
            )
        )
    for item in sorted((src_markup - markup).elements()):
        found.append(ctx.error(line, "interface", f"HTML {q(item)} of the source is missing"))
    for ch in sorted((special - src_special).elements()):
        found.append(
            ctx.error(
                line,
                "interface",
                f"{q(ch)} the source does not have: interface strings are plain text "
                "(Sphinx's templates insert some unescaped, in headings and attribute values)",
            )
        )
    for item in sorted((placeholders - src_placeholders).elements()):
        found.append(ctx.error(line, "interface", f"placeholder {q(item)} the source does not have"))
    if not plural:  # a plural form may leave the number out ("one page")
        for item in sorted((src_placeholders - placeholders).elements()):
            found.append(ctx.error(line, "interface", f"placeholder {q(item)} of the source is missing"))
    return list(dict.fromkeys(found))
