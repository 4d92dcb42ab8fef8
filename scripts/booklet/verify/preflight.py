"""Preflight of a print PDF, as a print shop's preflight would hold it: one finding per problem.

- boxes: every page has a TrimBox and a BleedBox, the trim inside the bleed, the bleed inside the MediaBox,
  at least BLEED_MM of bleed on every side;
- fonts: every font is embedded (poppler's pdffonts);
- images: every raster image has at least MIN_PPI at its placed size (poppler's pdfimages, which follows the
  transformation each image is drawn with);
- ink: the total area coverage (C+M+Y+K at one point) is at most MAX_TAC on every page. Ghostscript's
  `inkcov` device reports a page's average coverage per ink, which a small 400 % patch on a white page
  hardly moves; so Ghostscript renders the page's four separations (tiff32nc) and the densest pixel counts.
  The page's average coverage per ink, as inkcov would give it, is in the finding's details;
- pdfx: the PDF/X identification in the XMP (pdfxid:GTS_PDFXVersion), an output intent /GTS_PDFX with an
  embedded CMYK profile, the Trapped key, a title; no DeviceRGB colour anywhere (a CMYK press cannot print it
  as meant).
"""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BLEED_MM = 3.0
MIN_PPI = 300
MAX_TAC = 300  # per cent
TAC_DPI = 72  # separations rendered at this resolution: 1 pt a pixel
ERROR = "error"


@dataclass(frozen=True)
class Finding:
    path: str
    page: int  # from 1; 0 for the whole document
    check: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:page {self.page}" if self.page else self.path
        return f"{where}: {self.severity}: {self.check}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class PreflightError(Exception):
    """The preflight could not run on a file (not a PDF, a tool missing): exit 2, not a finding."""


def _run(args: list[str], what: str) -> str:
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=600)
    except FileNotFoundError as exc:
        raise PreflightError(f"{args[0]} is not installed ({what}); run make setup") from exc
    if proc.returncode != 0:
        raise PreflightError(f"{args[0]} failed on {args[-1]}: {proc.stderr.strip()[:300]}")
    return proc.stdout


def _reader(path: Path) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        return PdfReader(path)
    except (OSError, PdfReadError, ValueError) as exc:
        raise PreflightError(f"{path}: not a readable PDF: {exc}") from exc


def _pt_mm(points: float) -> float:
    return points * 25.4 / 72


def check_boxes(path: str, reader: Any) -> Iterator[Finding]:
    for number, page in enumerate(reader.pages, start=1):
        missing = [name for name in ("/TrimBox", "/BleedBox") if name not in page]
        for name in missing:
            yield Finding(path, number, "boxes", f"no {name[1:]}")
        if missing:
            continue
        media, bleed, trim = (
            [float(v) for v in (box.left, box.bottom, box.right, box.top)]
            for box in (page.mediabox, page.bleedbox, page.trimbox)
        )
        margins = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
        if min(margins) < 0:
            yield Finding(path, number, "boxes", "the TrimBox is not inside the BleedBox")
        elif _pt_mm(min(margins)) < BLEED_MM - 0.01:
            yield Finding(
                path, number, "boxes", f"bleed {_pt_mm(min(margins)):.1f} mm, less than {BLEED_MM:g} mm"
            )
        if bleed[0] < media[0] or bleed[1] < media[1] or bleed[2] > media[2] or bleed[3] > media[3]:
            yield Finding(path, number, "boxes", "the BleedBox is not inside the MediaBox")


def check_fonts(path: str) -> Iterator[Finding]:
    out = _run(["pdffonts", path], "poppler-utils")
    for line in out.splitlines()[2:]:
        columns = line.split()
        # name type... emb sub uni object-number generation: emb is the fifth column from the end
        if len(columns) >= 7 and columns[-5] != "yes":
            yield Finding(path, 0, "fonts", f"font {columns[0]} is not embedded")


def check_images(path: str) -> Iterator[Finding]:
    out = _run(["pdfimages", "-list", path], "poppler-utils")
    for line in out.splitlines()[2:]:
        columns = line.split()
        if len(columns) < 14 or columns[2] in ("smask", "stencil"):
            continue  # a soft mask's resolution is its image's; a stencil is a mask, not a picture
        page, width, height, x_ppi, y_ppi = columns[0], columns[3], columns[4], columns[12], columns[13]
        ppi = min(int(x_ppi), int(y_ppi))
        if ppi < MIN_PPI:
            yield Finding(
                path,
                int(page),
                "images",
                f"image {width}x{height} px at {ppi} ppi at its placed size, less than {MIN_PPI} ppi",
            )


def ink_coverage(path: str, dpi: int = TAC_DPI) -> list[tuple[float, list[float]]]:
    """Per page: (the highest total area coverage at a point, in per cent; the average coverage of each of
    C, M, Y, K, as fractions), from Ghostscript's CMYK rendering of the page's BleedBox: what is printed
    (the crop marks beyond it are in registration colour, 400 % by design)."""
    from PIL import Image, ImageMath, ImageSequence

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "cmyk.tif"
        _run(
            ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dUseBleedBox", "-sDEVICE=tiff32nc", f"-r{dpi}",
             f"-sOutputFile={target}", path],
            "ghostscript",
        )  # fmt: skip
        pages = []
        with Image.open(target) as tiff:
            for frame in ImageSequence.Iterator(tiff):
                bands = frame.convert("CMYK").split()
                # In 32-bit integer mode: the four inks of a pixel add up to at most 4 x 255.
                total = ImageMath.lambda_eval(
                    lambda ink: ink["c"] + ink["m"] + ink["y"] + ink["k"],
                    c=bands[0],
                    m=bands[1],
                    y=bands[2],
                    k=bands[3],
                )
                highest = total.getextrema()[1]
                averages = []
                for band in bands:
                    histogram = band.histogram()
                    count = sum(histogram)
                    averages.append(sum(i * n for i, n in enumerate(histogram)) / count / 255)
                pages.append((float(highest) / 255 * 100, averages))
        return pages


