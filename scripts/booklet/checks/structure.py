"""The positive model of a translation: it may differ from its source message in text only.

Both messages are parsed as the build parses them: MyST's markdown-it set-up, configured from the project's
docs/conf.py exactly as myst-parser's Sphinx extension configures it, after the changes Sphinx makes to a
msgstr before it parses one (sphinx.transforms.i18n drops a trailing "# noqa" marker). Each parse becomes a
tree of elements without their text: blocks, emphasis, links with their targets, images with their sources,
roles with their targets, code spans and raw HTML verbatim, footnote references by label. Two messages agree
when their trees are equal up to the order of siblings (word order differs between languages; nesting may
not) and they use the same `{{ name }}` substitutions (booklet.sphinxext.transforms replaces them as text).

Every step is iterative and near-linear: no recursion on a translator's nesting.
"""

from __future__ import annotations

import os
import re
import runpy
from collections import Counter
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from booklet.config import find_root

# As booklet.sphinxext.transforms.SUBSTITUTION: what the build replaces is what is compared.
SUBSTITUTION = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# Template delimiters left in the text after the substitutions: text today, a template to a renderer that
# would evaluate it (MyST's Jinja substitutions, a theme). A translation has no use for them.
TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}")
ROLE_TARGET = re.compile(r"<([^<>]*)>\s*$")
NOQA = re.compile(r"(?<!\\)#\s*noqa\s*$", re.DOTALL)  # as sphinx.transforms.i18n.parse_noqa


@dataclass
class Element:
    kind: str  # a label a translator can read: "**strong**", "link to “…”", "bullet list", ...
    injected: bool  # added by a translation, it publishes something the source did not ask for
    children: list[Element] = field(default_factory=list)
    key: int = 0  # id of the subtree up to the order of children, set when the element is closed


@dataclass
class Parsed:
    root: Element
    elements: Counter[str] = field(default_factory=Counter)  # every element's label, anywhere in the tree
    injected: set[str] = field(default_factory=set)  # the labels that inject when added
    substitutions: Counter[str] = field(default_factory=Counter)
    templates: Counter[str] = field(default_factory=Counter)  # {{ }} {% %} outside substitutions
    depth: int = 0
    text: list[str] = field(default_factory=list)  # the text tokens, for the marker checks


@cache
def parser_config(docs_dir: Path | None) -> Any:
    """MyST's configuration of the project: the `myst_*` values of docs/conf.py over MyST's defaults, as
    myst_parser.sphinx_ext.main.create_myst_config reads them from Sphinx's configuration."""
    from myst_parser.config.main import MdParserConfig

    conf = docs_dir / "conf.py" if docs_dir else None
    if conf is None or not conf.is_file():
        return MdParserConfig()
    namespace = runpy.run_path(str(conf))  # as Sphinx runs it: conf.py is the project's, trusted code
    values = {
        f.name: namespace[f"myst_{f.name}"] for f in fields(MdParserConfig) if f"myst_{f.name}" in namespace
    }
    return MdParserConfig(**values)


def project_docs() -> Path | None:
    """The docs folder of the project found from here (as each message's parse asks: found once)."""
    return _project_docs(os.environ.get("BOOKLET_ROOT"), os.getcwd())


@cache
def _project_docs(_root_setting: str | None, _cwd: str) -> Path | None:
    docs = find_root() / "docs"
    return docs if (docs / "conf.py").is_file() else None


@cache
def _parser(docs_dir: Path | None) -> Any:
    from markdown_it.renderer import RendererHTML
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(parser_config(docs_dir), RendererHTML)


def parser(docs_dir: Path | None = None) -> Any:
    """The markdown-it parser the build's MyST uses for the project (default: the project found from here)."""
    return _parser(docs_dir if docs_dir is not None else project_docs())


def as_sphinx_parses(msgstr: str) -> str:
    """The msgstr as Sphinx hands it to the parser (sphinx.transforms.i18n.Locale drops a "# noqa" marker)."""
    return NOQA.sub("", msgstr)


_BLOCKS = {
    "paragraph": "paragraph",
    "bullet_list": "bullet list",
    "ordered_list": "numbered list",
    "list_item": "list item",
    "blockquote": "block quote",
    "table": "table",
    "thead": "table head",
    "tbody": "table body",
    "tr": "table row",
    "th": "table cell",
    "td": "table cell",
    "footnote_reference": "footnote definition",
    "footnote_block": "footnote list",
    "footnote": "footnote",
}
_INLINE = {"strong": "**strong**", "em": "*emphasis*", "s": "~~strikethrough~~"}
_LEAVES = {
    "hr": ("horizontal rule (---)", False),
    "myst_block_break": ("block break (+++)", False),
    "myst_line_comment": ("comment (%)", False),
    "hardbreak": ("line break", False),
    "front_matter": ("front matter (---)", True),
    "math_inline": ("math", True),
    "math_block": ("math", True),
}


