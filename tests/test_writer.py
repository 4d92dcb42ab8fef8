"""Catalog hygiene: what the project writes, gettext's `msgcat --no-wrap` writes byte for byte, and
`make update-po` on a fresh copy changes nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

from booklet.catalogs import writer
from booklet.catalogs.reader import read_catalog
from conftest import ROOT, run_booklet
from project import copy_project


def msgcat(path: Path, tmp_path: Path) -> bytes:
    out = tmp_path / "msgcat.po"
    subprocess.run(["msgcat", "--no-wrap", str(path), "-o", str(out)], check=True)
    return out.read_bytes()


def test_the_project_catalogs_are_as_msgcat_writes_them(tmp_path):
    catalogs = sorted((ROOT / "locales").rglob("*.po"))
    assert len(catalogs) >= 6
    for po in catalogs:
        assert msgcat(po, tmp_path) == po.read_bytes(), po


def test_update_po_on_a_fresh_copy_leaves_every_catalog_as_it_is(tmp_path):
    project = copy_project(tmp_path / "p")  # no _build: the templates are made afresh, with a new date
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    run = run_booklet("update-po", cwd=project, env={"BOOKLET_ROOT": str(project)})
    assert run.returncode == 0, run.stderr
    assert "create: 0, update: 0" in run.stdout
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before


def test_fuzzy_previous_and_obsolete_entries_survive_msgcat(tmp_path):
    project = copy_project(tmp_path / "p")
    index = project / "docs/index.md"
    text = index.read_text(encoding="utf-8")
    first_paragraph = text.split("\n\n")[1]
    text = text.replace("national grief", "national sorrow", 1).replace(first_paragraph + "\n\n", "", 1)
    index.write_text(text, encoding="utf-8")
    run = run_booklet("update-po", cwd=project, env={"BOOKLET_ROOT": str(project)})
    assert run.returncode == 0, run.stderr
    ru = project / "locales/ru/LC_MESSAGES/index.po"
    written = ru.read_text(encoding="utf-8")
    assert "#, fuzzy\n#| msgid " in written and "\n#~ msgid " in written  # both kinds are there
    assert msgcat(ru, tmp_path) == ru.read_bytes()
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(ru)]).returncode == 0


def test_load_takes_the_strict_readers_values(tmp_path):
    """Babel drops `msgstr<TAB>"..."`; the writer keeps the text the reader (and msgfmt) read."""
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr\t"b"\n',
        encoding="utf-8",
    )
    catalog, checked = writer.load(po.read_bytes())
    po.write_bytes(writer.render(catalog))
    entry = read_catalog(po).entries[0]
    assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == ("b", True, "old")
    assert checked.entries[0].msgstr == "b"