def check_ink(path: str) -> Iterator[Finding]:
    for number, (tac, averages) in enumerate(ink_coverage(path), start=1):
        if tac > MAX_TAC + 0.5:
            inks = " ".join(f"{name} {value:.0%}" for name, value in zip("CMYK", averages, strict=True))
            yield Finding(
                path,
                number,
                "ink",
                f"total area coverage {tac:.0f} %, more than {MAX_TAC} % (average coverage {inks})",
            )


def _xmp(reader: Any) -> str:
    root = reader.trailer["/Root"]
    if "/Metadata" not in root:
        return ""
    return root["/Metadata"].get_object().get_data().decode("utf-8", "replace")


def _rgb_in(data: bytes) -> bool:
    return re.search(rb"(?<![\w/])(rg|RG)\b", data) is not None or b"/DeviceRGB" in data


def _draws_rgb(resources: Any, content: bytes, seen: set[int]) -> bool:
    if _rgb_in(content):
        return True
    if resources is None:
        return False
    resources = resources.get_object()
    for space in (resources.get("/ColorSpace") or {}).values():
        if "/DeviceRGB" in str(space.get_object()):
            return True
    for reference in (resources.get("/XObject") or {}).values():
        number = getattr(reference, "idnum", None)
        if number is not None:
            if number in seen:
                continue
            seen.add(number)
        xobject = reference.get_object()
        if xobject.get("/Subtype") == "/Image":
            if str(xobject.get("/ColorSpace")) == "/DeviceRGB":
                return True
        elif _draws_rgb(xobject.get("/Resources"), xobject.get_data(), seen):
            return True
    return False


def page_content(page: Any) -> bytes:
    """The page's content streams, decoded and joined (pypdf's get_contents gives None for some arrays)."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return b"\n".join(stream.get_object().get_data() for stream in streams)


def _uses_rgb(reader: Any) -> Iterator[int]:
    """Pages drawing in DeviceRGB: colour operators, colour spaces or images in RGB, also in forms."""
    for number, page in enumerate(reader.pages, start=1):
        if _draws_rgb(page.get("/Resources"), page_content(page), set()):
            yield number


def check_pdfx(path: str, reader: Any) -> Iterator[Finding]:
    xmp = _xmp(reader)
    version = re.search(r"<pdfxid:GTS_PDFXVersion>([^<]+)<", xmp)
    info = reader.metadata or {}
    if version is None and "/GTS_PDFXVersion" not in info:
        yield Finding(path, 0, "pdfx", "no PDF/X identification (pdfxid:GTS_PDFXVersion in the XMP)")
    root = reader.trailer["/Root"]
    intents = [intent.get_object() for intent in root.get("/OutputIntents", [])]
    pdfx = [intent for intent in intents if intent.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        yield Finding(path, 0, "pdfx", "no PDF/X output intent (/OutputIntents with /S /GTS_PDFX)")
    else:
        intent = pdfx[0]
        if "/OutputConditionIdentifier" not in intent:
            yield Finding(path, 0, "pdfx", "the output intent has no OutputConditionIdentifier")
        profile = intent.get("/DestOutputProfile")
        if profile is None:
            yield Finding(path, 0, "pdfx", "the output intent embeds no profile (DestOutputProfile)")
        else:
            header = profile.get_object().get_data()[:20]
            if header[16:20] != b"CMYK":
                space = header[16:20].decode("latin1").strip()
                yield Finding(path, 0, "pdfx", f"the output intent's profile is {space}, not CMYK")
    trapped = info.get("/Trapped")
    if trapped not in ("/True", "/False") and "<pdf:Trapped>" not in xmp:
        yield Finding(path, 0, "pdfx", "no Trapped key (True or False)")
    if not info.get("/Title") and "<dc:title>" not in xmp:
        yield Finding(path, 0, "pdfx", "no title")
    for number in _uses_rgb(reader):
        yield Finding(path, number, "pdfx", "DeviceRGB colour on a page for a CMYK press")


def preflight(paths: Iterable[Path]) -> list[Finding]:
    """Every finding of every PDF, in order; raises PreflightError for a file that cannot be read."""
    findings: list[Finding] = []
    for path in paths:
        if not path.is_file():
            raise PreflightError(f"{path}: no such file")
        reader = _reader(path)
        name = str(path)
        findings.extend(check_boxes(name, reader))
        findings.extend(check_fonts(name))
        findings.extend(check_images(name))
        findings.extend(check_ink(name))
        findings.extend(check_pdfx(name, reader))
    return findings


def report(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
    out = io.StringIO()
    for finding in findings:
        print(finding, file=out)
    return out.getvalue().rstrip("\n")
