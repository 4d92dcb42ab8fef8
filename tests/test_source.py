from __future__ import annotations

import pytest

from booklet.source.text import escape_line, text_to_myst
from helpers import ROOT, SOURCE_TEXT


def test_docs_index_is_the_source_text_word_for_word():
    expected = text_to_myst(SOURCE_TEXT.read_text(encoding="utf-8"))
    assert (ROOT / "docs" / "index.md").read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("1990. The year", "1990\\. The year"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("> not a quote", "\\> not a quote"),
        ("a *b* [c](d) <e> `f`", "a \\*b\\* \\[c\\](d) \\<e\\> \\`f\\`"),
        ("January 19-20, 1990", "January 19-20, 1990"),
    ],
)
def test_escape_line_keeps_words_and_disarms_markup(line, escaped):
    assert escape_line(line) == escaped


def test_empty_text_is_an_error():
    with pytest.raises(ValueError):
        text_to_myst("\n\n")
