"""The e-book edition of one language: `_build/epub/<name>-<lang>.epub`, EPUB 3.

Sphinx's EPUB builder (sphinxext/epubbuilder.py) writes the book's files from the language's doctrees in the
language's own Sphinx process (Sphinx leaks translations between languages built in one process; the engine's
`epub` task), with the reading edition's first page as the cover; the files are then zipped here,
reproducibly (the mimetype first and stored, the rest in a fixed order, every timestamp the build date).
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


class EpubError(Exception):
    """The EPUB could not be made; the message says why (Sphinx's warnings, a missing reading edition)."""


def book_dir(cfg: Config, lang: str) -> Path:
    """The builder's output folder, zipped into the EPUB."""
    return cfg.work_dir(lang) / "epub" / "book"


def make_cover(cfg: Config, lang: str) -> Path:
    """The edition's cover page as a PNG, 1200 pixels wide (poppler's pdftoppm), from the reading edition."""
    from booklet.sphinxext.epubbuilder import cover_source

    cover = cover_source(book_dir(cfg, lang))
    cover.parent.mkdir(parents=True, exist_ok=True)
    pdf = cfg.work_file("reading", lang)
    try:
        subprocess.run(
            ["pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", "1200",
             "-scale-to-y", "-1", str(pdf), str(cover.with_suffix(""))],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError) as exc:
        raise EpubError(f"{pdf}: cover not made with pdftoppm (poppler-utils): {exc}") from exc
    return cover


def manifest(folder: Path) -> list[Path]:
    """The files content.opf lists, in its order: only they go into the book (not Sphinx's scripts)."""
    import xml.etree.ElementTree as ET

    package = ET.parse(folder / "content.opf").getroot()
    items = package.iter("{http://www.idpf.org/2007/opf}item")
    return [folder / item.attrib["href"] for item in items]


def zip_book(folder: Path, epoch: int) -> bytes:
    """The EPUB container of `folder`: mimetype first, uncompressed; every file at the build date."""
    import datetime

    moment = datetime.datetime.fromtimestamp(max(epoch, 315532800), datetime.UTC)  # zip dates start in 1980
    stamp = moment.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        files = [folder / "META-INF" / "container.xml", folder / "content.opf", *manifest(folder)]
        entries = [(folder / "mimetype", zipfile.ZIP_STORED), *((p, zipfile.ZIP_DEFLATED) for p in files)]
        for path, method in entries:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), stamp)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            data = path.read_bytes()
            if path.suffix == ".xhtml":
                # Sphinx appends ?v=<checksum> to stylesheet links for browsers' caches; EPUB allows no query.
                data = re.sub(rb'((?:href|src)="[^"?]+)\?v=[0-9a-f]+"', rb'\1"', data)
            archive.writestr(info, data)
    return out.getvalue()


def make_book(cfg: Config, lang: str, epoch: int, overrides: dict[str, Any], target: Path) -> None:
    """Write the EPUB of `lang` to `target`, in the language's Sphinx process once its other Sphinx jobs are
    done (the builder reads their doctrees, with the same configuration); raises EpubError with Sphinx's
    warnings."""
    from booklet.engine.sphinxjob import run_sphinx
    from booklet.release.atomic import write_atomic

    make_cover(cfg, lang)
    folder = book_dir(cfg, lang)
    # Written afresh each time: a file left from an earlier build would be packed (and listed) again.
    shutil.rmtree(folder, ignore_errors=True)
    result = run_sphinx(cfg, lang, BUILDER, folder, overrides)
    if result.warnings or result.status:
        raise EpubError(
            f"{lang}: EPUB not written: " + ("; ".join(result.warnings) or f"exit {result.status}")
        )
    write_atomic(target, zip_book(folder, epoch), only_if_changed=True)