def _q(text: str, limit: int = 60) -> str:
    text = text.replace("\n", "\\n")
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def _role_key(token: Any) -> str:
    name = str(token.meta.get("name", ""))
    content = token.content
    target = ROLE_TARGET.search(content)
    # `title <target>`: the title is text, the target is not; without a title the whole content is the target.
    return f"role {{{name}}}`{'… <' + target.group(1) + '>' if target else content}`"


def _leaf(token: Any) -> tuple[str, bool] | None:
    """A label for a token that is an element without children, or None for text."""
    kind = token.type
    if kind in ("text", "softbreak", "inline"):
        return None
    if kind == "code_inline":
        return f"code span {_q(token.content)}", False
    if kind == "myst_role":
        return _role_key(token), True
    if kind == "image":
        return f"image {_q(str(token.attrs.get('src', '')))}", True
    if kind == "footnote_ref":
        return f"footnote reference {_q(str(token.meta.get('label', '')))}", False
    if kind in ("html_inline", "html_block"):
        return f"raw HTML {_q(token.content.strip())}", True
    if kind in ("fence", "code_block"):
        info = token.info.strip()
        if info.startswith("{"):
            return f"directive {_q(info.split()[0])}", True
        return "code block", True
    if kind == "myst_target":
        return f"target ({token.content})=", False
    if kind == "heading":
        return f"heading {token.tag}", False
    if kind in _LEAVES:
        return _LEAVES[kind]
    return f"{kind.replace('_', ' ')}", True  # a token this model does not know: never assumed harmless


def _open_label(token: Any) -> tuple[str, bool]:
    base = token.type[: -len("_open")]
    if base == "link":
        return f"link to {_q(str(token.attrs.get('href', '')))}", True
    if base == "heading":
        return f"heading {token.tag}", False
    if base in _INLINE:
        return _INLINE[base], False
    if base in _BLOCKS:
        return _BLOCKS[base], False
    return base.replace("_", " "), True


def parse(
    text: str, docs_dir: Path | None = None, interned: dict[tuple[str, tuple[int, ...]], int] | None = None
) -> Parsed:
    """The element tree of `text`; subtrees equal up to sibling order get the same key in `interned`."""
    tokens = parser(docs_dir).parse(text, {})
    result = Parsed(Element("message", False))
    interned = {} if interned is None else interned
    stack = [result.root]

    def add(label: str, injected: bool) -> Element:
        element = Element(label, injected)
        stack[-1].children.append(element)
        result.elements[label] += 1
        if injected:
            result.injected.add(label)
        return element

    def close(element: Element) -> None:
        signature = (element.kind, tuple(sorted(child.key for child in element.children)))
        element.key = interned.setdefault(signature, len(interned) + 1)

    # One flat walk: block tokens, and each inline token's children in place of it.
    def walk() -> Any:
        for token in tokens:
            if token.type == "inline":
                yield from token.children or ()
            else:
                yield token

    for token in walk():
        if token.nesting == 1:
            stack.append(add(*_open_label(token)))
            result.depth = max(result.depth, len(stack) - 1)
        elif token.nesting == -1:
            if len(stack) > 1:
                close(stack.pop())
        elif token.type == "text":
            result.text.append(token.content)
            result.substitutions.update(SUBSTITUTION.findall(token.content))
            result.templates.update(TEMPLATE.findall(SUBSTITUTION.sub(" ", token.content)))
        else:
            label = _leaf(token)
            if label is not None:
                close(add(*label))
    while len(stack) > 1:  # markdown-it closes what it opens; a stray open element is closed here
        close(stack.pop())
    close(result.root)
    return result


def compare_parses(msgid: str, msgstr: str, docs_dir: Path | None = None) -> tuple[Parsed, Parsed, bool]:
    """Both parses (the msgstr as Sphinx parses it) and whether their trees are equal up to the order of
    siblings: the subtrees' ids come from one table, so equal ids are equal trees."""
    interned: dict[tuple[str, tuple[int, ...]], int] = {}
    source = parse(msgid, docs_dir, interned)
    target = parse(as_sphinx_parses(msgstr), docs_dir, interned)
    return source, target, source.root.key == target.root.key
