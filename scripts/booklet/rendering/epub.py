"""The e-book edition of one language: `_build/epub/<name>-<lang>.epub`, EPUB 3.

Sphinx's EPUB builder (sphinxext/epubbuilder.py) writes the book's files from the language's doctrees in a
fresh process (Sphinx leaks translations between languages built in one process), with the reading
edition's first page as the cover; the files are then zipped here, reproducibly (the mimetype first and
stored, the rest in a fixed order, every timestamp the build date), and moved into place.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from booklet.config import Config, build_timestamp, load

BUILDER = "booklet-epub"


class EpubError(Exception):
    """The EPUB could not be made; the message says why (Sphinx's warnings, a missing reading edition)."""


def epub_path(cfg: Config, lang: str) -> Path:
    return cfg.build_dir / "epub" / f"{cfg.name}-{lang}.epub"


def book_dir(cfg: Config, lang: str) -> Path:
    """The builder's output folder, zipped into the EPUB."""
    return cfg.work_dir(lang) / "epub" / "book"


def cover_pdf(cfg: Config, lang: str, folder: Path) -> Path:
    """The reading edition if it is built; else its cover rendered from the print HTML (WeasyPrint)."""
    pdf = cfg.pdf_path(lang)
    if pdf.is_file():
        return pdf
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import RenderError, pdf_bytes

    print_dir = cfg.work_dir(lang) / "print"
    html = print_dir / "index.html"
    if not html.is_file():
        raise EpubError(f"{html}: no print HTML for the EPUB's cover; build the language first")
    try:
        data = pdf_bytes(html, allowed_roots(print_dir, cfg.docs_dir))
    except RenderError as exc:
        raise EpubError(f"{html}: cover not rendered: {exc}") from exc
    pdf = folder / "cover.pdf"
    pdf.write_bytes(data)
    return pdf


def make_cover(cfg: Config, lang: str) -> Path:
    """The edition's cover page as a PNG, 1200 pixels wide (poppler's pdftoppm)."""
    from booklet.sphinxext.epubbuilder import cover_source

    cover = cover_source(str(cfg.build_dir), lang)
    cover.parent.mkdir(parents=True, exist_ok=True)
    pdf = cover_pdf(cfg, lang, cover.parent)
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


def build_epub(cfg: Config, lang: str) -> Path:
    """Make `_build/epub/<name>-<lang>.epub` once the language's Sphinx worker has finished (the builder reads
    its doctrees, and the cover is the reading edition's first page: that PDF if built, else rendered from the
    print HTML). Raises EpubError with the reason (Sphinx's warnings)."""
    from booklet.release.atomic import write_atomic

    make_cover(cfg, lang)
    folder = book_dir(cfg, lang)
    # Written afresh each time: a file left from an earlier build would be packed (and listed) again.
    shutil.rmtree(folder, ignore_errors=True)
    epoch = build_timestamp(cfg.root)
    proc = subprocess.run(
        [sys.executable, "-m", "booklet.rendering.epub", str(cfg.root), str(cfg.build_dir), lang],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)},  # Sphinx dates the package with it
    )
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip() or f"exit {proc.returncode}"
        raise EpubError(f"{lang}: EPUB not written: {detail}")
    target = epub_path(cfg, lang)
    write_atomic(target, zip_book(folder, epoch), only_if_changed=True)
    return target


def _sphinx_main(root: str, build_dir: str, lang: str) -> int:
    """In the fresh process: Sphinx's EPUB builder for one language."""
    from booklet.engine.sphinxjob import run_sphinx

    cfg = load(Path(root), Path(build_dir))
    result = run_sphinx(cfg, lang, BUILDER, book_dir(cfg, lang))
    for line in result.warnings:
        print(line, file=sys.stderr)
    return result.status


if __name__ == "__main__":
    sys.exit(_sphinx_main(*sys.argv[1:4]))
