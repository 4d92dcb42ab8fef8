"""The az/ru catalogs themselves: complete, faithful in figures and script, glossary-consistent, credited."""

from __future__ import annotations

import csv
import re
import subprocess
import unicodedata
from collections import Counter
from datetime import datetime

import polib
import pytest
from babel.core import get_global
from babel.messages.plurals import get_plural

from booklet.catalogs.reader import PLACEHOLDERS
from booklet.checks import glossary as glossary_terms
from booklet.checks import run as checks
from booklet.config import load
from booklet.languages import data as langdata
from booklet.languages.typography import NBSP
from helpers import ROOT

CFG = load(ROOT)
GLOSSARY = CFG.locales_dir / "glossary.csv"
MARKUP = re.compile(r"\{\{.*?\}\}")  # MyST substitutions: copied from the msgid, not translated
ALL_CATALOGS = [
    (lang, po) for lang in CFG.translations for po in sorted(CFG.locales_dir.glob(f"{lang}/LC_MESSAGES/*.po"))
]
ALL_IDS = [f"{lang}/{po.name}" for lang, po in ALL_CATALOGS]
# The document catalogs (the text itself); sphinx.po is Sphinx's interface domain (theme strings: "PDF",
# plural forms, U+00A0 where the interface wants it), checked by tests/test_uicatalog.py.
CATALOGS = [(lang, po) for lang, po in ALL_CATALOGS if po.stem != "sphinx"]
IDS = [f"{lang}/{po.name}" for lang, po in CATALOGS]


def entries(po_path):
    return [e for e in polib.pofile(str(po_path), encoding="utf-8") if not e.obsolete]


def script_of(lang: str) -> str:
    """The language's usual script from CLDR's likely subtags (az -> Latn, ru -> Cyrl)."""
    subtags = get_global("likely_subtags").get(lang, "")
    return {"Latn": "LATIN", "Cyrl": "CYRILLIC"}[subtags.split("_")[1]]


def letters_not_in(text: str, script: str) -> list[str]:
    return [
        ch for ch in MARKUP.sub("", text) if ch.isalpha() and not unicodedata.name(ch, "").startswith(script)
    ]


def glossary():
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_language_has_catalogs_to_check():
    assert CATALOGS and {lang for lang, _ in CATALOGS} == set(CFG.translations)


@pytest.mark.parametrize(("lang", "po"), ALL_CATALOGS, ids=ALL_IDS)
def test_everything_translated_nothing_fuzzy(lang, po):
    items = entries(po)
    assert items
    assert [e.msgid for e in items if not e.translated() and not e.fuzzy] == []
    assert [e.msgid for e in items if e.fuzzy] == []
    proc = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == f"{len(items)} translated messages.", proc.stderr


@pytest.mark.parametrize(("lang", "po"), CATALOGS, ids=IDS)
def test_every_figure_kept_and_none_added(lang, po):
    for e in entries(po):
        assert Counter(re.findall(r"\d+", e.msgid)) == Counter(re.findall(r"\d+", e.msgstr)), e.msgid


@pytest.mark.parametrize(("lang", "po"), CATALOGS, ids=IDS)
def test_substitutions_copied_exactly(lang, po):
    for e in entries(po):
        assert sorted(MARKUP.findall(e.msgid)) == sorted(MARKUP.findall(e.msgstr)), e.msgid


@pytest.mark.parametrize(("lang", "po"), CATALOGS, ids=IDS)
def test_letters_are_in_the_language_script(lang, po):
    script = script_of(lang)
    for e in entries(po):
        assert letters_not_in(e.msgstr, script) == [], e.msgstr
        # the typical fault: a Latin look-alike inside a Cyrillic word, or the reverse
        mixed = [
            w
            for w in re.findall(r"\w+", e.msgstr)
            if len({unicodedata.name(c, "?").split()[0] for c in w if c.isalpha()}) > 1
        ]
        assert mixed == [], e.msgstr


