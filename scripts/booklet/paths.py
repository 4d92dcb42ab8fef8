"""Where things are: the package's own assets here; the outputs of a build in `Config` (booklet.config)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
THEMES = PACKAGE / "sphinxext" / "themes"  # the site theme `booklet` and the print theme `booklet-print`
