"""The project's one configuration: `[tool.booklet]` in pyproject.toml.

The Makefile (through the CLI), the CLI and docs/conf.py all read it from here, so the list of
languages and the output name exist in exactly one place.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from booklet.book import Book, BookError, read_book

# A language, an optional script and an optional region: de, pt_BR, sr_Latn, sr_Latn_RS, es_419.
LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_(?:[A-Z]{2}|[0-9]{3}))?$")
PARALLEL = "parallel"  # the edition of every language, paragraph by paragraph (no language is called that)
EPUB = "epub"  # the e-book edition of a language


class ConfigError(Exception):
    """The configuration is missing or malformed; the message names the file."""


def find_root(start: Path | None = None) -> Path:
    """The project root: `BOOKLET_ROOT`, else the nearest folder up from `start` with a booklet pyproject."""
    env = os.environ.get("BOOKLET_ROOT")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.booklet]" in candidate.read_text(encoding="utf-8"):
            return folder
    # Fall back to the checkout this package lives in (scripts/booklet/config.py -> root).
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Config:
    root: Path
    name: str
    source_language: str
    languages: tuple[str, ...]
    version: str
    build_dir: Path = field(default=Path())
    # Optional display names of the languages ([tool.booklet.names]); Babel's endonyms otherwise.
    names: dict[str, str] = field(default_factory=dict)
    # What the booklet configures about itself (booklet.book): cover, colophon, the parallel edition's order.
    book: Book = field(default_factory=Book)

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def glossary_path(self) -> Path:
        """The glossary (checks/glossary.py): the names every translation must keep."""
        return self.locales_dir / "glossary.csv"

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages that have catalogs (all but the source language)."""
        return tuple(lang for lang in self.languages if lang != self.source_language)

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    # -- where a build puts things: the one home of output paths ------------------------------------------

    def html_dir(self, lang: str | None = None) -> Path:
        """The published site (`_build/html/`, deployed as it is), or one language's part of it."""
        base = self.build_dir / "html"
        return base / lang if lang else base

    def edition_file(self, kind: str, lang: str | None = None) -> str:
        """The file name of an edition: "reading", "print", "imposed" or "epub" of a language; "parallel"."""
        if kind == PARALLEL:
            return f"{self.name}-{PARALLEL}.pdf"
        if kind == EPUB:
            return f"{self.name}-{lang}.epub"
        return f"{self.name}-{lang}{'' if kind == 'reading' else '-' + kind}.pdf"

    def published(self, kind: str, lang: str | None = None) -> Path:
        """`_build/pdf/` (reading and parallel editions), `_build/print/` (print-shop and imposed),
        `_build/epub/` (e-books)."""
        folder = {"print": "print", "imposed": "print", EPUB: "epub"}.get(kind, "pdf")
        return self.build_dir / folder / self.edition_file(kind, lang)

    def pdf_path(self, lang: str) -> Path:
        return self.published("reading", lang)

    def print_path(self, lang: str, kind: str = "print") -> Path:
        return self.published(kind, lang)

    def parallel_path(self) -> Path:
        return self.published(PARALLEL)

    def epub_path(self, lang: str) -> Path:
        return self.published(EPUB, lang)

    def site_folder(self, kind: str) -> str:
        """The folder of a language's site (or of the site, for the parallel edition) that offers `kind`."""
        return "epub" if kind == EPUB else "pdf"

    def site_file(self, kind: str, lang: str) -> Path:
        """Where the site offers an edition: in its language's folder, the parallel edition beside them."""
        if kind == PARALLEL:
            return self.html_dir() / "pdf" / self.edition_file(kind)
        return self.html_dir(lang) / self.site_folder(kind) / self.edition_file(kind, lang)

    def work_dir(self, name: str) -> Path:
        """Intermediate files of a language (or of "parallel", "chooser"): never published as they are."""
        return self.build_dir / ".work" / name

    def locale_dir(self, lang: str) -> Path:
        """Where the build compiles a language's checked catalogs: Sphinx's only locale folder."""
        return self.work_dir(lang) / "locale"

    def credits_file(self, lang: str) -> Path:
        """The translators credited by a language's last catalogs that passed their checks, kept beside
        their compiled copy."""
        return self.locale_dir(lang) / "credits.json"

    def work_file(self, kind: str, lang: str | None = None) -> Path:
        """Where a render writes a PDF before it is published."""
        return self.work_dir(lang or PARALLEL) / "out" / self.edition_file(kind, lang)


def load(root: Path | None = None, build_dir: Path | None = None) -> Config:
    root = find_root(root)
    path = root / "pyproject.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    section = data.get("tool", {}).get("booklet")
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: no [tool.booklet] section")
    languages = section.get("languages")
    source = section.get("source-language")
    name = section.get("name")
    if not isinstance(languages, list) or not languages:
        raise ConfigError(f"{path}: [tool.booklet] languages must be a non-empty list")
    for lang in languages:
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            raise ConfigError(f"{path}: [tool.booklet] languages: {lang!r} is not a language code")
    if len(set(languages)) != len(languages):
        raise ConfigError(f"{path}: [tool.booklet] languages has duplicates")
    if not isinstance(source, str) or source not in languages:
        raise ConfigError(f"{path}: [tool.booklet] source-language {source!r} is not in languages")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise ConfigError(f"{path}: [tool.booklet] name must be a plain file name")
    names = section.get("names", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) and v.strip() for v in names.values()):
        raise ConfigError(f"{path}: [tool.booklet.names] must map language codes to non-empty names")
    stray = sorted(set(names) - set(languages))
    if stray:
        raise ConfigError(f"{path}: [tool.booklet.names] names unconfigured language(s): {', '.join(stray)}")
    try:
        book = read_book(section, tuple(languages), source)
    except BookError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if book.emblem and not (root / "docs" / "_static" / book.emblem).is_file():
        raise ConfigError(f"{path}: [tool.booklet.cover] emblem docs/_static/{book.emblem} does not exist")
    version = str(data.get("project", {}).get("version", "0"))
    if build_dir is None:
        build_dir = Path(os.environ.get("BOOKLET_BUILD_DIR", root / "_build"))
    return Config(
        root=root,
        name=name,
        source_language=source,
        languages=tuple(languages),
        version=version,
        build_dir=Path(build_dir).resolve(),
        names=dict(names),
        book=book,
    )


def build_timestamp(root: Path) -> tuple[int, str]:
    """The build's date, for reproducible outputs, and where it comes from: SOURCE_DATE_EPOCH, else the
    last commit's date, else (a copy without git history) the modification time of pyproject.toml, which
    an edit of a text or a catalog does not change."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        return int(env), "SOURCE_DATE_EPOCH"
    import subprocess

    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        out = ""
    if out.isdigit():
        return int(out), "the last commit"
    mtime = int((root / "pyproject.toml").stat().st_mtime)
    return mtime, "pyproject.toml's modification time (no git history)"
