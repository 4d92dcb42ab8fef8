"""Translations are data: `{{ ... }}` in a msgstr or a catalog header is never evaluated as a template.

MyST's substitution extension renders `{{ ... }}` with an unsandboxed Jinja environment; the booklet replaces
`{{ name }}` as plain text instead. Real builds, with payloads that would run a command or emit markup.
"""

from __future__ import annotations

import re

from booklet.config import load
from helpers import NS, parse_html
from project import build, copy_project


def _replace_msgstr(po, msgid_part: str, new: str) -> None:
    text = po.read_text(encoding="utf-8")
    start = text.index(msgid_part)
    line_start = text.index('\nmsgstr "', start) + 1
    line_end = text.index("\n", line_start)
    po.write_text(text[:line_start] + f'msgstr "{new}"' + text[line_end:], encoding="utf-8")


def _set_header(po, name: str, value: str) -> None:
    text = po.read_text(encoding="utf-8")
    text = re.sub(rf'"{name}: [^"\n]*\\n"', f'"{name}: {value}\\\\n"', text, count=1)
    po.write_text(text, encoding="utf-8")


def test_a_template_in_a_msgstr_or_a_header_runs_nothing_and_stays_text(tmp_path):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    marker = tmp_path / "ran"
    command = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    lang = cfg.translations[-1]
    colophon = cfg.locales_dir / lang / "LC_MESSAGES" / "colophon.po"
    _replace_msgstr(colophon, "Translation: {{", f"Перевод: {{{{ colophon_translators }}}} {command}.")
    # The header is every edition's colophon (the source edition credits every translation).
    header_payload = "<b>Группа</b> {{ lipsum() }}"
    for po in sorted((cfg.locales_dir / lang / "LC_MESSAGES").glob("*.po")):
        _set_header(po, "Last-Translator", header_payload)
        _set_header(po, "Language-Team", header_payload)
    run = build(root, "--lang", lang, "--lang", cfg.source_language, "--no-pdf", "--no-epub", "--no-print")
    assert not marker.exists(), "a msgstr ran a command"
    assert "Traceback" not in run.stderr
    for edition in (lang, cfg.source_language):
        page = cfg.html_dir(edition) / "colophon.html"
        if not page.is_file():  # a refused language publishes nothing: nothing to inspect
            assert edition == lang and run.returncode != 0
            continue
        tree = parse_html(page)
        body = tree.find(f"{NS}body")
        assert body is not None
        text = " ".join("".join(body.itertext()).split())
        # The header is refused by the preflight (template delimiters): never printed, least of all as markup.
        assert "Группа" not in text or "<b>Группа</b> {{ lipsum() }}" in text
        assert not [el for el in body.iter(f"{NS}b")], "a header became markup"
        assert "Lorem ipsum" not in text  # lipsum() was not evaluated
