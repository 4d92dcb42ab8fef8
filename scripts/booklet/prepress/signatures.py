"""Imposition in signatures: sheets printed two-up on both sides, nested and folded into sections.

A saddle-stitched booklet is one signature of every sheet, stapled through the fold. Past SADDLE_MAX_PAGES a
stapled fold no longer closes flat, so a longer book is prepared for perfect binding: sections of
`sheets` sheets (4 sheets: 16 pages) each, folded, gathered in order and glued (or sewn) at the spine.

Within a signature the inner sheets are pushed out at the fore-edge by the sheets folded around them
(creep): after trimming their outer margins would come out narrower. Each sheet's pages are therefore moved
towards the fold by `caliper_mm` per sheet outside it, the outermost sheet not at all.

The binding side is where the spine is for a reader: "left" for books read left to right (the three editions
here), "right" for right-to-left scripts; it mirrors the order of the two pages on every printed side.

For a signature of s sheets holding pages p+1 ... p+4s, sheet i (from 1, outermost first) carries
p+4s-2i+2 | p+2i-1 on its front and p+2i | p+4s-2i+1 on its back (left binding).
"""

from __future__ import annotations

from dataclasses import dataclass

SADDLE_MAX_PAGES = 64  # A5 on 80-100 g/m² paper: 16 sheets in one fold
SHEETS_PER_SIGNATURE = 4  # perfect binding: 16-page sections
CALIPER_MM = 0.1  # one sheet of 90 g/m² offset paper
BINDING_SIDES = ("left", "right")


@dataclass(frozen=True)
class Side:
    """One printed side of a sheet: its two pages (from 1; None past the end, left blank)."""

    left: int | None
    right: int | None
    signature: int  # from 0
    sheet: int  # the sheet's place in its signature, 0 the outermost
    front: bool

    def creep_mm(self, caliper_mm: float = CALIPER_MM) -> float:
        """How far towards the fold this side's pages move."""
        return self.sheet * caliper_mm


@dataclass(frozen=True)
class Binding:
    kind: str  # "saddle" or "perfect"
    sheets_per_signature: int
    signatures: int
    pages: int  # after padding: a multiple of 4 (saddle) or of the section's pages (perfect)

    def spine_mm(self, caliper_mm: float = CALIPER_MM) -> float:
        """The perfect-bound spine's width: every leaf is one caliper thick (no spine for a saddle stitch)."""
        return self.pages / 2 * caliper_mm if self.kind == "perfect" else 0.0


def binding_for(pages: int, sheets: int = SHEETS_PER_SIGNATURE) -> Binding:
    """Saddle stitch up to SADDLE_MAX_PAGES (one signature); past it perfect binding in sections."""
    if pages <= 0:
        raise ValueError(f"a book needs pages, not {pages}")
    if sheets <= 0:
        raise ValueError(f"a signature needs at least one sheet, not {sheets}")
    padded = pages + (-pages % 4)
    if padded <= SADDLE_MAX_PAGES:
        return Binding("saddle", padded // 4, 1, padded)
    per = 4 * sheets
    return Binding("perfect", sheets, -(-pages // per), pages + (-pages % 4))


def plan(pages: int, sheets: int | None = None, binding_side: str = "left") -> list[Side]:
    """Every printed side in order (front and back of sheet 1 of signature 1, ...). `sheets` per signature;
    None: one signature of every sheet (a saddle stitch). The last signature holds what is left (fewer
    sheets); pages past `pages` are blank."""
    if binding_side not in BINDING_SIDES:
        raise ValueError(f"binding side {binding_side!r}: use one of {', '.join(BINDING_SIDES)}")
    if pages <= 0:
        raise ValueError(f"a book needs pages, not {pages}")
    total = pages + (-pages % 4)
    per = total if sheets is None else 4 * sheets
    if per <= 0:
        raise ValueError(f"a signature needs at least one sheet, not {sheets}")
    sides: list[Side] = []
    for signature, first in enumerate(range(0, total, per)):
        count = min(per, total - first) // 4  # sheets in this signature
        for i in range(1, count + 1):
            front = (first + 4 * count - 2 * i + 2, first + 2 * i - 1)
            back = (first + 2 * i, first + 4 * count - 2 * i + 1)
            for pair, is_front in ((front, True), (back, False)):
                left, right = pair if binding_side == "left" else pair[::-1]
                sides.append(
                    Side(
                        left if left <= pages else None,
                        right if right <= pages else None,
                        signature,
                        i - 1,
                        is_front,
                    )
                )
    return sides
