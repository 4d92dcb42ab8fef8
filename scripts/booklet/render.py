"""Render the print HTML of one language to a PDF with WeasyPrint."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PDF_VARIANT = "pdf/a-3a"  # archival and tagged (structure tree, /Lang); an a-level variant WeasyPrint supports


def write_atomic(target: Path, data: bytes) -> None:
    """Write next to `target` and move into place, so a failure never leaves a half-written file."""
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


def render_pdf(html_file: Path, target: Path) -> None:
    from weasyprint import HTML  # imported here: heavy, and only the PDF stage needs it

    document = HTML(filename=str(html_file), encoding="utf-8")
    data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    assert data is not None
    write_atomic(target, data)
