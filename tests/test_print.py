"""The print-ready booklet: page boxes, imposition order, fonts and glyphs, tags, outline, hyphenation."""

from __future__ import annotations

import datetime
import itertools
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.dates import format_date
from pypdf import PdfReader

from booklet.config import Config
from booklet.languages.hyphenation import break_points
from booklet.prepress.edition import BLEED_MM
from booklet.prepress.impose import imposition_order
from booklet.prepress.marks import SLUG_MM
from booklet.rendering.glyphs import GlyphError, check
from conftest import ROOT, run_booklet
from helpers import pdf_body_text, sentences, source_lines, squash

A5 = (419.53, 595.28)
BLEED = BLEED_MM / 25.4 * 72
SLUG = SLUG_MM / 25.4 * 72
A4_LANDSCAPE = (841.89, 595.28)
LANGS = ["en", "az", "ru"]


def size(box) -> tuple[float, float]:
    return round(float(box.width), 2), round(float(box.height), 2)


def words(text: str) -> list[str]:
    """The page's letters and digits as a multiset: the same page whatever the extractor's reading order."""
    return sorted(squash(text))


def assert_fonts_embedded_and_subset(reader: PdfReader) -> None:
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), "font is not subset"


@pytest.mark.parametrize("lang", LANGS)
def test_reading_edition_is_tagged_archival_with_metadata_and_outline(cfg: Config, lang: str):
    reader = PdfReader(cfg.pdf_path(lang))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part[=>"]+3', xmp) and re.search(r'pdfaid:conformance[=>"]+A', xmp)
    meta = reader.metadata
    assert meta.title and meta.subject and meta.author
    # The subject is the edition's own first sentence (its language, not a fixed English string).
    assert squash(meta.subject) in squash(pdf_body_text(cfg.pdf_path(lang)))
    titles = [item["/Title"].replace("\xa0", " ") for item in reader.outline if not isinstance(item, list)]
    assert meta.title.replace("\xa0", " ") in titles  # the text's heading (U+00A0 only where the text has it)
    assert len(titles) >= 2  # and the cover's date
    assert_fonts_embedded_and_subset(reader)


@pytest.mark.parametrize("lang", LANGS)
def test_reading_edition_has_cover_text_running_heads_and_back_cover(cfg: Config, lang: str):
    reader = PdfReader(cfg.pdf_path(lang))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 5
    outline = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    date = outline[0]
    # The cover's date, written the way the edition's language writes it (CLDR through Babel).
    assert date == format_date(datetime.date(1990, 1, 20), format="long", locale=lang)
    assert squash(reader.metadata.title) in squash(pages[0]) and squash(date) in squash(pages[0])
    assert pages[1].strip() == ""  # inside cover left blank; the text opens on a right-hand page
    assert squash(reader.metadata.title) in squash(pages[2])
    # Running heads: the date on every text page after the opening one, with the page number; the colophon's
    # page (the last bookmark, in any language) has none by design.
    colophon = {reader.get_destination_page_number(item) + 1 for item in flat_outline(reader.outline)[-1:]}
    for number, text in enumerate(pages[3:-1], start=4):
        if text.strip() and number not in colophon:
            assert squash(date) in squash(text), number
            assert re.search(rf"(^|\n)\s*{number}\s*$", text), number
    assert "1990" in squash(pages[-1]) and len(pages) % 2 == 0  # the back cover is the last, left-hand page


def flat_outline(items: list) -> list:
    return [leaf for item in items for leaf in (flat_outline(item) if isinstance(item, list) else [item])]


def struct_languages(reader: PdfReader) -> list[tuple[str, str]]:
    """(structure type, /Lang) of every structure element that has its own language."""
    found = []
    todo = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if not isinstance(node, dict):
            continue
        if "/Lang" in node and "/S" in node:
            found.append((str(node["/S"]), str(node["/Lang"])))
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            todo.extend(kids if isinstance(kids, list) else [kids])
    return found


def hyphenated_breaks(lines: list[str]) -> list[tuple[str, str]]:
    """(word start, word end) of every line that ends in a hyphenation hyphen."""
    found = []
    for a, b in itertools.pairwise(lines):
        head, tail = re.findall(r"[\w’']+‐$", a.rstrip()), re.findall(r"^[\w’']+", b.strip())
        if head and tail:
            found.append((head[0][:-1], tail[0]))
    return found


# The editions' texts: az and ru show English until their catalogs are translated, so the az edition's
# breaks come from the project's az patterns (pyphen has none: no break at all without them).
@pytest.mark.parametrize("lang", ["en", "az"])
def test_edition_lines_end_hyphenated(cfg: Config, lang: str):
    text = "\n".join(page.extract_text() for page in PdfReader(cfg.pdf_path(lang)).pages)
    breaks = hyphenated_breaks(text.splitlines())
    assert breaks, f"no hyphenated line end in the {lang} edition"
    if lang == "az":  # every break is one the project's Azerbaijani rules allow
        for head, tail in breaks:
            assert len(head) in break_points(head + tail), (head, tail)


