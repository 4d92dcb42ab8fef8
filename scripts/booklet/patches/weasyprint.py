"""Give the tagged PDF's structure elements their own language (/Lang) where the HTML has a `lang`.

WeasyPrint 70 writes the document's language into the catalog only. In the parallel edition every paragraph
has its own language, and a screen reader or text-to-speech needs to know it: we wrap WeasyPrint's structure
tree builder (a private function, pinned version) and copy each element's `lang` to the structure element it
yields. If a future WeasyPrint renames the function, this does nothing and the test that checks /Lang fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def tag_languages() -> bool:
    """Install the wrapper in this (rendering) process; returns whether it is installed."""
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:
        return False
    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        return False
    if getattr(build, "booklet_lang", False):
        return True

    def build_with_lang(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for struct in build(box, parent, pdf, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    build_with_lang.booklet_lang = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_with_lang
    return True


def artifact_margin_boxes() -> bool:
    """Draw page margin boxes (running heads, page numbers) as artifacts.

    WeasyPrint 70 marks their text like the body's, with MCIDs whose structure elements it then leaves out of
    the tree ("could be included as Artifact, but that's only allowed in PDF 2.0"): content that is neither in
    the structure tree nor an artifact, which PDF/UA forbids and a screen reader would read on every page. An
    artifact is allowed in PDF 1.7 content streams: the margin box is drawn inside /Artifact BMC ... EMC with
    tagging off, and its (now empty) tree is not built. Returns whether the wrapper is installed."""
    try:
        from weasyprint import draw
        from weasyprint.formatting_structure import boxes
        from weasyprint.pdf import tags
    except ImportError:
        return False
    draw_context = getattr(draw, "draw_stacking_context", None)
    build = getattr(tags, "_build_box_tree", None)
    if draw_context is None or build is None:
        return False
    if getattr(draw_context, "booklet_artifact", False):
        return True

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

    def build_without_margins(box: Any, *args: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox):
            return iter(())
        return tags_build(box, *args)

    import pydyf

    tags_build = tags._build_box_tree  # the language wrapper, if installed first, stays in the chain
    draw_as_artifact.booklet_artifact = True  # type: ignore[attr-defined]
    # tag_languages() looks for its marker on the outermost builder: keep it there, or it would wrap again.
    build_without_margins.booklet_lang = getattr(tags_build, "booklet_lang", False)  # type: ignore[attr-defined]
    draw.draw_stacking_context = draw_as_artifact
    tags._build_box_tree = build_without_margins
    return True
