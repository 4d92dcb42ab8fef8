"""The e-book edition of one language: `_build/epub/<name>-<lang>.epub`, EPUB 3.

Sphinx's EPUB builder (sphinxext/epubbuilder.py) writes the book's files from the language's doctrees in the
language's own Sphinx process (Sphinx leaks translations between languages built in one process; the engine's
`epub-book` task), right after its other Sphinx jobs. Its cover, the reading edition's first page, is made
once that edition is rendered (the `epub` task, with no Sphinx: the Sphinx processes need not wait for the
renders), and goes into the book as it is zipped, reproducibly (the mimetype first and stored, the rest in a
fixed order, every timestamp the build date).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from booklet.config import Config

BUILDER = "booklet-epub"
# The builder writes a stand-in for the cover: it is made from the reading edition once that is rendered,
# and put in its place as the book is zipped.
COVER = "_static/cover.png"
COVER_STAND_IN = b""


class EpubError(Exception):
    """The EPUB could not be made; the message says why (Sphinx's warnings, a missing reading edition)."""


def book_dir(cfg: Config, lang: str) -> Path:
    """The builder's output folder, zipped into the EPUB."""
    return cfg.work_dir(lang) / "epub" / "book"


def make_cover(cfg: Config, lang: str) -> bytes:
    """The edition's cover page as a PNG, 1200 pixels wide (poppler's pdftoppm), from the reading edition."""
    cover = book_dir(cfg, lang).parent / "cover.png"
    pdf = cfg.work_file("reading", lang)
    try:
        subprocess.run(
            ["pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", "1200",
             "-scale-to-y", "-1", str(pdf), str(cover.with_suffix(""))],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        raise EpubError(f"{pdf}: cover not made with pdftoppm (poppler-utils): {exc}") from exc
    return cover.read_bytes()


def manifest(folder: Path) -> list[Path]:
    """The files content.opf lists, in its order: only they go into the book (not Sphinx's scripts)."""
    import xml.etree.ElementTree as ET

    package = ET.parse(folder / "content.opf").getroot()
    items = package.iter("{http://www.idpf.org/2007/opf}item")
    return [folder / item.attrib["href"] for item in items]


def zip_book(folder: Path, epoch: int, replaced: dict[str, bytes] | None = None) -> bytes:
    """The EPUB container of `folder`: mimetype first, uncompressed; every file at the build date.
    `replaced`: the contents of some of its files (by path in the book), instead of the folder's."""
    import datetime

    replaced = replaced or {}
    moment = datetime.datetime.fromtimestamp(max(epoch, 315532800), datetime.UTC)  # zip dates start in 1980
    stamp = moment.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        files = [folder / "META-INF" / "container.xml", folder / "content.opf", *manifest(folder)]
        entries = [(folder / "mimetype", zipfile.ZIP_STORED), *((p, zipfile.ZIP_DEFLATED) for p in files)]
        for path, method in entries:
            name = path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            data = replaced[name] if name in replaced else path.read_bytes()
            if path.suffix == ".xhtml":
                # Sphinx appends ?v=<checksum> to stylesheet links for browsers' caches; EPUB allows no query.
                data = re.sub(rb'((?:href|src)="[^"?]+)\?v=[0-9a-f]+"', rb'\1"', data)
            archive.writestr(info, data)
    return out.getvalue()


def write_book(cfg: Config, lang: str, overrides: dict[str, Any]) -> Path:
    """Write the book's files of `lang` (its cover a stand-in), in the language's Sphinx process once its
    other Sphinx jobs are done (the builder reads their doctrees, with the same configuration); raises
    EpubError with Sphinx's warnings. Returns their folder."""
    from booklet.engine.sphinxjob import run_sphinx

    folder = book_dir(cfg, lang)
    # Written afresh each time: a file left from an earlier build would be packed (and listed) again.
    shutil.rmtree(folder, ignore_errors=True)
    result = run_sphinx(cfg, lang, BUILDER, folder, overrides)
    if result.warnings or result.status:
        raise EpubError(
            f"{lang}: EPUB not written: " + ("; ".join(result.warnings) or f"exit {result.status}")
        )
    return folder


def pack_book(cfg: Config, lang: str, epoch: int, target: Path) -> None:
    """The EPUB of `lang` in `target`: its book's files (write_book), its cover made from the reading
    edition."""
    from booklet.release.atomic import write_atomic

    cover = make_cover(cfg, lang)
    write_atomic(target, zip_book(book_dir(cfg, lang), epoch, {COVER: cover}), only_if_changed=True)
