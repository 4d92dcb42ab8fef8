"""Lines of a tagged PDF as a reader sees them: per page, top to bottom, each with its text, its position and
the block (paragraph, heading) of the structure tree it belongs to.

Written on pypdf's text visitor: the text chunks come with their text matrix, the marked-content operators
with their MCID; the structure tree's parent tree maps a page's MCIDs to structure elements, whose nearest
block ancestor identifies the paragraph across pages. Page furniture (running heads, page numbers) is
marked as artifacts by WeasyPrint and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pypdf import PdfReader

INLINE_ROLES = {"/Span", "/Link", "/Em", "/Strong", "/Quote", "/Reference", "/Lbl", "/Code", "/Annot"}
HYPHEN = "\u2010"  # the print theme's hyphenate-character: a break WeasyPrint made, not a hyphen of the text


@dataclass(frozen=True)
class Line:
    page: int  # from 1
    y: float  # baseline, in points from the top of the page
    x: float  # left end, in points
    text: str
    block: int | None  # the structure element (P, H1, LI, ...) the line belongs to, by object number
    role: str  # that element's structure type: "/P", "/H1", ...
    size: float  # the font size, in points
    end: float = 0.0  # right end, in points
    lang: str = ""  # the block's language (its /Lang or an ancestor's, else the document's)

    @property
    def hyphenated(self) -> bool:
        return self.text.rstrip().endswith(HYPHEN)


def _parent_tree(reader: PdfReader) -> dict[int, Any]:
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return {}
    found: dict[int, Any] = {}
    pending = [root.get_object()["/ParentTree"].get_object()]
    while pending:
        node = pending.pop()
        nums = node.get("/Nums", [])
        for i in range(0, len(nums), 2):
            found[int(nums[i])] = nums[i + 1].get_object()
        pending.extend(kid.get_object() for kid in node.get("/Kids", []))
    return found


def _block(element: Any) -> tuple[int | None, str, str]:
    """The nearest block ancestor of a structure element (itself if it is one), its role and language."""
    ref = element if hasattr(element, "idnum") else None
    found: tuple[int | None, str] | None = None
    lang = ""
    while element is not None:
        obj = element.get_object()
        role = str(obj.get("/S", ""))
        if found is None and role not in INLINE_ROLES:
            found = (ref.idnum if ref is not None else id(obj)), role
        if found is not None and "/Lang" in obj:
            lang = str(obj["/Lang"])
            break
        ref = obj.get("/P")
        element = ref
    return (*(found or (None, "")), lang)


class _Font:
    """What the lines need of a Type0 (Identity-H) font WeasyPrint writes: each code's width and text."""

    def __init__(self, font: Any) -> None:
        font = font.get_object()
        self.two_bytes = font.get("/Subtype") == "/Type0"
        self.widths: dict[int, float] = {}
        self.default = 1000.0
        if self.two_bytes:
            cid = font["/DescendantFonts"][0].get_object()
            self.default = float(cid.get("/DW", 1000))
            w = list(cid.get("/W", []))
            i = 0
            while i < len(w):
                first = int(w[i])
                if isinstance(w[i + 1], list):
                    for k, width in enumerate(w[i + 1]):
                        self.widths[first + k] = float(width)
                    i += 2
                else:
                    for code in range(first, int(w[i + 1]) + 1):
                        self.widths[code] = float(w[i + 2])
                    i += 3
        else:
            first = int(font.get("/FirstChar", 0))
            for k, width in enumerate(font.get("/Widths", [])):
                self.widths[first + k] = float(width)
        self.text: dict[int, str] = {}
        if "/ToUnicode" in font:
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for code, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
                    self.text[int(code, 16)] = _utf16(uni)
            for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
                for lo, hi, uni in re.findall(
                    r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
                ):
                    for k in range(int(hi, 16) - int(lo, 16) + 1):
                        self.text[int(lo, 16) + k] = chr(int(uni, 16) + k)

    def codes(self, data: bytes) -> list[int]:
        if self.two_bytes:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)


def _utf16(hexdigits: str) -> str:
    raw = bytes.fromhex(hexdigits)
    return raw.decode("utf-16-be", errors="replace")


def page_lines(path: Path) -> list[list[Line]]:
    """Every page's body lines (artifacts left out), top to bottom; runs on one baseline of one block are
    one line, a space put where the runs leave a gap wider than a fifth of the font size."""
    return [list(page) for page in _page_lines(Path(path), Path(path).stat().st_mtime_ns)]


