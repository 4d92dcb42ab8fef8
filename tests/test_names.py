from __future__ import annotations

from booklet.languages.names import display_name, language_name


def test_display_name_in_running_text():
    assert display_name("az", "az") == "azərbaycan"
    assert display_name("ru", "ru") == "русский"
    assert display_name("az", "en") == "Azerbaijani"
    assert display_name("ru", "az") == "rus"


def test_language_name_is_a_capitalised_endonym_unless_configured():
    assert language_name("ru") == "Русский"
    assert language_name("az") == "Azərbaycan"
    assert language_name("az", {"az": "Azərbaycanca"}) == "Azərbaycanca"


def test_unknown_codes_fall_back_to_the_code():
    assert display_name("zz", "en") == "zz"
    assert language_name("zz") == "Zz"
