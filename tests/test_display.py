"""Display lines broken by sense (booklet.languages.display), measured in the book face."""

from __future__ import annotations

import pytest

from booklet.languages.display import break_lines
from booklet.languages.typography import NBSP
from booklet.rendering.metrics import MM, width_in
from helpers import ROOT

FONT = ROOT / "docs" / "_static" / "fonts" / "NotoSerif-Regular.ttf"
WIDTH = width_in(FONT, 18)


def lines(text: str, lang: str, name: str = "", measure_mm: float = 112) -> list[str]:
    names = [(text.index(name), text.index(name) + len(name))] if name else []
    return [line.replace(NBSP, " ") for line in break_lines(text, lang, WIDTH, measure_mm * MM, names)]


def test_the_titles_break_at_phrases():
    assert lines(
        "20 Января — воплощение общенациональной скорби, а также несокрушимой воли азербайджанского народа",
        "ru",
        "азербайджанского народа",
    ) == [
        "20 Января — воплощение",
        "общенациональной скорби,",
        "а также несокрушимой воли",
        "азербайджанского народа",
    ]
    assert lines(
        "January 20 is the embodiment of national grief, as well as the invincible will of the Azerbaijani "
        "people",
        "en",
        "Azerbaijani people",
    ) == [
        "January 20 is the embodiment",
        "of national grief,",
        "as well as the invincible will",
        "of the Azerbaijani people",
    ]


@pytest.mark.parametrize("measure", [90, 100, 112, 140])
def test_no_lone_last_word_no_conjunction_at_a_line_end_and_every_line_fits(measure: float):
    text = "20 Yanvar milli kədərin, eləcə də Azərbaycan xalqının məğlubedilməz iradəsinin təcəssümüdür"
    got = lines(text, "az", "Azərbaycan xalqının", measure)
    assert " ".join(got) == text
    assert len(got[-1].split()) >= 2
    assert not any(line.endswith(("eləcə", "eləcə də", "və")) for line in got)
    assert not any(line.endswith("Azərbaycan") for line in got)  # a name is not broken
    assert all(WIDTH(line) <= measure * MM for line in got if " " in line)
