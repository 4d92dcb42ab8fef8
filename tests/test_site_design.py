"""The site's look and words, as a parser reads them: identity, downloads, colophon, search messages."""

from __future__ import annotations

import json
import re

import polib
import pytest
from pypdf import PdfReader

from booklet.config import Config
from booklet.languages.casing import display_caps
from booklet.site.downloads import FACTS_FILE
from booklet.sphinxext.covers import cover_date
from booklet.sphinxext.uistrings import NO_RESULTS, OVERRIDES
from helpers import NS, ROOT, parse_html

THEME = ROOT / "scripts" / "booklet" / "sphinxext" / "themes" / "booklet"
LANGS = ["en", "az", "ru"]


def ui(cfg: Config, lang: str, msgid: str) -> str:
    if lang == cfg.source_language:
        return msgid
    entry = polib.pofile(str(cfg.locales_dir / lang / "LC_MESSAGES" / "sphinx.po")).find(msgid)
    assert entry is not None and entry.msgstr, msgid
    return entry.msgstr


def plural(cfg: Config, lang: str, msgid: str, n: int) -> str:
    """The catalog's form of a plural message for n (the interface's own rule: msgfmt's Plural-Forms)."""
    if lang == cfg.source_language:
        return (msgid if n == 1 else msgid.replace("page", "pages").replace("sheet ", "sheets ")) % {
            "count": n
        }
    import gettext

    po = cfg.locales_dir / lang / "LC_MESSAGES" / "sphinx.po"
    catalog = polib.pofile(str(po))
    entry = catalog.find(msgid)
    rule = gettext.c2py(catalog.metadata["Plural-Forms"].split("plural=")[1].rstrip(";"))
    return entry.msgstr_plural[rule(n)] % {"count": n}


