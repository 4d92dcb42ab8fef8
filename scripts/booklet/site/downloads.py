"""The PDF editions offered on the site, and their copy into it so `_build/html/` deploys as it is.

The site of a language is built before its PDF. The page template therefore links to the editions this build
will have made by its end (see `planned`), and `publish` copies them into `_build/html/pdf/` once every
language's worker is done; a linked edition that is missing then is an error, never a broken link.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from booklet.config import Config
from booklet.release.atomic import write_atomic

# The folder in `_build/html/` that holds the PDFs (shared: the parallel edition belongs to no language).
SITE_FOLDER = "pdf"
# Set by build.build() for its workers: the stages this run makes (the site links what they will produce).
STAGES_ENV = "BOOKLET_STAGES"


@dataclass(frozen=True)
class Edition:
    kind: str  # "reading", "print", "imposed", "parallel": the template's label key
    source: Path  # where the build writes it
    stage: str | None  # the build stage that makes it; None: made elsewhere, linked once it exists

    @property
    def href_name(self) -> str:
        return self.source.name


def editions(cfg: Config, lang: str) -> list[Edition]:
    """Every PDF a reader of `lang` may download, in the order the page lists them."""
    print_dir = cfg.build_dir / "print"
    return [
        Edition("reading", cfg.pdf_path(lang), "pdf"),
        Edition("print", print_dir / f"{cfg.name}-{lang}-print.pdf", "print"),
        Edition("imposed", print_dir / f"{cfg.name}-{lang}-imposed.pdf", "print"),
        # Made after every language when a pdf run builds more than one ("parallel" in the run's stages).
        Edition("parallel", cfg.build_dir / "pdf" / f"{cfg.name}-parallel.pdf", "parallel"),
    ]


def running_stages() -> set[str]:
    return {s for s in os.environ.get(STAGES_ENV, "").split(",") if s}


def planned(cfg: Config, lang: str, stages: set[str] | None = None) -> list[Edition]:
    """The editions that exist now, or that a stage of this run will make: the ones the pages link to."""
    stages = running_stages() if stages is None else stages
    return [e for e in editions(cfg, lang) if e.source.is_file() or (e.stage and e.stage in stages)]


def site_path(cfg: Config, edition: Edition) -> Path:
    return cfg.html_dir() / SITE_FOLDER / edition.href_name


def publish(cfg: Config, languages: list[str], stages: set[str]) -> tuple[list[Path], list[str]]:
    """Copy the linked editions into the site. Returns (copied files, errors naming each missing edition)."""
    copied: list[Path] = []
    errors: list[str] = []
    seen: set[Path] = set()
    for lang in languages:
        if not cfg.html_dir(lang).is_dir():
            continue
        for edition in planned(cfg, lang, stages):
            if edition.source in seen:
                continue
            seen.add(edition.source)
            if not edition.source.is_file():
                errors.append(
                    f"{edition.source}: the site links this {edition.kind} edition, but it was not made"
                )
                continue
            target = site_path(cfg, edition)
            # Moved into place whole; an identical copy is left alone (bytes and modification time).
            write_atomic(target, edition.source.read_bytes(), only_if_changed=True)
            copied.append(target)
    return copied, errors
