"""The `header` check's Plural-Forms and placeholder rules, the `format` check, and MyST rules only for
MyST catalogs: a catalog that triggers each and one that does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.catalogs.plurals import PluralError, known_rules, parse_rule, transifex_rules
from booklet.checks import run as checks
from booklet.checks.findings import Finding
from booklet.checks.preflight import preflight
from booklet.config import load
from catalog_helpers import po_text, write_po

SRC = "As a result of this military intervention, 147 civilians were killed and 744 were seriously injured."
RU = "В результате этой военной интервенции 147 мирных жителей были убиты и 744 получили тяжёлые ранения."
RU_TRANSIFEX = (
    "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : "
    "n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14)? 2 : 3);"
)
PLURAL = 'msgid "one year"\nmsgid_plural "years"\nmsgstr[0] "год"\nmsgstr[1] "года"\nmsgstr[2] "лет"\n'


def header_findings(tmp_path: Path, lang: str = "ru", extra: str = "", **fields: str | None) -> list[Finding]:
    path = tmp_path / "locales" / lang / "LC_MESSAGES" / "index.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(po_text(lang, [(SRC, RU)], **fields) + extra, encoding="utf-8")  # type: ignore[arg-type]
    return [f for f in checks.check_file(path, "x.po", []) if f.check in ("header", "syntax")]


def severities(found: list[Finding]) -> list[str]:
    return [f.severity for f in found]


@pytest.mark.parametrize(
    "rule, why",
    [
        ("nplurals=3; plural=n/0;", "division by zero"),
        ("nplurals=2; plural=(n%10==1 ? 0 : n%10<5 ? 1 : 2);", "as large as 2"),
        ("nplurals=x; plural=n != 1;", "invalid nplurals"),
        ("plural=(n != 1); nplurals=2;", "Python's gettext"),  # msgfmt takes it, Sphinx's reader does not
        ("nplurals=2; plural=n !=;", "Python's gettext refuses"),
    ],
)
def test_a_rule_gettext_refuses_is_an_error(tmp_path, rule, why):
    found = header_findings(tmp_path, **{"Plural-Forms": rule})
    assert [(f.check, f.severity) for f in found] == [("syntax", "error")] and why in found[0].message, found


def test_a_rule_gettext_refuses_stops_the_language(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.booklet]\nname = "t"\nsource-language = "en"\nlanguages = ["en", "ru"]\n', encoding="utf-8"
    )
    write_po(tmp_path, "ru", [(SRC, RU)], **{"Plural-Forms": "plural=(n != 1); nplurals=2;"})
    problems = preflight(load(tmp_path), "ru").problems
    assert len(problems) == 1 and ": error: syntax: Plural-Forms " in problems[0], problems


def test_cldr_and_transifex_rules_pass(tmp_path):
    assert transifex_rules()["ru"] == RU_TRANSIFEX  # as Sphinx's Russian catalog has it
    assert header_findings(tmp_path) == []  # po_text writes Babel's (CLDR) rule
    assert header_findings(tmp_path, **{"Plural-Forms": RU_TRANSIFEX}) == []
    assert len(known_rules("ru")) == 2 and known_rules("pt_BR")


def test_another_valid_rule_is_a_warning(tmp_path):
    found = header_findings(tmp_path, "az", **{"Plural-Forms": "nplurals=2; plural=n>1;"})
    assert severities(found) == ["warning"] and "nplurals=2; plural=(n != 1);" in found[0].message


def test_no_plural_forms_is_a_warning_without_plurals_and_an_error_with_them(tmp_path):
    assert severities(header_findings(tmp_path, **{"Plural-Forms": None})) == ["warning"]
    assert severities(header_findings(tmp_path, extra="\n" + PLURAL, **{"Plural-Forms": None})) == ["error"]


def test_a_language_babel_does_not_know_is_no_crash(tmp_path):
    path = tmp_path / "locales/cak/LC_MESSAGES/index.po"
    path.parent.mkdir(parents=True)
    text = po_text("ru", [(SRC, RU)]).replace("Language: ru", "Language: cak")
    path.write_text(text, encoding="utf-8")
    found = [f for f in checks.check_file(path, "x.po", []) if f.check == "header"]
    assert severities(found) == ["warning"]  # Kaqchikel: Babel has no rule; Transifex's has two forms
    rule = transifex_rules()["cak"]
    path.write_text(text.replace(text.split("Plural-Forms: ")[1].split("\\n")[0], rule), encoding="utf-8")
    assert [f for f in checks.check_file(path, "x.po", []) if f.check == "header"] == []


def test_placeholders_are_warnings_they_are_never_published(tmp_path):
    found = header_findings(tmp_path, **{"Report-Msgid-Bugs-To": "EMAIL@ADDRESS"})
    assert severities(found) == ["warning"] and "not published" in found[0].message
    found = header_findings(tmp_path, **{"Last-Translator": "FULL NAME <EMAIL@ADDRESS>"})
    assert set(severities(found)) == {"warning"}  # the colophon skips such a credit


def test_parse_rule():
    rule = parse_rule(
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && n%100/10!=1 ? 1 : 2);"
    )
    assert rule.forms[1] == 0 and rule.forms[3] == 1 and rule.forms[5] == 2 and rule.often(2)
    with pytest.raises(PluralError):
        parse_rule("nplurals=1; plural=n;")


# --- format ---------------------------------------------------------------------------------------


def ui_catalog(tmp_path: Path, msgid: str, msgstr: str, flag: str) -> Path:
    path = tmp_path / "locales/ru/LC_MESSAGES/sphinx.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(po_text("ru", []) + f'#, {flag}\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "msgid, msgstr, flag, ok",
    [
        ("Search {name}", "Поиск {name}", "python-brace-format", True),
        ("Search {name}", "Поиск {nom}", "python-brace-format", False),
        ("Search {name}", "Поиск {name", "python-brace-format", False),
        ("%(count)d files", "%(count)d файлов", "python-format", True),
        ("%(count)d files", "файлы", "python-format", False),
        ("%d of %s", "%d из %s", "c-format", True),
        ("%d of %s", "%s из %d", "c-format", False),
    ],
)
def test_format_strings(tmp_path, msgid, msgstr, flag, ok):
    found = [
        f
        for f in checks.check_file(ui_catalog(tmp_path, msgid, msgstr, flag), "x", [])
        if f.check == "format"
    ]
    assert (found == []) == ok, found


def test_a_format_error_stops_the_language(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.booklet]\nname = "t"\nsource-language = "en"\nlanguages = ["en", "ru"]\n', encoding="utf-8"
    )
    ui_catalog(tmp_path, "Search {name}", "Поиск {nom}", "python-brace-format")
    problems = preflight(load(tmp_path), "ru").problems
    assert problems and all(p.startswith("locales/ru/LC_MESSAGES/sphinx.po:15: error:") for p in problems)
    assert any(": error: format: " in p for p in problems)  # the interface check sees the placeholder too


# --- MyST rules only for MyST catalogs ------------------------------------------------------------


def test_a_restructuredtext_catalog_is_not_held_to_myst_rules(tmp_path):
    pairs = [("The value %s is wrong.", "%s est une valeur fausse.")]  # `%` starts a MyST comment
    path = write_po(tmp_path, "ru", pairs)
    markdown = {f.check for f in checks.check_file(path, "x", [])}
    path.write_text(path.read_text(encoding="utf-8").replace("../../docs/index.md", "library/os.rst"))
    restructured = {f.check for f in checks.check_file(path, "x", [])}
    assert "markup" in markdown and "markup" not in restructured
