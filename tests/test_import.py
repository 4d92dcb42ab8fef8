"""`booklet import-translations` and `booklet credit`: matching, escaping, headers, clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from booklet.catalogs.headers import TranslationFileError, credit
from booklet.catalogs.importer import import_file, key, to_msgstr
from booklet.config import Config
from conftest import run_booklet
from helpers import credits_of

TEMPLATE = """# SOME DESCRIPTIVE TITLE.
# FIRST AUTHOR <EMAIL@ADDRESS>, 2026.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: Booklet translators\\n"
"Language-Team: xx <LL@li.org>\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

#: ../../docs/index.md:1
msgid "1990\\\\. The year of *stars*"
msgstr ""

#: ../../docs/index.md:3
msgid "Version {{ v }} of 20 January"
msgstr ""

#: ../../docs/index.md:5
msgid "Not in the file"
msgstr ""
"""


@pytest.fixture
def project(tmp_path: Path) -> Config:
    for lang in ("ru",):
        folder = tmp_path / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "index.po").write_text(TEMPLATE, encoding="utf-8")
    return Config(root=tmp_path, name="demo", source_language="en", languages=("en", "ru"), version="1")


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_key_unescapes_myst():
    assert key("1990\\. The year of \\*stars\\*") == key("1990. The year of *stars*")
    assert key("a  b\n c") == "a b c"


def test_msgstr_is_escaped_but_keeps_the_msgids_substitutions():
    assert to_msgstr("1990. Год *звезд*") == "1990\\. Год \\*звезд\\*"
    assert to_msgstr("Версия {{ v }} от\u00a020 января", "Version {{ v }}") == "Версия {{ v }} от 20 января"
    assert to_msgstr("Версия {{ x }}", "Version {{ v }}") == "Версия \\{\\{ x \\}\\}"


def test_import_fills_matches_and_reports(project: Config, tmp_path: Path):
    source = write_json(
        tmp_path / "t.json",
        [
            {"en": "1990. The year of *stars*", "ru": "1990. Год *звезд*"},
            {"en": "Version {{ v }} of 20 January", "ru": "Версия {{ v }} от 20\u00a0января"},
        ],
    )
    (report,) = import_file(project, source)
    assert report.filled == 2
    assert len(report.untranslated) == 1 and "Not in the file" in report.untranslated[0]
    po = polib.pofile(str(project.locales_dir / "ru/LC_MESSAGES/index.po"))
    assert po.find("1990\\. The year of *stars*").msgstr == "1990\\. Год \\*звезд\\*"
    assert po.find("Version {{ v }} of 20 January").msgstr == "Версия {{ v }} от 20 января"
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert "YEAR" not in po.metadata["PO-Revision-Date"]
    header = po.header
    assert "SOME DESCRIPTIVE TITLE" not in header and "FIRST AUTHOR" not in header
    assert not po.metadata_is_fuzzy
    again = import_file(project, source)[0]
    assert again.filled == 0 and again.unchanged == 2


def test_credit_sets_both_fields_and_feeds_the_colophon(project: Config):
    assert credits_of(project, "ru") == []  # an unrevised catalog's fields are the template's
    credit(project, "ru", "Группа переводчиков")
    po = polib.pofile(str(project.locales_dir / "ru/LC_MESSAGES/index.po"))
    assert po.metadata["Last-Translator"] == po.metadata["Language-Team"] == "Группа переводчиков"
    assert credits_of(project, "ru") == ["Группа переводчиков"]
    with pytest.raises(TranslationFileError, match="real name"):
        credit(project, "ru", "FULL NAME <EMAIL@ADDRESS>")
    with pytest.raises(TranslationFileError, match="not a translation language"):
        credit(project, "en", "x")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[{", r"t.json:1: error: not JSON"),
        ('{"en": "x"}', "expected a list"),
        ('[{"ru": "y"}]', "entry 1: error: no 'en' source text"),
        ('[{"en": "x", "ru": 3}]', "entry 1: error: expected an object of strings"),
        (
            '[{"en": "x", "ru": "a"}, {"en": "x", "ru": "b"}]',
            "entry 2: error: same source line as entry 1",
        ),
    ],
)
def test_bad_translation_file_is_a_clear_error(project: Config, tmp_path: Path, content, message):
    bad = tmp_path / "t.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(TranslationFileError, match=message):
        import_file(project, bad)


def test_cli_reports_a_bad_file_without_traceback(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    run = run_booklet("import-translations", str(bad))
    assert run.returncode == 1
    assert "bad.json:1: error" in run.stderr and "Traceback" not in run.stderr


def test_sphinx_intl_update_keeps_headers_and_translations(tmp_path: Path):
    """What `make update-po` does when the source changes: the catalogs keep their credit and msgstrs."""
    from sphinx_intl import basic

    from booklet.catalogs.files import LINE_WIDTH
    from helpers import ROOT

    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales", locales)
    pots = tmp_path / "pot"
    pots.mkdir()
    for po_path in sorted((locales / "ru" / "LC_MESSAGES").glob("*.po")):
        pot = polib.pofile(str(po_path))
        for entry in pot:
            entry.msgstr = ""
        pot.append(polib.POEntry(msgid="A new paragraph.", msgstr=""))
        pot.save(str(pots / (po_path.stem + ".pot")))
    before = {p.name: polib.pofile(str(p)) for p in (locales / "ru" / "LC_MESSAGES").glob("*.po")}
    basic.update(str(locales), str(pots), ("ru",), line_width=LINE_WIDTH, jobs=1)
    for name, old in before.items():
        new = polib.pofile(str(locales / "ru" / "LC_MESSAGES" / name))
        for field in ("Last-Translator", "Language-Team", "Language", "Plural-Forms", "PO-Revision-Date"):
            assert new.metadata[field] == old.metadata[field], field
        assert {e.msgid: e.msgstr for e in old} == {
            e.msgid: e.msgstr for e in new if e.msgid != "A new paragraph."
        }
