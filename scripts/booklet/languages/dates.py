"""A full date as each language writes it in running text.

CLDR's long format is right for most languages (en "December 2, 2026", ru "2 декабря 2026 г."), but
Azerbaijani running text gives the year its ordinal suffix, which CLDR's pattern lacks: "2026-cı il 2
dekabr", not "2 dekabr 2026". The suffix follows the vowel harmony of the number's last word read aloud
(1990 doxsan -> -cı, 2020 iyirmi -> -ci, 2023 üç -> -cü, 2009 doqquz -> -cu, 2000 min -> -ci).
"""

from __future__ import annotations

import datetime

from babel.dates import format_date

# The last word of an Azerbaijani number, read aloud: units, then tens, then the powers of ten.
_UNITS = {1: "bir", 2: "iki", 3: "üç", 4: "dörd", 5: "beş", 6: "altı", 7: "yeddi", 8: "səkkiz", 9: "doqquz"}
_TENS = {
    1: "on",
    2: "iyirmi",
    3: "otuz",
    4: "qırx",
    5: "əlli",
    6: "altmış",
    7: "yetmiş",
    8: "səksən",
    9: "doxsan",
}
_POWERS = ((10**9, "milyard"), (10**6, "milyon"), (1000, "min"), (100, "yüz"))
# The suffix's vowel after the word's last vowel (four-way harmony).
_HARMONY = {"a": "ı", "ı": "ı", "e": "i", "ə": "i", "i": "i", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}


def _last_word(number: int) -> str:
    if number % 10:
        return _UNITS[number % 10]
    if number % 100:
        return _TENS[number % 100 // 10]
    for power, word in _POWERS:
        if number % power == 0:
            return word
    return "yüz"  # not reached for a positive number: a multiple of 100 is caught above


def az_ordinal(number: int) -> str:
    """The written Azerbaijani ordinal: 1990 -> "1990-cı", 2020 -> "2020-ci", 3 -> "3-cü"."""
    if number <= 0:
        raise ValueError(f"no Azerbaijani ordinal for {number}")
    vowel = next(ch for ch in reversed(_last_word(number)) if ch in _HARMONY)
    return f"{number}-c{_HARMONY[vowel]}"


def running_date(day: datetime.date, lang: str) -> str:
    """`day` as a sentence of `lang` writes it in full."""
    base = lang.replace("-", "_").split("_")[0]
    if base == "az":
        return f"{az_ordinal(day.year)} il {format_date(day, 'd MMMM', locale='az')}"
    return format_date(day, "long", locale=lang.replace("-", "_"))
