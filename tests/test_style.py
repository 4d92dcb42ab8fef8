"""The house style (locales/style.md) where a rule can be read off the catalogs themselves."""

from __future__ import annotations

import re

import polib
import pytest

from booklet.checks import glossary as glossary_terms
from booklet.config import load
from booklet.languages import data as langdata
from helpers import ROOT

CFG = load(ROOT)
STYLE = CFG.locales_dir / "style.md"
SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|[«„“]|—\s+)$")


def msgstrs(lang: str) -> list[tuple[str, str]]:
    """(catalog name, translation) of every translated message of `lang`, plural forms included."""
    found = []
    for po in sorted(CFG.locales_dir.glob(f"{lang}/LC_MESSAGES/*.po")):
        for entry in polib.pofile(str(po)):
            for text in (entry.msgstr, *entry.msgstr_plural.values()):
                if text:
                    found.append((po.name, text))
    return found


def style_words(heading: str) -> list[str]:
    """The words in italics of the style sheet's bullet that starts with `heading`."""
    bullet = re.search(rf"^- \*\*{re.escape(heading)}.*?(?=^- |^#|\Z)", STYLE.read_text("utf-8"), re.M | re.S)
    assert bullet, heading
    return re.findall(r"\*([^*\s][^*]*)\*", bullet.group(0))


def test_yo_is_written_wherever_the_word_has_it():
    words = [w for w in style_words("ё is always written") if "ё" in w]
    assert len(words) >= 6 and "всё большее" in words
    for name, text in msgstrs("ru"):
        for word in words:
            plain = word.replace("ё", "е")
            assert not re.search(rf"(?<!\w){plain}(?!\w)", text), f"ru/{name}: {plain!r} for {word!r}"
    assert any("всё большее" in text for _, text in msgstrs("ru"))


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_glossary_capitals_are_kept_except_at_a_sentence_start(lang: str):
    # "общенациональный лидер" is lower case, "Президент" is capitalised: the glossary's form decides,
    # except that any word opens a sentence with a capital.
    rule = langdata.get(lang)
    terms = glossary_terms.load(CFG.locales_dir / "glossary.csv")
    checked = 0
    for name, text in msgstrs(lang):
        words = list(glossary_terms.WORD.finditer(text))
        # Each word's closest term: the longest one that covers it, then the one sharing most letters
        # with it (Şəhidlər xiyabanı over şəhid, азербайджанцы over Азербайджан).
        best: dict[int, tuple[tuple[int, int], str, bool]] = {}
        for term in terms:
            if any(ch.isdigit() for ch in term.forms[lang]):
                continue  # January 20: a name (20 Yanvar) or a calendar date (yanvarın 20-də), by use
            form = glossary_terms.words(term.forms[lang])
            for span in glossary_terms.spans(text, term.forms[lang], rule):
                for want, at in zip(form, span, strict=True):
                    have = words[at].group(0).casefold()
                    shared = next(
                        (k for k, (a, b) in enumerate(zip(have, want.casefold(), strict=False)) if a != b),
                        len(have),
                    )
                    key = (len(span), shared)
                    # A capitalised form binds only itself: a derived word (азербайджанец) is lower case.
                    if want[0].isupper() and have != want.casefold():
                        continue
                    if at not in best or key > best[at][0]:
                        best[at] = (key, term.forms[lang], want[0].isupper())
        for at, (_key, form, upper) in best.items():
            word = words[at]
            if SENTENCE_START.search(text[: word.start()]):
                continue
            checked += 1
            assert word.group(0)[0].isupper() == upper, f"{lang}/{name}: {word.group(0)!r} ({form!r})"
    assert checked > 20


def test_one_adverbial_dikce_per_clause_in_azerbaijani():
    adverb = re.compile(r"\w+(?:dıqca|dikcə|duqca|dükcə|dıqça|dikçə|tıqca|tikcə|tuqca|tükcə)\b")
    for name, text in msgstrs("az"):
        for clause in re.split(r"[,;.:!?]", text):
            assert len(adverb.findall(clause)) <= 1, f"az/{name}: {clause.strip()!r}"


def test_one_name_per_page_across_catalogs():
    # The colophon's heading (colophon.po) and the site's footer link (sphinx.po) name the same page.
    for lang in CFG.translations:
        names = set()
        for po in CFG.locales_dir.glob(f"{lang}/LC_MESSAGES/*.po"):
            names |= {e.msgstr for e in polib.pofile(str(po)) if e.msgid == "Colophon"}
        assert len(names) == 1, f"{lang}: {names}"