SAMPLES = {
    "en": "The people of Azerbaijan will forever hold the memory of their martyrs in deep respect and "
    "gratitude, honoring those who sacrificed their lives for the independence, territorial integrity, "
    "and sovereignty of their cherished homeland.",
    "az": "Azərbaycan xalqı müstəqillik uğrunda canlarını qurban vermiş şəhidlərinin xatirəsini həmişə "
    "dərin ehtiram və minnətdarlıqla yad edəcək, qəhrəmanlıq salnaməsini unutmayacaqdır.",
    "ru": "Народ Азербайджана навсегда сохранит память о своих мучениках с глубоким уважением и "
    "благодарностью, чествуя тех, кто пожертвовал жизнью ради независимости, территориальной "
    "целостности и суверенитета своей любимой Родины.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_print_stylesheet_hyphenates_each_language(cfg: Config, lang: str, tmp_path: Path):
    """The edition's stylesheet and the rendering set-up (hyphenation, glyphs) on a text in the language."""
    from weasyprint import HTML

    from booklet.rendering.glyphs import check_glyphs
    from booklet.rendering.pdf import register_hyphenation

    print_dir = cfg.work_dir(lang) / "print"
    page = print_dir / f"sample-{lang}.html"
    page.write_text(
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        '<link rel="stylesheet" href="_static/print.css"></head>'
        f'<body><p style="width: 32mm">{SAMPLES[lang]}</p></body></html>',
        encoding="utf-8",
    )
    register_hyphenation(cfg)
    assert check_glyphs(cfg, lang, page) == []
    HTML(filename=str(page)).write_pdf(tmp_path / "sample.pdf")
    lines = [line for p in PdfReader(tmp_path / "sample.pdf").pages for line in p.extract_text().splitlines()]
    breaks = hyphenated_breaks(lines)
    assert breaks, lines
    if lang == "az":
        for head, tail in breaks:
            assert len(head) in break_points(head + tail), (head, tail)


@pytest.mark.parametrize("lang", LANGS)
def test_print_edition_has_bleed_trim_and_multiple_of_four_pages(cfg: Config, lang: str):
    reader = PdfReader(cfg.print_path(lang))
    assert len(reader.pages) % 4 == 0
    reading = PdfReader(cfg.pdf_path(lang))
    assert len(reader.pages) >= len(reading.pages)
    for page in reader.pages:
        assert size(page.trimbox) == A5
        for outer, inner, margin in (
            (page.bleedbox, page.trimbox, BLEED),
            (page.mediabox, page.bleedbox, SLUG),
        ):
            assert float(inner.left) - float(outer.left) == pytest.approx(margin, abs=0.01)
            assert float(inner.bottom) - float(outer.bottom) == pytest.approx(margin, abs=0.01)
            assert float(outer.right) - float(inner.right) == pytest.approx(margin, abs=0.01)
            assert float(outer.top) - float(inner.top) == pytest.approx(margin, abs=0.01)
    # The back cover stays last: padding goes before it.
    assert reader.pages[-1].extract_text().strip() == reading.pages[-1].extract_text().strip()
    assert_fonts_embedded_and_subset(reader)


def test_cover_background_runs_into_the_bleed(cfg: Config, tmp_path: Path):
    pdf = cfg.print_path(cfg.source_language)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "c")], check=True
    )
    from PIL import Image

    image = Image.open(next(tmp_path.glob("c*.png"))).convert("RGB")
    # 1 mm outside the trim is inside the 3 mm bleed: it carries the cover's dark background.
    x = y = round(50 / 25.4 * (SLUG_MM + BLEED_MM - 1))
    assert sum(image.getpixel((x, image.height // 2))) < 150
    assert sum(image.getpixel((image.width // 2, y))) < 150
    # Beyond the bleed, the slug is paper: the crop marks there are seen on the dark cover too.
    x = y = round(50 / 25.4 * (SLUG_MM / 2))
    assert sum(image.getpixel((x, image.height // 2))) > 700
    assert sum(image.getpixel((image.width // 2, y))) > 700


@pytest.mark.parametrize("lang", LANGS)
def test_crop_marks_are_drawn_outside_the_bleed_in_line_with_the_trim(cfg: Config, lang: str):
    reader = PdfReader(cfg.print_path(lang))
    for page in reader.pages:
        marks = page["/Contents"][-1].get_object().get_data().decode()
        assert marks.startswith("/Artifact BMC") and marks.endswith("EMC")  # not part of the tagged text
        points = re.findall(r"(-?[\d.]+) (-?[\d.]+) [ml]", marks)  # x y m (move), x y l (line)
        numbers = [float(value) for point in points for value in point]
        segments = [tuple(numbers[i : i + 4]) for i in range(0, len(numbers), 4)]
        assert len(segments) == 8
        bleed, media, trim = page.bleedbox, page.mediabox, page.trimbox
        edges_x = {round(float(trim.left), 2), round(float(trim.right), 2)}
        edges_y = {round(float(trim.bottom), 2), round(float(trim.top), 2)}
        for x1, y1, x2, y2 in segments:
            for x, y in ((x1, y1), (x2, y2)):
                outside_bleed = not (
                    float(bleed.left) <= x <= float(bleed.right)
                    and float(bleed.bottom) <= y <= float(bleed.top)
                )
                assert outside_bleed
                assert float(media.left) <= x <= float(media.right)
                assert float(media.bottom) <= y <= float(media.top)
            assert (x1 == x2 and round(x1, 2) in edges_x) or (y1 == y2 and round(y1, 2) in edges_y)


def test_imposition_order():
    assert imposition_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert imposition_order(4) == [(4, 1), (2, 3)]
    for n in (4, 8, 12, 16, 40):
        order = imposition_order(n)
        assert sorted(p for side in order for p in side) == list(range(1, n + 1))
        for left, right in order:
            assert left + right == n + 1  # facing halves of one sheet fold together
    with pytest.raises(ValueError):
        imposition_order(6)


def halves(pdf: Path, page: int, width: float, height: float) -> tuple[str, str]:
    def text(x: float) -> str:
        args = ["pdftotext", "-f", str(page), "-l", str(page), "-x", str(int(x)), "-y", "0"]
        args += ["-W", str(int(width / 2)), "-H", str(int(height)), "-r", "72", str(pdf), "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    return text(0), text(width / 2)


def test_impose_places_numbered_pages_in_booklet_order(tmp_path: Path):
    from weasyprint import HTML

    from booklet.prepress.impose import impose

    pages = "".join(f'<p style="break-before: page">PAGE{n}X</p>' for n in range(1, 13))
    html = f"<html><style>@page {{ size: A5; bleed: 3mm; marks: crop }}</style><body>{pages}</body></html>"
    src, dst = tmp_path / "numbered.pdf", tmp_path / "imposed.pdf"
    HTML(string=html).write_pdf(src)
    impose(src, dst)
    reader = PdfReader(dst)
    assert len(reader.pages) == 6
    for k, (left, right) in enumerate(imposition_order(12), start=1):
        assert size(reader.pages[k - 1].mediabox) == A4_LANDSCAPE
        got = halves(dst, k, *A4_LANDSCAPE)
        assert re.findall(r"PAGE(\d+)X", got[0]) == [str(left)]
        assert re.findall(r"PAGE(\d+)X", got[1]) == [str(right)]


@pytest.mark.parametrize("lang", LANGS)
def test_imposed_booklet_is_a4_landscape_in_saddle_stitch_order(cfg: Config, lang: str):
    edition = PdfReader(cfg.print_path(lang))
    imposed_pdf = cfg.print_path(lang, "imposed")
    reader = PdfReader(imposed_pdf)
    assert len(reader.pages) == len(edition.pages) // 2
    n = len(edition.pages)
    for k, (left, right) in enumerate(imposition_order(n), start=1):
        assert size(reader.pages[k - 1].mediabox) == A4_LANDSCAPE
        got = halves(imposed_pdf, k, *A4_LANDSCAPE)
        for number, text in ((left, got[0]), (right, got[1])):
            expected = edition.pages[number - 1].extract_text()
            assert words(text) == words(expected), (k, number)  # the same page, in whatever reading order
    assert_fonts_embedded_and_subset(reader)


def test_parallel_edition_has_every_language_paragraph_by_paragraph(cfg: Config):
    pdf = cfg.parallel_path()
    reader = PdfReader(pdf)
    for page in reader.pages:
        assert size(page.mediabox) == A5
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    # Every paragraph is tagged with its own language, not only the document with the source's.
    assert {lang for tag, lang in struct_languages(reader) if tag == "/P"} == set(cfg.languages)
    assert_fonts_embedded_and_subset(reader)
    html = (cfg.build_dir / ".work" / "parallel" / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r'<div class="parallel (?:text|heading)">(.*?)</div></div>', html, flags=re.S)
    assert groups
    assert cfg.book.order[0] == "az"  # [tool.booklet.parallel]: this booklet's order
    for group in groups:
        assert re.findall(r'<div class="version v\d" lang="([\w-]+)"', group) == list(cfg.book.order)
    text = squash(pdf_body_text(pdf))
    missing = [s for line in source_lines() for s in sentences(line) if squash(s) not in text]
    assert not missing


def test_parallel_frame_has_every_glyph(cfg: Config):
    """The build checks each language's print HTML, not the parallel edition made from it: what its frame
    adds (labels, separators, joined titles and dates) must be in the book face too."""
    fonts = sorted((ROOT / "docs" / "_static" / "fonts").glob("*.ttf"))
    check(cfg.build_dir / ".work" / "parallel" / "index.html", fonts)


def test_glyph_check_names_the_character_and_the_line(tmp_path: Path):
    fonts = sorted((ROOT / "docs" / "_static" / "fonts").glob("*.ttf"))
    page = tmp_path / "index.html"
    page.write_text(
        "<html><head><title>t</title></head><body>\n<p>Azərbaycan İ ı ğ Ж</p>\n<p>a 😀 b</p></body></html>"
    )
    with pytest.raises(GlyphError) as error:
        check(page, fonts)
    message = str(error.value)
    assert "U+1F600" in message and "line 3" in message
    assert "U+0259" not in message and "U+0416" not in message
    page.write_text("<html><body><p>Azərbaycan İ ı ğ Ə Ж «»</p></body></html>")
    check(page, fonts)  # every glyph present: no error
    page.write_text('<html><body><div data-runhead="♫"></div><p>text</p></body></html>')
    with pytest.raises(GlyphError, match="U\\+266B"):
        check(page, fonts)  # a running head's text (generated from an attribute) is checked too


def test_build_fails_on_a_missing_glyph_with_a_clear_message(tmp_path: Path):
    project = tmp_path / "project"
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    po_path = project / "locales" / "az" / "LC_MESSAGES" / "index.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgid.startswith("Today, 35 years later"))
    entry.msgstr += " 😀"  # a translation every catalog check accepts, with a character no font has
    catalog.save(str(po_path))
    run = run_booklet(
        "build",
        "--no-html",
        "--no-epub",
        "--no-print",
        "-l",
        "az",
        "--build-dir",
        str(tmp_path / "out"),
        cwd=project,
        env={"BOOKLET_ROOT": str(project)},
    )
    assert run.returncode != 0
    assert "U+1F600" in run.stderr and "index.po:" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr and "GlyphError" not in run.stderr
    assert not (tmp_path / "out" / "pdf" / "january-20-az.pdf").exists()


def test_padding_goes_before_the_end_matter(tmp_path: Path):
    from weasyprint import HTML

    from booklet.prepress.edition import pad_to_multiple

    pages = "".join(f'<p style="break-before: page">PAGE{n}X</p>' for n in range(1, 6))
    data = HTML(string=f"<html><style>@page {{ size: A5 }}</style><body>{pages}</body></html>").write_pdf()
    padded = tmp_path / "padded.pdf"
    padded.write_bytes(pad_to_multiple(data, before=-2))  # the last two (colophon, back cover) stay last
    texts = [page.extract_text().strip() for page in PdfReader(padded).pages]
    assert texts == ["PAGE1X", "PAGE2X", "PAGE3X", "", "", "", "PAGE4X", "PAGE5X"]
    assert pad_to_multiple(pad_to_multiple(data)) == pad_to_multiple(data)  # already a multiple: unchanged


def test_parallel_edition_refuses_texts_that_do_not_line_up(tmp_path: Path):
    from booklet.rendering.parallel import AlignmentError, align, read_edition

    def edition(lang: str, body: str):
        page = tmp_path / f"{lang}.html"
        page.write_text(f'<html lang="{lang}"><body><main>{body}</main></body></html>', encoding="utf-8")
        return read_edition(page, lang)

    source = edition("en", "<section><h1>Title</h1><p>One.</p><p>Two.</p></section>")
    same = edition("az", "<section><h1>Başlıq</h1><p>Bir.</p><p>İki.</p></section>")
    assert [[b.text for b in group] for group in align([source, same])] == [
        ["Title", "Başlıq"],
        ["One.", "Bir."],
        ["Two.", "İki."],
    ]
    with pytest.raises(AlignmentError, match="block 2"):
        align(
            [source, edition("ru", "<section><h1>Заголовок</h1><ul><li>Один.</li></ul><p>Два.</p></section>")]
        )
    with pytest.raises(AlignmentError, match="2 text blocks"):
        align([source, edition("ru", "<section><h1>Заголовок</h1><p>Один.</p></section>")])


def test_author_metadata_is_in_the_edition_language(cfg: Config):
    """The text names no author: the booklet's maker (the project) is named in each edition's language."""
    authors = {lang: PdfReader(cfg.pdf_path(lang)).metadata.author for lang in cfg.languages}
    english = authors[cfg.source_language]
    assert english == "January 20 booklet project"
    for lang in cfg.translations:
        assert authors[lang] and authors[lang] != english, lang
