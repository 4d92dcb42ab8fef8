"""The rendered side (rendering/inspect.py): a PDF has no attachment, no form field and no link target the
source edition lacks, checked on WeasyPrint's laid-out document before anything is written. Crafted print
HTML, and real builds: the project's PDFs pass, a source link is kept, a `javascript:` link is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet.config import load
from booklet.rendering.inspect import source_links
from booklet.rendering.pdf import RenderError, pdf_bytes
from helpers import ROOT
from project import build, copy_project


def _page(tmp_path: Path, body: str, head: str = "") -> Path:
    page = tmp_path / "index.html"
    page.write_text(
        f"<!DOCTYPE html><html lang='en'><head>{head}</head><body><p id='top'>Text.</p>{body}</body></html>",
        encoding="utf-8",
    )
    return page


def annotations(pdf: Path) -> list[tuple[str, str]]:
    """(subtype, URI or '') of every annotation of every page, and the document's embedded files."""
    reader = PdfReader(pdf)
    found = []
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            action = annot.get("/A", {})
            found.append((str(annot["/Subtype"]), str(action.get("/URI", "")) if action else ""))
    root = reader.trailer["/Root"]
    if "/EmbeddedFiles" in root.get("/Names", {}) or "/AF" in root:
        found.append(("/EmbeddedFiles", ""))
    return found


@pytest.mark.parametrize(
    "body, head, expect",
    [
        ('<a href="javascript:alert(1)">x</a>', "", "javascript"),
        ('<a href="JavaScript:alert(1)">x</a>', "", "javascript"),
        ('<a href="file:///etc/passwd">x</a>', "", "file"),
        ('<a href="https://evil.example/track">x</a>', "", "which the source does not have"),
        ('<a href="mailto:someone@evil.example">x</a>', "", "which the source does not have"),
        ('<a rel="attachment" href="note.txt">note</a>', "", "embedded file"),
        ("", '<link rel="attachment" href="note.txt">', "embedded file"),
        ('<input type="text" name="q" style="appearance: auto">', "", "form field"),
    ],
)
def test_crafted_print_html_with_what_a_pdf_may_not_hold_is_refused(tmp_path, body, head, expect):
    (tmp_path / "note.txt").write_text("note", encoding="utf-8")
    with pytest.raises(RenderError, match="the PDF would hold") as info:
        pdf_bytes(_page(tmp_path, body, head), [tmp_path], links=frozenset({"https://example.org/"}))
    assert expect in str(info.value).lower() or expect in str(info.value)


def test_internal_links_and_the_sources_links_are_kept(tmp_path):
    page = _page(tmp_path, '<p><a href="#top">up</a> <a href="https://example.org/">site</a></p>')
    data = pdf_bytes(page, [tmp_path], links=frozenset({"https://example.org/"}))
    (tmp_path / "out.pdf").write_bytes(data)
    kinds = annotations(tmp_path / "out.pdf")
    assert ("/Link", "https://example.org/") in kinds
    assert {kind for kind, _ in kinds} == {"/Link"}


def test_a_data_url_of_a_translation_is_refused(tmp_path):
    body = '<img src="data:image/svg+xml;utf8,<svg xmlns=%22http://www.w3.org/2000/svg%22/>">'
    with pytest.raises(RenderError, match="not one of the project's own"):
        pdf_bytes(_page(tmp_path, body), [tmp_path])


def test_the_source_links_are_the_links_of_docs():
    assert source_links(ROOT / "docs") == frozenset()  # the booklet's text links nowhere
    assert source_links(None) == frozenset()


def test_the_real_pdfs_pass_and_hold_links_only(built):
    cfg, _run = built
    for pdf in sorted(cfg.build_dir.joinpath("pdf").glob("*.pdf")):
        assert {kind for kind, _ in annotations(pdf)} <= {"/Link"}, pdf


def test_a_real_build_keeps_a_source_link_and_refuses_a_javascript_one(tmp_path):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    with (cfg.docs_dir / "index.md").open("a", encoding="utf-8") as handle:
        handle.write("\nSee [the archive](https://example.org/archive).\n")
    run = build(root, "--lang", "en", "--no-html", "--no-epub", "--no-print")
    assert run.returncode == 0, run.stderr
    assert ("/Link", "https://example.org/archive") in annotations(cfg.pdf_path("en"))
    # Raw HTML in the trusted source itself: the rendered side refuses a javascript: target regardless.
    with (cfg.docs_dir / "index.md").open("a", encoding="utf-8") as handle:
        handle.write('\n<a href="javascript:alert(1)">click</a>\n')
    before = cfg.pdf_path("en").read_bytes()
    run = build(root, "--lang", "en", "--no-html", "--no-epub", "--no-print")
    assert run.returncode == 1
    assert "PDF not written: the PDF would hold page" in run.stderr and "javascript:alert(1)" in run.stderr
    assert cfg.pdf_path("en").read_bytes() == before  # the last good PDF stays
