"""The reading editions are PDF/A-3a and PDF/UA-1 (rendering/archive.py); each checker (verify/archive.py:
qpdf, mutool, pdfua with the project's UA rules, the PDF/A subset) first rejects a PDF broken on purpose."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from booklet.config import Config
from booklet.rendering.pdf import pdf_bytes
from booklet.verify.archive import check_pdfa, check_ua, lang_runs, mutool_check, qpdf_check

LANGS = ["en", "az", "ru"]
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Checked</title>
<style>@page { size: A6; @bottom-center { content: counter(page) } @top-center { content: "Running head" } }
</style></head><body><h1>Checked</h1><p>One paragraph.</p><p lang="ru">Абзац по-русски.</p>
<p style="break-before: page">Two.</p>BODY</body></html>"""


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    html = folder / "good.html"
    html.write_text(PAGE.replace("BODY", ""), encoding="utf-8")
    pdf = folder / "good.pdf"
    pdf.write_bytes(pdf_bytes(html, [folder]))
    return pdf


def plain_weasyprint(folder: Path, body: str) -> Path:
    """PDF/A-3a from WeasyPrint alone, in a fresh process (the project's patches are per process)."""
    html, pdf = folder / "plain.html", folder / "plain.pdf"
    html.write_text(PAGE.replace("BODY", body), encoding="utf-8")
    code = (
        "import sys; from weasyprint import HTML; "
        "HTML(sys.argv[1]).write_pdf(sys.argv[2], pdf_variant='pdf/a-3a', pdf_tags=True)"
    )
    subprocess.run([sys.executable, "-c", code, str(html), str(pdf)], check=True, capture_output=True)
    return pdf


def edit(src: Path, dst: Path, change) -> Path:
    writer = PdfWriter(clone_from=PdfReader(src))
    change(writer)
    writer.write(dst)
    return dst


def test_a_small_reading_edition_passes_every_checker(good: Path):
    assert qpdf_check(good) == [] and mutool_check(good) == []
    assert check_pdfa(good) == [] and check_ua(good) == []
    assert sorted(set(lang_runs(good))) == ["ru"]  # the paragraph's own language; the rest is the document's


def test_qpdf_and_mutool_reject_a_damaged_file(good: Path, tmp_path: Path):
    data = good.read_bytes()
    start = data.index(b"stream\n") + len(b"stream\n")
    broken = tmp_path / "damaged.pdf"
    broken.write_bytes(data[:start] + b"\x00garbage\xff" * 8 + data[start + 80 :])
    assert [f.check for f in qpdf_check(broken)][:1] == ["qpdf"]
    assert [f.check for f in mutool_check(broken)][:1] == ["mutool"]


def test_plain_weasyprint_running_heads_are_untethered_content(tmp_path: Path):
    """Without the project's patch, WeasyPrint's margin boxes are marked content that the structure tree
    never reaches: the project's UA rules catch what pdfua alone does not."""
    messages = [f.message for f in check_ua(plain_weasyprint(tmp_path, ""))]
    assert any("is not in the structure tree" in m for m in messages), messages
    assert any("pdfuaid:part" in m for m in messages)


def test_a_figure_without_alternative_text_is_rejected(tmp_path: Path):
    svg = "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'></svg>"
    messages = [f.message for f in check_ua(plain_weasyprint(tmp_path, f'<img src="{svg}">'))]
    assert any(m.startswith("UA-13-004") for m in messages), messages  # pdfua's own rule
    assert "a Figure without alternative text (/Alt)" in messages


def test_untagged_pdf_is_rejected_by_pdfua(tmp_path: Path):
    html, pdf = tmp_path / "untagged.html", tmp_path / "untagged.pdf"
    html.write_text(PAGE.replace("BODY", ""), encoding="utf-8")
    from weasyprint import HTML

    HTML(filename=str(html)).write_pdf(pdf)
    messages = [f.message for f in check_ua(pdf)]
    assert any(m.startswith("UA-01-005") for m in messages), messages  # no structure tree


def test_missing_window_title_and_output_intent_are_rejected(good: Path, tmp_path: Path):
    def strip(writer: PdfWriter) -> None:
        del writer._root_object[NameObject("/ViewerPreferences")]
        del writer._root_object[NameObject("/OutputIntents")]

    broken = edit(good, tmp_path / "stripped.pdf", strip)
    assert "the window does not show the document title (DisplayDocTitle)" in [
        f.message for f in check_ua(broken)
    ]
    assert "no PDF/A output intent (/OutputIntents with /S /GTS_PDFA1)" in [
        f.message for f in check_pdfa(broken)
    ]


def test_pdfa_identification_is_required(tmp_path: Path):
    html, pdf = tmp_path / "x.html", tmp_path / "x.pdf"
    html.write_text(PAGE.replace("BODY", ""), encoding="utf-8")
    from weasyprint import HTML

    HTML(filename=str(html)).write_pdf(pdf, pdf_variant="pdf/ua-1")
    messages = [f.message for f in check_pdfa(pdf)]
    assert "no PDF/A-3a identification (pdfaid:part, pdfaid:conformance)" in messages


@pytest.mark.parametrize("lang", LANGS)
def test_reading_editions_are_pdfa_and_pdfua(cfg: Config, lang: str):
    pdf = cfg.pdf_path(lang)
    assert qpdf_check(pdf) == [] and mutool_check(pdf) == []
    assert check_pdfa(pdf) == []
    assert check_ua(pdf) == []


def test_the_emblem_has_alternative_text_in_the_edition_language(cfg: Config):
    from booklet.verify.archive import _structure

    expected = {"en": "Red carnation", "az": "Qırmızı qərənfil", "ru": "Красная гвоздика"}
    for lang, alt in expected.items():
        _, elements = _structure(PdfReader(cfg.pdf_path(lang)).trailer["/Root"])
        figures = [str(e.get("/Alt")) for e in elements if e.get("/S") == "/Figure"]
        assert figures == [alt]


def test_parallel_edition_tags_each_language_run(cfg: Config):
    pdf = cfg.parallel_path()
    assert check_ua(pdf) == [] and check_pdfa(pdf) == []
    assert set(lang_runs(pdf)) >= set(LANGS)


def artifact_text(content: bytes) -> int:
    """Text-showing operators inside /Artifact sequences."""
    from pypdf.generic import ContentStream, DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(content)
    stack: list[bool] = []
    count = 0
    for operands, operator in ContentStream(stream, None).operations:
        if operator in (b"BDC", b"BMC"):
            stack.append(operands[0] == "/Artifact")
        elif operator == b"EMC" and stack:
            stack.pop()
        elif operator in (b"Tj", b"TJ") and any(stack):
            count += 1
    return count


def test_running_heads_and_page_numbers_are_artifacts(cfg: Config):
    """On a text page the running head (the date) and the page number are drawn as artifacts: two text runs
    a screen reader skips; the plain WeasyPrint file above has none."""
    reader = PdfReader(cfg.pdf_path("en"))
    assert artifact_text(reader.pages[3]["/Contents"].get_object().get_data()) == 2
    assert artifact_text(reader.pages[0]["/Contents"].get_object().get_data()) == 0  # the cover has neither
