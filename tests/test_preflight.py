"""`booklet preflight`: a good PDF/X-4 passes; PDFs broken on purpose (no TrimBox, a 72 ppi image, a 400 %
rich black page, no output intent) are rejected, one finding each, with exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from booklet.prepress.edition import render_print_edition
from booklet.verify.preflight import MIN_PPI, preflight
from conftest import run_booklet


def cmyk_jpeg(folder: Path, pixels: int) -> str:
    """A CMYK square of `pixels` a side, as a file beside the page (a data: URL is refused unless the
    project's own)."""
    name = f"square-{pixels}.jpg"
    Image.new("CMYK", (pixels, pixels), (0, 0, 0, 128)).save(folder / name, "JPEG")
    return name


def make_pdfx(folder: Path, body: str, name: str = "good") -> Path:
    """A small print-shop edition of `body`, made by the print edition's own renderer."""
    html = folder / f"{name}.html"
    html.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name}</title>'
        "<style>@page { size: A5; margin: 20mm } img { width: 1in; height: 1in }</style></head>"
        f"<body><p>Preflight</p>{body}</body></html>",
        encoding="utf-8",
    )
    target = folder / f"{name}.pdf"
    render_print_edition(html, target, [folder], epoch=632793600)
    return target


def rewrite(src: Path, dst: Path, change) -> Path:
    writer = PdfWriter(clone_from=PdfReader(src))
    change(writer)
    writer.write(dst)
    return dst


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("preflight")
    return make_pdfx(folder, f'<img alt="a square" src="{cmyk_jpeg(folder, MIN_PPI)}">')


def checks(path: Path) -> list[tuple[str, int]]:
    return [(finding.check, finding.page) for finding in preflight([path])]


def test_good_print_edition_passes(good: Path):
    assert preflight([good]) == []


def test_missing_trimbox_is_rejected(good: Path, tmp_path: Path):
    def drop(writer: PdfWriter) -> None:
        del writer.pages[0][NameObject("/TrimBox")]

    assert checks(rewrite(good, tmp_path / "no-trim.pdf", drop)) == [("boxes", 1)]


def test_72_ppi_image_is_rejected(tmp_path: Path):
    pdf = make_pdfx(tmp_path, f'<img alt="a square" src="{cmyk_jpeg(tmp_path, 72)}">', "lowres")
    findings = preflight([pdf])
    last = len(PdfReader(pdf).pages)  # the one page stays last (a back cover): blank pages go before it
    assert [(f.check, f.page) for f in findings] == [("images", last)]
    assert "72 ppi" in findings[0].message


def test_rich_black_page_at_400_percent_is_rejected(tmp_path: Path):
    body = '<div style="height: 40mm; background: device-cmyk(1 1 1 1)"></div>'
    pdf = make_pdfx(tmp_path, body, "richblack")
    findings = preflight([pdf])
    assert [(f.check, f.page) for f in findings] == [("ink", len(PdfReader(pdf).pages))]
    assert "400 %" in findings[0].message


def test_missing_output_intent_is_rejected(good: Path, tmp_path: Path):
    def drop(writer: PdfWriter) -> None:
        del writer._root_object[NameObject("/OutputIntents")]

    assert checks(rewrite(good, tmp_path / "no-intent.pdf", drop)) == [("pdfx", 0)]


def test_rgb_colour_is_rejected(tmp_path: Path):
    pdf = make_pdfx(tmp_path, '<p style="color: rgb(200, 0, 0)">red in RGB</p>', "rgb")
    findings = preflight([pdf])
    assert [(f.check, f.page) for f in findings] == [("pdfx", len(PdfReader(pdf).pages))]
    assert "DeviceRGB" in findings[0].message


def test_cli_prints_one_line_per_finding_and_json_and_exits_1(good: Path, tmp_path: Path):
    def drop(writer: PdfWriter) -> None:
        del writer._root_object[NameObject("/OutputIntents")]
        del writer.pages[0][NameObject("/TrimBox")]

    broken = rewrite(good, tmp_path / "broken.pdf", drop)
    run = run_booklet("preflight", str(good), str(broken))
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines == [
        f"{broken}:page 1: error: boxes: no TrimBox",
        f"{broken}: error: pdfx: no PDF/X output intent (/OutputIntents with /S /GTS_PDFX)",
    ]
    run = run_booklet("preflight", "--format", "json", str(broken))
    assert run.returncode == 1
    assert [(f["check"], f["page"]) for f in json.loads(run.stdout)] == [("boxes", 1), ("pdfx", 0)]
    assert run_booklet("preflight", str(good)).returncode == 0
    missing = run_booklet("preflight", str(tmp_path / "absent.pdf"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


@pytest.mark.parametrize("lang", ["en", "az", "ru"])
def test_print_editions_pass_preflight(cfg, lang: str):
    assert preflight([cfg.print_path(lang)]) == []


def test_a_print_build_fails_on_a_preflight_violation(good: Path, tmp_path: Path):
    from booklet.prepress.edition import preflight_edition
    from booklet.prepress.press import PressError

    preflight_edition(good)  # a clean edition passes silently

    def drop(writer: PdfWriter) -> None:
        del writer._root_object[NameObject("/OutputIntents")]

    with pytest.raises(PressError, match=r"pdfx: no PDF/X output intent"):
        preflight_edition(rewrite(good, tmp_path / "no-intent.pdf", drop))
