"""`fit`: a display string that no longer fits the box its edition gives it.

A document's title is set as display lines broken by sense, in the boxes the print edition gives it
(rendering/metrics.py: its size, measure and the most lines it holds): on the cover (the root document's
title) and as the heading of its first page. The lines are the print builder's own. A translated title
that leaves a line wider than the measure (a word, or words the language ties, too long for it) or needs
more lines than the cover holds would run out of its box: an error at the title's msgstr line.

The running heads are the cover's date as CLDR writes it, not a translation: no catalog can make them longer.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath

from booklet.catalogs.reader import Entry, PoCatalog
from booklet.checks.findings import Context, Finding, q
from booklet.rendering.metrics import COVER_TITLE, TITLE_HEADING, Box, display_lines, font_file, width_in

ROOT_DOC = "docs/index.md"  # docs/conf.py root_doc: its title is the cover's


@cache
def _lines(path: Path, _mtime: int) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def _source_line(root: Path, reference: str) -> tuple[str, str] | None:
    """A `#:` reference (`../../docs/index.md:1`, relative to the templates' folder) -> (source file
    relative to the project, that line's text); None when it is not a line of a source here."""
    name, _, number = reference.rpartition(":")
    parts = [p for p in PurePosixPath(name).parts if p not in ("..", ".")]
    path = root.joinpath(*parts)
    if not number.isdigit() or not parts or parts[0] != "docs" or not path.is_file():
        return None
    lines = _lines(path, path.stat().st_mtime_ns)
    index = int(number) - 1
    return ("/".join(parts), lines[index]) if 0 <= index < len(lines) else None


def _boxes(entry: Entry, root: Path) -> list[Box]:
    """The boxes a message is set in: the cover and the title page for a document's title, else none."""
    boxes: list[Box] = []
    for reference in entry.references:
        found = _source_line(root, reference)
        if found is not None and found[1].startswith("# "):
            boxes += ([COVER_TITLE] if found[0] == ROOT_DOC else []) + [TITLE_HEADING]
    return list(dict.fromkeys(boxes))


def check_fit(ctx: Context, catalog: PoCatalog) -> list[Finding]:
    if ctx.root is None or ctx.lang is None or ctx.interface or not font_file(ctx.root).is_file():
        return []
    found = []
    for entry in catalog.entries:
        if not entry.translated or entry.msgid_plural is not None:
            continue
        text = " ".join(entry.msgstr.split())
        for box in _boxes(entry, ctx.root):
            lines = display_lines(text, ctx.lang, ctx.root, box) or []
            width = width_in(font_file(ctx.root), box.size_pt)
            wide = [line for line in lines if width(line) > box.measure]
            if wide:
                measure = f"{box.measure_mm:g} mm measure at {box.size_pt:g} pt"
                message = f"{q(wide[0])} is wider than {box.name}'s {measure}"
                found.append(ctx.error(entry.msgstr_line, "fit", message))
            if box.lines is not None and len(lines) > box.lines:
                message = f"the title takes {len(lines)} lines on {box.name}, which holds {box.lines}"
                found.append(ctx.error(entry.msgstr_line, "fit", message))
    return found
