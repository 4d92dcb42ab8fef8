"""The `markup` and `injection` checks (checks/markup.py): a translation differs from its source in text
only. Each kind of difference, and a real build in which a changed `{download}` target stops the language."""

from __future__ import annotations

import pytest

from booklet.catalogs.reader import Entry
from booklet.checks.findings import Context
from booklet.checks.markup import check_markup
from booklet.config import load
from booklet.languages import data as langdata
from catalog_helpers import esc
from project import build, copy_project

CTX = Context("locales/ru/LC_MESSAGES/index.po", "ru", langdata.get("ru"), langdata.get("en"))
SRC = "See {download}`the notes <_static/notes.txt>` and [the site](https://example.org), **bold**."
RU = "См. {download}`заметки <_static/notes.txt>` и [сайт](https://example.org), **жирный**."


def findings(msgid: str, msgstr: str) -> set[tuple[str, str]]:
    return {(f.check, f.message) for f in check_markup(CTX, Entry(msgid, msgstr, 1, 2), msgstr)}


def ids(msgid: str, msgstr: str) -> set[str]:
    return {check for check, _ in findings(msgid, msgstr)}


def test_a_faithful_translation_in_another_word_order_passes():
    assert findings(SRC, RU) == set()
    assert (
        findings(SRC, "**Жирный**: [сайт](https://example.org), {download}`заметки <_static/notes.txt>`.")
        == set()
    )


PLAIN = "The memory of the martyrs must live forever."
RU_PLAIN = "Память о шехидах должна жить вечно."


@pytest.mark.parametrize(
    "added, check",
    [
        ("<span onclick=x>a</span>", "injection"),
        ("<!-- a comment -->", "injection"),
        ("\n\n<div>block</div>", "injection"),
        ("\n\n```{raw} html\n<b>x</b>\n```", "injection"),
        ("\n\n```{eval-rst}\n.. include:: /etc/passwd\n```", "injection"),
        ("\n\n    indented code", "injection"),
        ("{download}`/etc/passwd`", "injection"),
        ("{raw-html}`<b>x</b>`", "injection"),
        ("[x](https://evil.example/track)", "injection"),
        ("<https://evil.example/auto>", "injection"),
        ("![x](https://evil.example/pixel.png)", "injection"),
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "injection"),
        ("{% for x in range(9) %}x{% endfor %}", "injection"),
        ("**bold**", "markup"),
        ("`code`", "markup"),
        ("[^1]", "markup"),
        ("{{ colophon_version }}", "markup"),
        ("\\\nline break", "markup"),
        ("\n\n# Heading", "markup"),
        ("\n\n- a list", "markup"),
        ("\n\n> quote", "markup"),
        ("\n\n(label)=", "markup"),
        ("\n\n% comment", "markup"),
        ("\n\n+++", "markup"),
        ("\n\n| a | b |\n|---|---|\n| c | d |", "markup"),
    ],
)
def test_anything_added_beyond_text_is_an_error(added, check):
    found = check_markup(CTX, Entry(PLAIN, RU_PLAIN + " " + added, 1, 2), RU_PLAIN + " " + added)
    assert check in {f.check for f in found}, found
    assert all(f.severity == "error" and f.line == 2 for f in found)


def test_front_matter_is_an_injection():
    text = "---\nmyst:\n  enable_extensions: [substitution]\n---\n" + RU_PLAIN
    assert "injection" in ids(PLAIN, text)


@pytest.mark.parametrize(
    "changed",
    [
        RU.replace("<_static/notes.txt>", "<../pyproject.toml>"),
        RU.replace("https://example.org", "https://evil.example"),
    ],
)
def test_a_changed_target_is_an_error_of_both_kinds(changed):
    found = findings(SRC, changed)
    assert {check for check, _ in found} == {"markup", "injection"}


@pytest.mark.parametrize(
    "broken, expect",
    [
        (RU.replace("**жирный**", "**жирный"), "unbalanced “**”"),
        (RU.replace("**жирный**", "*жирный*"), "**strong**: 1 in the source, 0 in the translation"),
        (RU.replace("[сайт](https://example.org)", "сайт"), "link to “https://example.org” of the source"),
        (RU.replace(", **жирный**", " (**жирный**"), "unbalanced brackets"),
    ],
)
def test_broken_markup_is_named(broken, expect):
    assert any(expect in message for _, message in findings(SRC, broken))


def test_substitutions_are_compared_by_the_name_the_build_replaces():
    src = "Version {{ colophon_version }}, built on {{ colophon_date }}."
    assert findings(src, "Версия {{colophon_version}} от {{ colophon_date }}.") == set()
    assert ids(src, "Версия {{ colophon_version }} от {{ colophon_data }}.") == {"markup"}


def test_interface_strings_are_not_myst():
    ctx = Context("locales/ru/LC_MESSAGES/sphinx.po", "ru", langdata.get("ru"), langdata.get("en"))
    assert check_markup(ctx, Entry("Search", "1. Поиск", 1, 2), "1. Поиск") == []


def test_nesting_far_deeper_than_the_source_is_refused_as_pathological():
    deep = "*а " * 400 + "б" + " а*" * 400  # docutils' tree walks raise RecursionError on this
    found = check_markup(CTX, Entry(PLAIN, deep, 1, 2), deep)
    assert [f.check for f in found] == ["limits"]


def test_the_build_stops_a_translation_that_changes_a_download_target(tmp_path):
    """A swapped `{download}` target would publish a local file under `_downloads/`: the language stops."""
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    (cfg.docs_dir / "_static" / "notes.txt").write_text("notes\n", encoding="utf-8")
    with (cfg.docs_dir / "index.md").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{SRC}\n")
    po = cfg.locales_dir / "ru/LC_MESSAGES/index.po"
    line = po.read_text(encoding="utf-8").count("\n") + 3
    payload = RU.replace("<_static/notes.txt>", "<../pyproject.toml>")
    with po.open("a", encoding="utf-8") as handle:
        handle.write(f'\nmsgid "{esc(SRC)}"\nmsgstr "{esc(payload)}"\n')
    run = build(root, "--lang", "ru", "--lang", "en", "--no-pdf", "--no-epub", "--no-print")
    assert run.returncode == 1
    assert (
        f"locales/ru/LC_MESSAGES/index.po:{line}: error: injection: the translation adds a role "
        in run.stderr
    )
    assert f"locales/ru/LC_MESSAGES/index.po:{line}: error: markup: role {{download}}" in run.stderr
    assert not cfg.html_dir("ru").exists()
    assert not list(cfg.build_dir.rglob("pyproject.toml"))  # nowhere in the build, published or not
    # The source edition publishes its own download: the build works, the target was the translation's.
    assert list((cfg.html_dir("en") / "_downloads").rglob("notes.txt"))
