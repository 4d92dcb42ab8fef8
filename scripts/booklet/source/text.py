"""Turn the plain source text (title line, then one paragraph a line) into the MyST document.

The English edition must be the source word for word, so the conversion only escapes what Markdown
would otherwise interpret; it never rewrites the words.
"""

from __future__ import annotations

import re
from pathlib import Path

# Characters that start or delimit Markdown/MyST syntax inline.
INLINE = re.compile(r"([\\`*_\[\]{}<>|$~])")
# Line starts that would turn a paragraph into a heading, list, quote, directive, table or rule.
_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s)|\d+(?=[.)]\s)|:::|```|%|=|\+\+\+)")


def escape_line(line: str) -> str:
    line = INLINE.sub(r"\\\1", line)
    match = _BLOCK_START.match(line)
    if match:
        lead, token = match.groups()
        if token.isdigit():
            # "1990. Text" would become an ordered list: escape the dot after the number.
            return lead + token + "\\" + line[match.end() :]
        line = lead + "\\" + line[len(lead) :]
    return line


def text_to_myst(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("the source text is empty")
    title, *paragraphs = lines
    out = ["# " + escape_line(title), ""]
    for paragraph in paragraphs:
        out += [escape_line(paragraph), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def import_text(source: Path, target: Path) -> bool:
    """Write the MyST document for `source` to `target`; return True when it changed."""
    content = text_to_myst(source.read_text(encoding="utf-8"))
    if target.is_file() and target.read_text(encoding="utf-8") == content:
        return False
    target.write_text(content, encoding="utf-8")
    return True