@pytest.mark.parametrize(("lang", "po"), CATALOGS, ids=IDS)
def test_no_invisible_spacing_in_catalogs(lang, po):
    # U+00A0 is the build's job (languages.typography): catalogs hold ordinary spaces a PO editor shows
    for e in entries(po):
        assert NBSP not in e.msgstr and "  " not in e.msgstr and e.msgstr == e.msgstr.strip(), e.msgstr


@pytest.mark.parametrize(("lang", "po"), CATALOGS, ids=IDS)
def test_sentence_count_matches(lang, po):
    def count(text: str) -> int:
        text = re.sub(r"\b(Mr|Dr|Mrs)\.", r"\1", text)
        return len(re.findall(r"[.!?][”»“\"]*(?=\s|$)", text)) or 1

    for e in entries(po):
        # ru drops the full stop after an abbreviation's own (2026 г.), so only whole paragraphs count
        if e.msgid.count(".") > 1:
            assert count(e.msgid) == count(e.msgstr), e.msgid


def test_glossary_format():
    raw = GLOSSARY.read_bytes()
    raw.decode("utf-8")
    assert raw.splitlines()[0] == b"id,en,az,ru,forbidden,note"
    rows = glossary()
    assert rows and len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        for lang in ("en", *CFG.translations):
            cell = row[lang]
            assert cell.strip() == cell and cell and ";" not in cell and "/" not in cell, row
            assert NBSP not in cell
        for lang in CFG.translations:
            assert letters_not_in(row[lang], script_of(lang)) == [], row


@pytest.mark.parametrize(("lang", "po"), CATALOGS, ids=IDS)
def test_glossary_terms_are_used(lang, po):
    # The checker's own glossary rule (declension, suffixes), on the real catalog and the real glossary.
    terms = glossary_terms.load(GLOSSARY)
    found = checks.check_file(po, str(po), terms, CFG.source_language)
    assert [str(f) for f in found if f.check == "glossary"] == []
    source = langdata.get(CFG.source_language)
    met = [t for e in entries(po) for t in terms if glossary_terms.find(e.msgid, t.forms["en"], source)]
    assert met or po.name != "index.po"  # the text itself names glossary terms: the test is not vacuous


@pytest.mark.parametrize(
    ("lang", "text", "term", "expected"),
    [
        ("ru", "Гейдара Алиева", "Гейдар Алиев", True),
        ("ru", "над Шушой", "Шуша", True),
        ("az", "Şəhidlər xiyabanını", "Şəhidlər xiyabanı", True),
        ("ru", "Гейдар", "Гейдар Алиев", False),
        ("ru", "Армией", "Армения", False),
    ],
)
def test_term_match(lang, text, term, expected):
    assert glossary_terms.find(text, term, langdata.get(lang)) is expected


@pytest.mark.parametrize(("lang", "po"), CATALOGS, ids=IDS)
def test_header_complete(lang, po):
    catalog = polib.pofile(str(po), encoding="utf-8")
    meta = catalog.metadata
    assert meta["Language"] == lang
    assert meta["Plural-Forms"] == get_plural(lang).plural_forms
    for field in ("Last-Translator", "Language-Team", "PO-Revision-Date", "Project-Id-Version"):
        assert meta.get(field, "").strip(), field
    datetime.strptime(meta["PO-Revision-Date"], "%Y-%m-%d %H:%M%z")
    assert not catalog.metadata_is_fuzzy
    text = po.read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert [p for p in PLACEHOLDERS if p in header] == []
    assert "#, fuzzy" not in header


def test_plural_forms_are_the_expected_rules():
    assert get_plural("az").plural_forms == "nplurals=2; plural=(n != 1);"
    assert get_plural("ru").plural_forms.startswith("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 :")


def test_one_credit_per_language_across_its_catalogs():
    for lang in CFG.translations:
        names = {
            polib.pofile(str(po), encoding="utf-8").metadata["Last-Translator"]
            for po in CFG.locales_dir.glob(f"{lang}/LC_MESSAGES/*.po")
        }
        assert len(names) == 1, names
        (name,) = names
        assert letters_not_in(name, script_of(lang)) == []  # credited in the edition's own language
