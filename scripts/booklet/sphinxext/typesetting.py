"""What the print edition's typesetting needs marked in the text before layout (print builder only).

- Names of the glossary (locales/glossary.csv, inflected) and each paragraph's last word are never
  hyphenated: their words go to the print HTML's `<meta name="booklet-nohyphen">`, which the renderer
  gives the hyphenation dictionaries (booklet.rendering.typeset). No markup is added around them: an
  inline element in a justified line upsets WeasyPrint's line breaking.
- A footnote moves to where it is called, as `<span class="footnote-body">` (print.css floats it to the foot
  of that page: `float: footnote`); docutils would print every footnote after the document's end.
- A top-level heading becomes lines broken by sense (languages/display.py), each a `<span class="line">`.

The layout rules that need the laid-out pages (no hyphen at a page's end, at most two hyphens in a row, no
page of a paragraph's last lines alone) are kept by booklet.rendering.typeset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from booklet.checks import glossary

PRINT_BUILDER = "booklet-print"


class PrintTypesetting(SphinxPostTransform):
    builders = (PRINT_BUILDER,)
    default_priority = 900

    def run(self, **kwargs: Any) -> None:
        lang = self.config.language or "en"
        root = Path(self.app.confdir).parent
        self._footnotes()
        self._headings(lang, root)
        terms = glossary.terms_for(root)
        words: set[str] = set()
        for para in self.document.findall(nodes.paragraph):
            text = para.astext()
            for start, end in glossary.name_ranges(text, lang, terms):
                words.update(w.group(0) for w in glossary.WORD.finditer(text[start:end]))
            last = glossary.WORD.findall(text)
            if last:
                words.add(last[-1])
        # read by the print builder for the page's <meta name="booklet-nohyphen"> (one document per build)
        self.app.builder.booklet_nohyphen = words  # type: ignore[attr-defined]

    def _footnotes(self) -> None:
        bodies = {}
        for footnote in list(self.document.findall(nodes.footnote)):
            content: list[nodes.Node] = []
            for para in footnote.findall(nodes.paragraph):
                if content:
                    content.append(nodes.Text(" "))
                content.extend(child.deepcopy() for child in para.children)
            for node_id in footnote["ids"]:
                bodies[node_id] = content
        placed = set()
        for ref in list(self.document.findall(nodes.footnote_reference)):
            refid = ref.get("refid")
            if refid in bodies and refid not in placed:
                placed.add(refid)
                body = nodes.inline("", "", *bodies[refid], classes=["footnote-body"])
                ref.replace_self(body)
                body["ids"] = []  # the call's id (replace_self copies it) belongs to no target now
        for footnote in list(self.document.findall(nodes.footnote)):
            if any(i in placed for i in footnote["ids"]):
                footnote.parent.remove(footnote)
        if placed:  # MyST's rule before the footnotes (myst_footnote_transition): nothing under it now
            for rule in list(self.document.findall(nodes.transition)):
                if "footnotes" in rule["classes"]:
                    rule.parent.remove(rule)

    def _headings(self, lang: str, root: Path) -> None:
        from booklet.rendering.metrics import TITLE_HEADING, display_lines

        for section in self.document.findall(nodes.section):
            parent = section.parent
            top = isinstance(parent, nodes.document) or (
                isinstance(parent, nodes.compound) and "toctree-wrapper" in parent["classes"]
            )
            if not top:
                continue
            title = section.next_node(nodes.title)
            if title is None or not all(isinstance(c, nodes.Text) for c in title.children):
                continue
            lines = display_lines(title.astext(), lang, root, TITLE_HEADING)
            if lines is None:
                return  # no typeface to measure with: the headings stay as they are
            del title[:]
            for k, line in enumerate(lines):
                if k:
                    title += nodes.Text(" ")  # between the line blocks: the bookmark's text keeps its spaces
                title += nodes.inline(line, line, classes=["line"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(PrintTypesetting)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
