"""Sphinx extension of the booklet: its two themes and the print builder.

The print builder is Sphinx's single-page HTML builder with the print theme: it writes the HTML that
WeasyPrint turns into the PDF, from the same doctrees (the same parsed, translated environment) as the site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder

THEMES = Path(__file__).parent / "themes"


class PrintHTMLBuilder(SingleFileHTMLBuilder):
    """One HTML file per language, laid out for paged media."""

    name = "booklet-print"
    search = False
    copysource = False

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return "booklet-print", {}

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        # singlehtml titles the page with html_title; the booklet's title is its root document's (translated) title.
        ctx = super().get_doc_context(docname, body, metatags)
        ctx["title"] = self.render_partial(self.env.titles[self.config.root_doc])["title"]
        from booklet.covers import context  # cover, back cover and PDF metadata in the edition's language

        doctree = self.env.get_doctree(self.config.root_doc)
        ctx.update(context(self.config.language, self.config.booklet_date, doctree))
        ctx["booklet_author"] = self.config.booklet_author
        return ctx


def setup(app: Sphinx) -> dict[str, Any]:
    from booklet import typesetting

    typesetting.setup(app)
    app.add_html_theme("booklet", str(THEMES / "booklet"))
    app.add_html_theme("booklet-print", str(THEMES / "booklet-print"))
    app.add_builder(PrintHTMLBuilder)
    app.add_config_value("booklet_date", "", "html", str)  # ISO date of the day the booklet commemorates
    app.add_config_value("booklet_author", "", "html", str)  # PDF author metadata (a name: not translated)
    # The site: languages, downloads and colophon for the theme; the interface strings for its scripts.
    app.setup_extension("booklet.sitecontext")
    app.setup_extension("booklet.uicatalog")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
