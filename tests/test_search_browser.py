# ruff: noqa: F811 - the browser fixtures of test_site_browser are imported, and then requested by name
"""The site's search and downloads in Debian's Chromium: Azerbaijani case and diacritics, Russian ё,
excerpts, the no-results message, the parallel edition's size and pages filled in by the page's script."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from booklet.config import Config
from test_site_browser import browser, page, requests, server  # noqa: F401 - the fixtures
from test_site_design import plural, ui

pytestmark = pytest.mark.browser


def search(page, server: str, lang: str, query: str) -> tuple[int, str, list[str]]:
    """Results, the summary line and each result's excerpt for `query` on `lang`'s search page."""
    page.goto(f"{server}/{lang}/search.html?q={quote(query)}")
    page.wait_for_function("document.querySelector('#search-results p.search-summary')?.innerText.length > 0")
    results = page.locator("#search-results ul.search li")
    if results.count():
        page.wait_for_function("document.querySelector('#search-results ul.search li p.context') !== null")
    excerpts = [t.strip() for t in page.locator("#search-results ul.search li p.context").all_inner_texts()]
    return results.count(), page.locator("#search-results p.search-summary").inner_text(), excerpts


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("az", "ŞƏHİDLƏR", "şəhidlər"),  # capitals with dotted İ
        ("az", "İstiqlal", "istiqlal"),
        ("az", "sehidler", "şəhidlər"),  # typed without its letters' diacritics
        ("az", "azerbaycan", "Azərbaycan"),
        ("ru", "молодежь", "Молодёжь"),  # е for ё
        ("ru", "всё", ""),
        ("ru", "освобождён", "освобождён"),
    ],
)
def test_search_folds_as_the_language_does_and_shows_excerpts(
    cfg: Config, server: str, page, lang: str, query: str, expected: str
):
    found, summary, excerpts = search(page, server, lang, query)
    assert found >= 1, f"{lang}: {query!r} found nothing ({summary})"
    assert excerpts and all(len(e) > 40 for e in excerpts)  # an excerpt of the page, not a bare title
    text = (cfg.html_dir(lang) / "index.html").read_text(encoding="utf-8")
    assert expected in text


@pytest.mark.parametrize("lang", ["en", "az", "ru"])
def test_no_results_says_so_about_this_site(cfg: Config, server: str, page, lang: str):
    found, summary, _ = search(page, server, lang, "qqqxyzzy")
    assert found == 0
    assert summary == ui(
        cfg,
        lang,
        "Nothing on this site matches your search. Check the spelling, or try other or fewer words.",
    )


@pytest.mark.parametrize("lang", ["en", "az", "ru"])
def test_the_parallel_editions_size_and_pages_are_shown(cfg: Config, server: str, page, lang: str):
    from pypdf import PdfReader

    page.goto(f"{server}/{lang}/index.html")
    facts = page.locator("li.download-parallel .facts")
    page.wait_for_function("document.querySelector('li.download-parallel .facts').textContent !== 'PDF'")
    pages = len(PdfReader(cfg.parallel_path()).pages)
    assert facts.inner_text().endswith(plural(cfg, lang, "%(count)s page", pages))
