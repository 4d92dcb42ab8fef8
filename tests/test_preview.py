"""The preview's rebuild-on-change: a saved catalog is checked and appears in the rebuilt site."""

from __future__ import annotations

from booklet.config import load
from booklet.preview import make_builder
from catalog_helpers import copy_project
from helpers import html_text


def test_a_changed_catalog_is_checked_and_rebuilt(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p")
    monkeypatch.chdir(project)
    cfg = load(project, tmp_path / "build")
    lines: list[str] = []
    builder = make_builder(cfg, "az", 8765, echo=lines.append)
    po = project / "locales/az/LC_MESSAGES/index.po"
    body = po.read_text(encoding="utf-8")
    first = body.index('msgstr ""\n\n#:')
    title = "20 Yanvar ümumxalq hüznünün 1991 təcəssümüdür"  # 1991: a number the source does not have
    po.write_text(body[:first] + f'msgstr "{title}"\n\n#:' + body[first + len('msgstr ""\n\n#:') :], "utf-8")
    builder(changed_paths=[po])
    page = tmp_path / "build/preview/az/index.html"
    assert title in html_text(page)
    assert any(
        ': error: numbers: "1991" in the translation is not in the source' in line for line in lines
    ), lines
    assert all(line.startswith("locales/az/LC_MESSAGES/index.po:") for line in lines)
