"""What the site's theme needs to know beyond Sphinx: the other languages, the downloads, the colophon.

Connected to Sphinx's `html-page-context`: every page gets the same page in each language (for the switcher
and the `hreflang` alternates), the PDF editions of its language, and the colophon's link when there is one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from booklet.config import Config, load
from booklet.languages.names import language_name
from booklet.site import downloads

COLOPHON = "colophon"


def _built(app: Sphinx, cfg: Config) -> Config | None:
    """The configuration with the pipeline's build folder (set by the Sphinx job; else the folder this
    HTML build writes into, `<build>/html/<lang>`)."""
    if app.config.booklet_build_dir:
        return load(cfg.root, Path(app.config.booklet_build_dir))
    outdir = Path(app.outdir).resolve()
    if outdir.name == app.config.language and outdir.parent.name == "html":
        return load(cfg.root, outdir.parent.parent)
    return None  # built outside the pipeline (e.g. sphinx-build by hand): no downloads, same switcher


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
    context["booklet_languages"] = [
        {
            "code": code,
            "name": language_name(code, cfg.names),
            "href": f"{root}{code}/{page}",
            "current": code == lang,
        }
        for code in cfg.languages
    ]
    context["booklet_alternates"] = [
        *((code, _url(app, root, f"{code}/{page}")) for code in cfg.languages),
        ("x-default", _url(app, root, "index.html")),
    ]
    built = _built(app, cfg)
    context["booklet_downloads"] = [
        {"kind": e.kind, "href": f"{root}{downloads.SITE_FOLDER}/{e.href_name}"}
        for e in (downloads.planned(built, lang) if built else [])
    ]
    colophon = None
    if COLOPHON in app.env.found_docs:
        # Sphinx gives "" for a page's link to itself: the colophon links to its own file name instead.
        colophon = app.builder.get_relative_uri(pagename, COLOPHON) or Path(page).name
    context["booklet_colophon"] = colophon
    context["booklet_chooser"] = f"{root}index.html"
    # docutils adds a second viewport tag to the one of Sphinx's layout: keep one.
    context["metatags"] = re.sub(r'<meta name="viewport"[^>]*>\n?', "", context.get("metatags") or "")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
