"""The `limits` check: pathological input is refused before any parser sees it.

What was measured (markdown-it-py 4.3, myst-parser 5.2, docutils 0.22, WeasyPrint 70, tests/test_limits.py
counts the work): footnote openers `[^` cost markdown-it time proportional to their number times the
message's length (16 kB of them: 17 s to parse); emphasis nested a few hundred deep (`**a **a … **`) parses
fine but raises RecursionError in docutils' and Sphinx's tree walks; a very long word or a long run of one
punctuation character is where regular expressions backtrack. A translation differs from its source in text
only, so its limits come from the source message: a word, a run, a length or a number of footnote openers
far beyond the msgid's is refused at the msgstr's line, and nothing else reads that text. The msgid itself
(a catalog can hold entries the source never had) is held to absolute limits no real message reaches.
"""

from __future__ import annotations

import re

from booklet.catalogs.reader import Entry
from booklet.checks.findings import Context, Finding, q

MAX_CHARS = 64 * 1024  # any message: a long paragraph is a few kB
MAX_WORD = 2000  # any message's longest run without a space (a long URL)
MAX_RUN = 64  # any message's longest run of one punctuation character
MAX_FOOTNOTES = 32  # `[^` openers in any message
MAX_DEPTH = 20  # elements nested in elements (markdown-it's own block nesting limit); see checks/markup.py

RUN = re.compile(r"([^\w\s])\1*")
FOOTNOTE = "[^"


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _runs(text: str) -> dict[str, int]:
    longest: dict[str, int] = {}
    for match in RUN.finditer(text):
        ch, size = match.group(1), match.end() - match.start()
        if size > longest.get(ch, 0):
            longest[ch] = size
    return longest


def absolute_problem(text: str) -> str | None:
    """Why no message may be `text` (msgid or msgstr), or None."""
    if len(text) > MAX_CHARS:
        return f"a message of {len(text)} characters, over the limit of {MAX_CHARS}"
    word = _longest_word(text)
    if word > MAX_WORD:
        return f"a word of {word} characters, over the limit of {MAX_WORD}"
    for ch, size in _runs(text).items():
        if size > MAX_RUN:
            return f"a run of {size} {q(ch)}, over the limit of {MAX_RUN}"
    footnotes = text.count(FOOTNOTE)
    if footnotes > MAX_FOOTNOTES:
        return f"{footnotes} footnote openers {q(FOOTNOTE)}, over the limit of {MAX_FOOTNOTES}"
    return None


def relative_problem(msgid: str, msgstr: str) -> str | None:
    """Why `msgstr` is too far from what its source message allows, or None."""
    length = 3 * len(msgid) + 200
    if len(msgstr) > length:
        return f"the translation has {len(msgstr)} characters, the source {len(msgid)} (limit {length})"
    source_word = _longest_word(msgid)
    word = _longest_word(msgstr)
    if word > max(3 * source_word, 60):
        return (
            f"a word of {word} characters where the source's longest has {source_word} "
            f"(limit {max(3 * source_word, 60)})"
        )
    source_runs = _runs(msgid)
    for ch, size in _runs(msgstr).items():
        allowed = max(source_runs.get(ch, 0), 3)
        if size > allowed:
            have = source_runs.get(ch, 0)
            return f"a run of {size} {q(ch)} where the source has at most {have} (limit {allowed})"
    footnotes, allowed = msgstr.count(FOOTNOTE), msgid.count(FOOTNOTE) + 2
    if footnotes > allowed:
        have = msgid.count(FOOTNOTE)
        return f"{footnotes} footnote openers {q(FOOTNOTE)}, the source has {have} (limit {allowed})"
    return None


def check_limits(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    """Refuse `text` (a translation of `entry`) before any other check or parser reads it."""
    problem = absolute_problem(entry.msgid)
    if problem:
        return [ctx.error(entry.line, "limits", f"the source message: {problem}: not read further")]
    problem = absolute_problem(text) or relative_problem(entry.msgid, text)
    if problem:
        return [ctx.error(entry.msgstr_line, "limits", f"{problem}: not read further (pathological input)")]
    return []
