"""The built az/ru editions (site and PDF) are in their language, set by its rules, with a colophon."""

from __future__ import annotations

import re

import polib
import pytest
from pypdf import PdfReader

from booklet.config import Config, load
from booklet.languages.typography import NBSP, rules_for
from helpers import (
    NS,
    ROOT,
    credits_of,
    html_text,
    parse_html,
    pdf_body_text,
    sentences,
    source_lines,
    squash,
)

CFG = load(ROOT)
QUOTES = '«»“”„‟‘’‚‹›"'


def plain(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def index_messages(cfg: Config, lang: str) -> list[tuple[str, str]]:
    po = polib.pofile(str(cfg.locales_dir / lang / "LC_MESSAGES" / "index.po"))
    return [(e.msgid, e.msgstr) for e in po if not e.obsolete]


def title_of(cfg: Config, lang: str) -> str:
    source_title = source_lines()[0]
    if lang == cfg.source_language:
        return source_title
    return next(s for i, s in index_messages(cfg, lang) if plain(i) == source_title)


def main_text(path) -> str:
    """The text of the page's main content (not its navigation), U+00A0 kept."""
    tree = parse_html(path)
    main = next((el for el in tree.iter() if el.get("role") == "main" or el.tag == f"{NS}main"), None)
    assert main is not None, f"{path}: no main content element"
    return re.sub(r"[ \t\r\n]+", " ", "".join(main.itertext())).strip()


def html_title(path) -> str:
    return "".join(parse_html(path).find(f"{NS}head").find(f"{NS}title").itertext())


@pytest.mark.parametrize("lang", CFG.translations)
def test_titles_are_in_the_edition_language(cfg: Config, lang: str):
    title = plain(title_of(cfg, lang))
    assert title != source_lines()[0]
    assert plain(html_title(cfg.html_dir(lang) / "index.html")) == title
    assert plain(PdfReader(cfg.pdf_path(lang)).metadata.title) == title
    assert plain(html_title(cfg.work_dir(lang) / "print" / "index.html")) == title


@pytest.mark.parametrize("lang", CFG.translations)
def test_pdf_and_site_hold_the_translation_and_no_english_sentence(cfg: Config, lang: str):
    pdf = squash(pdf_body_text(cfg.pdf_path(lang)))
    site = squash(html_text(cfg.html_dir(lang) / "index.html"))
    for _msgid, msgstr in index_messages(cfg, lang):
        for sentence in sentences(msgstr):
            assert squash(sentence) in pdf, sentence
            assert squash(sentence) in site, sentence
    english = [s for line in source_lines() for s in sentences(line) if squash(s) in pdf or squash(s) in site]
    assert english == []


@pytest.mark.parametrize("lang", CFG.translations)
def test_no_line_breaks_where_the_language_forbids_them(cfg: Config, lang: str):
    rules = rules_for(lang)
    assert rules is not None, f"{lang} has no typography table"
    text = main_text(cfg.html_dir(lang) / "index.html")
    assert NBSP in text
    assert rules.apply(text) == text  # every rule already applied by the build


def test_english_edition_keeps_every_word_and_gets_only_its_no_break_spaces(cfg: Config):
    text = main_text(cfg.html_dir(cfg.source_language) / "index.html")
    assert squash(text) == squash(" ".join(source_lines()))
    # the words and characters of the source, a space made U+00A0 only where English must not break
    assert " ".join(text.replace(NBSP, " ").replace("¶", "").split()) == " ".join(
        " ".join(source_lines()).split()
    )
    assert "January\u00a020" in text and "Mr.\u00a0Ilham" in text


@pytest.mark.parametrize("lang", CFG.translations)
def test_quotes_are_the_language_marks(cfg: Config, lang: str):
    rules = rules_for(lang)
    assert rules is not None and rules.quotes
    allowed = set(rules.quotes) | {"’"} if lang != "ru" else set(rules.quotes)
    for text in (
        main_text(cfg.html_dir(lang) / "index.html"),
        pdf_body_text(cfg.pdf_path(lang)),
    ):
        used = {ch for ch in text if ch in QUOTES}
        assert rules.quotes[0] in used and rules.quotes[1] in used
        assert used <= allowed, used - allowed


@pytest.mark.parametrize("lang", CFG.languages)
def test_colophon_in_site_and_pdf_with_the_credit(cfg: Config, lang: str):
    page = cfg.html_dir(lang) / "colophon.html"
    tree = parse_html(page)
    assert any(el.get("id") == "colophon" for el in tree.iter()), "no #colophon anchor"
    names = (
        credits_of(cfg, lang)
        if lang != cfg.source_language
        else [n for t in cfg.translations for n in credits_of(cfg, t)]
    )
    assert names
    site = squash(html_text(page))
    pdf_text = pdf_body_text(cfg.pdf_path(lang))
    pdf = squash(pdf_text)
    for name in names:
        assert squash(name) in site and squash(name) in pdf, name
    assert squash(cfg.version) in pdf and "noto serif" in pdf_text.casefold()
    # the colophon comes after the text, on the page facing the back cover (the last page)
    reader = PdfReader(cfg.pdf_path(lang))
    pages = [squash(p.extract_text()) for p in reader.pages]
    assert squash(names[-1]) in pages[-2]
    assert not any(squash(names[-1]) in text for text in pages[:-2])
    # the site links it (hidden toctree: next page after the text)
    assert any(
        a.get("href") == "colophon.html" for a in parse_html(cfg.html_dir(lang) / "index.html").iter(f"{NS}a")
    )


@pytest.mark.parametrize("lang", CFG.translations)
def test_colophon_labels_are_translated(cfg: Config, lang: str):
    po = polib.pofile(str(cfg.locales_dir / lang / "LC_MESSAGES" / "colophon.po"))
    text = main_text(cfg.html_dir(lang) / "colophon.html")
    heading = po.find("Colophon").msgstr
    assert heading and heading in text and "Colophon" not in text
    assert "{{" not in text and re.search(r"\d{4}", text)
