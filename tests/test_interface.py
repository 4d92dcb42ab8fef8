"""The `interface` check (checks/interface.py): sphinx.po's translations are plain text with the msgid's
placeholders. Sphinx's templates insert some of them unescaped (shown below with the check bypassed); a real
build with the check stops the language and publishes nothing of the payload."""

from __future__ import annotations

import subprocess
import sys

import pytest

from booklet.catalogs.reader import Entry
from booklet.checks.findings import Context
from booklet.checks.interface import check_interface
from booklet.config import load
from booklet.languages import data as langdata
from helpers import NS, parse_html
from project import build, copy_project

CTX = Context("locales/ru/LC_MESSAGES/sphinx.po", "ru", langdata.get("ru"), langdata.get("en"))
IMG = '<img src=x onerror="alert(1)">'
ATTR = 'Поиск" onfocus="alert(1)" autofocus x="'


def found(msgid: str, msgstr: str, plural: str | None = None) -> list[str]:
    entry = Entry(msgid, msgstr, 1, 2, msgid_plural=plural, plurals={0: msgstr} if plural else {})
    return [f.message for f in check_interface(CTX, entry, msgstr)]


def test_plain_translations_pass():
    assert found("Search", "Поиск") == []
    assert found("Search", "«Поиск»") == []
    assert found("Permalink to this heading", "Постоянная ссылка на заголовок") == []
    assert found("%(filename)s &#8212; %(docstitle)s", "%(docstitle)s &#8212; %(filename)s") == []
    assert (
        found(
            '<a href="%(path)s">Copyright</a> %(copyright)s.',
            '<a href="%(path)s">Авторское право</a> %(copyright)s.',
        )
        == []
    )


@pytest.mark.parametrize(
    "msgstr, expect",
    [
        (IMG, 'HTML “<img src=x onerror="alert(1)">”'),
        (ATTR, '“"” the source does not have'),
        ("Поиск'", "“'” the source does not have"),
        ("Поиск & co", "“&” the source does not have"),
        ("Поиск &lt;b&gt;", "HTML “&lt;”"),
        ("Поиск >", "“>”"),
        ("Поиск %(path)s", "placeholder “%(path)s” the source does not have"),
        ("Поиск {0}", "placeholder “{0}”"),
    ],
)
def test_markup_quotes_and_new_placeholders_are_errors(msgstr, expect):
    messages = found("Search", msgstr)
    assert any(expect in m for m in messages), messages


def test_tags_must_be_the_msgids_exactly():
    msgid = '<a href="%(path)s">Copyright</a> %(copyright)s.'
    swapped = '<a href="%(path)s" onclick="x">Авторское право</a> %(copyright)s.'
    assert any("onclick" in m for m in found(msgid, swapped))
    assert any(
        "placeholder “%(copyright)s” of the source is missing" in m
        for m in found(msgid, '<a href="%(path)s">x</a>')
    )


def test_plural_forms_may_leave_the_number_out_but_add_nothing():
    one, many = "found one page", "found ${resultCount} pages"
    assert found(one, "найдена одна страница", many) == []
    assert found(one, "найдена ${resultCount} страница", many) == []
    assert found(one, "найдено ${count} страниц", many)


def test_only_the_interface_catalog_is_held_to_plain_text():
    ctx = Context("locales/ru/LC_MESSAGES/index.po", "ru", langdata.get("ru"), langdata.get("en"))
    assert check_interface(ctx, Entry("Search", IMG, 1, 2), IMG) == []  # that is the markup check's


def _set_search(root, text: str) -> int:
    po = root / "locales/ru/LC_MESSAGES/sphinx.po"
    body = po.read_text(encoding="utf-8")
    old = 'msgid "Search"\nmsgstr "Поиск"\n'
    assert old in body
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    po.write_text(body.replace(old, f'msgid "Search"\nmsgstr "{escaped}"\n'), encoding="utf-8")
    return body[: body.index(old)].count("\n") + 2


UNCHECKED = """
import sys
from pathlib import Path
from booklet.catalogs.compile import compile_language
from booklet.catalogs.reader import read_catalog
from booklet.config import load
from booklet.engine.sphinxjob import run_sphinx
cfg = load(Path(sys.argv[1]))
pos = sorted((cfg.locales_dir / "ru" / "LC_MESSAGES").glob("*.po"))
compile_language("ru", {po: read_catalog(po) for po in pos}, cfg.locale_dir("ru"))
run_sphinx(cfg, "ru", "html", Path(sys.argv[2]))
"""


@pytest.mark.parametrize("payload", [IMG, ATTR])
def test_a_translated_search_never_reaches_the_site(tmp_path, payload):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    line = _set_search(root, payload)
    # Bypassing the preflight (the catalog compiled unchecked): Sphinx's templates publish the payload as
    # markup, in the search page's heading and in an attribute of every page.
    unchecked = tmp_path / "unchecked"
    subprocess.run(
        [sys.executable, "-c", UNCHECKED, str(root), str(unchecked)], check=True, capture_output=True
    )
    search = parse_html(unchecked / "search.html")
    if payload == IMG:
        assert [el for el in search.iter(f"{NS}img") if el.get("onerror")], "the threat is real"
    else:
        assert [el for el in search.iter() if el.get("onfocus")], "the threat is real"
    # The real build: the language stops at the msgstr's line, nothing of it is published.
    run = build(root, "--lang", "ru", "--lang", "en", "--no-pdf", "--no-epub", "--no-print")
    assert run.returncode == 1
    assert f"locales/ru/LC_MESSAGES/sphinx.po:{line}: error: interface: " in run.stderr
    assert not cfg.html_dir("ru").exists()
    for page in cfg.build_dir.joinpath("html").rglob("*.html"):
        tree = parse_html(page)
        assert not [el for el in tree.iter() if el.get("onerror") or el.get("onfocus")], page
