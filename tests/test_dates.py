"""A full date as running text writes it (booklet.languages.dates): az takes its year suffix."""

from __future__ import annotations

import datetime

import pytest

from booklet.languages.dates import az_ordinal, running_date


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (1990, "1990-cı"),  # doxsan
        (2020, "2020-ci"),  # iyirmi
        (2023, "2023-cü"),  # üç
        (2009, "2009-cu"),  # doqquz
        (2026, "2026-cı"),  # altı
        (2000, "2000-ci"),  # min
        (1900, "1900-cü"),  # yüz
        (2010, "2010-cu"),  # on
        (1940, "1940-cı"),  # qırx
        (1000000, "1000000-cu"),  # milyon
    ],
)
def test_az_ordinal_follows_the_last_word_read_aloud(number, written):
    assert az_ordinal(number) == written


def test_running_dates():
    day = datetime.date(2026, 12, 2)
    assert running_date(day, "az") == "2026-cı il 2 dekabr"
    assert running_date(day, "ru") == "2 декабря 2026\u202fг."
    assert running_date(day, "en") == "December 2, 2026"
    with pytest.raises(ValueError):
        az_ordinal(0)
