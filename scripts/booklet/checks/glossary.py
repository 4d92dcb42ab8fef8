"""The glossary (locales/glossary.csv): one row per term, one canonical form per language column.

Matching is by a general rule per language (langdata), not a word list: a Russian form may change its
ending (Баку, Аллея -> Аллее, Алиев -> Алиева), an Azerbaijani form takes any suffix (Bakı -> Bakıda,
Azərbaycan -> Azərbaycanın), an English term may take a plural or possessive ending.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from booklet.languages import data as langdata
from booklet.languages.data import Language

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
REQUIRED = ("id",)
NOT_LANGUAGES = ("note", "forbidden")  # the columns that are not a language's forms


class GlossaryError(Exception):
    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Term:
    id: str
    forms: dict[str, str]  # language -> canonical form ("" when the language has none)
    line: int
    forbidden: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> rejected forms


def load(path: Path) -> list[Term]:
    """Read the CSV; a malformed file raises GlossaryError naming the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(path, 1, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(path, data.count(b"\n", 0, exc.start) + 1, "not valid UTF-8") from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise GlossaryError(path, 1, f"not valid CSV: {exc}") from exc
    if not rows:
        raise GlossaryError(path, 1, "empty glossary: expected a header such as id,en,az,ru,note")
    head = [h.strip() for h in rows[0]]
    if not head or head[0] != "id":
        raise GlossaryError(path, 1, "the first column must be `id`")
    languages = [h for h in head[1:] if h and h not in NOT_LANGUAGES]
    terms: list[Term] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(head):
            raise GlossaryError(path, number, f"{len(row)} cells where the header has {len(head)}")
        cells = dict(zip(head, (c.strip() for c in row), strict=True))
        forbidden = _forbidden(path, number, cells.get("forbidden", ""))
        terms.append(Term(cells["id"], {lang: cells[lang] for lang in languages}, number, forbidden))
    return terms


def _forbidden(path: Path, number: int, cell: str) -> dict[str, tuple[str, ...]]:
    """`ru:Сумгаит; az:Sumqayit`: forms a translation into that language must not use."""
    out: dict[str, list[str]] = {}
    for item in filter(None, (part.strip() for part in cell.split(";"))):
        lang, sep, form = item.partition(":")
        if not sep or not lang.strip() or not form.strip():
            raise GlossaryError(path, number, f"forbidden: {item!r} is not `lang:form` (e.g. ru:Сумгаит)")
        out.setdefault(lang.strip(), []).append(form.strip())
    return {lang: tuple(forms) for lang, forms in out.items()}


def words(text: str) -> list[str]:
    return WORD.findall(text)


@lru_cache(maxsize=65536)  # a catalog asks about the same few words for every term
def _word_matches(token: str, form: str, lang: Language | None) -> bool:
    """Is `token` an inflected form of the glossary word `form`? Both already lower-cased."""
    token = token.replace("’", "'")
    if token == form:
        return True
    rule = lang or langdata.Language("", "", ("", "", "", ""), frozenset())
    if rule.inflection == "agglutinative":
        stems = [form]
        stems += [form[: -len(a)] + b for a, b in rule.alternations if form.endswith(a)]
        return any(token.startswith(stem) and token[len(stem) :].lstrip("'").isalpha() for stem in stems)
    stem = form
    for _ in range(2):  # a declined word may lose up to two final vowels (Аллея -> Аллее, -ская -> -ской)
        if len(stem) > 3 and stem[-1] in rule.strip:
            stem = stem[:-1]
    if not token.startswith(stem):
        return False
    ending = token[len(stem) :]
    if rule.endings is not None:
        return ending in rule.endings or form.startswith(stem + ending)
    return len(ending) <= rule.max_ending and (not ending or ending.isalpha())


def spans(text: str, form: str, lang: Language | None) -> list[range]:
    """Where `text` has `form` (one or more words, each possibly inflected), as ranges of word positions."""
    want, have = _lowered(form, lang), _lowered(text, lang)
    if not want:
        return []
    # A match begins with the form's first letter (an alternation changes only a longer form's end).
    initials = {want[0][:1]} | {b[:1] for a, b in (lang.alternations if lang else ()) if a == want[0]}
    vocabulary = _by_initial(text, lang)
    heads = {
        token
        for initial in initials
        for token in vocabulary.get(initial, ())
        if _word_matches(token, want[0], lang)
    }
    return [
        range(start, start + len(want))
        for start, token in enumerate(have[: len(have) - len(want) + 1])
        if token in heads and all(_word_matches(have[start + i], want[i], lang) for i in range(1, len(want)))
    ]


@lru_cache(maxsize=1024)  # a text is asked about every term of the glossary
def _lowered(text: str, lang: Language | None) -> tuple[str, ...]:
    return tuple(langdata.lower(w, lang) for w in words(text))


@lru_cache(maxsize=1024)
def _by_initial(text: str, lang: Language | None) -> dict[str, frozenset[str]]:
    """The text's distinct (lower-cased) words by their first letter."""
    found: dict[str, set[str]] = {}
    for token in _lowered(text, lang):
        found.setdefault(token.replace("’", "'")[:1], set()).add(token)  # as _word_matches reads it
    return {initial: frozenset(tokens) for initial, tokens in found.items()}


def word_matches(token: str, form: str, lang: Language | None) -> bool:
    """Is the word `token` an inflected form of the one-word `form`? Both lower-cased."""
    return _word_matches(token, form, lang)


def find(text: str, form: str, lang: Language | None) -> bool:
    """Does `text` contain `form` (one or more words), each word possibly inflected?"""
    return bool(spans(text, form, lang))


@cache
def _terms(path: Path, _mtime: int) -> tuple[Term, ...]:
    return tuple(load(path))


def terms_for(root: Path) -> tuple[Term, ...]:
    """A project's glossary, read once for each version of the file (none: no terms)."""
    path = root / "locales" / "glossary.csv"
    return _terms(path, path.stat().st_mtime_ns) if path.is_file() else ()


def name_ranges(text: str, lang: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """Where `text` has a glossary name of `lang` (any inflection), as character ranges, longest first
    where two overlap."""
    rule = langdata.get(lang)
    words = list(WORD.finditer(text))
    found: list[tuple[int, int]] = []
    for term in terms:
        form = term.forms.get(lang, "")
        if not form:
            continue
        for span in spans(text, form, rule):
            found.append((words[span.start].start(), words[span.stop - 1].end()))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda r: (r[0], -(r[1] - r[0]))):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end))
    return kept
