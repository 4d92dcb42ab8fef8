"""Imposition: A5 pages two-up on A4 landscape sheets, for a duplex printer that flips on the short edge.
A booklet: print every sheet on both sides, fold the stack once in the middle, staple on the fold. A longer
book comes in signatures (signatures.py), each folded on its own and gathered.

The two pages of a side meet at the fold (no white line down a dark cover's spine), and each is cut back
by a home printer's unprintable band along the sheet's outer edges (HOME_MARGIN_MM): the dark cover ends
at a clean white border the printer can draw, not where its rollers happen to stop. Nothing of the text
lies in that band (the pages' margins are wider).

For n pages (n a multiple of 4) sheet i (from 1) carries pages n-2i+2 | 2i-1 on its front and 2i | n-2i+1 on
its back; 8 pages: [8,1] [2,7] [6,3] [4,5].
"""

from __future__ import annotations

import io
from pathlib import Path

from booklet.prepress.signatures import CALIPER_MM

A4_LANDSCAPE = (841.89, 595.28)  # points
MM = 72 / 25.4
# What a home printer leaves unprinted along a sheet's edges: 3-5 mm on most inkjet and laser printers.
HOME_MARGIN_MM = 5.0
# Each page reaches this far past the fold into its bleed: clipped exactly at the fold, the two pages' edges
# are anti-aliased and a hairline of paper shows down a dark spine.
FOLD_OVERLAP_PT = 1.0


def imposition_order(n: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, from 1, of every printed side in order: front 1, back 1, front 2, ..."""
    if n <= 0 or n % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {n}")
    sides: list[tuple[int, int]] = []
    for i in range(1, n // 4 + 1):
        sides.append((n - 2 * i + 2, 2 * i - 1))
        sides.append((2 * i, n - 2 * i + 1))
    return sides


def impose(
    src: Path,
    dst: Path,
    sheets: int | None = None,
    binding_side: str = "left",
    caliper_mm: float = CALIPER_MM,
) -> int:
    """Write the imposed booklet of `src` to `dst`; returns the number of printed sides.

    `sheets` per signature (None: one signature, a saddle stitch; see signatures.py), the binding side, and
    the paper's caliper for the creep: each sheet's pages move towards the fold by one caliper per sheet
    folded around it. Each page's trim box is set against the fold and centred in height (its bleed and crop
    marks are clipped off, so neighbours never overprint), less the creep, then cut back by the printable
    margin along the sheet's outer edges. Pages past the end of `src` are left blank.
    """
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    from booklet.prepress.signatures import plan
    from booklet.release.atomic import write_atomic

    reader = PdfReader(src)
    pages = list(reader.pages)
    width, height = A4_LANDSCAPE
    writer = PdfWriter()
    sides = plan(len(pages), sheets, binding_side)
    for side in sides:
        sheet = writer.add_blank_page(width, height)
        creep = side.creep_mm(caliper_mm) * MM
        for number, on_left in ((side.left, True), (side.right, False)):
            if number is None:
                continue
            page = pages[number - 1]
            trim = page.trimbox
            x0, y0, x1, y1 = (float(v) for v in (trim.left, trim.bottom, trim.right, trim.top))
            band = HOME_MARGIN_MM * MM
            # pypdf clips a merged page to its crop box: the bleed, the marks and the unprintable band go;
            # the edge at the fold stays at the fold (a page moved towards it by its creep is cut back by as
            # much there), reaching `lap` past it.
            lap = FOLD_OVERLAP_PT
            page.cropbox = RectangleObject(
                (x0 + band, y0 + band, x1 + lap - creep, y1 - band)
                if on_left
                else (x0 - lap + creep, y0 + band, x1 - band, y1 - band)
            )
            dx = (width / 2 - (x1 - x0) - x0 + creep) if on_left else (width / 2 - x0 - creep)
            dy = (height - (y1 - y0)) / 2 - y0
            sheet.merge_transformed_page(page, Transformation().translate(dx, dy))
        sheet.compress_content_streams()  # the merged sheet's content is written uncompressed otherwise
    title = reader.metadata.title if reader.metadata and reader.metadata.title else src.stem
    writer.add_metadata({"/Title": title})
    # Each sheet got its own copy of the fonts and images of its two pages: keep one of each.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    write_atomic(dst, out.getvalue(), only_if_changed=True)
    return len(sides)
