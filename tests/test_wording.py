"""`unchanged`, `doubled-word` and `forbidden` (checks/wording.py): a catalog that triggers each, one that
does not."""

from __future__ import annotations

import pytest

from booklet.checks import glossary
from booklet.checks import run as checks
from booklet.checks.findings import Finding
from catalog_helpers import write_po

SRC = "As a result of this military intervention, 147 civilians were killed in Sumgayit."
RU = "В результате этой военной интервенции в Сумгайыте были убиты 147 мирных жителей."
AZ = "Bu hərbi müdaxilə nəticəsində Sumqayıtda 147 dinc sakin öldürülmüşdür."
GLOSSARY = """id,en,az,ru,forbidden,note
sumgayit,Sumgayit,Sumqayıt,Сумгайыт,ru:Сумгаит; az:Sumqayit,the city
martyr,martyr,şəhid,шехид,ru:шахид,
noto,Noto Serif,Noto Serif,Noto Serif,,a typeface: the same in every language
"""


def found(tmp_path, lang: str, pairs, check: str) -> list[Finding]:
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    terms = glossary.load(tmp_path / "glossary.csv")
    path = write_po(tmp_path, lang, pairs)
    return [f for f in checks.check_file(path, "x.po", terms) if f.check == check]


def test_a_faithful_catalog_triggers_none(tmp_path):
    for check in ("unchanged", "doubled-word", "forbidden"):
        assert found(tmp_path, "ru", [(SRC, RU)], check) == []
        assert found(tmp_path, "az", [(SRC, AZ)], check) == []


def test_the_source_left_unchanged_is_an_error(tmp_path):
    result = found(tmp_path, "ru", [(SRC, SRC)], "unchanged")
    assert [(f.line, f.severity) for f in result] == [(15, "error")]


@pytest.mark.parametrize("msgid", ["Noto Serif", "PDF", "{{ colophon_fonts }}", "1990", "`make`"])
def test_names_acronyms_figures_and_markup_may_stay_as_they_are(tmp_path, msgid):
    assert found(tmp_path, "ru", [(msgid, msgid)], "unchanged") == []


@pytest.mark.parametrize(
    ("lang", "text", "word"),
    [("ru", RU.replace("были", "были были"), "были"), ("az", AZ.replace("dinc", "dinc Dinc"), "Dinc")],
)
def test_a_doubled_word_is_a_warning(tmp_path, lang, text, word):
    result = found(tmp_path, lang, [(SRC, text)], "doubled-word")
    assert [f.severity for f in result] == ["warning"] and word in result[0].message


def test_a_repetition_the_source_has_or_punctuation_between_is_fine(tmp_path):
    assert found(tmp_path, "ru", [(SRC, RU.replace("были", "были, были"))], "doubled-word") == []
    source = "Very very sad: " + SRC
    assert found(tmp_path, "ru", [(source, "Очень очень грустно: " + RU)], "doubled-word") == []


@pytest.mark.parametrize(
    ("lang", "text", "form"),
    [
        ("ru", RU.replace("Сумгайыте", "Сумгаите"), "Сумгаит"),  # the form, declined
        ("ru", RU + " Память шахидов.", "шахид"),
        ("az", AZ.replace("Sumqayıtda", "Sumqayitda"), "Sumqayit"),
    ],
)
def test_a_rejected_form_is_an_error(tmp_path, lang, text, form):
    result = found(tmp_path, lang, [(SRC, text)], "forbidden")
    assert [f.severity for f in result] == ["error"] and form in result[0].message


def test_the_forbidden_column_is_read(tmp_path):
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    terms = {t.id: t for t in glossary.load(tmp_path / "glossary.csv")}
    assert terms["sumgayit"].forbidden == {"ru": ("Сумгаит",), "az": ("Sumqayit",)}
    assert "forbidden" not in terms["sumgayit"].forms
    (tmp_path / "bad.csv").write_text(GLOSSARY.replace("ru:шахид", "шахид"), encoding="utf-8")
    with pytest.raises(glossary.GlossaryError) as info:
        glossary.load(tmp_path / "bad.csv")
    assert info.value.line == 3 and "lang:form" in info.value.message
