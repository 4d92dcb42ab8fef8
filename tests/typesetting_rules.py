"""The book designer's rules of line and page breaking, read off a PDF's lines (pdflines.py).

Each function returns the breaches as readable strings ("p. 6: ..."), so a failing test says where.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from pathlib import Path

from booklet.checks import glossary
from booklet.languages import data as langdata
from booklet.languages.typography import NBSP, rules_for
from pdflines import HYPHEN, Line, page_lines

TEXT_ROLES = {"/P", "/LI", "/LBody", "/BlockQuote", "/Note", "/Div"}
HEADINGS = {"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}
WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\w-]*")


def body(pages: list[list[Line]]) -> list[list[Line]]:
    """The lines of the text (paragraphs, list items, notes), without headings, cover and furniture."""
    return [[ln for ln in page if ln.role in TEXT_ROLES] for page in pages]


def blocks(pages: list[list[Line]]) -> dict[int, list[Line]]:
    found: dict[int, list[Line]] = {}
    for page in pages:
        for line in page:
            if line.block is not None:
                found.setdefault(line.block, []).append(line)
    return found


def orphaned_tails(pages: list[list[Line]]) -> list[str]:
    """Pages whose text is only the end of a paragraph begun on an earlier page."""
    seen: set[int] = set()
    out = []
    for page in body(pages):
        here = {ln.block for ln in page}
        if len(here) == 1 and page[0].block in seen:
            out.append(
                f"p. {page[0].page}: only the last {len(page)} line(s) of a paragraph: {page[-1].text!r}"
            )
        seen |= here
    return out


def hyphenation(pages: list[list[Line]], terms: Iterable[glossary.Term] = ()) -> list[str]:
    """Three hyphens in a row, a hyphenated page end, a paragraph's last word or a name hyphenated."""
    out = []
    text_pages = body(pages)
    for page in text_pages:
        if page and page[-1].hyphenated:
            out.append(f"p. {page[-1].page}: the page's last line is hyphenated: {page[-1].text!r}")
    terms = list(terms)
    for lines in blocks(text_pages).values():
        run = 0
        text, breaks = "", []  # the block's text, and where each hyphenated word starts in it
        for i, line in enumerate(lines):
            run = run + 1 if line.hyphenated else 0
            if run > 2:
                out.append(f"p. {line.page}: a third hyphenated line in a row: {line.text!r}")
            piece = line.text.removesuffix(HYPHEN) if line.hyphenated else line.text + " "
            if line.hyphenated:
                breaks.append((len(text) + piece.rfind(" ") + 1, line))
            text += piece
            if line.hyphenated and i + 2 == len(lines) and len(lines[i + 1].text.split(" ")) == 1:
                out.append(f"p. {line.page}: the paragraph's last word is hyphenated: {line.text!r}")
        lang = lines[0].lang.split("-")[0]
        rule = langdata.get(lang)
        words = list(glossary.WORD.finditer(text))
        named: list[tuple[int, int]] = []
        for term in terms:
            for span in glossary.spans(text, term.forms.get(lang, ""), rule) if term.forms.get(lang) else []:
                named.append((words[span.start].start(), words[span.stop - 1].end()))
        for at, line in breaks:
            if any(start <= at < end for start, end in named):
                out.append(f"p. {line.page}: a glossary name is hyphenated: {line.text!r}")
    return out


def ties(lines: list[Line]) -> list[str]:
    """Line breaks where the language's no-break rules (typography.toml) tie the words."""
    out = []
    for line, following in itertools.pairwise(lines):
        if line.hyphenated or not line.text or not following.text:
            continue
        rules = rules_for(line.lang.split("-")[0])
        if rules is None:
            continue
        last, first = line.text.split(" ")[-1].split(NBSP)[-1], following.text.split(" ")[0].split(NBSP)[0]
        if NBSP in rules.apply(f"{last} {first}"):
            out.append(f"p. {line.page}: a break the language ties: {last!r} | {first!r}")
    return out


def display_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """The display blocks: the cover's title and every first-level heading."""
    found = blocks([pages[0]] + [[ln for ln in page if ln.role == "/H1"] for page in pages[1:]])
    return [lines for lines in found.values() if len(lines) > 0]


def display(pages: list[list[Line]]) -> list[str]:
    """A display line block with a lone last word, or broken where the language ties words."""
    out = []
    for lines in display_lines(pages):
        if len(lines) > 1 and len(re.split(f"[ {NBSP}]", lines[-1].text)) < 2:
            out.append(f"p. {lines[-1].page}: a display line's last line is one word: {lines[-1].text!r}")
        out.extend(ties(lines))
    return out


def all_breaches(path: Path, terms: Iterable[glossary.Term] = ()) -> list[str]:
    pages = page_lines(path)
    text_blocks = blocks(body(pages))
    out = orphaned_tails(pages) + hyphenation(pages, list(terms)) + display(pages)
    for lines in text_blocks.values():
        out.extend(ties(lines))
    return out


def hyphenated_share(path: Path) -> float:
    lines = [ln for page in body(page_lines(path)) for ln in page]
    return sum(ln.hyphenated for ln in lines) / max(1, len(lines))
