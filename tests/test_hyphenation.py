"""The project's Azerbaijani hyphenation: the rules on a word list, and the patterns pyphen reads agree."""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest

from booklet.languages.hyphenation import break_points, hyphenate, register

WORDS = Path(__file__).parent / "data" / "az-hyphenation.txt"
EXPECTED = [
    line.strip() for line in WORDS.read_text(encoding="utf-8").splitlines() if line.strip() and line[0] != "#"
]


@pytest.mark.parametrize("expected", EXPECTED)
def test_rules_hyphenate_the_word_list(expected: str):
    assert hyphenate(expected.replace("-", "")) == expected


@pytest.mark.parametrize("expected", EXPECTED)
def test_registered_patterns_agree_with_the_rules(tmp_path: Path, expected: str):
    register(tmp_path)
    dictionary = pyphen.Pyphen(lang="az", left=2, right=2)
    assert dictionary.inserted(expected.replace("-", "")) == expected


def test_no_one_letter_fragment_and_no_break_at_an_apostrophe():
    for word in ("Əbədi", "ulu", "faciə", "Bakı’nın", "a’b"):
        for i in break_points(word):
            assert 2 <= i <= len(word) - 2
            assert word[i - 1] not in "'’" and word[i] not in "'’"


def test_registration_is_what_weasyprint_looks_up(tmp_path: Path):
    register(tmp_path)
    assert pyphen.language_fallback("az") == "az"
    assert pyphen.language_fallback("az-Latn-AZ") == "az"
