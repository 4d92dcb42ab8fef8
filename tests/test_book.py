"""[tool.booklet.cover], [tool.booklet.colophon] and [tool.booklet.parallel]: what one booklet configures."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.config import ConfigError, load
from helpers import ROOT

BASE = '[tool.booklet]\nname = "x"\nsource-language = "en"\nlanguages = ["en", "az", "ru"]\n'


def write(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(BASE + extra, encoding="utf-8")
    return tmp_path


def test_this_booklet_configures_its_cover_colophon_and_order():
    book = load(ROOT).book
    assert book.date == "1990-01-20" and book.emblem == "carnation.svg"
    assert book.order == ("az", "en", "ru")
    for lang in ("en", "az", "ru"):
        assert book.colophon_text("publisher", lang) and book.colophon_text("rights", lang)
    assert book.colophon_text("publisher", "az") != book.colophon_text("publisher", "en")


def test_nothing_configured_is_nothing_shown(tmp_path: Path):
    book = load(write(tmp_path, "")).book
    assert (book.date, book.emblem, book.colophon_text("publisher", "en")) == ("", "", "")
    assert book.order == ("en", "az", "ru")


def test_a_text_for_every_language_and_the_source_language_for_one_just_added(tmp_path: Path):
    book = load(
        write(tmp_path, '[tool.booklet.colophon]\nrights = "CC0"\npublisher = { en = "P", az = "N" }\n')
    ).book
    assert [book.colophon_text("rights", lang) for lang in ("en", "az", "ru")] == ["CC0"] * 3
    assert [book.colophon_text("publisher", lang) for lang in ("en", "az", "ru")] == ["P", "N", "P"]
    order = load(write(tmp_path, '[tool.booklet.parallel]\norder = ["ru"]\n')).book.order
    assert order == ("ru", "en", "az")  # the languages it does not name follow


def test_a_text_for_a_language_no_longer_configured_is_kept_unused(tmp_path: Path):
    book = load(write(tmp_path, '[tool.booklet.colophon]\npublisher = { de = "V", en = "P" }\n')).book
    assert [book.colophon_text("publisher", lang) for lang in ("en", "az", "de")] == ["P", "P", ""]
    assert load(write(tmp_path, '[tool.booklet.parallel]\norder = ["de", "ru"]\n')).book.order == (
        "ru",
        "en",
        "az",
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[tool.booklet.cover]\ndate = "20.01.1990"\n', r"cover\] date '20.01.1990' is not a date"),
        ('[tool.booklet.cover]\nemblem = "/etc/passwd"\n', r"emblem '/etc/passwd' must be an image"),
        ('[tool.booklet.cover]\nemblem = "docs/_static/none.svg"\n', "does not exist"),
        ('[tool.booklet.cover]\ncolour = "red"\n', "unknown key 'colour'"),
        ('[tool.booklet.colophon]\npublisher = { az = "N" }\n', "no text in the source language"),
        ("[tool.booklet.colophon]\npublisher = 3\n", "must be a text or a table"),
        ('[tool.booklet.parallel]\norder = ["az", "az"]\n', "order must list configured languages once"),
    ],
)
def test_bad_settings_are_clear_errors_naming_the_file(tmp_path: Path, extra: str, message: str):
    with pytest.raises(ConfigError, match=r"pyproject\.toml: .*" + message):
        load(write(tmp_path, extra))
