"""The parallel edition: every language in one booklet, paragraph by paragraph.

Each language's print HTML comes from the same doctree, message by message, so its text blocks (headings,
paragraphs, lists, ...) line up by position with the source language's: block k of every edition is the
translation of the same source message. Each group is printed as one block per language, in the order of
[tool.booklet.parallel] (this booklet: az first), each with its own `lang` (hyphenation, quotes).

A reader follows one language by its type: each language has its own setting (roman, italic, a smaller
roman in grey, ...: `.v1`, `.v2`, ... in parallel.css), shown once in a key under the title; a language's
paragraph is not split across a page turn where it fits on a page (booklet.rendering.typeset). The
colophon page holds every edition's colophon, each in its language; blank pages before it make the page
count a multiple of 4.
Built after the per-language editions, from their print HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from booklet.config import PARALLEL, Config

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "blockquote", "ul", "ol", "dl", "table", "pre", "figure"}
SKIP_IDS = {"colophon"}  # per-edition facts (language, translators), not a text to compare
COLOPHON_ID = "colophon"


class AlignmentError(Exception):
    """The editions' texts do not line up block by block."""


@dataclass
class Edition:
    lang: str
    title: str
    date: str
    subject: str
    blocks: list[ET.Element]
    back_cover: str
    title_lines: list[str] = field(default_factory=list)  # the cover's lines, broken by sense
    colophon: ET.Element | None = None
    emblem: str = ""  # the cover's emblem element, as HTML
    nohyphen: str = ""  # the words this edition never hyphenates (booklet.rendering.typeset)


def _strip_ns(tree: ET.Element) -> ET.Element:
    for el in tree.iter():
        if isinstance(el.tag, str):
            el.tag = el.tag.rsplit("}", 1)[-1]
    return tree


def _blocks(container: ET.Element) -> list[ET.Element]:
    """The text blocks in document order, descending into sections and other wrappers."""
    found: list[ET.Element] = []
    for child in container:
        if child.get("id") in SKIP_IDS:
            continue
        if child.tag in BLOCKS:
            for link in [a for a in child.iter("a") if "headerlink" in (a.get("class") or "")]:
                for parent in child.iter():
                    if link in list(parent):
                        parent.remove(link)
            found.append(child)
        else:
            found.extend(_blocks(child))
    return found


