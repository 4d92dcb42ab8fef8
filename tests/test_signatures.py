"""Imposition in signatures (prepress/signatures.py, impose.py): order, creep, binding side, perfect
binding past the saddle stitch's page count; a synthetic many-page PDF and the benchmark's synthetic book."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from bench.run import make_synthetic
from booklet.config import load
from booklet.prepress.impose import A4_LANDSCAPE, impose, imposition_order
from booklet.prepress.signatures import SADDLE_MAX_PAGES, Binding, binding_for, plan
from conftest import ROOT, run_booklet
from helpers import squash

MM = 72 / 25.4


def numbered_pdf(folder: Path, pages: int) -> Path:
    """A5 pages with 3 mm bleed, each showing its number large and centred."""
    body = "".join(f'<div class="p">{n}</div>' for n in range(1, pages + 1))
    style = (
        "@page { size: A5; bleed: 3mm; margin: 0 } "
        ".p { height: 210mm; break-after: page; font-size: 60pt; text-align: center; padding-top: 90mm;"
        " box-sizing: border-box }"
    )
    path = folder / f"numbered-{pages}.pdf"
    path.write_bytes(HTML(string=f"<style>{style}</style>{body}").write_pdf())
    return path


def placed_numbers(sheet) -> list[tuple[int, float]]:
    """(page number, x of its text) on an imposed sheet, left to right."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip().isdigit():
            found.append((int(text.strip()), cm[4] + tm[4] * cm[0]))

    sheet.extract_text(visitor_text=visit)
    return sorted(found, key=lambda item: item[1])


def test_saddle_stitch_is_one_signature_in_the_classic_order():
    assert [(s.left, s.right) for s in plan(8)] == imposition_order(8)
    assert {s.signature for s in plan(64)} == {0}
    assert binding_for(8) == Binding("saddle", 2, 1, 8)
    assert binding_for(SADDLE_MAX_PAGES).kind == "saddle"


def test_signatures_of_four_sheets_hold_sixteen_pages_each_in_order():
    sides = plan(40, sheets=4)
    assert len(sides) == 20  # 40 pages, two a side
    first = [(s.left, s.right) for s in sides if s.signature == 0]
    assert first == [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)]
    second = [(s.left, s.right) for s in sides if s.signature == 1]
    assert second[:2] == [(32, 17), (18, 31)]
    last = [(s.left, s.right) for s in sides if s.signature == 2]  # 8 pages left: two sheets
    assert last == [(40, 33), (34, 39), (38, 35), (36, 37)]
    numbers = sorted(n for s in sides for n in (s.left, s.right) if n is not None)
    assert numbers == list(range(1, 41))


def test_right_binding_mirrors_every_side_and_blank_pages_are_none():
    left, right = plan(14, sheets=2), plan(14, sheets=2, binding_side="right")
    assert [(s.right, s.left) for s in right] == [(s.left, s.right) for s in left]
    # 16 slots for 14 pages: 15 and 16, in the second section's outer sheet, are blank.
    assert [(s.left, s.right) for s in left[4:6]] == [(None, 9), (10, None)]
    with pytest.raises(ValueError, match="binding side"):
        plan(8, binding_side="top")


def test_creep_grows_by_one_caliper_per_sheet_towards_the_fold():
    sides = plan(16, sheets=4)
    assert [s.creep_mm(0.1) for s in sides if s.front] == pytest.approx([0, 0.1, 0.2, 0.3])


def test_past_the_saddle_limit_the_book_is_perfect_bound_in_sections():
    binding = binding_for(SADDLE_MAX_PAGES + 4)
    assert binding.kind == "perfect" and binding.sheets_per_signature == 4
    assert binding.signatures == 5  # 68 pages: four 16-page sections and one of 4
    assert binding.spine_mm(0.1) == pytest.approx(3.4)


def test_a_synthetic_many_page_pdf_imposes_into_signatures_with_creep(tmp_path: Path):
    src = numbered_pdf(tmp_path, 100)
    dst = tmp_path / "imposed.pdf"
    sides = impose(src, dst, sheets=4, caliper_mm=0.5)
    assert sides == 50
    reader = PdfReader(dst)
    width, _ = A4_LANDSCAPE
    expected = plan(100, sheets=4)
    for sheet, side in zip(reader.pages, expected, strict=True):
        numbers = placed_numbers(sheet)
        assert [n for n, _ in numbers] == [n for n in (side.left, side.right) if n is not None]
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width)


def test_creep_moves_inner_pages_by_the_caliper(tmp_path: Path):
    src = numbered_pdf(tmp_path, 16)
    flat, crept = tmp_path / "flat.pdf", tmp_path / "crept.pdf"
    impose(src, flat, sheets=4, caliper_mm=0)
    impose(src, crept, sheets=4, caliper_mm=0.5)
    # The innermost sheet's front (sheet 4: pages 10 | 7): left page moved right, right page moved left.
    (_, flat_left), (_, flat_right) = placed_numbers(PdfReader(flat).pages[6])
    (_, crept_left), (_, crept_right) = placed_numbers(PdfReader(crept).pages[6])
    assert crept_left - flat_left == pytest.approx(3 * 0.5 * MM, abs=0.05)
    assert flat_right - crept_right == pytest.approx(3 * 0.5 * MM, abs=0.05)
    # The outermost sheet has nothing folded around it.
    (_, a), _ = placed_numbers(PdfReader(flat).pages[0])
    (_, b), _ = placed_numbers(PdfReader(crept).pages[0])
    assert a == pytest.approx(b)


def test_benchmark_synthetic_book_is_perfect_bound_in_signatures(tmp_path: Path):
    """The bench's synthetic long book (make_synthetic), built for one language: past the saddle stitch's
    page count, so its imposed booklet comes in 16-page sections."""
    project = make_synthetic(ROOT, tmp_path / "synthetic", chapters=24)
    build = tmp_path / "build"
    env = {"BOOKLET_ROOT": str(project), "BOOKLET_BUILD_DIR": str(build), "BOOKLET_SERVER": "0"}
    run = run_booklet("build", "--no-html", "--no-pdf", "--print", "--lang", "en", cwd=project, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    cfg = load(project, build)
    edition = PdfReader(cfg.print_path("en"))
    pages = len(edition.pages)
    assert pages > SADDLE_MAX_PAGES
    imposed = PdfReader(cfg.print_path("en", "imposed"))
    sides = plan(pages, sheets=4)
    assert len(imposed.pages) == len(sides)
    assert len({side.signature for side in sides}) == binding_for(pages).signatures > 1
    # The first section's outermost sheet carries its pages 16 | 1, not the book's last and first.
    front = squash(imposed.pages[0].extract_text())
    assert squash(edition.pages[0].extract_text())[:40] in front
    sixteen = squash(edition.pages[15].extract_text())
    assert sixteen and sixteen[:40] in front
