"""The print builder: Sphinx's single-page HTML builder with the print theme. It writes the HTML that
WeasyPrint turns into the PDF, from the same doctrees (the same parsed, translated environment) as the site.
"""

from __future__ import annotations

from pathlib import Path
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
        # cover, back cover and PDF metadata in the edition's language
        from booklet.config import load
        from booklet.sphinxext.covers import context, cover_lines

        lang = self.config.language
        doctree = self.env.get_doctree(self.config.root_doc)
        config = self.config
        emblem = (config.booklet_emblem, config.booklet_emblem_alt)
        ctx.update(context(lang, config.booklet_date, doctree, *emblem))
        plain = self.env.titles[self.config.root_doc].astext()
        ctx["booklet_title_lines"] = cover_lines(plain, lang, Path(self.confdir).parent)
        # never hyphenated (booklet.sphinxext.typesetting; the renderer reads the meta)
        ctx["booklet_nohyphen"] = " ".join(sorted(getattr(self, "booklet_nohyphen", ())))
        ctx["booklet_author"] = self.config.booklet_author or load(
            Path(self.confdir).parent
        ).book.colophon_text("publisher", lang)
        return ctx
