"""The scripts' interface catalog (translations.js) made from a project's sphinx.po: merged, checked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from booklet.catalogs.compile import compile_language
from booklet.catalogs.reader import read_catalog
from booklet.config import ConfigError, load
from booklet.sphinxext.uistrings import NO_RESULTS, OVERRIDES, UICatalogError, translations_js
from helpers import ROOT

FOUND = "Search finished, found one page matching the search query."


def catalog(js: str) -> dict:
    match = re.fullmatch(r"Documentation\.addTranslations\((.*)\);\n", js, re.S)
    assert match
    return json.loads(match.group(1))


def compiled(po: Path, lang: str, tmp_path: Path) -> Path:
    """The `ui.json` the build compiles from a checked sphinx.po."""
    return compile_language(lang, {po: read_catalog(po)}, tmp_path / f"compiled-{lang}") / "ui.json"


def write_po(tmp_path: Path, plural: str) -> Path:
    po = tmp_path / "sphinx.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: az\\n"\n'
        f'"Plural-Forms: {plural}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Search"\nmsgstr "Axtarış"\n\nmsgid "Go"\nmsgstr ""\n',
        encoding="utf-8",
    )
    return po


def test_project_catalog_over_builtin_with_a_numeric_plural(tmp_path: Path):
    ru_po = ROOT / "locales" / "ru" / "LC_MESSAGES" / "sphinx.po"
    ru = catalog(translations_js(compiled(ru_po, "ru", tmp_path), "ru"))
    assert ru["locale"] == "ru"
    assert ru["messages"]["Search"] == "Поиск"  # Sphinx's own, kept
    assert ru["messages"][", in "] == ", в "  # the project's, over Sphinx's (which lacks the space)
    assert len(ru["messages"][FOUND]) == 3 and all(ru["messages"][FOUND])
    assert ru["plural_expr"].startswith("Number(")
    az_po = ROOT / "locales" / "az" / "LC_MESSAGES" / "sphinx.po"
    az = catalog(translations_js(compiled(az_po, "az", tmp_path), "az"))
    assert az["plural_expr"] == "Number((n != 1))"
    assert len(az["messages"][FOUND]) == 2


def test_untranslated_messages_are_left_out(tmp_path: Path):
    po = write_po(tmp_path, "nplurals=2; plural=(n != 1);")
    data = catalog(translations_js(compiled(po, "az", tmp_path), "az"))
    assert {k: v for k, v in data["messages"].items() if k not in OVERRIDES} == {"Search": "Axtarış"}
    # the site's own wording for a Sphinx message, in English where the catalog does not translate it
    assert data["messages"][NO_RESULTS] == OVERRIDES[NO_RESULTS]


def test_a_plural_expression_that_is_code_is_refused(tmp_path: Path):
    po = write_po(tmp_path, "nplurals=2; plural=alert(document.cookie);")
    with pytest.raises(UICatalogError, match=re.escape("az: sphinx.po: error: Plural-Forms")):
        translations_js(compiled(po, "az", tmp_path), "az")


def test_language_names_must_name_configured_languages(tmp_path: Path):
    base = '[tool.booklet]\nname = "x"\nsource-language = "en"\nlanguages = ["en", "az"]\n'
    (tmp_path / "pyproject.toml").write_text(base + '[tool.booklet.names]\naz = "Azərbaycanca"\n', "utf-8")
    assert load(tmp_path).names == {"az": "Azərbaycanca"}
    (tmp_path / "pyproject.toml").write_text(base + '[tool.booklet.names]\nde = "Deutsch"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"pyproject\.toml: \[tool\.booklet\.names\].*de"):
        load(tmp_path)
    (tmp_path / "pyproject.toml").write_text(base + '[tool.booklet.names]\naz = ""\n', "utf-8")
    with pytest.raises(ConfigError, match="non-empty"):
        load(tmp_path)
