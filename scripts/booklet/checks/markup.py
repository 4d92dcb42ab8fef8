"""What MyST markup a message carries, parsed with the same markdown-it set-up as the build.

A msgstr is parsed like the msgid; the checker then compares the two summaries: what the source has must
survive, what the translation adds beyond the source is either broken markup (literal `**` in the text) or
an injection (raw HTML, a directive, a role, a link or an image the source does not have).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from booklet.catalogs.reader import Entry
from booklet.checks.findings import Context, Finding, _unique, q

# Literal marker characters left in the text after parsing: markup that did not open or close.
MARKERS = ("**", "*", "__", "`", "[", "]")
DIRECTIVE = re.compile(  # `[ \t]*` at a line start: `\s*` ran over every following blank line, at each line
    r"^[ \t]*(?:```+|~~~+|:::+)\s*\{[\w.:-]+\}|^[ \t]*\.\.\s+[\w:-]+::|\{eval-rst\}", re.MULTILINE
)
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]*)\)")
SUBSTITUTION = re.compile(r"\{\{\s*([\w.-]+)\s*\}\}")
ROLE_TARGET = re.compile(r"<([^<>]+)>\s*$")
HTML_TAG = re.compile(r"</?\s*([A-Za-z][\w:-]*)|<!--")


@dataclass
class Markup:
    strong: int = 0
    emphasis: int = 0
    code: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)  # "name" and "name:<target>"
    links: Counter[str] = field(default_factory=Counter)  # href
    images: Counter[str] = field(default_factory=Counter)
    footnotes: Counter[str] = field(default_factory=Counter)
    substitutions: Counter[str] = field(default_factory=Counter)
    html: Counter[str] = field(default_factory=Counter)  # tag names of raw HTML
    directives: Counter[str] = field(default_factory=Counter)
    blocks: Counter[str] = field(default_factory=Counter)  # block structure other than a paragraph
    literal: Counter[str] = field(default_factory=Counter)  # marker characters left as text


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig()  # as docs/conf.py: no MyST extension (substitutions are plain text)
    return create_md_parser(config, RendererHTML)


def analyse(text: str) -> Markup:
    found = Markup()
    tokens = _parser().parse(text, {})
    for token in tokens:
        kind = token.type
        if kind == "html_block":
            found.html.update(_tags(token.content))
        elif kind in ("fence", "code_block"):
            info = token.info.strip()
            found.directives[info.split()[0] if info.startswith("{") else "code block"] += 1
        elif kind.endswith("_open") and kind not in ("paragraph_open",):
            found.blocks[kind[: -len("_open")]] += 1
        elif kind not in ("paragraph_close", "inline") and not kind.endswith("_close"):
            found.blocks[kind] += 1
        for child in token.children or []:
            _inline(child, found)
    for match in DIRECTIVE.finditer(text):
        found.directives[match.group().strip()] += 1
    found.images.update(IMAGE.findall(text))
    found.substitutions.update(SUBSTITUTION.findall(text))
    return found


def _inline(token: Any, found: Markup) -> None:
    kind = token.type
    if kind == "strong_open":
        found.strong += 1
    elif kind == "em_open":
        found.emphasis += 1
    elif kind == "code_inline":
        found.code[token.content] += 1
    elif kind == "myst_role":
        name = str(token.meta.get("name", ""))
        found.roles[name] += 1
        target = ROLE_TARGET.search(token.content)
        if target:
            found.roles[f"{name}:<{target.group(1)}>"] += 1
    elif kind == "link_open":
        found.links[str(token.attrs.get("href", ""))] += 1
    elif kind == "image":
        found.images[str(token.attrs.get("src", ""))] += 1
    elif kind == "footnote_ref":
        found.footnotes[str(token.meta.get("label", ""))] += 1
    elif kind == "html_inline":
        found.html.update(_tags(token.content))
    elif kind == "text":
        rest = token.content
        for marker in MARKERS:
            found.literal[marker] += rest.count(marker)
            rest = rest.replace(marker, " ")


def _tags(html: str) -> list[str]:
    return [(m.group(1) or "!--").lower() for m in HTML_TAG.finditer(html)] or ["html"]


def check_markup(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    """Markup of the source survives; added markup is broken (literal markers) or injected."""
    src, dst = analyse(entry.msgid), analyse(text)
    line = entry.msgstr_line
    found: list[Finding] = []

    def compare(kind: str, a: Counter[str], b: Counter[str], added: str = "markup") -> None:
        for item in sorted((a - b).elements()):
            found.append(ctx.error(line, "markup", f"{kind} {q(item)} of the source is missing or changed"))
        for item in sorted((b - a).elements()):
            check = added if added != "role" else ("markup" if ":<" in item else "injection")
            found.append(
                ctx.error(line, check, f"the translation adds a {kind} {q(item)} the source does not have")
            )

    for kind, count_a, count_b in (
        ("**strong**", src.strong, dst.strong),
        ("*emphasis*", src.emphasis, dst.emphasis),
    ):
        if count_a != count_b:
            found.append(
                ctx.error(line, "markup", f"{kind}: {count_a} in the source, {count_b} in the translation")
            )
    compare("code span", src.code, dst.code)
    compare("role", src.roles, dst.roles, added="role")  # a new role name injects; a changed target breaks
    compare("link to", src.links, dst.links, added="injection")
    compare("image", src.images, dst.images, added="injection")
    compare("footnote reference", src.footnotes, dst.footnotes)
    compare("substitution", src.substitutions, dst.substitutions)
    for tag in sorted((dst.html - src.html).elements()):
        found.append(ctx.error(line, "injection", f"raw HTML <{tag}> the source does not have"))
    for tag in sorted((src.html - dst.html).elements()):
        found.append(ctx.error(line, "markup", f"raw HTML <{tag}> of the source is missing"))
    for name in sorted((dst.directives - src.directives).elements()):
        found.append(
            ctx.error(line, "injection", f"a directive or code block {q(name)} the source does not have")
        )
    for name in sorted((dst.blocks - src.blocks).elements()):
        found.append(
            ctx.error(
                line, "markup", f"the translation is parsed as a {name} (block markup) the source is not"
            )
        )
    for marker in MARKERS:
        if dst.literal[marker] > src.literal[marker]:
            found.append(
                ctx.error(line, "markup", f"unbalanced {q(marker)}: markup that does not open or close")
            )
    for pair in ("()", "[]"):
        if text.count(pair[0]) - text.count(pair[1]) != entry.msgid.count(pair[0]) - entry.msgid.count(
            pair[1]
        ):
            found.append(ctx.error(line, "markup", f"unbalanced brackets {q(pair)}"))
    return _unique(found)
