"""WeasyPrint's tagged PDF, completed for PDF/UA, for one document at a time (`tagged_document`).

- /Lang per element: WeasyPrint writes the document's language into the catalog only; in the parallel edition
  every paragraph has its own language, and a screen reader or text-to-speech needs it. The structure tree
  builder (a private function) is wrapped to copy each element's `lang` to the structure element it yields.
- Margin boxes (running heads, page numbers) as artifacts: WeasyPrint marks their text like the body's, with
  MCIDs whose structure elements it then leaves out of the tree ("could be included as Artifact, but that's
  only allowed in PDF 2.0"): content neither in the structure tree nor an artifact, which PDF/UA forbids and a
  screen reader would read on every page. An artifact is allowed in PDF 1.7 content streams: the margin box is
  drawn inside /Artifact BMC ... EMC with tagging off, and its (then empty) tree is not built.

Both are installed for the block and removed after it: a patch never outlives the document it was made for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from booklet.patches import require

MADE_FOR = "70.0"


@contextlib.contextmanager
def tagged_document() -> Iterator[None]:
    """Within the block (the layout and writing of one document): structure elements carry their element's
    `lang`, and margin boxes are artifacts."""
    import pydyf
    import weasyprint
    from weasyprint import draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    build, draw_context = tags._build_box_tree, draw.draw_stacking_context

    def build_with_lang(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for struct in build(box, parent, pdf, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    def draw_as_artifact(stream: Any, stacking_context: Any) -> None:
        saved = getattr(stream, "_tags", None)
        if saved is None or not isinstance(stacking_context.box, boxes.MarginBox):
            draw_context(stream, stacking_context)
            return
        pydyf.Stream.begin_marked_content(stream, "Artifact")
        stream._tags = None  # nothing inside is marked as content or collected for the tree
        try:
            draw_context(stream, stacking_context)
        finally:
            stream._tags = saved
            pydyf.Stream.end_marked_content(stream)

    tags._build_box_tree, draw.draw_stacking_context = build_with_lang, draw_as_artifact
    try:
        yield
    finally:
        tags._build_box_tree, draw.draw_stacking_context = build, draw_context
