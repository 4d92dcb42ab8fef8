"""What the site's theme needs to know beyond Sphinx: the other languages, the downloads, the colophon.

Connected to Sphinx's `html-page-context`: every page gets the same page in each published language (for the
switcher and the `hreflang` alternates), the PDF editions of its language, the colophon's link when there is
one, and whether part of it is still in the source language (the theme's translation notice).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.i18n import docname_to_domain

from booklet.config import PARALLEL, load
from booklet.languages.casing import display_caps
from booklet.languages.names import language_name
from booklet.sphinxext.covers import cover_date

COLOPHON = "colophon"


def _to_root(pagename: str) -> str:
    """From a page to the site's root folder (`_build/html/`): one level per folder plus the language's."""
    return "../" * (pagename.count("/") + 1)


def _url(app: Sphinx, root: str, path: str) -> str:
    base = app.config.html_baseurl
    return f"{base.rstrip('/')}/{path}" if base else root + path


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html" or app.builder.name != "html":
        return
    lang = app.config.language
    cfg = load(Path(app.confdir).parent)
    root = _to_root(pagename)
    page = f"{pagename}.html"
    published = [code for code in cfg.languages if code in (app.config.booklet_published or cfg.languages)]
    context["booklet_languages"] = [
        {
            "code": code,
            "name": language_name(code, cfg.names),
            "href": f"{root}{code}/{page}",
            "current": code == lang,
        }
        for code in published
    ]
    context["booklet_alternates"] = [
        *((code, _url(app, root, f"{code}/{page}")) for code in published),
        ("x-default", _url(app, root, "index.html")),
    ]
    # The editions the same build makes (a declared input, `booklet_downloads`): the language's own in its
    # folder, the parallel edition beside the languages (Config.site_pdf).
    context["booklet_downloads"] = [
        {
            "kind": kind,
            "href": f"{root}{'' if kind == PARALLEL else lang + '/'}{cfg.site_folder(kind)}/"
            f"{cfg.edition_file(kind, lang)}",
            "name": cfg.edition_file(kind, lang),
        }
        for kind in app.config.booklet_downloads
    ]
    # The booklet's identity in the header: its emblem and its day, as the cover writes them.
    context["booklet_emblem"] = cfg.book.emblem
    # in capitals as the language writes them, abbreviations kept ("1990 г.", not "1990 Г.")
    context["booklet_date_line"] = (
        display_caps(cover_date(cfg.book.date, lang), lang) if cfg.book.date else ""
    )
    colophon = None
    if COLOPHON in app.env.found_docs:
        # Sphinx gives "" for a page's link to itself: the colophon links to its own file name instead.
        colophon = app.builder.get_relative_uri(pagename, COLOPHON) or Path(page).name
    context["booklet_colophon"] = colophon
    context["booklet_chooser"] = f"{root}index.html"
    # Part of this page is published in the source language (its catalog is not complete): say so.
    domain = docname_to_domain(pagename, app.config.gettext_compact)
    context["booklet_fallback"] = bool(app.config.booklet_fallback.get(domain))
    # docutils adds a second viewport tag to the one of Sphinx's layout: keep one.
    context["metatags"] = re.sub(r'<meta name="viewport"[^>]*>\n?', "", context.get("metatags") or "")


def setup(app: Sphinx) -> dict[str, Any]:
    # Set by the engine: the kinds of PDF edition the same build makes, which every page offers.
    app.add_config_value("booklet_downloads", [], "html", types=frozenset({list, tuple}))
    app.connect("html-page-context", page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
