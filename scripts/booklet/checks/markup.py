"""The `markup` and `injection` checks: a translation differs from its source message in text only.

checks/structure.py parses both as the build does and compares their element trees. What the source has and
the translation lacks (or changed) is broken markup; what the translation adds is an injection when it would
publish something the source did not ask for (raw HTML, a directive or code block, a role, a link or image
target, front matter, template syntax), else broken markup (emphasis, a list, a heading...). Both stop the
language's build. Literal markers left in the text (`**` that did not open or close) are reported too.
"""

from __future__ import annotations

from collections import Counter

from booklet.catalogs.reader import Entry
from booklet.checks.findings import Context, Finding, _unique, q
from booklet.checks.limits import MAX_DEPTH
from booklet.checks.structure import Parsed, as_sphinx_parses, compare_parses

# Literal marker characters left in the text after parsing: markup that did not open or close.
MARKERS = ("**", "*", "__", "`", "[", "]")
COUNTED = ("**strong**", "*emphasis*")


def _literal(parsed: Parsed) -> Counter[str]:
    found: Counter[str] = Counter()
    for rest in parsed.text:
        for marker in MARKERS:
            found[marker] += rest.count(marker)
            rest = rest.replace(marker, " ")
    return found


def check_markup(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    """The msgstr's element tree is the msgid's, up to sibling order; same substitutions; nothing added."""
    if ctx.interface:
        return []  # interface strings are plain text, not MyST: checks/interface.py
    src, dst, same = compare_parses(entry.msgid, text)
    line = entry.msgstr_line
    if src.depth > MAX_DEPTH:
        return [
            ctx.error(
                entry.line, "limits", f"the source message nests markup {src.depth} deep, over {MAX_DEPTH}"
            )
        ]
    if dst.depth > max(src.depth, MAX_DEPTH // 2):
        message = f"markup nested {dst.depth} deep where the source nests {src.depth}: refused (pathological)"
        return [ctx.error(line, "limits", message)]
    found: list[Finding] = []
    for kind in COUNTED:
        if src.elements[kind] != dst.elements[kind]:
            message = f"{kind}: {src.elements[kind]} in the source, {dst.elements[kind]} in the translation"
            found.append(ctx.error(line, "markup", message))
    for label in sorted((src.elements - dst.elements).elements()):
        if label not in COUNTED:
            found.append(ctx.error(line, "markup", f"{label} of the source is missing or changed"))
    for label in sorted((dst.elements - src.elements).elements()):
        if label in COUNTED:
            continue
        if label in dst.injected:
            message = f"the translation adds a {label} the source does not have"
            found.append(ctx.error(line, "injection", message))
        else:
            message = f"the translation is parsed as a {label} (markup) the source is not"
            found.append(ctx.error(line, "markup", message))
    if same is False and src.elements == dst.elements:
        found.append(ctx.error(line, "markup", "the markup is nested differently from the source"))
    for name in sorted((src.substitutions - dst.substitutions).elements()):
        found.append(
            ctx.error(line, "markup", f"substitution {q('{{ ' + name + ' }}')} of the source is missing")
        )
    for name in sorted((dst.substitutions - src.substitutions).elements()):
        message = f"the translation adds a substitution {q('{{ ' + name + ' }}')} the source does not have"
        found.append(ctx.error(line, "markup", message))
    for delimiter in sorted((dst.templates - src.templates).elements()):
        message = f"template syntax {q(delimiter)} the source does not have (only {{{{ name }}}} is replaced)"
        found.append(ctx.error(line, "injection", message))
    if as_sphinx_parses(text).startswith("---") and not entry.msgid.startswith("---"):
        message = "a translation starting with --- is front matter to MyST (file-level settings)"
        found.append(ctx.error(line, "injection", message))
    literal_src, literal_dst = _literal(src), _literal(dst)
    for marker in MARKERS:
        if literal_dst[marker] > literal_src[marker]:
            found.append(
                ctx.error(line, "markup", f"unbalanced {q(marker)}: markup that does not open or close")
            )
    for pair in ("()", "[]"):
        if text.count(pair[0]) - text.count(pair[1]) != entry.msgid.count(pair[0]) - entry.msgid.count(
            pair[1]
        ):
            found.append(ctx.error(line, "markup", f"unbalanced brackets {q(pair)}"))
    return _unique(found)
