"""Where the catalogs are: `locales/<lang>/LC_MESSAGES/*.po` (the sphinx-intl layout) and the templates."""

from __future__ import annotations

from pathlib import Path

from booklet.config import Config

LINE_WIDTH = 79  # as sphinx-intl writes catalogs: `make update-po` leaves a catalog it did not change alone


def pot_dir(cfg: Config) -> Path:
    return cfg.build_dir / "gettext"


def po_files(cfg: Config, lang: str | None = None) -> list[Path]:
    langs = [lang] if lang else list(cfg.translations)
    files: list[Path] = []
    for code in langs:
        files.extend(sorted((cfg.locales_dir / code / "LC_MESSAGES").glob("*.po")))
    return files
