"""The `spelling` check: misspelt words of a translation, by Hunspell with the dictionaries Debian has
(hunspell-ru, hunspell-en-us; installed by `make setup`). A language without a dictionary (az: none exists
anywhere) is skipped with one note.

Only what a reader reads is checked: the text of the message as the build parses it (no code span, role,
link target, raw HTML or substitution). Not misspelt: a name of the glossary in any inflection, a word of
the project's word list for the language (`locales/<lang>/words.txt`, one word a line, matched with the
same inflection rule), a word the source message has (a name kept as it is), acronyms, words with digits.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from booklet.catalogs.reader import PoCatalog
from booklet.checks import glossary as glossary_mod
from booklet.checks.findings import Finding, q
from booklet.checks.interface import PLACEHOLDER
from booklet.checks.structure import SUBSTITUTION, parse
from booklet.languages import data as langdata

DICTIONARIES = {"ru": "ru_RU", "en": "en_US"}  # Debian's hunspell-ru and hunspell-en-us
DICTIONARY_DIR = Path("/usr/share/hunspell")
WORD_LIST = "words.txt"
URL = re.compile(r"\S+://\S+|\S+@\S+")  # an address shown as text (an autolink's) is not words


def dictionary(lang: str) -> str | None:
    """The Hunspell dictionary of `lang` installed here, or None."""
    name = DICTIONARIES.get(lang.split("_")[0])
    if name and shutil.which("hunspell") and (DICTIONARY_DIR / f"{name}.dic").is_file():
        return name
    return None


def skipped_note(lang: str) -> str:
    if lang.split("_")[0] in DICTIONARIES:
        return f"note: spelling: {lang} skipped: Hunspell or its dictionary is not installed (make setup)"
    return f"note: spelling: {lang} skipped: no spelling dictionary exists for it"


@cache
def word_list(locales: Path, lang: str) -> tuple[str, ...]:
    path = locales / lang / WORD_LIST
    if not path.is_file():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _reader_words(text: str) -> list[str]:
    prose = " ".join(parse(text).text)
    return glossary_mod.words(URL.sub(" ", PLACEHOLDER.sub(" ", SUBSTITUTION.sub(" ", prose))))


def _misspelt(name: str, lines: list[str]) -> list[set[str]]:
    """For each line, the words Hunspell does not know (its ispell pipe: one result block per line)."""
    feed = "".join("^" + line.replace("\n", " ") + "\n" for line in lines)
    out = subprocess.run(
        ["hunspell", "-a", "-i", "utf-8", "-d", str(DICTIONARY_DIR / name)],
        input=feed,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")[1:]  # the version banner
    result: list[set[str]] = [set() for _ in lines]
    index = 0
    for row in out:
        if index >= len(lines):
            break
        if not row:
            index += 1
        elif row[0] in "&#":
            result[index].add(row.split(" ")[1])
    return result


def check_spelling(
    path: str, catalog: PoCatalog, lang: str, terms: list[glossary_mod.Term], locales: Path
) -> list[Finding]:
    name = dictionary(lang)
    if name is None:
        return []
    language = langdata.get(lang)
    known = [
        langdata.lower(word, language)
        for term in terms
        for word in glossary_mod.words(term.forms.get(lang, ""))
    ] + [langdata.lower(word, language) for word in word_list(locales, lang)]
    entries = [e for e in catalog.entries if e.translated]
    texts = [" ".join(e.translations) for e in entries]
    found = []
    for entry, text, unknown in zip(entries, texts, _misspelt(name, texts), strict=True):
        source = {langdata.lower(w, language) for w in glossary_mod.words(entry.msgid)}
        for word in _reader_words(text):
            low = langdata.lower(word, language)
            if word not in unknown or word.isupper() or low in source:
                continue
            if any(glossary_mod.word_matches(low, form, language) for form in known):
                continue
            message = f"{q(word)} is not in the {name} dictionary (or add it to locales/{lang}/{WORD_LIST})"
            found.append(Finding(path, entry.msgstr_line, "warning", "spelling", message))
    return list(dict.fromkeys(found))
