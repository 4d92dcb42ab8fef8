"""The e-book builder: Sphinx's EPUB 3 builder with the booklet's metadata, cover and typeface.

The metadata (title in the edition's language, the project as author and publisher, a stable identifier)
and the cover are set when the EPUB's package files are written (handle_finish), never in the configuration
the environment is read with: `epub_cover` and `epub_uid` are environment settings, and changing them would
make the site and print builders, which share these doctrees, read every document again.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sphinx.builders.epub3 import Epub3Builder
from sphinx.locale import _

from booklet.rendering.epub import COVER, COVER_STAND_IN

FONT_NOTES = ("_static/fonts/OFL.txt", "_static/fonts/README.md")


class BookletEpubBuilder(Epub3Builder):
    name = "booklet-epub"

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return "booklet-epub", {}

    def copy_static_files(self) -> None:
        super().copy_static_files()
        target = Path(self.outdir, COVER)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(COVER_STAND_IN)

    def handle_finish(self) -> None:
        config = self.config
        lang = config.language or "en"
        title = self.env.titles[config.root_doc].astext()
        maker = config.booklet_author or _("January 20 booklet project")
        config.epub_title = title
        config.epub_author = config.epub_publisher = config.epub_contributor = maker
        config.epub_copyright = maker
        config.epub_description = title
        config.epub_language = lang
        config.epub_basename = f"{config.project}-{lang}"
        config.epub_uid = "booklet-id"
        config.epub_scheme = "uuid"
        book = uuid.uuid5(uuid.NAMESPACE_URL, f"booklet:{config.project}:{lang}")
        config.epub_identifier = f"urn:uuid:{book}"
        # The fonts' notes: their licence is in each font's name table, which travels with it.
        config.epub_exclude_files = [*config.epub_exclude_files, *FONT_NOTES]
        # The colophon is in a hidden toctree (sphinxext/transforms.py): the navigation lists it too.
        config.epub_tocscope = "includehidden"
        config.epub_cover = (COVER, "epub-cover.html")
        self.globalcontext["booklet_cover_alt"] = title  # the cover picture shows the title
        super().handle_finish()

    def prepare_writing(self, docnames: Any) -> None:
        super().prepare_writing(docnames)
        # Sphinx's EPUB pages carry no language of their own; a reading system's voice needs it.
        lang = self.config.language or "en"
        self.globalcontext["html_tag"] = (
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
            f' lang="{lang}" xml:lang="{lang}">'
        )

    def toc_metadata(self, level: int, navpoints: list[Any]) -> dict[str, Any]:
        # The NCX's dtb:uid must be the package's identifier, not the XML id naming it (Sphinx gives the id).
        metadata = super().toc_metadata(level, navpoints)
        metadata["uid"] = self.config.epub_identifier
        return metadata


def setup(app: Any) -> dict[str, Any]:
    app.add_builder(BookletEpubBuilder)
    app.add_html_theme("booklet-epub", str(Path(__file__).parent / "themes" / "booklet-epub"))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
