"""The search languages' folding on the index side (the browser side: test_search_browser.py)."""

from __future__ import annotations

from booklet.sphinxext.search import SearchAzerbaijani, SearchRussianYo, fold_az


def test_azerbaijani_folds_case_and_diacritics_as_one():
    assert fold_az("ŞƏHİDLƏR") == fold_az("şəhidlər") == fold_az("sehidler") == "sehidler"
    assert fold_az("İstiqlal") == fold_az("istiqlal") == "istiqlal"
    assert fold_az("IĞDIR") == fold_az("ığdır") == "igdir"  # I is ı in Azerbaijani, never i
    assert SearchAzerbaijani({}).stem("Azərbaycanın") == "azerbaycanin"


def test_russian_reads_yo_as_ye():
    lang = SearchRussianYo({})
    assert lang.stem("всё") == lang.stem("все")
    assert lang.stem("Молодёжь") == lang.stem("молодежь")
    assert 'replace(/ё/g, "е")' in SearchRussianYo.js_stemmer_code
