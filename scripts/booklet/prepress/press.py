"""The print shop's colours: the print-shop edition as PDF/X-4 with a CMYK output intent.

The reading editions are sRGB (PDF/A). A press prints four inks, and a print shop wants the file in them:
body text in black ink only (100 % K, never a four-colour black that would blur when the plates are out of
register), the dark cover in a rich black well under the paper's ink limit, and the output intent naming the
press condition the colours were made for. This module gives the print edition's stylesheet every colour
of the print theme as `device-cmyk()`, the carnation drawn in the same inks (a data: URL made from the
theme's SVG), and the press profile as the output intent; `date_document` makes WeasyPrint's PDF/X metadata
reproducible.

The profile is Ghostscript's "Artifex CMYK SWOP Profile" (default_cmyk.icc, AGPL-3.0-or-later, Copyright
Artifex Software), installed by Debian's libgs-common with Ghostscript (the Makefile's build packages):
a free licence, a coated web-offset press condition. Debian's free colour-profile packages hold RGB
profiles only, and no registry here ships ECI's or FOGRA's profiles.
"""

from __future__ import annotations

import base64
import re
import uuid
from pathlib import Path
from typing import Any

PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
PROFILE_PACKAGE = "libgs-common"  # Debian's package holding PROFILE (a dependency of ghostscript)
PDFX_VARIANT = "pdf/x-4"

# The print theme's colours (print.css, carnation.svg) in the four inks, for coated paper. Text colours are
# black ink only; the cover's rich black stays at 240 % total ink (the limit the preflight holds is 300 %).
CMYK = {
    "#1d1b1a": (0, 0, 0, 1),  # --ink: the text
    "#6d6763": (0, 0, 0, 0.6),  # --muted: running heads, page numbers
    "#b9b1a6": (0, 0, 0, 0.3),  # --rule: the line above the footnotes
    "#3d3936": (0, 0, 0, 0.85),  # the colophon
    "#a50d25": (0, 1, 0.85, 0.25),  # --red: the rule under the title
    "#1b1a1c": (0.6, 0.4, 0.4, 1),  # --paper-dark: the covers
    "#f1ece2": (0.03, 0.05, 0.1, 0),  # --on-dark: the cover's title
    "#d8cfbf": (0.12, 0.14, 0.24, 0),  # the cover's date
    "#b8a88a": (0.25, 0.28, 0.45, 0.05),  # the gold rule, the back cover's year
    "#3b6b45": (0.7, 0.2, 0.8, 0.35),  # the carnation's stem and leaves
    "#7a0a1b": (0.1, 1, 0.85, 0.45),  # the carnation's petals, dark to light
    "#ad0d26": (0, 1, 0.85, 0.2),
    "#d3132e": (0, 0.98, 0.85, 0.05),
}


class PressError(Exception):
    """The print-shop edition cannot be made (the press profile is not installed)."""


def device_cmyk(hex_colour: str) -> str:
    c, m, y, k = CMYK[hex_colour.lower()]
    return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"


def cmyk_svg(svg: str) -> str:
    """The SVG with every fill and stroke of CMYK in the four inks; an unknown colour is an error (it would
    come out in RGB, which a PDF/X-4 with a CMYK output intent may not contain)."""

    def swap(match: re.Match[str]) -> str:
        colour = match.group(2)
        if colour.lower() not in CMYK:
            raise PressError(f"carnation.svg: colour {colour} has no CMYK value in prepress/press.py")
        return f'{match.group(1)}="{device_cmyk(colour)}"'

    return re.sub(r'\b(fill|stroke)="(#[0-9a-fA-F]{6})"', swap, svg)


def profile_path() -> Path:
    if not PROFILE.is_file():
        raise PressError(
            f"{PROFILE}: the press profile is missing; install Debian's {PROFILE_PACKAGE} (make setup does)"
        )
    return PROFILE


def press_css(emblem_file: Path | None = None) -> str:
    """The print edition's extra stylesheet: the output intent and every colour of the print theme in CMYK,
    the cover's SVG emblem too."""
    ink = {name: device_cmyk(name) for name in CMYK}
    emblem_rules = ""
    if emblem_file is not None and emblem_file.suffix == ".svg":
        svg = base64.b64encode(cmyk_svg(emblem_file.read_text(encoding="utf-8")).encode()).decode()
        emblem_rules = (
            f'.emblem {{ background: url("data:image/svg+xml;base64,{svg}") no-repeat center / contain '
            "!important; }\n.emblem img { display: none !important; }\n"
        )
    # A stylesheet given to WeasyPrint is the user's: it wins over the theme's only with !important.
    return f"""
@color-profile device-cmyk {{ src: url("{profile_path().as_uri()}");
  components: cyan, magenta, yellow, black; }}
:root {{ --ink: {ink["#1d1b1a"]} !important; --red: {ink["#a50d25"]} !important;
  --paper-dark: {ink["#1b1a1c"]} !important; --on-dark: {ink["#f1ece2"]} !important;
  --muted: {ink["#6d6763"]} !important; --rule: {ink["#b9b1a6"]} !important; }}
html {{ color: {ink["#1d1b1a"]} !important; }}
.cover {{ color: {ink["#f1ece2"]} !important; }}
.cover-date {{ color: {ink["#d8cfbf"]} !important; }}
.cover-title::after {{ border-top-color: {ink["#b8a88a"]} !important; }}
h1::after {{ border-top-color: {ink["#a50d25"]} !important; }}
#colophon {{ color: {ink["#3d3936"]} !important; }}
#colophon h1, #colophon h2, #colophon h3 {{ color: {ink["#1d1b1a"]} !important; }}
.back-cover {{ color: {ink["#b8a88a"]} !important; }}
{emblem_rules}"""


def iso_date(epoch: int) -> str:
    import datetime

    moment = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def date_document(document: Any, epoch: int, seed: str) -> None:
    """Give the laid-out document the build's date and a DocumentID derived from `seed` (the edition and
    that date): WeasyPrint's PDF/X code takes a missing date from the clock and names the file with a
    random uuid4, which would change the bytes (and the file identifier hashed from them) on every build.
    The XMP is made while writing, so the ID is put in there, on this document's metadata only."""
    document.metadata.created = document.metadata.modified = iso_date(epoch)
    did = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, f'booklet:{seed}')}".encode()
    metadata = document.metadata
    generate = metadata.generate_rdf_metadata

    def generate_with_id(*args: Any, **kwargs: Any) -> bytes:
        return re.sub(rb"xmp\.did:[0-9a-f-]{36}", did, generate(*args, **kwargs))

    metadata.generate_rdf_metadata = generate_with_id


def drop_annotations(writer: Any) -> None:
    """Link annotations are dropped: PDF/X allows none on the printed area, and paper has no links."""
    from pypdf.generic import NameObject

    for page in writer.pages:
        if "/Annots" in page:
            del page[NameObject("/Annots")]
