"""The imposed A4 booklet as a home printer prints it: pages meeting at the fold, a printable margin."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from booklet.config import Config
from booklet.prepress.impose import HOME_MARGIN_MM

DPI = 72


def grey(
    pdf: Path, page: int, tmp_path: Path, dpi: int = DPI, crop: tuple[int, ...] = ()
) -> tuple[int, int, bytes]:
    """One sheet side as 8-bit grey pixels (pdftoppm's PGM: header, then one byte per pixel); `crop` is
    x, y, width, height in pixels."""
    out = tmp_path / f"side-{page}-{dpi}"
    area = [arg for key, value in zip("xyWH", crop, strict=False) for arg in (f"-{key}", str(value))]
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), *pages, *area, "-singlefile", str(pdf), str(out)], check=True
    )
    data = out.with_suffix(".pgm").read_bytes()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    return int(width), int(height), pixels


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_the_dark_cover_runs_across_the_fold_inside_a_printable_margin(
    cfg: Config, lang: str, tmp_path: Path
):
    width, height, px = grey(cfg.print_path(lang, "imposed"), 1, tmp_path)  # back cover | front cover

    def column(x: int) -> list[int]:
        return [px[y * width + x] for y in range(height // 4, 3 * height // 4)]

    def row(y: int) -> list[int]:
        return [px[y * width + x] for x in range(width // 8, 7 * width // 8)]

    fold = width // 2
    for x in (fold - 2, fold - 1, fold, fold + 1):
        assert max(column(x)) < 80, f"a light line down the spine at x={x}"
    band = round(HOME_MARGIN_MM / 25.4 * DPI)
    for x in (1, band - 2, width - band + 1, width - 2):  # the unprintable band at the outer edges: white
        assert min(column(x)) > 230, f"ink at x={x}, within {HOME_MARGIN_MM} mm of the edge"
    for y in (1, band - 2, height - band + 1, height - 2):
        assert min(row(y)) > 230, f"ink at y={y}, within {HOME_MARGIN_MM} mm of the edge"
    assert max(column(band + 2)) < 80 and max(row(band + 2)) < 80  # and dark just inside it
    # close up at the fold: not a hairline of paper where the two pages' edges meet
    for dpi in (100, 200):
        half = int(841.89 / 72 * dpi / 2)
        crop = (half - 10, int(595.28 / 72 * dpi / 2), 20, 20)
        _, _, strip = grey(cfg.print_path(lang, "imposed"), 1, tmp_path, dpi, crop)
        assert max(strip) < 60, f"a light line at the fold at {dpi} dpi"
