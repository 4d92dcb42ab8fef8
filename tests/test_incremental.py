"""Incremental builds: content-hash stamps skip up-to-date languages; only changed outputs are rewritten;
a failed build leaves the last good outputs exactly as they were."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from booklet.config import load
from project import build, copy_project, set_msgstr, snapshot


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    root = copy_project(tmp_path_factory.mktemp("project"))
    run = build(root)
    assert run.returncode == 0, run.stdout + run.stderr
    return root


def test_second_build_starts_no_worker_and_rewrites_nothing(project):
    cfg = load(project)
    before = snapshot(cfg.build_dir / "html") | snapshot(cfg.build_dir / "pdf")
    run = build(project)
    assert run.returncode == 0, run.stderr
    for lang in cfg.languages:
        assert f"[{lang}] up to date" in run.stdout
        assert f"[{lang}] html: building" not in run.stdout
    assert snapshot(cfg.build_dir / "html") | snapshot(cfg.build_dir / "pdf") == before


def test_one_catalog_change_rebuilds_that_language_only(project):
    cfg = load(project)
    lang = cfg.translations[-1]
    others = [other for other in cfg.languages if other != lang]
    kept = {other: snapshot(cfg.html_dir(other)) for other in others}
    pdfs = {
        other: (cfg.pdf_path(other).read_bytes(), cfg.pdf_path(other).stat().st_mtime_ns) for other in others
    }
    old_pdf = cfg.pdf_path(lang).read_bytes()
    set_msgstr(cfg.locales_dir / lang / "LC_MESSAGES" / "index.po", 1, "Перевод абзаца для проверки сборки.")
    run = build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"[{lang}] html: building" in run.stdout
    for other in others:
        assert f"[{other}] up to date" in run.stdout
        assert snapshot(cfg.html_dir(other)) == kept[other]
        assert (cfg.pdf_path(other).read_bytes(), cfg.pdf_path(other).stat().st_mtime_ns) == pdfs[other]
    assert cfg.pdf_path(lang).read_bytes() != old_pdf
    text = "".join(page.extract_text() for page in PdfReader(cfg.pdf_path(lang)).pages)
    assert "Перевод абзаца для проверки сборки." in " ".join(text.split())
    assert "Перевод абзаца" in (cfg.html_dir(lang) / "index.html").read_text(encoding="utf-8")


def test_broken_catalog_keeps_the_last_good_outputs(project):
    cfg = load(project)
    lang = cfg.translations[0]
    before = snapshot(cfg.html_dir(lang)), cfg.pdf_path(lang).read_bytes()
    po = cfg.locales_dir / lang / "LC_MESSAGES" / "index.po"
    good = po.read_bytes()
    po.write_bytes(good + b'\nmsgid "bad \xff encoding"\nmsgstr ""\n')  # not UTF-8: refused before Sphinx
    try:
        run = build(project, "--lang", lang)
        assert run.returncode != 0
        assert str(po.name) in run.stderr and "Traceback" not in run.stderr
        assert (snapshot(cfg.html_dir(lang)), cfg.pdf_path(lang).read_bytes()) == before
        # and the next good build picks the language up again
        po.write_bytes(good)
        assert build(project, "--lang", lang).returncode == 0
    finally:
        po.write_bytes(good)


def test_sphinx_failure_keeps_the_published_site(project):
    """A source error past preflight (Sphinx fails): the published site and PDF stay the last good ones."""
    cfg = load(project)
    lang = cfg.source_language
    before = snapshot(cfg.html_dir(lang)), cfg.pdf_path(lang).read_bytes()
    index = cfg.docs_dir / "index.md"
    good = index.read_bytes()
    index.write_bytes(good + b"\n\n{nosuchrole}`boom`\n")
    try:
        run = build(project, "--lang", lang)
        assert run.returncode != 0
        assert "nosuchrole" in run.stderr
        assert "\x1b[" not in run.stderr  # plain text, not Sphinx's terminal colours
        assert (snapshot(cfg.html_dir(lang)), cfg.pdf_path(lang).read_bytes()) == before
        assert not list(cfg.html_dir().glob(".*.new")) and not list(cfg.html_dir().glob(".*.old"))
    finally:
        index.write_bytes(good)


def test_interrupted_build_rebuilds_every_stage_of_that_language(project):
    """A killed build's marker makes every stage of its language stale, even one whose stamp is current: the
    worker discards the work folder, and with it the print HTML that the parallel edition reads."""
    cfg = load(project)
    lang = cfg.translations[0]
    work = cfg.work_dir(lang)
    stamps = json.loads((work / "stamps.json").read_text(encoding="utf-8"))
    del stamps["html"]  # killed while building the site: the PDF's stamp is still current
    (work / "stamps.json").write_text(json.dumps(stamps), encoding="utf-8")
    (work / ".building").touch()
    run = build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"[{lang}] pdf: writing the print HTML" in run.stdout
    assert (work / "print" / "index.html").is_file()
    assert not (work / ".building").exists()


def test_interrupted_build_work_is_discarded(project):
    """A build killed while Sphinx wrote leaves its marker: the next build starts that language afresh
    instead of publishing a half-written page that Sphinx would think up to date."""
    cfg = load(project)
    lang = cfg.source_language
    work = cfg.work_dir(lang)
    (work / "html" / "index.html").write_text("half-written", encoding="utf-8")
    (work / ".building").touch()
    stamps = work / "stamps.json"
    stamps.unlink()  # as after a kill: the stamp of an unfinished build was never written
    run = build(project, "--lang", lang)
    assert run.returncode == 0, run.stderr
    assert "half-written" not in (cfg.html_dir(lang) / "index.html").read_text(encoding="utf-8")
    assert not (work / ".building").exists()
