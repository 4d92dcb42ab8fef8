"""Crop marks for the print shop, in a slug outside the bleed.

WeasyPrint's `marks: crop` draws the marks inside the bleed, under the page's background: on the dark cover
they vanish, and a print shop expects nothing of them in the bleed, where the background runs. Here every
page of the print edition gets a slug around its bleed (a larger MediaBox; TrimBox and BleedBox unchanged)
with eight marks drawn in it, on white paper: in line with the trim edges, from just outside the bleed
outwards, as an artifact (not part of the tagged text), in registration colour: a Separation named All,
which prints on every plate, so the marks show the register of all four inks.
"""

from __future__ import annotations

from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
)

GAP_MM = 0.5  # between the bleed's edge and a mark
MARK_MM = 5.0
SLUG_MM = GAP_MM + MARK_MM + 0.5  # beyond the bleed, on every side
LINE_PT = 0.25
REGISTRATION = "/BookletRegistration"  # the marks' colour space, in the page's resources


def _pt(mm: float) -> float:
    return mm * 72 / 25.4


def mark_segments(trim: RectangleObject, bleed: RectangleObject) -> list[tuple[float, float, float, float]]:
    """The eight marks as (x1, y1, x2, y2): two at each corner, each in line with a trim edge."""
    gap, length = _pt(GAP_MM), _pt(MARK_MM)
    left, bottom, right, top = (float(v) for v in (trim.left, trim.bottom, trim.right, trim.top))
    out_left, out_bottom = float(bleed.left) - gap, float(bleed.bottom) - gap
    out_right, out_top = float(bleed.right) + gap, float(bleed.top) + gap
    segments = []
    for x, outer_x, sign_x in ((left, out_left, -1), (right, out_right, 1)):
        for y, outer_y, sign_y in ((bottom, out_bottom, -1), (top, out_top, 1)):
            segments.append((outer_x, y, outer_x + sign_x * length, y))  # horizontal, level with the edge
            segments.append((x, outer_y, x, outer_y + sign_y * length))  # vertical, in line with the edge
    return segments


def _stream(writer: PdfWriter, data: bytes) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def registration_space() -> ArrayObject:
    """[/Separation /All /DeviceCMYK f]: tint 1 is 100 % of every ink."""
    tint = DictionaryObject(
        {
            NameObject("/FunctionType"): NumberObject(2),
            NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
            NameObject("/C0"): ArrayObject([FloatObject(0)] * 4),
            NameObject("/C1"): ArrayObject([FloatObject(1)] * 4),
            NameObject("/N"): NumberObject(1),
        }
    )
    return ArrayObject([NameObject("/Separation"), NameObject("/All"), NameObject("/DeviceCMYK"), tint])


def _add_registration(page: PageObject, space: Any) -> None:
    if "/Resources" not in page:  # a blank page added for the multiple of 4
        page[NameObject("/Resources")] = DictionaryObject()
    resources: Any = page["/Resources"].get_object()
    if "/ColorSpace" not in resources:
        resources[NameObject("/ColorSpace")] = DictionaryObject()
    resources["/ColorSpace"].get_object()[NameObject(REGISTRATION)] = space


def _mark_page(writer: PdfWriter, page: PageObject, space: Any) -> None:
    trim, bleed = page.trimbox, page.bleedbox
    slug = _pt(SLUG_MM)
    media = RectangleObject(
        [
            float(bleed.left) - slug,
            float(bleed.bottom) - slug,
            float(bleed.right) + slug,
            float(bleed.top) + slug,
        ]
    )
    page.mediabox = media
    if "/CropBox" in page:
        page.cropbox = media
    lines = " ".join(
        f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l" for x1, y1, x2, y2 in mark_segments(trim, bleed)
    )
    # The page's own content is wrapped in q/Q, so the marks are drawn in default user space.
    _add_registration(page, space)
    marks = f"/Artifact BMC q {LINE_PT} w {REGISTRATION} CS 1 SCN [] 0 d {lines} S Q EMC".encode()
    contents = page.get("/Contents")  # none on a blank page added for the multiple of 4
    if contents is None:
        existing = []
    elif isinstance(contents.get_object(), ArrayObject):
        existing = list(contents.get_object())
    else:
        existing = [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [_stream(writer, b"q"), *existing, _stream(writer, b"Q"), _stream(writer, marks)]
    )


def mark_pages(writer: PdfWriter) -> None:
    """A slug and crop marks on every page (each has a TrimBox and a BleedBox)."""
    space = writer._add_object(registration_space())
    for page in writer.pages:
        _mark_page(writer, page, space)
