"""The print-shop edition: the reading edition's pages with bleed, padded to a multiple of 4, crop marks
in a slug outside the bleed (marks.py), as PDF/X-4 in the press's inks (press.py).
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


def render_print_edition(
    html_file: Path,
    target: Path,
    allowed: Iterable[Path] | None = None,
    epoch: int = 0,
    emblem: Path | None = None,
) -> None:
    """The print HTML with 3 mm bleed (WeasyPrint sets MediaBox, BleedBox, TrimBox), in CMYK as PDF/X-4
    dated `epoch` (seconds, the build date), padded to a multiple of 4 pages and given crop marks, in one
    pass over the PDF. `emblem`: the cover's (an SVG is drawn in CMYK too)."""
    from booklet.paths import THEMES
    from booklet.prepress import press
    from booklet.prepress.marks import mark_pages
    from booklet.release.atomic import write_atomic
    from booklet.rendering.pdf import pdf_bytes

    end_matter = [-1]

    def inspect(document: Any) -> None:
        # The colophon sits on the inside back cover, facing the back cover: blank pages go before it.
        end_matter[0] = next(
            (i for i, page in enumerate(document.pages) if END_MATTER_ID in page.anchors), -1
        )
        press.date_document(document, epoch, f"{target.name}:{epoch}")

    roots = [*(allowed if allowed is not None else [html_file.parent, THEMES]), press.profile_path()]
    css = PRINT_CSS + press.press_css(emblem)
    data = pdf_bytes(html_file, roots, css=css, inspect=inspect, variant=press.PDFX_VARIANT)
    writer = _writer(data)
    press.drop_annotations(writer)
    pad_pages(writer, before=end_matter[0])
    mark_pages(writer)
    write_atomic(target, _written(writer), only_if_changed=True)


def print_stage(
    html_file: Path,
    edition: Path,
    imposed: Path,
    epoch: int,
    allowed: Iterable[Path] | None = None,
    emblem: Path | None = None,
) -> None:
    """The print edition (`edition`) and its imposed booklet (`imposed`) of one print HTML, the edition held
    to the print shop's preflight; `epoch` is the build date (PDF/X dates are never the clock's)."""
    from booklet.prepress.impose import impose
    from booklet.prepress.signatures import binding_for
    from booklet.site.downloads import pdf_pages

    render_print_edition(html_file, edition, allowed, epoch, emblem)
    preflight_edition(edition)
    binding = binding_for(pdf_pages(edition))
    # A saddle stitch is one signature; a perfect-bound book's sections are folded one by one.
    impose(edition, imposed, None if binding.kind == "saddle" else binding.sheets_per_signature)


def preflight_edition(edition: Path) -> None:
    """Every print build holds its edition to the print shop's preflight: a violation fails the build."""
    from booklet.prepress.press import PressError
    from booklet.verify.preflight import preflight

    findings = preflight([edition])
    if findings:
        raise PressError("preflight failed:\n" + "\n".join(str(finding) for finding in findings))
