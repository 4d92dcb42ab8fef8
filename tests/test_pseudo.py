"""`booklet pseudo`: accented, about 40 % longer, markup and numbers kept; its language builds as an
edition, and a real translation is never overwritten."""

from __future__ import annotations

import re
from pathlib import Path

from booklet.catalogs.pseudo import KEPT, pseudo
from booklet.catalogs.reader import read_catalog
from booklet.checks.run import check_file
from conftest import ROOT, run_booklet
from helpers import html_text, pdf_body_text
from project import copy_project

SOURCE = (
    "Version {{ version }}: see {ref}`colophon`, [the site](https://example.org/a) and **147** `code` "
    "%(count)d {name}."
)


def test_pseudo_keeps_markup_placeholders_and_numbers():
    text = pseudo(SOURCE)
    assert [m.group() for m in KEPT.finditer(text)] == [m.group() for m in KEPT.finditer(SOURCE)]
    assert re.findall(r"\d+", text) == re.findall(r"\d+", SOURCE)
    assert "**" in text and "Véŕ" in text


def test_pseudo_is_about_forty_percent_longer():
    entries = [
        e for po in sorted((ROOT / "locales/ru/LC_MESSAGES").glob("*.po")) for e in read_catalog(po).entries
    ]
    ratios = [
        len(pseudo(e.msgid)) / len(e.msgid)
        for e in entries
        if re.search(r"[A-Za-z]{3}", re.sub(r"\{\{.*?\}\}", "", e.msgid))
    ]
    assert len(ratios) > 10 and all(1.3 <= ratio <= 1.7 for ratio in ratios), ratios


def test_pseudo_edition_end_to_end(tmp_path):
    project = copy_project(tmp_path / "p")
    env = {"BOOKLET_ROOT": str(project)}
    before = (project / "pyproject.toml").read_bytes()
    refused = run_booklet("pseudo", "ru", cwd=project, env=env)
    assert refused.returncode == 1 and "real translations" in refused.stderr  # never over a translation

    run = run_booklet("pseudo", "en_001", cwd=project, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    folder = project / "locales/en_001/LC_MESSAGES"
    assert sorted(p.name for p in folder.glob("*.po")) == ["colophon.po", "index.po", "sphinx.po"]
    for po in folder.glob("*.po"):
        catalog = read_catalog(po)
        assert catalog.entries and all(e.translated for e in catalog.entries)
        # Every check a faithful translation passes, it passes; only its letters are not English's.
        kinds = {f.check for f in check_file(po, po.name, []) if f.severity == "error"}
        assert kinds <= {"script"}, (po.name, kinds)

    out = tmp_path / "build"
    build = run_booklet("build", "--lang", "en_001", "--build-dir", str(out), cwd=project, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    title = pseudo("January 20 is the embodiment of national grief")
    assert title in " ".join(pdf_body_text(out / "pdf/january-20-en_001.pdf").split())
    assert pseudo("Skip to the text") in html_text(Path(out / "html/en_001/index.html"))

    assert run_booklet("remove-language", "en_001", cwd=project, env=env).returncode == 0
    assert (project / "pyproject.toml").read_bytes() == before and not folder.exists()
