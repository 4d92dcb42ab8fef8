"""The patches of pinned libraries (booklet.patches): each refuses a version it was not made for, and the
WeasyPrint ones last exactly as long as the document they were made for."""

from __future__ import annotations

import io
import sys

import pytest

from booklet.patches import PatchError, require


@pytest.fixture
def styles_made(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The pseudo-type of every computed style WeasyPrint makes (None: an element's own; "@...": a page's
    margin box or area; else an element's pseudo-element), in order."""
    from weasyprint import css

    made: list[object] = []
    init = css.ComputedStyle.__init__

    def counted(self, parent_style, cascaded, pseudo_type, *args):
        made.append(pseudo_type)
        init(self, parent_style, cascaded, pseudo_type, *args)

    monkeypatch.setattr(css.ComputedStyle, "__init__", counted)
    return made


def _margin_styles(made: list[object]) -> int:
    return sum(str(pseudo).startswith("@") for pseudo in made)


def test_a_patch_refuses_another_version_of_its_library():
    require("Sphinx", "9.0.4", "9.0.4")
    with pytest.raises(
        PatchError, match=r"Sphinx 9\.1\.0 is installed; booklet\.patches\.sphinx was made for 9\.0\.4"
    ):
        require("Sphinx", "9.1.0", "9.0.4")


def test_the_pinned_versions_are_the_ones_the_patches_were_made_for():
    import pydyf
    import sphinx
    import weasyprint

    from booklet.patches import multiprocessing as multiprocessing_patch
    from booklet.patches import pydyf as pydyf_patch
    from booklet.patches import sphinx as sphinx_patch
    from booklet.patches import weasyprint as weasyprint_patch

    assert sphinx.__version__ == sphinx_patch.MADE_FOR
    assert weasyprint.__version__ == weasyprint_patch.MADE_FOR
    assert pydyf.__version__ == pydyf_patch.MADE_FOR
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == multiprocessing_patch.MADE_FOR


def test_the_tagging_patches_do_not_outlive_their_document():
    from weasyprint import draw
    from weasyprint.pdf import tags

    from booklet.patches.weasyprint import tagged_document

    originals = tags._build_box_tree, draw.draw_stacking_context
    with tagged_document():
        assert tags._build_box_tree is not originals[0] and draw.draw_stacking_context is not originals[1]
    assert (tags._build_box_tree, draw.draw_stacking_context) == originals


def test_a_document_s_stylesheets_are_parsed_once_for_all_its_layouts(cfg, monkeypatch: pytest.MonkeyPatch):
    """ru's reading edition is laid out several times, and a trial document with the same <head>: its
    stylesheets are parsed for the first layout only, and the PDF is the one a parse at each layout gives."""
    import contextlib

    import weasyprint
    from weasyprint import css

    from booklet.patches import weasyprint as weasyprint_patch
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    register_hyphenation(cfg)
    folder = cfg.work_dir("ru") / "print"
    parses = [0]
    parse = weasyprint.CSS.__init__

    def counted(self, *args, **kwargs):
        parses[0] += 1
        parse(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counted)
    once = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    sheets = parses[0]
    monkeypatch.setattr(weasyprint_patch, "stylesheets_parsed_once", contextlib.nullcontext)
    parses[0] = 0
    each = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    assert parses[0] >= 3 * sheets > 0  # laid out three times at least: the test is not vacuous
    assert once == each
    assert css.find_stylesheets.__module__ == "weasyprint.css"  # the patch did not outlive its document


def test_a_page_s_stream_is_made_once_painted_and_the_pdf_is_the_same(cfg, monkeypatch: pytest.MonkeyPatch):
    """ru's reading edition, written with its page streams made (joined, deflated) as each page is painted
    and as pydyf makes them when writing: the same PDF, to the byte."""
    import contextlib

    import weasyprint.document
    from weasyprint.document import Page

    from booklet.patches import weasyprint as weasyprint_patch
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    register_hyphenation(cfg)
    folder = cfg.work_dir("ru") / "print"
    items: list[list[int]] = []
    generate = weasyprint.document.generate_pdf

    def counted(document, *args, **kwargs):  # each page stream's items, as the PDF is about to be written
        pdf = generate(document, *args, **kwargs)
        pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]  # Kids: number, 0, R, ...
        streams = [pdf.objects[int(page["Contents"].split()[0])] for page in pages]
        items.append([len(stream.stream) for stream in streams])
        return pdf

    monkeypatch.setattr(weasyprint.document, "generate_pdf", counted)
    painted = Page.paint
    made = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    assert Page.paint is painted  # the patch did not outlive its document
    monkeypatch.setattr(weasyprint_patch, "streams_made_when_painted", contextlib.nullcontext)
    whole = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    assert len(items[0]) == len(items[1]) > 1
    assert set(items[0]) == {1}
    assert max(items[1]) > 100  # not vacuous: as pydyf makes it, a stream has an item per drawing operator
    assert made == whole


def test_a_pseudo_element_s_style_is_made_only_where_asked_for(
    cfg, monkeypatch: pytest.MonkeyPatch, styles_made: list[object]
):
    """WeasyPrint's own stylesheet gives every element a ::marker, ::footnote-call, ... style, which it
    made up front for each element of each layout: ru's reading edition makes only those its boxes ask
    for, and its PDF is the one made with every style made up front."""
    import contextlib

    from weasyprint import css

    from booklet.patches import weasyprint as weasyprint_patch
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    register_hyphenation(cfg)
    folder = cfg.work_dir("ru") / "print"

    def pseudo_elements() -> list[object]:  # an element's, not its own style nor a page's margin box
        return [pseudo for pseudo in styles_made if pseudo and not str(pseudo).startswith("@")]

    originals = css.StyleFor.__init__, css.StyleFor.__call__
    asked = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    on_demand = len(pseudo_elements())
    assert (css.StyleFor.__init__, css.StyleFor.__call__) == originals  # it did not outlive its document
    monkeypatch.setattr(weasyprint_patch, "pseudo_styles_on_demand", contextlib.nullcontext)
    styles_made.clear()
    every = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    made = pseudo_elements()
    assert made.count("footnote-call") > 100  # made up front for each element: the test is not vacuous
    assert on_demand * 10 < len(made)
    assert asked == every


def test_pseudo_elements_made_on_demand_are_the_ones_made_up_front():
    """Generated content before and after, list markers, a footnote and its call, a pseudo-element that
    is a link's anchor, a table: the same PDF with the pseudo-elements' styles made up front or on demand."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from booklet.patches.weasyprint import pseudo_styles_on_demand

    page = """<html lang="en"><style>
      h2::before { content: "§ " counter(h) ". "; counter-increment: h; color: #a00 }
      p::after { content: " ¶"; font-style: italic }
      li::marker { color: #0a0 }
      .note { float: footnote } ::footnote-call { color: #00a }
      #target::before { content: "→ "; -weasy-anchor: "arrow" }
      td { padding: 2px }
    </style><body>
      <h2>One</h2><p>A paragraph<span class="note">and its note</span>.</p>
      <ol><li>first</li><li>second</li></ol><h2>Two</h2><p id="target">Linked to.</p>
      <p><a href="#arrow">a link</a></p><table><tr><td>cell</td></tr></table>
    </body></html>"""
    up_front = HTML(string=page).write_pdf()
    with pseudo_styles_on_demand():
        on_demand = HTML(string=page).write_pdf()
    assert on_demand == up_front
    reader = PdfReader(io.BytesIO(up_front))  # the test covers the link to the pseudo-element's anchor
    assert "arrow" in reader.named_destinations and reader.pages[0].get("/Annots")


def test_pages_matched_by_the_same_rules_share_their_styles(
    cfg, monkeypatch: pytest.MonkeyPatch, styles_made: list[object]
):
    """ru's reading edition: its pages' and margin boxes' styles are made for a few page types, not for each
    page of each layout, and its PDF is the one made with each page's own styles."""
    import contextlib

    from pypdf import PdfReader
    from weasyprint.layout import page as pages

    from booklet.patches import weasyprint as weasyprint_patch
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    register_hyphenation(cfg)
    folder = cfg.work_dir("ru") / "print"
    original = pages.set_page_type_computed_styles
    shared = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    assert pages.set_page_type_computed_styles is original  # the patch did not outlive its document
    once = _margin_styles(styles_made)
    styles_made.clear()
    monkeypatch.setattr(weasyprint_patch, "page_styles_shared", contextlib.nullcontext)
    each = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    page_count = len(PdfReader(io.BytesIO(each)).pages)
    made = _margin_styles(styles_made)
    assert made >= 2 * page_count  # each page's own, at each layout: the test is not vacuous
    assert once < made
    assert shared == each


def test_pages_that_share_styles_are_the_pages_made_with_their_own(styles_made: list[object]):
    """First, left and right, blank, named and nth pages, page counters in margin boxes, viewport units,
    running strings: the same PDF with the pages' styles shared or each page's own."""
    from pypdf import PdfReader
    from weasyprint import HTML

    from booklet.patches.weasyprint import page_styles_shared

    page = """<html lang="en"><style>
      @page { size: 100mm 80mm; margin: 10mm; @bottom-center { content: counter(page) " / " counter(pages) } }
      @page :first { @bottom-center { content: none } }
      @page :left { margin-left: 15mm; @top-left { content: string(chapter); font-size: 3vw } }
      @page :right { @top-right { content: "right " counter(page) } }
      @page :blank { @top-right { content: "blank" } }
      @page :nth(3) { background: #eee }
      @page wide { size: 120mm 80mm; @top-center { content: "wide" } }
      h1 { string-set: chapter content(); break-before: right }
      .wide { page: wide }
    </style>"""
    page += f"""<body>
      <h1>One</h1><p>{"Words enough to fill a few lines of a page. " * 80}</p>
      <h1>Two</h1><p>{"More words to fill more pages than one. " * 80}</p>
      <div class="wide"><p>{"A wide page of its own. " * 60}</p></div>
    </body></html>"""
    each = HTML(string=page).write_pdf()
    styles_made.clear()
    with page_styles_shared():
        shared = HTML(string=page).write_pdf()
    pages_made = PdfReader(io.BytesIO(each)).pages
    # a set per kind of page: the first; left, right, blank left and right; the third; wide left and right
    assert _margin_styles(styles_made) <= 8 * 18 < len(pages_made) * 18
    assert shared == each
    sizes = {tuple(p.mediabox) for p in pages_made}
    assert len(pages_made) >= 6 and len(sizes) == 2  # the test covers named pages


def test_a_layout_only_read_makes_no_margin_boxes(cfg, monkeypatch: pytest.MonkeyPatch):
    """ru's reading edition is laid out several times, and a trial document: only the layout that becomes
    the PDF gets its margin boxes (running heads, page numbers), one set per page of the PDF."""
    from pypdf import PdfReader
    from weasyprint import layout

    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    register_hyphenation(cfg)
    folder = cfg.work_dir("ru") / "print"
    paginations, margins = [0], [0]
    make_pages, make_margin_boxes = layout.make_all_pages, layout.make_margin_boxes

    def counted_pages(*args):
        paginations[0] += 1
        return make_pages(*args)

    def counted_margins(*args):
        margins[0] += 1
        return make_margin_boxes(*args)

    monkeypatch.setattr(layout, "make_all_pages", counted_pages)
    monkeypatch.setattr(layout, "make_margin_boxes", counted_margins)
    pdf = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    assert paginations[0] >= 4  # layouts again and a trial document: the test is not vacuous
    assert margins[0] == len(PdfReader(io.BytesIO(pdf)).pages)
    assert (layout.make_all_pages, layout.make_margin_boxes) == (counted_pages, counted_margins)


def test_a_reader_that_does_not_want_a_layout_stops_it():
    """A reader sees every page box once the pages are made; a layout it does not want stops there."""
    from weasyprint import HTML, layout

    from booklet.patches.weasyprint import Unfinished, read_when_paginated

    html = HTML(
        string="<style>@page { size: A7; @top-center { content: counter(page) } }</style>" + "<p>x" * 40
    )
    read: list[int] = []
    originals = layout.make_all_pages, layout.make_margin_boxes
    with read_when_paginated(lambda pages: read.append(len(pages)) or False), pytest.raises(Unfinished):
        html.render()
    with read_when_paginated(lambda pages: read.append(len(pages)) or True):
        document = html.render()
    assert read == [len(document.pages)] * 2 and len(document.pages) > 1
    assert (
        layout.make_all_pages,
        layout.make_margin_boxes,
    ) == originals  # the patch did not outlive its block


def test_a_document_s_lines_are_split_once_for_all_its_layouts(cfg, monkeypatch: pytest.MonkeyPatch):
    """ru's reading edition is laid out several times, and a trial document: a line already split in the
    same text, measure and style is not split again, and the PDF is the one splitting every line gives. A
    long document forgets its splits after its first layout (their memory): the same PDF again."""
    import contextlib

    from weasyprint.layout import inline

    from booklet.patches import weasyprint as weasyprint_patch
    from booklet.rendering import typeset
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    register_hyphenation(cfg)
    folder = cfg.work_dir("ru") / "print"
    splits = [0]
    split = inline.split_first_line

    def counted(*args, **kwargs):
        splits[0] += 1
        return split(*args, **kwargs)

    monkeypatch.setattr(inline, "split_first_line", counted)
    once = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    remembered, splits[0] = splits[0], 0
    assert inline.split_first_line is counted  # the patch did not outlive its document
    monkeypatch.setattr(typeset, "REMEMBERED_PAGES", 1)  # forgotten after the first layout
    after_first = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    forgotten, splits[0] = splits[0], 0
    none = contextlib.nullcontext(lambda: None)
    monkeypatch.setattr(weasyprint_patch, "line_splits_remembered", lambda _consult, _splits: none)
    each = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    assert 0 < remembered < forgotten * 0.8 and forgotten <= splits[0]
    assert once == after_first == each


def test_a_kept_render_starts_from_the_last_one_s_fonts_and_line_splits(
    cfg, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    """The watch mode renders an edition again at each save (`keep`): the next render of the same document
    starts from the last one's fonts and line splits, splits only the lines it has not set before, makes
    no fonts of its own (what a FontConfiguration holds natively is never given back: a preview would grow
    at each save), and gives the PDF a fresh render gives. A changed stylesheet starts afresh."""
    import re
    import shutil

    from weasyprint.layout import inline
    from weasyprint.text import fonts

    from booklet.rendering import pdf
    from booklet.rendering.fetcher import allowed_roots

    pdf.register_hyphenation(cfg)
    folder = tmp_path / "print"
    shutil.copytree(cfg.work_dir("ru") / "print", folder)
    page, roots = folder / "index.html", allowed_roots(folder, cfg.docs_dir)
    splits = [0]
    split = inline.split_first_line

    def counted(*args, **kwargs):
        splits[0] += 1
        return split(*args, **kwargs)

    def render(keep: bool) -> tuple[bytes, int]:
        splits[0] = 0
        data = pdf.pdf_bytes(page, roots, keep=keep)
        return data, splits[0]

    made = [0]
    make_fonts = fonts.FontConfiguration.__init__

    def counted_fonts(self, *args, **kwargs):
        made[0] += 1
        make_fonts(self, *args, **kwargs)

    monkeypatch.setattr(inline, "split_first_line", counted)
    monkeypatch.setattr(fonts.FontConfiguration, "__init__", counted_fonts)
    monkeypatch.setattr(pdf, "_KEPT", [])
    first, _ = render(keep=True)
    text = page.read_text(encoding="utf-8")
    paragraph = re.findall(r"<p>([^<]{300,})</p>", text)[1]
    words = paragraph.split()
    page.write_text(text.replace(paragraph, " ".join([*words[:5], "и", "ещё", "раз", *words[5:]])))
    made[0] = 0
    kept, split_kept = render(keep=True)
    assert made[0] == 0
    fresh, split_fresh = render(keep=False)
    assert kept == fresh != first
    assert 0 < split_kept < split_fresh / 3
    sheet = folder / "_static" / "print.css"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    assert render(keep=True) == (fresh, split_fresh)


def test_a_remembered_split_is_made_again_once_a_word_it_hyphenated_may_not_be():
    """A line split that hyphenated a word is not given again after the typesetter takes that word out of
    the hyphenation dictionary (rendering/typeset.py): what the split consulted is part of what it is."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from booklet.patches.weasyprint import line_splits_remembered
    from booklet.rendering import typeset

    word = "достопримечательности"
    style = "width: 32mm; hyphens: auto; text-align: justify; font-size: 12pt"
    html = HTML(string=f'<p lang="ru" style="{style}">Это {word} и снова {word} нашего города</p>')

    def lines(document) -> list[tuple[str, str]]:
        return [(line.text, line.hyphen) for page in typeset._pages(document) for line in page]

    fonts = FontConfiguration()  # as for all the layouts of a document (typeset.render)
    typeset.guard("ru")
    try:
        with line_splits_remembered(typeset.consult):
            before = lines(html.render(font_config=fonts))
            typeset._EXCLUDED["ru"] = {typeset.fold(word, "ru")}
            remembered = lines(html.render(font_config=fonts))
        fresh = lines(html.render(font_config=fonts))
    finally:
        typeset._EXCLUDED.clear()
    # the word was hyphenated: the test is not vacuous
    assert any(hyphen and line.removesuffix(hyphen).split()[-1] in word for line, hyphen in before)
    assert remembered == fresh != before


def test_a_line_split_whose_style_cannot_be_a_key_is_made_each_time(monkeypatch: pytest.MonkeyPatch):
    """Underlined text (a set of lines) is remembered like any other; a value with no frozen form is
    split as WeasyPrint splits it, every time: never an error."""
    from weasyprint.layout import inline

    from booklet.patches import weasyprint as weasyprint_patch

    made: list[str] = []
    monkeypatch.setattr(inline, "split_first_line", lambda text, *_args: made.append(text) or (text, 1))

    class Style(dict):
        font_config = None

    plain = Style(
        dict.fromkeys(weasyprint_patch.SPLIT_PROPERTIES, "normal"), text_decoration_line={"underline"}
    )
    odd = Style(plain, tab_size={"not": "hashable"})
    with weasyprint_patch.line_splits_remembered(lambda split: (split(), lambda: True)):
        for text, style in (("plain", plain), ("plain", plain), ("odd", odd), ("odd", odd)):
            assert inline.split_first_line(text, style, None, 100.0, 0) == (text, 1)
    assert made == ["plain", "odd", "odd"]


def test_the_build_s_temporary_folder_goes_and_leaves_the_environment_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
):
    import os
    import tempfile
    from multiprocessing import util

    from booklet.patches.multiprocessing import own_folder, remove_folder

    monkeypatch.setenv("TMPDIR", "/before")
    own_folder()
    folder = os.environ["TMPDIR"]  # what the helpers and their workers start with
    assert os.path.dirname(folder) == tempfile.gettempdir()  # made in this process's own
    assert util.get_temp_dir() == folder  # multiprocessing's sockets
    with open(os.path.join(folder, "left-by-a-worker"), "w"):
        pass
    remove_folder()
    assert not os.path.exists(folder)
    assert os.environ["TMPDIR"] == "/before"
    assert util.get_temp_dir() != folder


def test_the_build_s_temporary_folder_is_in_tmp_where_a_socket_s_path_would_be_too_long(
    monkeypatch: pytest.MonkeyPatch, tmp_path
):
    import os
    import tempfile

    from booklet.patches.multiprocessing import SOCKET_PATH_MAX, own_folder, remove_folder

    long = tmp_path / ("x" * (SOCKET_PATH_MAX - len(str(tmp_path))))
    long.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long))  # as if TMPDIR named it
    own_folder()
    try:
        assert os.path.dirname(os.environ["TMPDIR"]) == "/tmp"
    finally:
        remove_folder()
