"""Display capitals by the language's rules (booklet.languages.casing)."""

from __future__ import annotations

from booklet.languages.casing import display_caps, upper


def test_an_abbreviation_keeps_its_case():
    assert display_caps("20 января 1990\u202fг.", "ru") == "20 ЯНВАРЯ 1990\u202fг."
    assert display_caps("в 1990 г. и в 1991 гг.", "ru") == "В 1990 г. И В 1991 гг."


def test_azerbaijani_keeps_dotted_and_dotless_i_apart():
    assert upper("istiqlal şəhidlər ılıq", "az") == "İSTİQLAL ŞƏHİDLƏR ILIQ"
    assert display_caps("20 yanvar 1990", "az") == "20 YANVAR 1990"
    assert upper("istiqlal", "en") == "ISTIQLAL"
