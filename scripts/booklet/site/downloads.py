"""What the site says beside each edition it offers: its size and page count, in the page's language.

The page template links to the editions the same build makes and leaves a `facts` span beside each link. When
a language is published, its own editions' facts are written into its pages (`annotate`, on the staged copy:
the work folder keeps Sphinx's own pages); the parallel edition's, which changes with any language, come from
`editions.json` beside it, which the pages' script reads (writing them into every language's pages would
rebuild them all). A PDF's pages are counted where it is made (`pdf_pages`, in the renderer): the build's
own process never parses a long PDF.
"""

from __future__ import annotations

import gettext
import json
import re
from collections.abc import Mapping
from pathlib import Path

from booklet.config import Config

FACTS_FILE = "editions.json"  # beside the parallel edition: {file name: {"bytes": n, "pages": n}}
FACTS_SPAN = re.compile(r'(<span class="facts" data-pdf="([^"]+)"[^>]*>)(.*?)(</span>)', re.S)


def pdf_pages(path: Path) -> int:
    """A PDF's page count (0 for a PDF pypdf cannot read: the site then gives only its size)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(path).pages)
    except (PyPdfError, ValueError, OSError):
        return 0


def edition_facts(path: Path, pages: int) -> dict[str, int]:
    """Its size and page count (0 pages for an e-book)."""
    return {"bytes": path.stat().st_size, "pages": pages}


def facts_json(files: Mapping[Path, int]) -> bytes:
    """The facts of `files` (file -> its page count), for the pages' script."""
    facts = {path.name: edition_facts(path, pages) for path, pages in files.items()}
    return (json.dumps(facts, indent=1, sort_keys=True) + "\n").encode()


def facts_text(cfg: Config, lang: str, name: str, facts: Mapping[str, int], sheets: bool = False) -> str:
    """The line beside a link, "PDF · 27 kB · 8 pages", in `lang` (CLDR's unit, the count from the site's
    compiled catalog); for the imposed booklet, the sheets of A4 a reader prints ("2 sheets of A4")."""
    from babel.units import format_unit

    kind = "EPUB" if name.endswith(".epub") else "PDF"
    kilobytes = max(1, round(facts["bytes"] / 1000))
    size = format_unit(kilobytes, "digital-kilobyte", length="short", locale=lang.replace("-", "_"))
    ui = gettext.translation("sphinx", localedir=cfg.locale_dir(lang), languages=[lang], fallback=True)
    if not facts["pages"]:
        return f"{kind} · {size}"
    if sheets:
        count = (facts["pages"] + 1) // 2
        pages = ui.ngettext("%(count)s sheet of A4", "%(count)s sheets of A4", count) % {"count": count}
    else:
        pages = ui.ngettext("%(count)s page", "%(count)s pages", facts["pages"]) % {"count": facts["pages"]}
    return f"{kind} · {size} · {pages}"


def annotate(site: Path, cfg: Config, lang: str, files: Mapping[str, Path], pages: Mapping[str, int]) -> None:
    """Write the facts of `files` (kind -> file; `pages`: file name -> its page count) into every page of
    the site folder `site`."""
    texts = {
        path.name: facts_text(
            cfg, lang, path.name, edition_facts(path, pages.get(path.name, 0)), kind == "imposed"
        )
        for kind, path in files.items()
    }
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")

        def fill(match: re.Match[str]) -> str:
            text = texts.get(match.group(2))
            return match.group(0) if text is None else match.group(1) + text + match.group(4)

        new = FACTS_SPAN.sub(fill, html)
        if new != html:
            page.write_text(new, encoding="utf-8")
