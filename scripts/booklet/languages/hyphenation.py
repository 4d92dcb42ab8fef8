"""Azerbaijani hyphenation: the project's own rules, turned into libhyphen patterns that pyphen reads.

pyphen (and so WeasyPrint) has no Azerbaijani dictionary. Azerbaijani syllabification is regular: every
syllable has one vowel and starts with at most one consonant, the one right before its vowel. So a break goes
before a consonant followed by a vowel (V-CV, VC-CV, VCC-CV) and between two vowels (V-V); never next to an
apostrophe, never leaving a one-letter fragment at either end. The same rules give `hyphenate()` (pure Python,
used by the tests and as the reference) and the pattern file that WeasyPrint uses through pyphen.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

VOWELS = "aıoueəiöü"
CONSONANTS = "bcçdfgğhxjkqlmnprsştvyz"
APOSTROPHES = "'’ʼ"
LANG = "az"


def _lower(word: str) -> str:
    # Azerbaijani casing (I -> ı, İ -> i) keeps one character per letter, so positions stay aligned.
    return word.replace("I", "ı").replace("İ", "i").lower()


def break_points(word: str, left: int = 2, right: int = 2) -> list[int]:
    """Indexes in `word` where a hyphen may go (a break before word[i])."""
    low = _lower(word)
    points = []
    for i in range(1, len(low)):
        prev, cur, nxt = low[i - 1], low[i], low[i + 1] if i + 1 < len(low) else ""
        if prev in APOSTROPHES or cur in APOSTROPHES:
            continue
        if (cur in CONSONANTS and nxt in VOWELS and (prev in VOWELS or prev in CONSONANTS)) or (
            cur in VOWELS and prev in VOWELS
        ):
            points.append(i)
    return [i for i in points if i >= left and len(word) - i >= right]


def hyphenate(word: str, hyphen: str = "-") -> str:
    """The word with `hyphen` at every break point: hyphenate("Azərbaycan") == "Azər-bay-can"."""
    out, last = [], 0
    for i in break_points(word):
        out.append(word[last:i])
        last = i
    out.append(word[last:])
    return hyphen.join(out)


def patterns() -> list[str]:
    """Liang patterns equivalent to `break_points`: odd digits allow a break, higher even digits forbid it."""
    letters = VOWELS + CONSONANTS
    lines = [f"1{c}{v}" for c in CONSONANTS for v in VOWELS]  # a break before the consonant of CV ...
    lines += [f"{p}2{c}{v}" for p in "." for c in CONSONANTS for v in VOWELS]  # ... but not at the word start
    lines += [f"{a}1{b}" for a in VOWELS for b in VOWELS]  # V-V
    for mark in APOSTROPHES:  # never next to an apostrophe (4 beats the 1 of any pattern above)
        lines += [f"4{mark}4"]
        lines += [f"{mark}4{c}{v}" for c in CONSONANTS for v in VOWELS]
        lines += [f"{x}4{mark}" for x in letters]
    return lines


def dictionary_text() -> str:
    return "UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 2\n" + "\n".join(patterns()) + "\n"


def write_dictionary(cache_dir: Path) -> Path:
    """Write hyph_az.dic into `cache_dir` (named by content, so a stale file is never reused)."""
    text = dictionary_text()
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    path = cache_dir / f"hyph_{LANG}_{digest}.dic"
    if not path.is_file():  # language workers run in parallel: write atomically, under a private temp name
        from booklet.release.atomic import write_atomic

        write_atomic(path, text.encode("utf-8"))
    return path


def register(cache_dir: Path) -> Path:
    """Make pyphen (and so WeasyPrint's `hyphens: auto`) know `az`, in the calling (rendering) process."""
    import pyphen

    class AzerbaijaniPatterns(pyphen.HyphDict):
        # str.lower() turns İ into two characters (i + combining dot), which would shift every break after
        # it by one; Azerbaijani lower-casing keeps the positions aligned with the word WeasyPrint passes.
        def positions(self, word: str) -> list:
            return super().positions(_lower(word))

    path = write_dictionary(cache_dir)
    pyphen.LANGUAGES[LANG] = path
    pyphen.LANGUAGES_LOWERCASE[LANG] = LANG
    pyphen.hdcache[path] = AzerbaijaniPatterns(path)  # Pyphen(lang="az") takes the cached patterns
    return path