class _PageReader:
    """Collects one page's text runs: position, text, font size, and the structure element of each."""

    def __init__(self, page: Any, mcids: Any, fonts: dict[int, _Font], doc_lang: str) -> None:
        resources = page.get("/Resources", {})
        self.page_fonts = resources.get_object().get("/Font", {}) if resources else {}
        self.height = float(page.mediabox.height)
        self.mcids, self.fonts, self.doc_lang = mcids, fonts, doc_lang
        self.marks: list[tuple[str, int | None]] = []  # the open marked-content sequences
        self.font: _Font | None = None
        self.size = 0.0
        self.runs: list[tuple[float, float, float, str, int | None, str, float, str]] = []
        page.extract_text(visitor_operand_before=self.before)

    def before(self, op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"BDC":
            props = args[1] if len(args) > 1 else {}
            mcid = props.get("/MCID") if hasattr(props, "get") else None
            self.marks.append((str(args[0]), int(mcid) if mcid is not None else None))
        elif op == b"BMC":
            self.marks.append((str(args[0]), None))
        elif op == b"EMC" and self.marks:
            self.marks.pop()
        elif op == b"Tf":
            ref = self.page_fonts[args[0]]
            key = ref.idnum if hasattr(ref, "idnum") else id(ref)
            self.font = self.fonts.setdefault(key, _Font(ref))
            self.size = float(args[1])
        elif op in (b"TJ", b"Tj") and self.font is not None and not self._in_artifact():
            self.run(args[0] if op == b"TJ" else [args[0]], cm, tm)

    def _in_artifact(self) -> bool:
        return any(tag == "/Artifact" for tag, _ in self.marks)

    def run(self, items: list[Any], cm: list[float], tm: list[float]) -> None:
        font, size = self.font, self.size
        assert font is not None
        advance, text = 0.0, []
        for item in items:
            if isinstance(item, bytes | str) or hasattr(item, "original_bytes"):
                data = item.original_bytes if hasattr(item, "original_bytes") else bytes(item, "latin-1")
                for code in font.codes(data):
                    text.append(font.text.get(code, ""))
                    advance += font.widths.get(code, font.default) * size / 1000
            else:
                advance -= float(item) * size / 1000
        mcid = next((m for _, m in reversed(self.marks) if m is not None), None)
        block, role, lang = (None, "", "")
        if self.mcids is not None and mcid is not None and mcid < len(self.mcids):
            block, role, lang = _block(self.mcids[mcid])

        def to_page(tx: float) -> tuple[float, float]:
            x, y = tm[0] * tx + tm[4], tm[1] * tx + tm[5]
            return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]

        (x0, y0), (x1, _) = to_page(0.0), to_page(advance)
        scale = abs(cm[3] * tm[3]) or 1.0
        self.runs.append(
            (
                round(self.height - y0, 1),
                x0,
                x1,
                "".join(text),
                block,
                role,
                size * scale,
                lang or self.doc_lang,
            )
        )

    def lines(self, number: int) -> tuple[Line, ...]:
        lines: list[Line] = []
        ends: list[float] = []
        for y, x0, x1, text, block, role, size, lang in sorted(self.runs, key=lambda r: (r[0], r[1])):
            last = lines[-1] if lines else None
            if last and abs(last.y - y) < 1.0 and last.block == block:
                gap = " " if x0 - ends[-1] > size / 5 and not last.text.endswith(" ") else ""
                lines[-1] = Line(
                    number, last.y, last.x, last.text + gap + text, block, role, last.size, 0, lang
                )
                ends[-1] = max(ends[-1], x1)
            else:
                lines.append(Line(number, y, x0, text, block, role, size, 0, lang))
                ends.append(x1)
        return tuple(
            Line(
                ln.page,
                ln.y,
                ln.x,
                re.sub(" +", " ", ln.text).strip(),
                ln.block,
                ln.role,
                ln.size,
                end,
                ln.lang,
            )
            for ln, end in zip(lines, ends, strict=True)
            if ln.text.strip()
        )


@cache
def _page_lines(path: Path, _mtime: int) -> tuple[tuple[Line, ...], ...]:
    reader = PdfReader(path)
    parents = _parent_tree(reader)
    doc_lang = str(reader.trailer["/Root"].get("/Lang", ""))
    fonts: dict[int, _Font] = {}
    return tuple(
        _PageReader(page, parents.get(int(page.get("/StructParents", -1))), fonts, doc_lang).lines(number)
        for number, page in enumerate(reader.pages, start=1)
    )
