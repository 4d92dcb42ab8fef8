"""Render the print HTML of one language to a PDF with WeasyPrint."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from booklet.config import Config

if TYPE_CHECKING:
    from booklet.patches.weasyprint import LineSplits

PDF_VARIANT = (
    "pdf/a-3a"  # archival and tagged (structure tree, /Lang); an a-level variant WeasyPrint supports
)


@dataclass
class Kept:
    """What a render kept for the next render of the same document (`pdf_bytes(keep=True)`): its fonts
    (WeasyPrint's FontConfiguration) and the line splits made with them."""

    key: str  # the document, its options, and every file it may read but its HTML
    fonts: Any
    splits: LineSplits


_KEPT: list[Kept] = []  # this process's last document rendered with `keep`, if any


class RenderError(Exception):
    """WeasyPrint was stopped, e.g. by a refused URL; the message says which (and `url` holds it)."""

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


def pdf_bytes(
    html_file: Path,
    allowed: Iterable[Path] | None = None,
    *,
    css: str | None = None,
    base_url: Path | None = None,
    inspect: Callable[[Any], None] | None = None,
    variant: str = PDF_VARIANT,
    links: Collection[str] | None = None,
    keep: bool = False,
) -> bytes:
    """The PDF of `html_file`; WeasyPrint may read only files under `allowed` (default: the HTML's folder
    and the booklet themes) and the project's own data: URLs. `css` is an extra stylesheet, `base_url` the
    folder relative URLs resolve against (default: the HTML's own), `inspect` sees the laid-out document
    before writing, `variant` is WeasyPrint's PDF variant (the print shop's edition is PDF/X). The document
    may hold no attachment, no form field and no external link but to the `links` (default: those of the
    project's source documents), checked by rendering/inspect.py. `keep` (the watch mode, which renders one
    edition again at each save): the document's fonts and line splits are kept for the next render of the
    same document with the same options and files but its HTML, which starts from them."""
    from weasyprint import CSS, HTML  # imported here: heavy, and only the PDF stages need it
    from weasyprint.urls import FatalURLFetchingError

    from booklet.checks.structure import project_docs
    from booklet.patches.weasyprint import (
        page_styles_shared,
        pseudo_styles_on_demand,
        streams_made_when_painted,
        stylesheets_parsed_once,
        tagged_document,
    )
    from booklet.paths import THEMES
    from booklet.rendering import archive, typeset
    from booklet.rendering.fetcher import LocalFetcher
    from booklet.rendering.heap import uncollected
    from booklet.rendering.inspect import DocumentRefused, check_document, source_links

    roots = list(allowed) if allowed is not None else [html_file.parent, THEMES]
    docs = project_docs()
    fetcher = LocalFetcher(roots, trusted=[THEMES, *([docs / "_static"] if docs else [])], own=css or "")
    base = str((base_url or html_file.parent).resolve()) + "/"
    kept = _take(_key(html_file, roots, css, variant, base)) if keep else None  # a failed render keeps none
    warm = {"font_config": kept.fonts, "splits": kept.splits} if kept else {}
    try:
        html = HTML(filename=str(html_file), encoding="utf-8", url_fetcher=fetcher, base_url=base)
        profiles: dict[str, Any] = {}  # @color-profile rules of `css` (the print edition's output intent)
        sheets = [CSS(string=css, url_fetcher=fetcher, color_profiles=profiles)] if css else []
        # /Lang per element, margin boxes as artifacts; its stylesheets parsed once for all its layouts, its
        # pseudo-elements' styles made only where asked for, its pages' styles shared; no automatic
        # collection while its boxes are alive (rendering/heap.py)
        with (
            tagged_document(),
            stylesheets_parsed_once(),
            pseudo_styles_on_demand(),
            page_styles_shared(),
            uncollected(),
        ):
            # laid out again until the rules of line and page breaking hold (typeset.py)
            document = typeset.render(
                html, stylesheets=sheets, color_profiles=profiles, pdf_variant=variant, pdf_tags=True, **warm
            )
            check_document(document, source_links(docs) if links is None else links)
            archive.finish(document, variant)
            if inspect is not None:
                inspect(document)
            with streams_made_when_painted():
                data = document.write_pdf(pdf_variant=variant, pdf_tags=True)
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: turn it into a reportable error
        cause = exc.__cause__
        raise RenderError(str(cause) if cause else str(exc), getattr(cause, "url", None)) from None
    except DocumentRefused as exc:
        raise RenderError(f"the PDF would hold {exc}", exc.url) from None
    if fetcher.refused:  # belt and braces: a refusal WeasyPrint caught and only logged still fails the render
        raise RenderError(str(fetcher.refused[0]), fetcher.refused[0].url)
    assert data is not None
    if kept is not None:
        _KEPT.append(kept)
    return data


def _key(html_file: Path, roots: list[Path], css: str | None, variant: str, base: str) -> str:
    """A document rendered with `keep`: its HTML's path, its options, and the contents of every file it may
    read but its HTML (stylesheets and fonts: a font changed at the same URL starts afresh)."""
    from booklet.engine.stamps import files_digest, tree_files

    files = [(str(top), files_digest(top, [p for p in tree_files(top) if p != html_file])) for top in roots]
    return hashlib.sha256(repr((str(html_file.resolve()), css, variant, base, files)).encode()).hexdigest()


def _take(key: str) -> Kept:
    """What the last render kept, if it was of the document `key`; else a start afresh."""
    from weasyprint.text.fonts import FontConfiguration

    from booklet.patches.weasyprint import LineSplits

    last = _KEPT.pop() if _KEPT else None
    return last if last is not None and last.key == key else Kept(key, FontConfiguration(), LineSplits())


def render_pdf(
    html_file: Path, target: Path, allowed: Iterable[Path] | None = None, keep: bool = False
) -> int:
    """Render and move the PDF into place (an identical PDF is not rewritten); returns its page count.
    `keep`: as for pdf_bytes."""
    from booklet.release.atomic import write_atomic

    pages: list[int] = []

    def count(document: Any) -> None:
        pages.append(len(document.pages))

    data = pdf_bytes(html_file, allowed, keep=keep, inspect=count)
    write_atomic(target, data, only_if_changed=True)
    return pages[0]


def register_hyphenation(cfg: Config) -> None:
    """The project's own hyphenation (az), known to pyphen and so WeasyPrint, in this (rendering) process."""
    from booklet.languages import hyphenation

    hyphenation.register(cfg.build_dir / ".work" / "hyphenation")


def warm_up(cfg: Config) -> None:
    """Lay out and write a few lines in every language with the book face, in a renderer that is waiting
    for its first print HTML anyway: the first document of a process loads fonts, shaping and hyphenation
    dictionaries (~0.1 s) that every later one reuses."""
    from weasyprint import HTML

    from booklet.rendering.fetcher import LocalFetcher
    from booklet.rendering.glyphs import font_files

    faces = "".join(
        f'@font-face {{ font-family: warm; src: url("{path.as_uri()}"); }}' for path in font_files(cfg)[:1]
    )
    sample = "Azərbaycan xalqının qəhrəmanlıq salnaməsi — азербайджанского народа — the embodiment of grief"
    body = "".join(f'<p lang="{lang}">{sample}</p>' for lang in cfg.languages)
    style = f"{faces} p {{ font-family: warm; hyphens: auto; text-align: justify; width: 30mm; }}"
    page = f"<!DOCTYPE html><html><head><style>{style}</style></head><body>{body}</body></html>"
    fetcher = LocalFetcher([cfg.docs_dir / "_static" / "fonts"])
    HTML(string=page, url_fetcher=fetcher).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
