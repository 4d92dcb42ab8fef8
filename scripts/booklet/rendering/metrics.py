"""The advance width of a string in a font file, for decisions made before layout (display lines)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

MM = 72 / 25.4  # points per millimetre


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
