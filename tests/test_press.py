"""The print-shop edition as PDF/X-4 (prepress/press.py): CMYK output intent, text in black ink only (seen in
the content streams and in Ghostscript's separations), crop marks in registration colour, no clock."""

from __future__ import annotations

import datetime
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream, DecodedStreamObject

from booklet.config import Config, build_timestamp
from booklet.prepress.marks import REGISTRATION
from booklet.prepress.press import CMYK, PressError, cmyk_svg
from booklet.verify.preflight import page_content
from conftest import ROOT

LANGS = ["en", "az", "ru"]


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


@pytest.mark.parametrize("lang", LANGS)
def test_print_edition_is_pdfx4_with_a_cmyk_output_intent(cfg: Config, lang: str):
    reader = PdfReader(cfg.print_path(lang))
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp(reader)
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4 and profile.get_data()[16:20] == b"CMYK"
    assert intent["/OutputConditionIdentifier"] == "Artifex CMYK SWOP Profile"
    assert reader.metadata["/Trapped"] == "/False"


@pytest.mark.parametrize("lang", LANGS)
def test_dates_are_the_build_date_and_the_document_id_is_derived(cfg: Config, lang: str):
    reader = PdfReader(cfg.print_path(lang))
    moment = datetime.datetime.fromtimestamp(build_timestamp(ROOT)[0], datetime.UTC)
    assert reader.metadata["/CreationDate"] == moment.strftime("D:%Y%m%d%H%M%S+00'00")
    assert reader.metadata["/ModDate"] == reader.metadata["/CreationDate"]
    text = xmp(reader)
    assert f"<xmp:MetadataDate>{moment:%Y-%m-%dT%H:%M:%S}+00:00<" in text
    seed = f"booklet:{cfg.print_path(lang).name}:{build_timestamp(ROOT)[0]}"
    assert f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}<" in text


def fill_colours_of_text(content: bytes, reader: PdfReader) -> list[tuple[str, tuple[float, ...]]]:
    """The fill colour (space, components) in force at each text-showing operator of a content stream."""
    space, colour = "/DeviceGray", (0.0,)
    stack: list[tuple[str, tuple[float, ...]]] = []
    shown = []
    stream = DecodedStreamObject()
    stream.set_data(content)
    for operands, operator in ContentStream(stream, reader).operations:
        if operator == b"q":
            stack.append((space, colour))
        elif operator == b"Q":
            space, colour = stack.pop()
        elif operator == b"cs":
            space = str(operands[0])
        elif operator in (b"scn", b"sc"):
            colour = tuple(float(v) for v in operands)
        elif operator == b"k":
            space, colour = "/DeviceCMYK", tuple(float(v) for v in operands)
        elif operator == b"rg":
            space, colour = "/DeviceRGB", tuple(float(v) for v in operands)
        elif operator in (b"Tj", b"TJ", b"'", b'"'):
            shown.append((space, colour))
    return shown


@pytest.mark.parametrize("lang", LANGS)
def test_text_inside_the_book_is_black_ink_only(cfg: Config, lang: str):
    reader = PdfReader(cfg.print_path(lang))
    inner = reader.pages[1:-1]  # the covers are light type on rich black
    texts = [fill for page in inner for fill in fill_colours_of_text(page_content(page), reader)]
    assert len(texts) > 50  # every line of the text
    for space, colour in texts:
        assert space == "/DeviceCMYK"
        assert colour[:3] == (0, 0, 0), colour
    assert (0, 0, 0, 1) in {colour for _, colour in texts}  # the body text: 100 % K


def test_separations_carry_the_text_on_the_black_plate_only(cfg: Config, tmp_path: Path):
    """Ghostscript's tiffsep writes one image per ink: on a text page (the second page of the text, no title
    rule on it) cyan, magenta and yellow have no ink inside the bleed, black has the text."""
    pdf = cfg.print_path(cfg.source_language)
    page = 4
    subprocess.run(
        ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiffsep", "-r100", "-dUseBleedBox",
         f"-dFirstPage={page}", f"-dLastPage={page}", f"-sOutputFile={tmp_path / 'p.tif'}", str(pdf)],
        check=True,
    )  # fmt: skip
    plates = {
        ink: Image.open(tmp_path / f"p({ink}).tif").convert("L")
        for ink in ("Cyan", "Magenta", "Yellow", "Black")
    }
    for ink in ("Cyan", "Magenta", "Yellow"):
        assert plates[ink].getextrema() == (255, 255), ink  # 255: no ink anywhere on the plate
    darkest, _ = plates["Black"].getextrema()
    assert darkest < 60  # solid black text
    inked = sum(plates["Black"].histogram()[:128])
    assert inked > 2000  # a page of text, not a stray mark


@pytest.mark.parametrize("lang", LANGS)
def test_crop_marks_are_in_registration_colour(cfg: Config, lang: str):
    reader = PdfReader(cfg.print_path(lang))
    for page in reader.pages:
        marks = page["/Contents"][-1].get_object().get_data().decode()
        assert f"{REGISTRATION} CS 1 SCN" in marks and " RG" not in marks
        space = page["/Resources"]["/ColorSpace"][REGISTRATION]
        assert [str(v) for v in space[:3]] == ["/Separation", "/All", "/DeviceCMYK"]
        assert list(space[3]["/C1"]) == [1, 1, 1, 1]


def test_carnation_in_the_four_inks_and_an_unknown_colour_is_an_error():
    svg = '<svg><path fill="#D3132E" stroke="#3b6b45"/></svg>'
    assert cmyk_svg(svg) == (
        '<svg><path fill="device-cmyk(0 0.98 0.85 0.05)" stroke="device-cmyk(0.7 0.2 0.8 0.35)"/></svg>'
    )
    with pytest.raises(PressError, match="#123456"):
        cmyk_svg('<path fill="#123456"/>')


def test_every_colour_of_the_print_theme_has_its_inks():
    from booklet.paths import THEMES

    used = set()
    for path in (
        THEMES / "booklet-print" / "static" / "print.css",
        ROOT / "docs" / "_static" / "carnation.svg",
    ):
        used |= {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}\b", path.read_text())}
    assert used <= set(CMYK), used - set(CMYK)
    for c, m, y, k in CMYK.values():
        assert c + m + y + k <= 3.0  # the preflight's 300 % limit
