"""Display lines (a cover title, a title page's heading) broken by sense, not by the measure alone.

A display line is read as a phrase: a line ends at a comma, a colon or a dash where it can, or before a word
that opens a phrase (typography.toml: display-break-before, the conjunctions); never after an article or a
preposition (display-no-break-after); never inside what the
language ties (U+00A0: "а также", "January 20"), never inside a name of the glossary, and the last line
is never a lone word ("people", "народа"). Among the breakings that fit the measure, the one with the least
raggedness (squared slack) plus those penalties wins, found by dynamic programming over the words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from booklet.languages.typography import NBSP, rules_for

GOOD_END = re.compile(r"[,;:—–]$")
# Penalties in units of the squared measure: a break that is not at a phrase boundary costs a little, a
# lone last word (when it can be avoided) a lot, a break inside a phrase or an overfull line more still
# (chosen only where the measure leaves nothing else).
PLAIN_BREAK = 1.0
LONE_LAST_WORD = 10.0
FORBIDDEN = 100.0
OVERFULL = 1000.0
TRAILING = "".join(",;:.!?—–»”)")


def units(text: str, names: Iterable[tuple[int, int]] = ()) -> list[str]:
    """The words of `text` a line may break between: spaces inside a tie (U+00A0) or a name (character
    ranges in `names`) do not separate."""
    protected = bytearray(len(text))
    for start, end in names:
        for i in range(start, min(end, len(text))):
            protected[i] = 1
    out: list[str] = []
    current: list[str] = []
    for i, ch in enumerate(text):
        if ch in " \t\n" and not protected[i]:
            if current:
                out.append("".join(current))
                current = []
        else:
            current.append(" " if ch in "\t\n" else ch)
    if current:
        out.append("".join(current))
    return out


def break_lines(
    text: str, lang: str, width: Callable[[str], float], measure: float, names: Iterable[tuple[int, int]] = ()
) -> list[str]:
    """`text` as lines no wider than `measure` (as `width` measures a string), broken by sense."""
    rules = rules_for(lang)
    if rules is not None:
        text = rules.apply(text)
    words = units(text, names)
    if len(words) <= 1:
        return words
    openers = rules.break_before if rules is not None else frozenset()
    good, inside = _phrase_breaks(words, openers)
    closers = rules.no_break_after if rules is not None else frozenset()
    inside |= {j + 1 for j, w in enumerate(words) if w.split(NBSP)[-1].casefold().strip(TRAILING) in closers}
    good |= _name_edges(text, words, names)
    space = width(" ")
    sizes = [width(w) for w in words]
    n = len(words)
    best: list[float] = [0.0] + [float("inf")] * n  # best[j]: cost of setting words[:j]
    choice = [0] * (n + 1)
    for j in range(1, n + 1):
        line = -space
        for i in range(j - 1, -1, -1):  # the line words[i:j]
            line += sizes[i] + space
            if line > measure and i < j - 1:
                break  # wider than the measure (a single word wider still makes a line of its own)
            cost = best[i] + ((measure - line) / measure) ** 2 if line <= measure else best[i] + OVERFULL
            if j < n:
                if j in inside:
                    cost += FORBIDDEN  # kept for a measure too narrow for the phrase, else never chosen
                elif not (GOOD_END.search(words[j - 1]) or j in good):
                    cost += PLAIN_BREAK
            elif i == j - 1 and len(re.split(rf"[ {NBSP}]", words[i])) < 2:
                cost += LONE_LAST_WORD
            if cost < best[j]:
                best[j], choice[j] = cost, i
    lines, j = [], n
    while j > 0:
        lines.append(" ".join(words[choice[j] : j]))
        j = choice[j]
    return lines[::-1]


def _phrase_breaks(words: list[str], openers: frozenset[str]) -> tuple[set[int], set[int]]:
    """Breaks before an opener phrase ("and", "as well as", "eləcə də") are good; breaks inside one are
    not allowed. A break `j` is the one before words[j]."""
    plain = [w.casefold().strip(TRAILING) for w in words]
    good: set[int] = set()
    inside: set[int] = set()
    for phrase in openers:
        parts = phrase.split()
        for j in range(len(words) - len(parts) + 1):
            # a tied phrase (U+00A0) is one word here: compare its parts too
            joined = " ".join(plain[j : j + len(parts)]).replace(NBSP, " ")
            if joined == phrase or (joined.startswith(phrase + " ") and len(parts) == 1):
                good.add(j)
                # nor right after it: a line does not end with its conjunction ("eləcə də", "and")
                inside.update(range(j + 1, j + len(parts) + 1))
    return good - inside, inside


def _name_edges(text: str, words: list[str], names: Iterable[tuple[int, int]]) -> set[int]:
    """Breaks just before or after a name: a name is a phrase of its own."""
    starts, ends = set(), set()
    for start, end in names:
        starts.add(start)
        ends.add(end)
    edges: set[int] = set()
    position = 0
    for j, word in enumerate(words):
        at = text.find(word.split(" ")[0], position)
        if at in starts and j:
            edges.add(j)
        position = at + len(word) if at >= 0 else position
        # a word ending where a name ends, maybe followed by punctuation the word carries
        stripped = position - (len(word) - len(word.rstrip(TRAILING)))
        if (stripped in ends or position in ends) and j + 1 < len(words):
            edges.add(j + 1)
    return edges
