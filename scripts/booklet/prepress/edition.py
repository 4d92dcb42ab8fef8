"""The print-shop edition: the reading edition's pages with bleed, padded to a multiple of 4, crop marks
in a slug outside the bleed (marks.py).

"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

BLEED_MM = 3
END_MATTER_ID = "colophon"  # docs/colophon.md: printed just before the back cover
PRINT_CSS = f"@page {{ bleed: {BLEED_MM}mm; }}"  # WeasyPrint's own marks sit in the bleed: see marks.py


def _writer(data: bytes) -> Any:
    from pypdf import PdfReader, PdfWriter

    # pypdf warns that WeasyPrint's trailer /Size is smaller than its object count; harmless for reading.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return PdfWriter(clone_from=PdfReader(io.BytesIO(data)))


def _written(writer: Any) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pad_pages(writer: Any, multiple: int = 4, before: int = -1) -> bool:
    """Insert blank pages before page index `before` (default: the back cover, which stays last) up to a
    multiple of 4 pages; whether any were needed."""
    from pypdf.generic import NameObject

    missing = -len(writer.pages) % multiple
    last = writer.pages[-1]
    width, height = float(last.mediabox.width), float(last.mediabox.height)
    index = before % len(writer.pages)
    for _ in range(missing):
        writer.insert_blank_page(width, height, index)
        blank = writer.pages[index]
        for box in ("/MediaBox", "/TrimBox", "/BleedBox"):  # the same page geometry as the printed pages
            if box in last:
                blank[NameObject(box)] = last[box]
    return missing > 0


def pad_to_multiple(data: bytes, multiple: int = 4, before: int = -1) -> bytes:
    """`pad_pages` on a PDF's bytes (the same bytes when nothing is missing)."""
    writer = _writer(data)
    return _written(writer) if pad_pages(writer, multiple, before) else data


def render_print_edition(html_file: Path, target: Path, allowed: Iterable[Path] | None = None) -> None:
    """The print HTML with 3 mm bleed (WeasyPrint sets MediaBox, BleedBox, TrimBox), padded to a multiple of
    4 pages and given crop marks, in one pass over the PDF."""
    from booklet.prepress.marks import mark_pages
    from booklet.release.atomic import write_atomic
    from booklet.rendering.pdf import pdf_bytes

    end_matter = [-1]

    def find_end_matter(document: Any) -> None:
        # The colophon sits on the inside back cover, facing the back cover: blank pages go before it.
        end_matter[0] = next(
            (i for i, page in enumerate(document.pages) if END_MATTER_ID in page.anchors), -1
        )

    writer = _writer(pdf_bytes(html_file, allowed, css=PRINT_CSS, inspect=find_end_matter))
    pad_pages(writer, before=end_matter[0])
    mark_pages(writer)
    write_atomic(target, _written(writer), only_if_changed=True)


def print_stage(html_file: Path, edition: Path, imposed: Path, allowed: Iterable[Path] | None = None) -> None:
    """The print edition (`edition`) and its imposed booklet (`imposed`) of one print HTML."""
    from booklet.prepress.impose import impose

    render_print_edition(html_file, edition, allowed)
    impose(edition, imposed)
