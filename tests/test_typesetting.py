"""The book designer's rules, checked on the PDFs themselves (lines and their positions, per page), on the
real booklet and on a second text of several chapters (tests/data/multichapter)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from booklet.checks import glossary
from booklet.config import Config, load
from conftest import run_booklet
from helpers import ROOT
from pdflines import HYPHEN, page_lines
from typesetting_rules import HEADINGS, TEXT_ROLES, all_breaches, body, hyphenated_share

FIXTURE = ROOT / "tests" / "data" / "multichapter"
MM = 72 / 25.4


def pdfs(cfg: Config) -> list[Path]:
    return [*(cfg.pdf_path(lang) for lang in cfg.languages), cfg.parallel_path()]


@pytest.fixture(scope="session")
def chapters(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The second text, built as a project of its own (the real project's conf.py and fonts)."""
    root = tmp_path_factory.mktemp("multichapter")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    shutil.copy(ROOT / "docs" / "conf.py", root / "docs" / "conf.py")
    shutil.copytree(ROOT / "docs" / "_static" / "fonts", root / "docs" / "_static" / "fonts")
    env = {"BOOKLET_ROOT": str(root), "SOURCE_DATE_EPOCH": "1700000000"}
    run = run_booklet("build", "--no-html", cwd=root, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    return load(root)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def terms(cfg: Config) -> list[glossary.Term]:
    return glossary.load(cfg.locales_dir / "glossary.csv")


@pytest.mark.parametrize("which", ["booklet", "chapters"])
def test_every_pdf_keeps_the_rules_of_line_and_page_breaking(which: str, request: pytest.FixtureRequest):
    cfg: Config = request.getfixturevalue("cfg" if which == "booklet" else "chapters")
    for pdf in pdfs(cfg):
        assert all_breaches(pdf, terms(cfg)) == [], pdf.name
        # hyphenation is kept to what justification needs (it was 35 % of the lines in az and ru)
        assert hyphenated_share(pdf) < 0.25, pdf.name


def test_the_rules_see_a_breach_and_the_typesetter_removes_it(tmp_path: Path):
    """A narrow measure of long words, laid out once by WeasyPrint, breaks the rules; laid out by the
    typesetter (booklet.rendering.typeset, as every edition is), it does not."""
    from weasyprint import HTML

    from booklet.rendering import typeset

    words = " ".join(["independence", "sovereignty", "commemoration", "extraordinarily"] * 30)
    page = (
        '<html lang="en"><head><style>@page { size: 60mm 80mm; margin: 8mm }'
        ' p { hyphens: auto; text-align: justify; hyphenate-character: "\\2010"; font-size: 9pt;'
        " orphans: 1; widows: 1 }</style></head>"
        f"<body><p>{words}</p><p>{words}</p></body></html>"
    )
    plain, typeset_pdf = tmp_path / "plain.pdf", tmp_path / "typeset.pdf"
    plain.write_bytes(HTML(string=page).write_pdf(pdf_tags=True))
    found = all_breaches(plain)
    assert any("third hyphenated line" in f for f in found) and any("page's last line" in f for f in found)
    typeset_pdf.write_bytes(typeset.render(HTML(string=page), pdf_tags=True).write_pdf(pdf_tags=True))
    assert [f for f in all_breaches(typeset_pdf) if "hyphenated" in f] == []


def test_english_gets_its_no_break_spaces(cfg: Config):
    text = " ".join(ln.text for page in page_lines(cfg.pdf_path("en")) for ln in page)
    assert "January\u00a020" in text and "Mr.\u00a0Ilham" in text


def test_each_top_level_document_starts_a_new_page(chapters: Config):
    for pdf in pdfs(chapters):
        lang = pdf.stem.rsplit("-", 1)[-1]
        pages = page_lines(pdf)
        headings = [(n, ln) for n, page in enumerate(pages) for ln in page if ln.role == "/H2"]
        assert len(headings) >= 4  # three chapters and the colophon (in each language: the parallel edition)
        firsts = {n: next(h for m, h in headings if m == n) for n, _ in headings}
        for n, heading in firsts.items():
            first = next(ln for ln in pages[n] if ln.role in TEXT_ROLES | HEADINGS)
            assert first == heading, f"{lang}: {heading.text!r} is not the first line of p. {n + 1}"


def test_footnotes_sit_at_the_foot_of_the_page_that_calls_them(chapters: Config):
    notes = {
        "en": ("The debt was owed", "The flood of March 1924"),
        "ru": ("Долг причитался", "Наводнение в марте 1924"),
    }
    for lang, starts in notes.items():
        pages = page_lines(chapters.pdf_path(lang))
        for start in starts:
            (number,) = [n for n, page in enumerate(pages) if any(start in plain(ln.text) for ln in page)]
            page = pages[number]
            note = next(ln for ln in page if start in plain(ln.text))
            text = [ln for ln in page if ln.role in TEXT_ROLES and ln.size > 9]
            assert text and note.y > max(ln.y for ln in text), f"{lang}: the note is not under the text"
            assert note.size < 9  # set smaller than the text
            assert not any(ln.role == "/H2" and "olophon" in ln.text for ln in page)
    # the note is not also printed at the end of the chapter or after the colophon
    whole = " ".join(ln.text for page in page_lines(chapters.pdf_path("en")) for ln in page)
    assert whole.count("The debt was owed") == 1


@pytest.mark.parametrize("which", ["booklet", "chapters"])
def test_the_colophon_is_set_at_the_foot_of_its_page(which: str, request: pytest.FixtureRequest):
    cfg: Config = request.getfixturevalue("cfg" if which == "booklet" else "chapters")
    for pdf in pdfs(cfg):
        pages = page_lines(pdf)
        colophon = pages[-2]  # the inside back cover, facing the back cover
        assert colophon, pdf.name
        top, bottom = min(ln.y for ln in colophon), max(ln.y for ln in colophon)
        assert bottom > 210 * MM - 25 * MM, f"{pdf.name}: the colophon ends {bottom / MM:.0f} mm from the top"
        assert top - 20 * MM > 210 * MM - bottom, pdf.name  # the space is above it, not below


def test_no_hyphen_of_the_typesetter_is_left_in_the_text(cfg: Config):
    """The hyphen WeasyPrint adds is U+2010 (print.css): it ends lines only, the text has none of it."""
    for pdf in pdfs(cfg):
        for page in body(page_lines(pdf)):
            assert not [ln.text for ln in page if HYPHEN in ln.text.rstrip()[:-1]], pdf.name


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_very_loose_lines_are_set_again(cfg: Config, lang: str):
    """Words that may not be hyphenated (names) leave justified lines loose; the typesetter tries other word
    and letter spacing in those paragraphs and keeps the best: fewer and less loose lines than one layout."""
    from weasyprint import HTML

    from booklet.rendering import typeset
    from booklet.rendering.pdf import register_hyphenation

    register_hyphenation(cfg)
    page = cfg.work_dir(lang) / "print" / "index.html"

    def stretches(document) -> list[float]:
        return sorted((w for _, w in typeset.loosest(typeset._pages(document)).values()), reverse=True)

    once = HTML(str(page))
    typeset.guard(lang)
    typeset._EXCLUDED.update(typeset.nohyphen_words(once.etree_element))
    try:
        plain = stretches(once.render())
    finally:
        typeset._EXCLUDED.clear()
    kept = stretches(typeset.render(HTML(str(page))))
    assert plain[0] > typeset.LOOSE_EM  # the text has such lines: the test is not vacuous
    assert kept[0] < plain[0]
    assert sum(w > typeset.LOOSE_EM for w in kept) < sum(w > typeset.LOOSE_EM for w in plain)


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_the_trial_document_breaks_lines_as_the_book_does(cfg: Config, lang: str):
    """The settings of loose paragraphs are tried in a small document of copies: each paragraph's copy with
    no setting there is exactly as loose as the paragraph in the book (same selectors, same measure)."""
    from weasyprint import HTML

    from booklet.rendering import typeset
    from booklet.rendering.pdf import register_hyphenation

    register_hyphenation(cfg)
    html = HTML(str(cfg.work_dir(lang) / "print" / "index.html"))
    typeset.guard(lang)
    typeset._EXCLUDED.update(typeset.nohyphen_words(html.etree_element))
    try:
        book = typeset.loosest(typeset._pages(html.render()))
        paragraphs = [element for element, _worst in book.values() if element.tag == "p"]
        tried = typeset.trial_looseness(html, paragraphs, {})
    finally:
        typeset._EXCLUDED.clear()
    assert len(paragraphs) > 10 and any(w > typeset.LOOSE_EM for _, w in book.values())  # not vacuous
    for element, settings in zip(paragraphs, tried, strict=True):
        assert settings[0] == pytest.approx(book[id(element)][1], abs=1e-6), element.get("class")


def test_one_layout_is_in_memory_at_a_time(cfg: Config, monkeypatch: pytest.MonkeyPatch):
    """A long document's layout takes hundreds of megabytes: the typesetter drops each layout (its document
    and its boxes, which anything kept between layouts could hold) before it lays out the next one or the
    trial document of the loose paragraphs."""
    import weakref

    from weasyprint import HTML, layout

    from booklet.rendering import typeset
    from booklet.rendering.pdf import register_hyphenation

    register_hyphenation(cfg)
    made: list[weakref.ref] = []
    alive_before: list[int] = []  # how many earlier layouts are alive as each layout starts
    render, make_pages = HTML.render, layout.make_all_pages

    def tracked(self, *args, **kwargs):
        alive_before.append(sum(ref() is not None for ref in made))
        document = render(self, *args, **kwargs)
        made.append(weakref.ref(document))
        return document

    def tracked_pages(*args):  # every layout's page boxes, the layouts only read included
        for page in make_pages(*args):
            made.append(weakref.ref(page))
            yield page

    monkeypatch.setattr(HTML, "render", tracked)
    monkeypatch.setattr(layout, "make_all_pages", tracked_pages)
    typeset.render(HTML(str(cfg.work_dir("ru") / "print" / "index.html")))
    assert len(alive_before) >= 3  # layouts again and a trial document: the test is not vacuous
    assert alive_before == [0] * len(alive_before)


def test_the_trial_lays_out_no_setting_only_where_the_layout_cannot_say(
    cfg: Config, monkeypatch: pytest.MonkeyPatch
):
    """A loose paragraph holding none of the words a pass keeps whole breaks its lines as it did in that
    pass's layout: the trial lays out only its other settings, and the PDF is the one a trial of every
    setting gives."""
    from booklet.rendering import typeset
    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    register_hyphenation(cfg)
    folder = cfg.work_dir("ru") / "print"
    tried: list[list[range]] = []
    trial_tree = typeset.trial_tree

    def recorded(root, elements, settings=None):
        tried.append(list(settings or []))
        return trial_tree(root, elements, settings)

    monkeypatch.setattr(typeset, "trial_tree", recorded)
    fewer = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    skipped = sum(settings[0] != 0 for trial in tried for settings in trial)
    monkeypatch.setattr(typeset, "_holds", lambda _element, _words: True)
    every = pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    assert skipped > 0  # the layout told some paragraphs' stretch: the test is not vacuous
    assert fewer == every
