"""The print builder: Sphinx's single-page HTML builder with the print theme. It writes the HTML that
WeasyPrint turns into the PDF, from the same doctrees (the same parsed, translated environment) as the site.
"""

from __future__ import annotations

from typing import Any

from sphinx.builders.singlehtml import SingleFileHTMLBuilder


class PrintHTMLBuilder(SingleFileHTMLBuilder):
    """One HTML file per language, laid out for paged media."""

    name = "booklet-print"
    search = False
    copysource = False

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return "booklet-print", {}

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        # singlehtml titles the page with html_title; the booklet's is its root document's (translated) title.
        ctx = super().get_doc_context(docname, body, metatags)
        ctx["title"] = self.render_partial(self.env.titles[self.config.root_doc])["title"]
        from booklet.sphinxext.covers import (
            context,  # cover, back cover and PDF metadata in the edition's language
        )

        doctree = self.env.get_doctree(self.config.root_doc)
        ctx.update(context(self.config.language, self.config.booklet_date, doctree))
        ctx["booklet_author"] = self.config.booklet_author
        return ctx
