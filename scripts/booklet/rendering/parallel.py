"""The parallel edition: every language in one booklet, paragraph by paragraph.

Each language's print HTML comes from the same doctree, message by message, so its text blocks (headings,
paragraphs, lists, ...) line up by position with the source language's: block k of every edition is the
translation of the same source message. Each group is printed as one block per language, in the configured
order, language-labelled and with its own `lang` (hyphenation, quotes); a reader follows one language by its
label, or compares within a group. Built after the per-language editions, from their print HTML.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from booklet.config import PARALLEL, Config

BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "blockquote", "ul", "ol", "dl", "table", "pre", "figure"}
SKIP_IDS = {"colophon"}  # per-edition facts (language, translators), not a text to compare


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
    desc = next((m.get("content", "") for m in tree.iter("meta") if m.get("name") == "description"), "")
    back = tree.find(".//div[@class='back-cover']")
    return Edition(
        lang=lang,
        title=_text(tree.find(".//title")),
        date=_text(tree.find(".//p[@class='cover-date']")),
        subject=desc,
        blocks=_blocks(main),
        back_cover=ET.tostring(back, method="html", encoding="unicode") if back is not None else "",
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


def parallel_html(editions: list[Edition], names: dict[str, str] | None = None) -> str:
    from booklet.languages.names import language_name

    source = editions[0]
    esc = html.escape
    titles = "\n".join(f'<p class="cover-title" lang="{ed.lang}">{esc(ed.title)}</p>' for ed in editions)
    dates = " · ".join(f'<span lang="{ed.lang}">{esc(ed.date)}</span>' for ed in editions)
    runhead = " · ".join(ed.date for ed in editions)
    groups = []
    for group in align(editions):
        versions = []
        for ed, block in zip(editions, group, strict=True):
            block.set("lang", ed.lang)
            name = esc(language_name(ed.lang, names))
            label = f'<p class="lang-label" lang="{ed.lang}" title="{name}">{ed.lang}</p>'
            body = ET.tostring(block, method="html", encoding="unicode")
            versions.append(f'<div class="version" lang="{ed.lang}">{label}{body}</div>')
        kind = "heading" if group[0].tag.startswith("h") else "text"
        groups.append(f'<div class="parallel {kind}">' + "".join(versions) + "</div>")
    langs = ", ".join(language_name(ed.lang, names) for ed in editions)
    return f"""<!DOCTYPE html>
<html lang="{source.lang}">
<head>
<meta charset="utf-8">
<title>{esc(" / ".join(ed.title for ed in editions))}</title>
<meta name="generator" content="booklet">
<meta name="description" content="{esc(source.subject)}">
<meta name="keywords" content="{esc(langs)}">
<link rel="stylesheet" href="_static/print.css">
<link rel="stylesheet" href="_static/parallel.css">
</head>
<body class="parallel-edition">
<div class="cover">
<div class="emblem"></div>
{titles}
<p class="cover-date">{dates}</p>
</div>
<main class="text">
<div class="runhead" data-runhead="{esc(runhead)}"></div>
{"".join(groups)}
</main>
{source.back_cover}
</body>
</html>
"""


def build_parallel(cfg: Config, langs: tuple[str, ...], errors: list[str]) -> list[str]:
    """Render the parallel edition from the languages' print HTML (built before).

    Returns the file written; problems (texts that do not line up) go to `errors`.
    """
    from booklet.release.atomic import write_atomic
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    editions = [read_edition(cfg.work_dir(lang) / "print" / "index.html", lang) for lang in langs]
    try:
        page = parallel_html(editions, cfg.names)
    except AlignmentError as exc:
        errors.append(f"the parallel edition: {exc}")
        return []
    # In a folder of its own (the languages' print folders stay as their workers wrote them: their digests
    # decide whether their PDFs are current), resolved against the source language's print folder for the
    # same _static (fonts, stylesheets, emblem).
    assets = cfg.work_dir(langs[0]) / "print"
    html_file = cfg.work_dir(PARALLEL) / "index.html"
    write_atomic(html_file, page.encode("utf-8"), only_if_changed=True)
    # The text is the languages' print HTML, whose every glyph their workers checked (an edition that failed
    # the check stops this one); the frame adds only ASCII and the runhead's separator (a test checks it).
    register_hyphenation(cfg)
    data = pdf_bytes(html_file, allowed_roots(assets, cfg.docs_dir), base_url=assets)
    target = cfg.work_file(PARALLEL)
    write_atomic(target, data, only_if_changed=True)
    return [str(target)]
