"""Header values are plain text (checks/fields.py, catalogs/headers.value_problem): what may not be printed
stops every edition that would print it, the source edition included; what may be printed (markup, `{{ }}`,
`<script>` in a name) reaches the colophons, the English one too, as escaped text only."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from booklet.catalogs.headers import CREDIT_LIMIT, credits, value_problem
from booklet.checks import run as checks
from booklet.checks.preflight import preflight
from booklet.config import load
from catalog_helpers import write_po
from helpers import NS, parse_html
from project import build, copy_project

SRC = "As a result of this military intervention, 147 civilians were killed and 744 were seriously injured."
RU = "В результате этой военной интервенции 147 мирных жителей были убиты и 744 получили тяжёлые ранения."
PYPROJECT = '[tool.booklet]\nname = "t"\nsource-language = "en"\nlanguages = ["en", "ru"]\n'


@pytest.mark.parametrize(
    "value",
    [
        "Иван Петров <ivan@example.org>",
        "<b>Группа</b> {{ lipsum() }} <script>alert(1)</script>",
        "می\u200cخواهم",  # a zero-width non-joiner belongs to Persian spelling
    ],
)
def test_plain_text_values_may_be_printed(value):
    assert value_problem("Last-Translator", value) is None


@pytest.mark.parametrize(
    "value, expect",
    [
        ("Иван\x1b[31m", "U+001B"),
        ("Иван\tПетров", "U+0009"),
        ("Иван\u202eвортеП", "U+202E"),  # a bidi override shows the reader another text than the file's
        ("Иван\u2028Петров", "U+2028"),
        ("Иван\ue000", "U+E000"),
        ("Иван" * CREDIT_LIMIT, "over the limit"),
    ],
)
def test_control_invisible_and_absurd_values_are_refused(value, expect):
    assert expect in (value_problem("Last-Translator", value) or "")


def _project(tmp_path, translator: str):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return write_po(tmp_path, "ru", [(SRC, RU)], **{"Last-Translator": translator})


def test_a_refused_value_is_a_header_error_that_stops_its_language_and_the_source_edition(tmp_path):
    po = _project(tmp_path, "Иван\\033[2J")  # an octal escape: ESC, the terminal's clear-screen
    found = [f for f in checks.check_file(po, "x.po", []) if f.check == "header"]
    assert [(f.line, f.severity) for f in found] == [(1, "error")] and "U+001B" in found[0].message
    cfg = load(tmp_path)
    expected = "locales/ru/LC_MESSAGES/index.po:1: error: header: Last-Translator holds U+001B"
    assert any(p.startswith(expected) for p in preflight(cfg, "ru").problems)
    assert any(p.startswith(expected) for p in preflight(cfg, "en").problems)  # English prints it too
    assert credits(preflight(cfg, "ru").catalogs.values()) == ["ru team <team@example.org>"]  # never printed


def test_a_placeholder_is_a_warning_and_is_never_printed(tmp_path):
    po = _project(tmp_path, "FULL NAME <EMAIL@ADDRESS>")
    found = [
        f for f in checks.check_file(po, "x.po", []) if f.check == "header" and "placeholder" in f.message
    ]
    assert found and {f.severity for f in found} == {"warning"}
    cfg = load(tmp_path)
    assert preflight(cfg, "ru").ok and preflight(cfg, "en").ok
    assert "FULL NAME <EMAIL@ADDRESS>" not in credits(preflight(cfg, "ru").catalogs.values())


def test_a_russian_header_reaches_the_english_colophon_only_as_escaped_text(tmp_path):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    payload = "<b>Группа</b> **жирный** {{ colophon_version }} <script>alert(1)</script>"
    for po in sorted((cfg.locales_dir / "ru" / "LC_MESSAGES").glob("*.po")):
        text = po.read_text(encoding="utf-8")
        for field in ("Last-Translator", "Language-Team"):
            start = text.index(f'"{field}: ')
            end = text.index('\\n"', start)
            text = text[:start] + f'"{field}: {payload}' + text[end:]
        po.write_text(text, encoding="utf-8")
    run = build(root, "--lang", "ru", "--lang", "en", "--no-print")
    assert run.returncode == 0, run.stderr
    for lang in ("en", "ru"):
        body = parse_html(cfg.html_dir(lang) / "colophon.html").find(f"{NS}body")
        assert body is not None
        text = " ".join("".join(body.itertext()).split())
        assert payload in text, lang  # as written: not parsed, not substituted
        main = body.find(f".//{NS}main")
        assert main is not None
        assert not [el for el in main.iter() if el.tag in (f"{NS}b", f"{NS}strong", f"{NS}script")], lang
        pdf = "".join("".join(page.extract_text() for page in PdfReader(cfg.pdf_path(lang)).pages).split())
        assert "".join(payload.split()) in pdf, lang  # the PDF's text, line breaks aside


def test_the_english_build_stops_on_a_russian_credit_it_may_not_print(tmp_path):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    po = cfg.locales_dir / "ru/LC_MESSAGES/colophon.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('"Last-Translator: ')
    po.write_text(text[:start] + '"Last-Translator: Иван\\033[2J\\n"\n' + text[text.index("\n", start) + 1 :])
    run = build(root, "--lang", "en", "--no-pdf", "--no-epub", "--no-print")
    assert run.returncode == 1
    assert "locales/ru/LC_MESSAGES/colophon.po:" in run.stderr and "U+001B" in run.stderr
    assert "\x1b" not in run.stdout + run.stderr  # the control character itself is never echoed
    assert not cfg.html_dir("en").exists()
