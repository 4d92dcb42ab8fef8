"""Crop marks (marks.py): a slug around the bleed, the page's own content and boxes kept."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from booklet.prepress.marks import SLUG_MM, mark_pages, mark_segments


def test_marks_add_a_slug_and_keep_the_page():
    html = "<style>@page { size: A5; bleed: 3mm; background: #111 }</style><p>Kept text</p>"
    before = PdfReader(io.BytesIO(HTML(string=html).write_pdf()))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(HTML(string=html).write_pdf())))
    mark_pages(writer)
    out = io.BytesIO()
    writer.write(out)
    after = PdfReader(out)
    page, old = after.pages[0], before.pages[0]
    assert page.trimbox == old.trimbox and page.bleedbox == old.bleedbox
    slug = SLUG_MM * 72 / 25.4
    assert float(page.mediabox.width) == pytest.approx(float(old.bleedbox.width) + 2 * slug)
    assert float(page.mediabox.left) == pytest.approx(float(old.bleedbox.left) - slug)
    assert "Kept text" in page.extract_text()
    segments = mark_segments(page.trimbox, page.bleedbox)
    assert len(segments) == 8
    bleed = [
        float(v) for v in (page.bleedbox.left, page.bleedbox.bottom, page.bleedbox.right, page.bleedbox.top)
    ]
    for x1, y1, x2, y2 in segments:
        assert x1 == x2 or y1 == y2  # straight, along a trim edge's line
        for x, y in ((x1, y1), (x2, y2)):
            assert not (
                bleed[0] <= x <= bleed[2] and bleed[1] <= y <= bleed[3]
            )  # on the paper beyond the bleed