def _text(el: ET.Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def read_edition(html_file: Path, lang: str) -> Edition:
    import tinyhtml5  # WeasyPrint's HTML parser

    tree = _strip_ns(tinyhtml5.parse(html_file.read_text(encoding="utf-8")))  # the print HTML is UTF-8
    main = tree.find(".//main")
    if main is None:
        raise AlignmentError(f"{html_file}: no <main> text")
    # each top-level document (a chapter) starts a new page in this edition too: mark its heading
    for wrapper in main.findall("./section/div"):
        if "toctree-wrapper" in (wrapper.get("class") or "").split():
            for chapter in wrapper.findall("section"):
                heading = next((el for el in chapter if el.tag in BLOCKS and el.tag.startswith("h")), None)
                if heading is not None:
                    heading.set("data-chapter", "")
    metas = {m.get("name"): m.get("content", "") for m in tree.iter("meta")}
    back = tree.find(".//div[@class='back-cover']")
    cover_title = tree.find(".//p[@class='cover-title']")
    emblem = tree.find(".//div[@class='cover']/div[@class='emblem']")
    return Edition(
        lang=lang,
        title=_text(tree.find(".//title")),
        date=_text(tree.find(".//p[@class='cover-date']")),
        subject=metas.get("description", ""),
        blocks=_blocks(main),
        back_cover=ET.tostring(back, method="html", encoding="unicode") if back is not None else "",
        title_lines=[_text(span) for span in cover_title.iter("span")] if cover_title is not None else [],
        colophon=next((el for el in main.iter() if el.get("id") == COLOPHON_ID), None),
        emblem=ET.tostring(emblem, method="html", encoding="unicode") if emblem is not None else "",
        nohyphen=metas.get("booklet-nohyphen", ""),
    )


def align(editions: list[Edition]) -> list[list[ET.Element]]:
    """Groups of blocks, one per edition; an error names the first block that does not line up."""
    source = editions[0]
    for ed in editions[1:]:
        for k, (a, b) in enumerate(zip(source.blocks, ed.blocks, strict=False)):
            if a.tag != b.tag:
                raise AlignmentError(
                    f"block {k + 1}: {source.lang} has <{a.tag}> “{_text(a)[:60]}”, {ed.lang} has <{b.tag}> "
                    f"“{_text(b)[:60]}” (a translation changed the structure)"
                )
        if len(ed.blocks) != len(source.blocks):
            raise AlignmentError(
                f"{ed.lang} has {len(ed.blocks)} text blocks, {source.lang} has {len(source.blocks)}"
            )
    return [list(group) for group in zip(*(ed.blocks for ed in editions), strict=True)]


def ordered(editions: list[Edition], order: tuple[str, ...]) -> list[Edition]:
    """The editions in the configured order (languages it does not name keep their place after it)."""
    rank = {lang: k for k, lang in enumerate(order)}
    return sorted(editions, key=lambda ed: rank.get(ed.lang, len(rank)))


def _title(ed: Edition) -> str:
    lines = ed.title_lines or [ed.title]
    return "".join(f'<span class="line">{html.escape(line)}</span>' for line in lines)


def _colophon(ed: Edition, setting: str) -> str:
    if ed.colophon is None:
        return ""
    block = ET.fromstring(ET.tostring(ed.colophon, encoding="unicode"))
    for link in [a for a in block.iter("a") if "headerlink" in (a.get("class") or "")]:
        for parent in block.iter():
            if link in list(parent):
                parent.remove(link)
    block.attrib.pop("id", None)
    block.set("class", f"colophon-part {setting}")
    block.set("lang", ed.lang)
    return ET.tostring(block, method="html", encoding="unicode")


def parallel_html(editions: list[Edition], names: dict[str, str] | None = None) -> str:
    """The parallel edition's HTML, the editions in the order given (the first is the document's)."""
    from booklet.languages.names import language_name

    first = editions[0]
    esc = html.escape
    setting = {ed.lang: f"v{k + 1}" for k, ed in enumerate(editions)}
    titles = "\n".join(
        f'<p class="cover-title {setting[ed.lang]}" lang="{ed.lang}">{_title(ed)}</p>' for ed in editions
    )
    dates = " · ".join(f'<span lang="{ed.lang}">{esc(ed.date)}</span>' for ed in editions)
    runhead = " · ".join(ed.date for ed in editions)
    key = "".join(
        f'<span class="{setting[ed.lang]}" lang="{ed.lang}">{esc(language_name(ed.lang, names))}</span>'
        for ed in editions
    )
    groups = []
    for group in align(editions):
        versions = []
        for ed, block in zip(editions, group, strict=True):
            block.set("lang", ed.lang)
            body = ET.tostring(block, method="html", encoding="unicode")
            versions.append(
                f'<div class="version {setting[ed.lang]}" lang="{ed.lang}" data-keep="turn">{body}</div>'
            )
        kind = "heading" if group[0].tag.startswith("h") else "text"
        if group[0].get("data-chapter") is not None:
            kind += " chapter"
        groups.append(f'<div class="parallel {kind}">' + "".join(versions) + "</div>")
        if kind == "heading" and len(groups) == 1:
            groups.append(f'<p class="language-key">{key}</p>')
    colophons = "".join(_colophon(ed, setting[ed.lang]) for ed in editions)
    nohyphen = "\n".join(
        f'<meta name="booklet-nohyphen" lang="{ed.lang}" content="{esc(ed.nohyphen)}">'
        for ed in editions
        if ed.nohyphen
    )
    langs = ", ".join(language_name(ed.lang, names) for ed in editions)
    return f"""<!DOCTYPE html>
<html lang="{first.lang}">
<head>
<meta charset="utf-8">
<title>{esc(" / ".join(ed.title for ed in editions))}</title>
<meta name="generator" content="booklet">
<meta name="description" content="{esc(first.subject)}">
<meta name="keywords" content="{esc(langs)}">
{nohyphen}
<link rel="stylesheet" href="_static/print.css">
<link rel="stylesheet" href="_static/parallel.css">
</head>
<body class="parallel-edition">
<div class="cover">
{first.emblem}
{titles}
<p class="cover-date">{dates}</p>
</div>
<main class="text">
<div class="runhead" data-runhead="{esc(runhead)}"></div>
{"".join(groups)}
<section id="{COLOPHON_ID}" class="parallel-colophon">{colophons}</section>
</main>
{first.back_cover}
</body>
</html>
"""


def build_parallel(cfg: Config, langs: tuple[str, ...], errors: list[str]) -> int:
    """Render the parallel edition from the languages' print HTML (built before).

    Returns its page count (0: not written); problems (texts that do not line up) go to `errors`.
    """
    from booklet.prepress.edition import pad_to_multiple
    from booklet.release.atomic import write_atomic
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    editions = [read_edition(cfg.work_dir(lang) / "print" / "index.html", lang) for lang in langs]
    editions = ordered(editions, cfg.book.order)
    try:
        page = parallel_html(editions, cfg.names)
    except AlignmentError as exc:
        errors.append(f"the parallel edition: {exc}")
        return 0
    # In a folder of its own (the languages' print folders stay as their workers wrote them: their digests
    # decide whether their PDFs are current), resolved against the source language's print folder for the
    # same _static (fonts, stylesheets, emblem).
    assets = cfg.work_dir(langs[0]) / "print"
    html_file = cfg.work_dir(PARALLEL) / "index.html"
    write_atomic(html_file, page.encode("utf-8"), only_if_changed=True)
    # The text is the languages' print HTML, whose every glyph their workers checked (an edition that failed
    # the check stops this one); the frame adds only ASCII and the runhead's separator (a test checks it).
    register_hyphenation(cfg)
    colophon, pages = [-1], [0]

    def find_colophon(document: Any) -> None:  # blank pages go before it: it faces the back cover
        colophon[0] = next((i for i, p in enumerate(document.pages) if COLOPHON_ID in p.anchors), -1)
        pages[0] = len(document.pages)

    data = pdf_bytes(html_file, allowed_roots(assets, cfg.docs_dir), base_url=assets, inspect=find_colophon)
    if pages[0] % 4:  # a saddle-stitched booklet: 4n pages
        data = pad_to_multiple(data, 4, before=colophon[0])
    write_atomic(cfg.work_file(PARALLEL), data, only_if_changed=True)
    return pages[0] + -pages[0] % 4
