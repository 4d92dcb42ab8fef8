"""Shared test helpers: read the real outputs as a reader (or a parser) does; find and wait for processes."""

from __future__ import annotations

import os
import re
import select
import unicodedata
from pathlib import Path
from xml.etree.ElementTree import Element

import tinyhtml5

ROOT = Path(__file__).resolve().parent.parent
SOURCE_TEXT = ROOT / "docs" / "january-20.txt"  # the plain text the booklet is made from (import-text)
NS = "{http://www.w3.org/1999/xhtml}"


def source_lines() -> list[str]:
    assert SOURCE_TEXT.is_file(), f"the source text is expected at {SOURCE_TEXT}"
    return [line.strip() for line in SOURCE_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]


def sentences(text: str) -> list[str]:
    """Split on sentence ends (., ! or ? possibly followed by a closing quote) followed by a space."""
    return [s for s in re.split(r"(?<=[.!?])[”»\"]?\s+", text) if s]


def squash(text: str) -> str:
    """Letters and digits only, case-folded: compares text across line breaks, hyphenation and spacing."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def parse_html(path: Path) -> Element:
    return tinyhtml5.parse(path.read_bytes())


def html_text(path: Path) -> str:
    tree = parse_html(path)
    body = tree.find(f"{NS}body")
    assert body is not None
    for script in body.iter(f"{NS}script"):
        script.text = ""
    return " ".join("".join(body.itertext()).split())


def pdf_body_text(path: Path) -> str:
    """The PDF's text without page furniture: the lines of its structure tree's text, with the running heads
    and page numbers (tagged /NonStruct by WeasyPrint) and artifacts left out (pdflines.py)."""
    from pdflines import page_lines

    return "\n".join(ln.text for page in page_lines(path) for ln in page if ln.role != "/NonStruct")


def credits_of(cfg, lang: str) -> list[str]:
    """Who a language's catalogs credit, read as the build reads them (the strict reader)."""
    from booklet.catalogs.files import po_files
    from booklet.catalogs.headers import credits
    from booklet.catalogs.reader import read_catalog

    return credits(read_catalog(po) for po in po_files(cfg, lang))


def wait_gone(pids: set[int], limit: float = 60) -> set[int]:
    """The processes of `pids` still running after they were all given `limit` seconds to exit (waiting on
    pidfds, which become readable when the process exits)."""
    fds = {}
    for pid in pids:
        try:
            fds[os.pidfd_open(pid)] = pid
        except ProcessLookupError:
            continue
    try:
        pending = set(fds)
        while pending:
            ready, _, _ = select.select(list(pending), [], [], limit)
            if not ready:
                break
            pending -= set(ready)
        return {fds[fd] for fd in pending}
    finally:
        for fd in fds:
            os.close(fd)


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found
