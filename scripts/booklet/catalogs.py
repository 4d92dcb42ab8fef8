"""The translation catalogs: extract the source messages and create or update each language's `.po` files."""

from __future__ import annotations

from pathlib import Path

from booklet.config import Config

LINE_WIDTH = 79


def pot_dir(cfg: Config) -> Path:
    return cfg.build_dir / "gettext"


def extract(cfg: Config) -> list[str]:
    """Run Sphinx's gettext builder: the `.pot` templates under `_build/gettext`. Returns the warnings."""
    from booklet.sphinxrun import run_sphinx

    result = run_sphinx(cfg, cfg.source_language, "gettext", pot_dir(cfg))
    return result.warnings


def update(cfg: Config, languages: tuple[str, ...] | None = None) -> dict[str, int]:
    """Create or update `locales/<lang>/LC_MESSAGES/*.po` from the templates, as sphinx-intl does."""
    from sphinx_intl import basic

    langs = languages or cfg.translations
    return basic.update(str(cfg.locales_dir), str(pot_dir(cfg)), langs, line_width=LINE_WIDTH, jobs=1)


def po_files(cfg: Config, lang: str | None = None) -> list[Path]:
    langs = [lang] if lang else list(cfg.translations)
    files: list[Path] = []
    for code in langs:
        files.extend(sorted((cfg.locales_dir / code / "LC_MESSAGES").glob("*.po")))
    return files


def preflight(cfg: Config, lang: str) -> list[str]:
    """Problems that must stop this language's build before Sphinx reads its catalogs.

    Each is a compiler-style line, `path:line: error: message`. The source language has no catalogs.
    """
    import polib

    if lang == cfg.source_language:
        return []
    problems: list[str] = []
    for po in po_files(cfg, lang):
        try:
            polib.pofile(str(po), encoding="utf-8")
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            problems.append(f"{po}:1: error: syntax: {exc}")
    return problems
