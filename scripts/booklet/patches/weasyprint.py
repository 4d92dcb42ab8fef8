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
