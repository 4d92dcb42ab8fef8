"""The site in a real browser: Debian's Chromium driven by Playwright, the site served from 127.0.0.1.

Screenshots (desktop and phone, every language, and the chooser) go to test-artifacts/site/ to be looked at.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import polib
import pytest

from booklet.config import Config
from helpers import ROOT
from test_site import AZ_TITLE, english_ui, variant_project  # noqa: F401 - the fixture `variant`

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency (make setup)")

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "site"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
LANGS = ["en", "az", "ru"]
WIDTHS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(cfg: Config) -> Iterator[str]:
    yield from serve(cfg.html_dir())


@pytest.fixture(scope="module")
def variant_server(variant: Config) -> Iterator[str]:
    yield from serve(variant.html_dir())


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    assert Path(CHROMIUM).is_file(), "Debian's chromium is missing: make test installs it (APT_TEST)"
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def requests() -> list[str]:
    return []


@pytest.fixture
def page(browser, requests: list[str]) -> Iterator[object]:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    tab = context.new_page()
    tab.on("request", lambda request: requests.append(request.url))
    yield tab
    context.close()


def assert_local(requests: list[str], server: str) -> None:
    outside = [
        url for url in requests if not (url.startswith(server + "/") or url.startswith(("data:", "about:")))
    ]
    assert not outside, outside


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pagename", ["index", "search"])
def test_switcher_lands_on_the_same_page_in_each_language(
    cfg: Config, server: str, page, requests: list[str], lang: str, pagename: str
):
    assert lang in cfg.languages
    for other in cfg.languages:
        if other == lang:
            continue
        page.goto(f"{server}/{lang}/{pagename}.html")
        page.locator(f"nav.languages a[hreflang='{other}']").click()
        page.wait_for_load_state("load")
        assert urlparse(page.url).path == f"/{other}/{pagename}.html"
        assert page.locator("html").get_attribute("lang") == other
        assert page.locator("nav.languages a[aria-current='page']").get_attribute("hreflang") == other
    assert_local(requests, server)


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_link_returns_the_pdf(cfg: Config, server: str, page, requests: list[str], lang: str):
    page.goto(f"{server}/{lang}/index.html")
    link = page.locator(f"footer a[href$='{cfg.pdf_path(lang).name}']")
    assert link.count() == 1 and link.is_visible()
    result = page.evaluate(
        """async (href) => {
            const response = await fetch(href);
            const bytes = new Uint8Array(await response.arrayBuffer());
            return {status: response.status, type: response.headers.get("content-type"),
                    head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length};
        }""",
        link.get_attribute("href"),
    )
    assert result["status"] == 200
    assert result["type"] == "application/pdf"
    assert result["head"] == "%PDF-"
    assert result["size"] == cfg.pdf_path(lang).stat().st_size
    assert_local(requests, server)


def run_axe(page) -> list[dict]:
    """axe-core's violations of the WCAG 2.2 A and AA rules (wcag2a ... wcag22aa), whatever their impact."""
    from booklet.verify.site import axe_violations

    assert AXE.is_file(), "axe-core is missing: make test installs it (npm ci in tests/js)"
    return axe_violations(page)


@pytest.mark.parametrize(
    "path",
    ["index.html", *(f"{lang}/{p}.html" for lang in LANGS for p in ("index", "search", "colophon"))],
)
def test_no_wcag_22_a_or_aa_violation(server: str, page, requests: list[str], path: str):
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    assert run_axe(page) == []
    assert_local(requests, server)


@pytest.mark.parametrize("lang", LANGS)
def test_screenshots_and_no_horizontal_scroll_on_a_phone(server: str, browser, lang: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=name == "phone")
        tab = context.new_page()
        requests: list[str] = []
        tab.on("request", lambda request, seen=requests: seen.append(request.url))
        for pagename in ("index", "search"):
            query = "?q=Azerbaijan" if pagename == "search" else ""
            tab.goto(f"{server}/{lang}/{pagename}.html{query}")
            tab.wait_for_load_state("networkidle")
            tab.evaluate("document.fonts.ready")
            assert tab.evaluate("document.fonts.check('1em \"Booklet Serif\"')")
            tab.screenshot(
                path=str(ARTIFACTS / f"{lang}-{pagename}-{name}.png"), full_page=pagename == "index"
            )
            widths = tab.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], f"{lang}/{pagename} {name}: scrollWidth {widths[0]} > {widths[1]}"
        if lang == LANGS[0]:
            tab.goto(f"{server}/index.html")
            tab.wait_for_load_state("networkidle")
            tab.screenshot(path=str(ARTIFACTS / f"chooser-{name}.png"), full_page=True)
            widths = tab.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1]
        context.close()
        assert_local(requests, server)


def page_word(page) -> str:
    """A long word of the page's text in its own language (non-ASCII letters preferred), to search for."""
    text = page.locator("main .body p").first.inner_text()
    words = re.findall(r"\w{7,}", text)
    assert words
    return next((w for w in words if not w.isascii()), words[0])


