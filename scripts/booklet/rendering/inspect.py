"""What a PDF may hold, checked on WeasyPrint's laid-out document before a byte of it is written.

The print HTML is made from translations, which are untrusted; the checks on the catalog side
(checks/markup.py) stop what they can see, and this is the same promise on the rendered side: no embedded
file (`<a rel="attachment">`, `<link rel="attachment">`), no form field, and no link whose target the source
edition does not have. Internal links (to anchors of the document) are the booklet's own; an external link
is allowed only when its target is a link of the trusted source (docs/**/*.md, parsed as the build parses
it) and its scheme is one a reader's PDF viewer opens harmlessly (http, https, mailto): `javascript:`,
`file:`, `data:` and any other target are refused.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


class DocumentRefused(Exception):
    """The laid-out document holds what its PDF may not; `url` is the offending target, when there is one."""

    def __init__(self, message: str, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


def _hrefs(text: str, docs_dir: Path | None) -> Iterable[str]:
    from booklet.checks.structure import parser

    for token in parser(docs_dir).parse(text, {}):
        for child in [token, *(token.children or ())]:
            if child.type == "link_open":
                yield str(child.attrs.get("href", ""))


@cache
def source_links(docs_dir: Path | None) -> frozenset[str]:
    """Every link target of the source documents (`docs/**/*.md`), unquoted."""
    if docs_dir is None:
        return frozenset()
    links: set[str] = set()
    for page in sorted(docs_dir.rglob("*.md")):
        if "_build" in page.parts:
            continue
        links.update(unquote(href) for href in _hrefs(page.read_text(encoding="utf-8"), docs_dir))
    return frozenset(links)


def check_document(document: Any, allowed: Collection[str]) -> None:
    """Raise DocumentRefused unless `document` (a weasyprint.Document, laid out) has no attachment, no form
    field and no external link outside `allowed` (unquoted targets) or its safe schemes."""
    if document.metadata.attachments:
        raise DocumentRefused("an embedded file (<link rel=attachment>): the source has none")
    for number, page in enumerate(document.pages, start=1):
        for link_type, target, _rectangle, _box in page.links:
            if link_type == "internal":
                continue
            if link_type == "attachment":
                raise DocumentRefused(f"page {number}: an embedded file (rel=attachment) {target}", target)
            if link_type != "external":
                raise DocumentRefused(f"page {number}: a {link_type} annotation", target)
            scheme = urlsplit(target).scheme.lower()
            if scheme not in SAFE_SCHEMES:
                raise DocumentRefused(f"page {number}: a link to {target} ({scheme or 'no'} scheme)", target)
            if unquote(target) not in allowed:
                message = f"page {number}: a link to {target}, which the source does not have"
                raise DocumentRefused(message, target)
        if any(page.forms.values()):
            raise DocumentRefused(f"page {number}: a form field (an annotation the source does not have)")
