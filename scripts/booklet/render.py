"""Render the print HTML of one language to a PDF with WeasyPrint."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

PDF_VARIANT = (
    "pdf/a-3a"  # archival and tagged (structure tree, /Lang); an a-level variant WeasyPrint supports
)


class RenderError(Exception):
    """WeasyPrint was stopped, e.g. by a refused URL; the message says which (and `url` holds it)."""

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


def write_atomic(target: Path, data: bytes, *, only_if_changed: bool = False) -> bool:
    """Write next to `target` and move into place, so a failure never leaves a half-written file.

    With `only_if_changed`, an identical file is left alone (its modification time too). Returns whether
    the file was written.
    """
    if (
        only_if_changed
        and target.is_file()
        and target.stat().st_size == len(data)
        and target.read_bytes() == data
    ):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def pdf_bytes(
    html_file: Path,
    allowed: Iterable[Path] | None = None,
    *,
    css: str | None = None,
    base_url: Path | None = None,
    inspect: Callable[[Any], None] | None = None,
) -> bytes:
    """The PDF of `html_file`; WeasyPrint may read only files under `allowed` (default: the HTML's folder
    and the booklet themes) and data: URLs. `css` is an extra stylesheet, `base_url` the folder relative
    URLs resolve against (default: the HTML's own), `inspect` sees the laid-out document before writing."""
    from weasyprint import CSS, HTML  # imported here: heavy, and only the PDF stages need it
    from weasyprint.urls import FatalURLFetchingError

    from booklet.fetcher import LocalFetcher

    roots = list(allowed) if allowed is not None else [html_file.parent, Path(__file__).parent / "themes"]
    fetcher = LocalFetcher(roots)
    try:
        base = str((base_url or html_file.parent).resolve()) + "/"
        html = HTML(filename=str(html_file), encoding="utf-8", url_fetcher=fetcher, base_url=base)
        sheets = [CSS(string=css, url_fetcher=fetcher)] if css else []
        document = html.render(stylesheets=sheets, pdf_variant=PDF_VARIANT, pdf_tags=True)
        if inspect is not None:
            inspect(document)
        data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: turn it into a reportable error
        cause = exc.__cause__
        raise RenderError(str(cause) if cause else str(exc), getattr(cause, "url", None)) from None
    if fetcher.refused:  # belt and braces: a refusal WeasyPrint caught and only logged still fails the render
        raise RenderError(str(fetcher.refused[0]), fetcher.refused[0].url)
    assert data is not None
    return data


def render_pdf(html_file: Path, target: Path, allowed: Iterable[Path] | None = None) -> bool:
    """Render and move the PDF into place; an identical PDF is not rewritten. Returns whether it was."""
    return write_atomic(target, pdf_bytes(html_file, allowed), only_if_changed=True)