@pytest.mark.parametrize("lang", LANGS)
def test_search_finds_a_word_of_the_page_in_its_language(cfg: Config, server: str, page, requests, lang: str):
    page.goto(f"{server}/{lang}/index.html")
    word = page_word(page)
    page.fill("#site-search-q", word)
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q="))
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    href = results.first.locator("a").first.get_attribute("href")
    assert href.startswith("index.html")
    page.wait_for_function("document.querySelector('#search-results p.search-summary')?.innerText.length > 0")
    status = page.locator("#search-results p.search-summary").inner_text()
    assert status.strip()
    if lang != cfg.source_language:
        assert (
            "Search finished" not in status
            and "Search Results" not in page.locator("#search-results").inner_text()
        )
    assert_local(requests, server)


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_no_english_interface_string_in_the_browser(cfg: Config, server: str, page, lang: str):
    assert lang in cfg.translations
    english = english_ui(cfg) | {"Search Results", "Searching", "Preparing search...", "Hide Search Matches"}
    for url in (f"{server}/{lang}/index.html", f"{server}/{lang}/search.html?q=Azerbaijan"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if "search.html" in url:
            page.locator("#search-results p.search-summary").wait_for(timeout=15000)
        shown = page.evaluate(
            """() => {
                const out = new Set();
                const main = document.querySelector('main .body section');
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const node = walker.currentNode;
                    if (main && main.contains(node)) continue;
                    if (node.parentElement.closest('script, style, ul.search')) continue;
                    const text = node.textContent.replace(/\\s+/g, ' ').trim();
                    if (text) out.add(text);
                }
                for (const el of document.body.querySelectorAll('*'))
                    for (const attr of ['aria-label', 'title', 'placeholder', 'value', 'alt'])
                        if (el.getAttribute(attr)) out.add(el.getAttribute(attr).trim());
                return [...out];
            }"""
        )
        assert not (english & set(shown)), f"{url}: {sorted(english & set(shown))}"


@pytest.mark.parametrize(
    ("locale", "expected"), [("ru-RU", "ru"), ("az-AZ", "az"), ("en-GB", "en"), ("de-DE", None)]
)
def test_chooser_suggests_the_browser_language_without_redirecting(
    cfg: Config, server: str, browser, locale: str, expected: str | None
):
    assert expected is None or expected in cfg.languages
    context = browser.new_context(locale=locale)
    tab = context.new_page()
    tab.goto(f"{server}/index.html")
    tab.wait_for_load_state("load")
    suggested = tab.evaluate("[...document.querySelectorAll('li.suggested')].map(li => li.dataset.lang)")
    assert urlparse(tab.url).path in ("/", "/index.html")
    assert suggested == ([expected] if expected else [])
    context.close()


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_search_summary_has_every_plural_form(cfg: Config, server: str, page, lang: str):
    """The scripts' plural forms come from the project's catalog (Sphinx's ru ones are empty)."""
    assert lang in cfg.translations
    page.goto(f"{server}/{lang}/search.html")
    page.wait_for_load_state("load")
    forms = page.evaluate(
        """() => [1, 2, 5, 21].map(n => Documentation.ngettext(
            "Search finished, found one page matching the search query.",
            "Search finished, found ${resultCount} pages matching the search query.", n))"""
    )
    assert all(form and "Search finished" not in form for form in forms), forms
    assert len(set(forms)) == {"az": 2, "ru": 3}[lang]


def test_print_stylesheet_keeps_only_the_text(server: str, page):
    page.goto(f"{server}/en/index.html")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "['.site-header', '.site-footer'].map(s => getComputedStyle(document.querySelector(s)).display)"
    )
    assert hidden == ["none", "none"]
    assert page.locator("main h1").is_visible()


def test_search_finds_an_azerbaijani_word(variant: Config, variant_server: str, page, requests: list[str]):
    """Sphinx has no Azerbaijani search language: its fallback must still find az words (ə, ı, ü, ş...)."""
    lang = "az"
    assert lang in variant.translations
    for word in ("iradəsinin", "Azərbaycan", "ümumxalq"):
        assert word in AZ_TITLE
        page.goto(f"{variant_server}/{lang}/search.html?q={word}")
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=15000)
        assert results.first.locator("a").first.inner_text().replace("\xa0", " ") == AZ_TITLE
    assert_local(requests, variant_server)


def ui(cfg: Config, lang: str, msgid: str) -> str:
    """An interface string as the project's catalog translates it."""
    entry = polib.pofile(str(cfg.locales_dir / lang / "LC_MESSAGES" / "sphinx.po")).find(msgid)
    assert entry is not None and entry.msgstr
    return entry.msgstr


def test_colophon_page_has_the_switcher_and_its_own_link(variant: Config, variant_server: str, page):
    page.goto(f"{variant_server}/az/index.html")
    page.locator("footer a", has_text=ui(variant, "az", "Colophon")).click()
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == "/az/colophon.html"
    page.locator("nav.languages a[hreflang='ru']").click()
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == "/ru/colophon.html"
    assert page.locator("footer a[aria-current='page']").inner_text() == ui(variant, "ru", "Colophon")
