"""Give the tagged PDF's structure elements their own language (/Lang) where the HTML has a `lang`.

WeasyPrint writes the document's language into the catalog only. In the parallel edition every paragraph has
its own language, and a screen reader or text-to-speech needs to know it: WeasyPrint's structure tree builder
(a private function) is wrapped, for the one document being written, to copy each element's `lang` to the
structure element it yields.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from booklet.patches import require

MADE_FOR = "70.0"


@contextlib.contextmanager
def languages_tagged() -> Iterator[None]:
    """Within the block (the writing of one document), structure elements carry their element's `lang`."""
    import pydyf
    import weasyprint
    from weasyprint.pdf import tags

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    build = tags._build_box_tree

    def build_with_lang(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for struct in build(box, parent, pdf, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    tags._build_box_tree = build_with_lang
    try:
        yield
    finally:
        tags._build_box_tree = build
