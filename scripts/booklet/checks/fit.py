"""`fit`: a display string that no longer fits the box its edition gives it.

A document's title is set as display lines broken by sense (languages/display.py), as the print edition
sets it: on the cover (the root document's title; sphinxext/covers.py gives its size, measure and the most
lines the cover holds) and as the heading of its first page (sphinxext/typesetting.py). A translated title
that leaves a line wider than the measure (a word, or words the language ties, too long for it) or needs
more lines than the cover holds would run out of its box: an error at the title's msgstr line.

The running heads are the cover's date as CLDR writes it, not a translation: no catalog can make them longer.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath

from booklet.catalogs.reader import Entry, PoCatalog
from booklet.checks.findings import Context, Finding, q

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


def _boxes(entry: Entry, root: Path) -> list[str]:
    """The boxes a message is set in: "cover" and "heading" for a document's title, else none."""
    boxes: list[str] = []
    for reference in entry.references:
        found = _source_line(root, reference)
        if found is not None and found[1].startswith("# "):
            boxes += (["cover"] if found[0] == ROOT_DOC else []) + ["heading"]
    return list(dict.fromkeys(boxes))


def check_fit(ctx: Context, catalog: PoCatalog) -> list[Finding]:
    if ctx.root is None or ctx.lang is None or ctx.interface:
        return []
    from booklet.languages.display import break_lines
    from booklet.rendering.metrics import MM, width_in
    from booklet.sphinxext.covers import COVER_MEASURE_MM, COVER_TITLE_LINES, COVER_TITLE_PT
    from booklet.sphinxext.typesetting import (
        FONT,
        HEADING_MEASURE_MM,
        HEADING_SIZE_PT,
        name_ranges,
        terms_for,
    )

    font = ctx.root / "docs" / "_static" / "fonts" / FONT
    if not font.is_file():
        return []
    sizes = {
        "cover": (COVER_TITLE_PT, COVER_MEASURE_MM, COVER_TITLE_LINES),
        "heading": (HEADING_SIZE_PT, HEADING_MEASURE_MM, None),
    }
    terms = terms_for(ctx.root)
    found = []
    for entry in catalog.entries:
        if not entry.translated or entry.msgid_plural is not None:
            continue
        for box in _boxes(entry, ctx.root):
            size, measure_mm, most = sizes[box]
            width = width_in(font, size)
            text = " ".join(entry.msgstr.split())
            names = name_ranges(text, ctx.lang, terms)
            lines = break_lines(text, ctx.lang, width, measure_mm * MM, names)
            wide = [line for line in lines if width(line) > measure_mm * MM]
            where = "the cover" if box == "cover" else "the title page"
            if wide:
                found.append(
                    ctx.error(
                        entry.msgstr_line,
                        "fit",
                        f"{q(wide[0])} is wider than {where}'s {measure_mm:g} mm measure at {size:g} pt",
                    )
                )
            if most is not None and len(lines) > most:
                found.append(
                    ctx.error(
                        entry.msgstr_line,
                        "fit",
                        f"the title takes {len(lines)} lines on {where}, which holds {most}",
                    )
                )
    return found
