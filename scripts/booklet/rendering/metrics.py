"""The advance width of a string in a font file, for decisions made before layout: the boxes the print
edition sets a title in, and the lines (broken by sense, languages/display.py) a title takes there. The
print builder sets titles by these (sphinxext/covers.py, sphinxext/typesetting.py); the `fit` check
(checks/fit.py) measures translations by the same, without Sphinx."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MM = 72 / 25.4  # points per millimetre
FONT = "NotoSerif-Regular.ttf"  # docs/_static/fonts: the typeface the titles are set in


@dataclass(frozen=True)
class Box:
    """Where the print edition sets a display line: print.css's size over its measure."""

    name: str
    size_pt: float
    measure_mm: float
    lines: int | None = None  # the most lines it holds (None: as many as the page's)

    @property
    def measure(self) -> float:
        return self.measure_mm * MM


# print.css `.cover-title` (18pt) between the cover's side paddings (A5 less 2 x 18 mm). The most lines of
# it the cover holds: its 210 mm less the top padding and the emblem (30 + 50 + 14 mm), the rule and the date
# under the title (about 24 mm) and a foot as wide as the side paddings (18 mm), in lines of 18pt x 1.3.
COVER_TITLE = Box("the cover", 18.0, 112.0, 8)
# The reading edition's heading: print.css `h1` (15pt) on the text's measure (A5 less 15 + 19 mm).
TITLE_HEADING = Box("the title page", 15.0, 112.0)


def font_file(root: Path) -> Path:
    return root / "docs" / "_static" / "fonts" / FONT


def display_lines(text: str, lang: str, root: Path, box: Box) -> list[str] | None:
    """`text` as the lines `box` sets it in, broken by sense, glossary names kept whole; None when the
    project has no typeface to measure with."""
    from booklet.checks.glossary import name_ranges, terms_for
    from booklet.languages.display import break_lines

    font = font_file(root)
    if not font.is_file():
        return None
    names = name_ranges(text, lang, terms_for(root))
    return break_lines(text, lang, width_in(font, box.size_pt), box.measure, names)


@cache
def _advances(font: Path) -> tuple[dict[int, int], int, int]:
    from fontTools.ttLib import TTFont

    face = TTFont(str(font), lazy=True)
    cmap = face.getBestCmap()
    metrics = face["hmtx"].metrics
    widths = {code: metrics[glyph][0] for code, glyph in cmap.items()}
    fallback = metrics[cmap.get(ord("n"), ".notdef")][0] if ord("n") in cmap else 500
    return widths, int(face["head"].unitsPerEm), fallback


def width_in(font: Path, size_pt: float) -> Callable[[str], float]:
    """A function giving a string's width in points, set in `font` at `size_pt` (no kerning: a little
    wider than the set line, which keeps a line that fits here inside the measure)."""
    widths, em, fallback = _advances(font)
    space = widths.get(ord(" "), fallback)

    def width(text: str) -> float:
        units = sum(widths.get(ord(ch), space if ch == "\u00a0" else fallback) for ch in text)
        return units * size_pt / em

    return width
