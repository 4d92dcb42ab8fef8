"""The walking skeleton end to end: every language's site and PDF, built for real by the CLI."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from booklet.config import Config
from helpers import NS, html_text, parse_html, pdf_body_text, sentences, source_lines, squash

A5 = (419.53, 595.28)  # points


def test_build_is_warning_free(built):
    _cfg, run = built
    assert "WARNING" not in run.stdout + run.stderr
    assert "error" not in run.stderr.lower()


def test_build_reports_every_task_the_parallel_edition_included(built):
    cfg, run = built
    for lang in cfg.languages:
        for stage in ("catalogs", "print-html", "pdf", "print", "site", "publish"):
            assert re.search(rf"^\[{lang}\] {stage}: done \(\d+\.\d s\)$", run.stdout, re.M), stage
    assert re.search(r"^\[parallel\] pdf: done \(\d+\.\d s\)$", run.stdout, re.M)
    assert re.search(r"^\[site\] publish: done \(\d+\.\d s\)$", run.stdout, re.M)


def test_every_language_has_a_site_and_a_pdf(cfg: Config):
    for lang in cfg.languages:
        page = cfg.html_dir(lang) / "index.html"
        assert page.is_file()
        assert parse_html(page).get("lang") == lang
        assert cfg.pdf_path(lang).is_file()
    assert sorted(p.name for p in cfg.pdf_path("en").parent.glob("*.pdf")) == sorted(
        [*(f"{cfg.name}-{lang}.pdf" for lang in cfg.languages), f"{cfg.name}-parallel.pdf"]
    )


def test_chooser_links_every_edition(cfg: Config):
    tree = parse_html(cfg.html_dir() / "index.html")
    links = {a.get("href") for a in tree.iter(f"{NS}a")}
    for lang in cfg.languages:
        assert f"{lang}/index.html" in links
        assert (cfg.html_dir() / lang / "index.html").is_file()


def test_english_site_has_every_sentence(cfg: Config):
    text = squash(html_text(cfg.html_dir("en") / "index.html"))
    missing = [s for line in source_lines() for s in sentences(line) if squash(s) not in text]
    assert not missing


def test_english_pdf_has_every_sentence(cfg: Config):
    text = squash(pdf_body_text(cfg.pdf_path("en")))
    missing = [s for line in source_lines() for s in sentences(line) if squash(s) not in text]
    assert not missing


@pytest.mark.parametrize("lang", ["en", "az", "ru"])
def test_pdf_is_a5_with_lang_title_and_embedded_fonts(cfg: Config, lang: str):
    assert lang in cfg.languages
    reader = PdfReader(cfg.pdf_path(lang))
    assert len(reader.pages) >= 1
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A5
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata is not None and reader.metadata.title
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font[
                "/BaseFont"
            ]
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), "font is not subset"


def test_english_pdf_title_is_the_source_title(cfg: Config):
    assert PdfReader(cfg.pdf_path("en")).metadata.title == source_lines()[0]


def test_without_git_history_the_build_says_which_date_it_uses(tmp_path):
    from datetime import UTC, datetime

    from project import build, copy_project

    root = copy_project(tmp_path / "project")  # no .git here, and no SOURCE_DATE_EPOCH
    run = build(root, "--no-pdf", "--no-epub", "--no-print", "--lang", "en")
    assert run.returncode == 0, run.stderr
    day = datetime.fromtimestamp(int((root / "pyproject.toml").stat().st_mtime), UTC).date()
    assert f"build date {day.isoformat()}: from pyproject.toml's modification time" in run.stdout
    colophon = html_text(root / "_build" / "html" / "en" / "colophon.html")
    assert f"built on {day.strftime('%B')} {day.day}, {day.year}" in colophon
    assert "1970" not in colophon


def test_a_language_that_goes_takes_its_outputs_with_it(tmp_path):
    from booklet.config import load
    from project import build, copy_project

    root = copy_project(tmp_path / "project")
    assert build(root, "--no-pdf", "--no-epub", "--no-print").returncode == 0
    cfg = load(root)
    gone = cfg.translations[-1]
    assert cfg.html_dir(gone).is_dir()
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(f', "{gone}"', ""), encoding="utf-8")
    run = build(root, "--no-pdf", "--no-epub", "--no-print")
    assert run.returncode == 0, run.stderr
    assert not cfg.html_dir(gone).exists() and not cfg.work_dir(gone).exists()
    chooser = parse_html(cfg.html_dir() / "index.html")
    assert [li.get("data-lang") for li in chooser.iter(f"{NS}li")] == [
        lang for lang in cfg.languages if lang != gone
    ]
