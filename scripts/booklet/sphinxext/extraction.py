"""Notes from the source for the translator, in syntax MyST already parses (documented in the README):

- `% Translators: text` on the line before a paragraph, heading or list item: the text reaches that
  message's catalog entry as an extracted comment (`#.`), as xgettext's `--add-comments=Translators:` does.
- `% Context: word` before one: the message gets that context (msgctxt), so the same words can have two
  translations. The build looks it up as gettext's pgettext does (the compiled catalog keys the entry as
  `context\\x04msgid`).
- a container with the class `notranslate` (```` ```{container} notranslate ````): nothing inside it is
  extracted or translated; every edition prints it as the source has it.

A note that stands before nothing to translate is a warning (and warnings stop the build): it would
otherwise be lost without a word.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages, is_translatable

logger = logging.getLogger(__name__)

NOTE = re.compile(r"(translators|context)\s*:\s*(.*)", re.IGNORECASE)
NO_TRANSLATE = "notranslate"
SEPARATOR = "\x04"  # gettext's context separator, in a compiled catalog's keys


def notes_in(comment: str) -> list[tuple[str, str]]:
    """The notes of one comment (MyST joins consecutive `%` lines into one): (kind, text) each, a line
    that starts with no keyword continuing the note before it."""
    found: list[tuple[str, list[str]]] = []
    for line in comment.splitlines():
        match = NOTE.fullmatch(line.strip())
        if match:
            found.append((match.group(1).lower(), [match.group(2)]))
        elif found and line.strip():
            found[-1][1].append(line)
    return [(kind, " ".join(" ".join(lines).split())) for kind, lines in found]


def _target(comment: nodes.comment) -> nodes.Element | None:
    """The translatable element a note stands before: the next sibling, or the title of a next section,
    or the first paragraph of a next list item."""
    parent = comment.parent
    if parent is None:
        return None
    index = parent.index(comment)
    following = parent.children[index + 1] if index + 1 < len(parent.children) else None
    while isinstance(following, nodes.Element) and not is_translatable(following):
        if isinstance(following, nodes.comment):
            following = following.next_node(descend=False, siblings=True)
            continue
        if not following.children:
            return None
        following = following.children[0]  # section -> title, list -> item -> paragraph
    return following if isinstance(following, nodes.Element) else None


class SourceNotes(SphinxTransform):
    """Attach each note to its element, before Sphinx's Locale transform (20) looks translations up."""

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        for comment in list(self.document.findall(nodes.comment)):
            found = notes_in(comment.astext())
            if not found:
                continue
            target = _target(comment)
            if target is None:
                kinds = ", ".join(sorted({kind for kind, _ in found}))
                logger.warning("a `%% %s:` note stands before nothing to translate", kinds, location=comment)
                continue
            for kind, text in found:
                if kind == "translators":
                    target.setdefault("booklet_notes", []).append(text)
                elif text:
                    target["booklet_context"] = text
        for container in self.document.findall(nodes.container):
            if NO_TRANSLATE in container["classes"]:
                for element in container.findall(nodes.TextElement):
                    element["translatable"] = False
        for element in self.document.findall(nodes.TextElement):
            context = element.get("booklet_context")
            if context and SEPARATOR not in element.rawsource:
                element.rawsource = f"{context}{SEPARATOR}{element.rawsource}"


class RestoreSource(SphinxTransform):
    """After the Locale transform: the element's source text without the context key."""

    default_priority = 21

    def apply(self, **kwargs: Any) -> None:
        for element in self.document.findall(nodes.TextElement):
            if element.get("booklet_context") and SEPARATOR in element.rawsource:
                element.rawsource = element.rawsource.split(SEPARATOR, 1)[1]


class ExtractionBuilder(MessageCatalogBuilder):
    """Sphinx's gettext builder, with the notes: msgctxt and `#.` comments in the templates."""

    name = "gettext"

    def init(self) -> None:
        super().init()
        # domain -> (context, msgid) -> translator notes
        self.booklet_notes: dict[str, dict[tuple[str | None, str], list[str]]] = defaultdict(dict)

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        notes = self.booklet_notes[docname_to_domain(docname, self.config.gettext_compact)]
        for node, msg in extract_messages(doctree):
            found = notes.setdefault((node.get("booklet_context"), msg), [])
            found.extend(n for n in node.get("booklet_notes", []) if n not in found)
        keyed = [e for e in doctree.findall(nodes.TextElement) if e.get("booklet_context")]
        sources = [e.rawsource for e in keyed]
        for element in keyed:  # the parent builder keys a message with a context as `context\x04msgid`
            element.rawsource = f"{element['booklet_context']}{SEPARATOR}{element.rawsource}"
        try:
            super().write_doc(docname, doctree)
        finally:
            for element, source in zip(keyed, sources, strict=True):
                element.rawsource = source

    def finish(self) -> None:
        super().finish()
        for domain, notes in self.booklet_notes.items():
            if any(context or comments for (context, _), comments in notes.items()):
                _add_notes(self.outdir / f"{domain}.pot", notes)


def _add_notes(pot: Any, notes: dict[tuple[str | None, str], list[str]]) -> None:
    """Rewrite a template Sphinx wrote: `context\\x04msgid` as msgctxt + msgid, notes as `#.` comments."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    with open(pot, "rb") as handle:
        template = read_po(handle)
    result = Catalog(
        project=template.project,
        version=template.version,
        creation_date=template.creation_date,
        revision_date=template.revision_date,
        last_translator=template.last_translator,
        language_team=template.language_team,
        header_comment=template.header_comment,
        fuzzy=template.fuzzy,
    )
    for message in template:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        context, _, text = msgid.rpartition(SEPARATOR)
        key = (context or None, text)
        result.add(
            text,
            "",
            locations=message.locations,
            flags=message.flags,
            auto_comments=notes.get(key, []),
            context=context or None,
        )
    out = io.BytesIO()
    write_po(out, result, width=0, omit_header=False)
    with open(pot, "wb") as handle:
        handle.write(out.getvalue())


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(SourceNotes)
    app.add_transform(RestoreSource)
    app.add_builder(ExtractionBuilder, override=True)
    # env_version: doctrees read before a change of these transforms are read again, not reused.
    return {"env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