def footer(cfg: Config, lang: str, page: str = "index.html"):
    tree = parse_html(cfg.html_dir(lang) / page)
    found = tree.find(f".//{NS}footer")
    assert found is not None
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_say_what_each_file_is_for_with_its_size_and_pages(cfg: Config, lang: str):
    items = footer(cfg, lang).findall(f".//{NS}section[@class='downloads']//{NS}li")
    kinds = [li.get("class") for li in items]
    assert kinds == [
        "download-reading",
        "download-epub",
        "download-print",
        "download-imposed",
        "download-parallel",
    ]
    labels = {
        "download-reading": "To read on screen or print on A5",
        "download-epub": "For an e-reader (EPUB)",
        "download-print": "For a print shop: A5 with 3 mm bleed and crop marks",
        "download-imposed": "To print at home on A4, then fold and staple",
        "download-parallel": "Every language side by side",
    }
    published = {
        "download-reading": cfg.pdf_path(lang),
        "download-epub": cfg.epub_path(lang),
        "download-print": cfg.print_path(lang, "print"),
        "download-imposed": cfg.print_path(lang, "imposed"),
        "download-parallel": cfg.parallel_path(),
    }
    for li in items:
        kind = li.get("class")
        link = li.find(f"{NS}a")
        assert " ".join("".join(link.itertext()).split()) == ui(cfg, lang, labels[kind])
        facts = li.find(f"{NS}span[@class='facts']")
        # The link reaches, in the site, a copy of the very edition the build made.
        target = (cfg.html_dir(lang) / link.get("href")).resolve()
        assert target.name == facts.get("data-pdf") == published[kind].name
        assert target.read_bytes() == published[kind].read_bytes()
        if kind == "download-parallel":
            assert (
                facts.text == "PDF"
            )  # filled in by the page's script from editions.json (test_site_browser)
            continue
        if kind == "download-epub":
            size = re.fullmatch(r"EPUB · (\d+)\s?\S+", facts.text).group(1)
            assert abs(int(size) - target.stat().st_size / 1000) <= 1, facts.text
            continue
        pages = len(PdfReader(target).pages)
        count = (
            plural(cfg, lang, "%(count)s sheet of A4", pages // 2)
            if kind == "download-imposed"
            else plural(cfg, lang, "%(count)s page", pages)
        )
        size, shown = re.fullmatch(r"PDF · (\d+)\s?\S+ · (.+)", facts.text).groups()
        assert shown == count and abs(int(size) - target.stat().st_size / 1000) <= 1, facts.text
    imposed = items[3].find(f"{NS}span[@class='how']")
    how = "Print it on A4 at actual size (100 %), on both sides, flipping on the short edge."
    assert imposed is not None and " ".join(imposed.text.split()).startswith(
        ui(cfg, lang, how + " Fold the sheets in the middle and staple them twice on the fold.")[:30]
    )


def test_editions_json_lists_every_pdf_of_the_site(cfg: Config):
    facts = json.loads((cfg.html_dir() / "pdf" / FACTS_FILE).read_text(encoding="utf-8"))
    pdfs = sorted(p.name for p in (cfg.html_dir() / "pdf").glob("*.pdf"))
    assert sorted(facts) == pdfs
    for name, entry in facts.items():
        pdf = cfg.html_dir() / "pdf" / name
        assert entry == {"bytes": pdf.stat().st_size, "pages": len(PdfReader(pdf).pages)}


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_the_identity_role_main_and_switcher_names_in_their_own_language(
    cfg: Config, lang: str
):
    for page in ("index.html", "search.html", "colophon.html"):
        tree = parse_html(cfg.html_dir(lang) / page)
        main = tree.find(f".//{NS}main")
        assert main is not None and main.get("role") == "main"  # Sphinx's search reads excerpts from it
        identity = tree.find(f".//{NS}p[@class='identity']")
        emblem = identity.find(f"{NS}img")
        assert emblem.get("alt") == "" and (cfg.html_dir(lang) / emblem.get("src")).is_file()
        date = identity.find(f"{NS}span[@class='date-line']").text
        assert date == display_caps(cover_date(cfg.book.date, lang), lang)
        for link in tree.findall(f".//{NS}nav[@class='languages']//{NS}a"):
            assert link.get("lang") == link.get("hreflang")
    if lang == "ru":
        assert date.endswith("г.") and "Г." not in date


@pytest.mark.parametrize("lang", LANGS)
def test_the_colophon_page_leads_back_to_the_text(cfg: Config, lang: str):
    tree = parse_html(cfg.html_dir(lang) / "colophon.html")
    back = tree.find(f".//{NS}p[@class='back-to-text']/{NS}a")
    assert back is not None and back.get("href") == "index.html"
    assert back.text == ui(cfg, lang, "Back to the text")


def test_the_chooser_shows_title_date_and_emblem_and_prints_plainly(cfg: Config):
    path = cfg.html_dir() / "index.html"
    tree = parse_html(path)
    header = tree.find(f".//{NS}main/{NS}header")
    assert header.find(f"{NS}img").get("alt") == ""
    assert (cfg.html_dir() / header.find(f"{NS}img").get("src")).is_file()
    assert "".join(header.find(f"{NS}h1").itertext()).startswith("January 20 is the embodiment")
    assert header.find(f"{NS}p[@class='date']").text == "JANUARY 20, 1990"
    for li in tree.iter(f"{NS}li"):
        assert li.find(f".//{NS}span[@class='edition-date']").text == cover_date(
            cfg.book.date, li.get("lang")
        )
    css = tree.find(f".//{NS}style").text
    assert "@media print" in css and "clip:" not in css  # the title is shown, not hidden


def test_lining_figures_as_in_the_pdfs():
    css = (THEME / "static" / "booklet.css").read_text(encoding="utf-8")
    assert "lining-nums" in css and "oldstyle-nums" not in css


@pytest.mark.parametrize("lang", LANGS)
def test_the_no_results_message_speaks_of_this_site(cfg: Config, lang: str):
    js = (cfg.html_dir(lang) / "_static" / "translations.js").read_text(encoding="utf-8")
    messages = json.loads(re.fullmatch(r"Documentation\.addTranslations\((.*)\);\n", js, re.S).group(1))[
        "messages"
    ]
    assert messages[NO_RESULTS] == ui(cfg, lang, OVERRIDES[NO_RESULTS])
    assert "categor" not in messages[NO_RESULTS].casefold() and "kateqoriya" not in messages[NO_RESULTS]
