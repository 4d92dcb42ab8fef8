"""The HTML edition as a parser (and a search engine) reads it: languages, alternates, downloads, UI."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from booklet.config import Config, load
from booklet.languages.names import language_name
from conftest import run_booklet
from helpers import NS, ROOT, parse_html

LAYOUT = ROOT / "scripts" / "booklet" / "sphinxext" / "themes" / "booklet" / "layout.html"


# An Azerbaijani title for the variant project below: the site must find a word of it.
AZ_TITLE = "20 Yanvar ümumxalq hüznünün, eyni zamanda Azərbaycan xalqının sarsılmaz iradəsinin təcəssümüdür"


@pytest.fixture(scope="session", name="variant")
def variant_project(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """A copy of the project with a colophon page and a translated title, its sites built (no PDF)."""
    root = tmp_path_factory.mktemp("variant")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(ROOT / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo"))
    colophon = root / "docs" / "colophon.md"
    if not colophon.exists():
        colophon.write_text("---\norphan: true\n---\n\n# Colophon\n\nThe edition.\n", encoding="utf-8")
    cfg = load(root, root / "_build")
    po_path = cfg.locales_dir / "az" / "LC_MESSAGES" / "index.po"
    po = polib.pofile(str(po_path))
    title = next(e for e in po if e.occurrences and e.occurrences[0][1] == "1")
    title.msgstr = AZ_TITLE
    title.flags = [f for f in title.flags if f != "fuzzy"]
    po.save(str(po_path))
    run = run_booklet(
        "build",
        "--no-pdf",
        "--no-epub",
        "--no-print",
        "--build-dir",
        str(cfg.build_dir),
        cwd=root,
        env={"BOOKLET_ROOT": str(root)},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return cfg


def test_colophon_is_linked_from_every_page_when_it_exists(variant: Config, cfg: Config):
    for lang in variant.languages:
        assert (variant.html_dir(lang) / "colophon.html").is_file()
        for page in pages(variant, lang):
            path = variant.html_dir(lang) / page
            footer = parse_html(path).find(f".//{NS}footer")
            hrefs = [a.get("href") for a in footer.iter(f"{NS}a")]
            assert any((path.parent / h).resolve() == variant.html_dir(lang) / "colophon.html" for h in hrefs)
    if not (cfg.docs_dir / "colophon.md").exists():  # the project itself: no colophon, no link to one
        footer = parse_html(cfg.html_dir(cfg.source_language) / "index.html").find(f".//{NS}footer")
        assert not [a for a in footer.iter(f"{NS}a") if "colophon" in (a.get("href") or "")]


def test_built_without_pdf_the_site_links_no_missing_pdf(variant: Config):
    for lang in variant.languages:
        page = variant.html_dir(lang) / "index.html"
        assert not [a for a in parse_html(page).iter(f"{NS}a") if a.get("type") in (PDF, EPUB_TYPE)]
    assert not (variant.html_dir() / "pdf").exists()
    assert not [p for lang in variant.languages for p in (variant.html_dir(lang) / "pdf").glob("*")]


PDF, EPUB_TYPE = "application/pdf", "application/epub+zip"


def pages(cfg: Config, lang: str) -> list[str]:
    """The site's pages, as paths relative to the language's folder."""
    return sorted(str(p.relative_to(cfg.html_dir(lang))) for p in cfg.html_dir(lang).rglob("*.html"))


def theme_strings() -> list[str]:
    return sorted(set(re.findall(r"_\('([^']+)'\)", LAYOUT.read_text(encoding="utf-8"))))


def test_every_language_has_the_same_pages(cfg: Config):
    reference = pages(cfg, cfg.source_language)
    assert "index.html" in reference and "search.html" in reference
    for lang in cfg.languages:
        assert pages(cfg, lang) == reference


def test_alternates_and_switcher_lead_to_the_same_page(cfg: Config):
    for lang in cfg.languages:
        for page in pages(cfg, lang):
            path = cfg.html_dir(lang) / page
            tree = parse_html(path)
            assert tree.get("lang") == lang
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in tree.iter(f"{NS}link")
                if link.get("rel") == "alternate"
            }
            assert set(alternates) == {*cfg.languages, "x-default"}, page
            assert (path.parent / alternates["x-default"]).resolve() == cfg.html_dir() / "index.html"
            switcher = tree.find(f".//{NS}nav[@class='languages']")
            assert switcher is not None, page
            links = {a.get("hreflang"): a for a in switcher.iter(f"{NS}a")}
            assert list(links) == list(cfg.languages)
            for code, a in links.items():
                target = (path.parent / a.get("href")).resolve()
                assert target == (cfg.html_dir(code) / page).resolve() and target.is_file()
                assert (path.parent / alternates[code]).resolve() == target
                assert a.get("lang") == code
                assert "".join(a.itertext()) == language_name(code, cfg.names)
                assert (a.get("aria-current") == "page") == (code == lang)


def test_language_names_are_endonyms_with_configured_overrides(cfg: Config):
    assert language_name("ru") == "Русский"
    assert language_name("en") == "English"
    assert language_name("az") == "Azərbaycan"  # Babel's; the project overrides it
    assert cfg.names == {"az": "Azərbaycanca"}
    assert language_name("az", cfg.names) == "Azərbaycanca"


def test_every_page_links_its_pdf_copied_inside_the_site(cfg: Config):
    for lang in cfg.languages:
        for page in pages(cfg, lang):
            path = cfg.html_dir(lang) / page
            links = {a.get("href"): a.get("type") for a in parse_html(path).iter(f"{NS}a")}
            offered = {(path.parent / h).resolve(): t for h, t in links.items() if t and "/" in t}
            assert offered.get(cfg.site_file("reading", lang)) == "application/pdf", page
            assert offered.get(cfg.site_file("parallel", lang)) == "application/pdf", page
            assert offered.get(cfg.site_file("epub", lang)) == "application/epub+zip", page
            for target, kind in offered.items():
                assert target.is_file() and target.is_relative_to(cfg.html_dir())
                assert target.read_bytes()[:5] == (
                    b"%PDF-" if kind == "application/pdf" else b"PK\x03\x04\x14"
                )
    for lang in cfg.languages:
        for kind in ("reading", "print", "imposed", "epub"):
            assert cfg.site_file(kind, lang).read_bytes() == cfg.published(kind, lang).read_bytes()
    assert cfg.site_file("parallel", "en").read_bytes() == cfg.parallel_path().read_bytes()


def test_chooser_names_each_language_in_itself_and_declares_alternates(cfg: Config):
    tree = parse_html(cfg.html_dir() / "index.html")
    items = {li.get("data-lang"): li for li in tree.iter(f"{NS}li")}
    assert list(items) == list(cfg.languages)
    for lang, li in items.items():
        assert li.get("lang") == lang
        name = li.find(f".//{NS}span[@class='name']")
        assert name is not None and name.text == language_name(lang, cfg.names)
    hreflangs = {link.get("hreflang") for link in tree.iter(f"{NS}link") if link.get("rel") == "alternate"}
    assert hreflangs == {*cfg.languages, "x-default"}
    assert "location" not in (tree.find(f".//{NS}script").text or "")  # suggests, never redirects


def test_site_requests_nothing_from_outside(cfg: Config):
    pattern = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//""")
    for path in cfg.html_dir().rglob("*"):
        if path.suffix in {".html", ".css"}:
            assert not pattern.search(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("lang", ["az", "ru"])
def test_interface_catalog_is_complete_and_valid(cfg: Config, lang: str):
    assert lang in cfg.translations
    po_path = cfg.locales_dir / lang / "LC_MESSAGES" / "sphinx.po"
    po = polib.pofile(str(po_path))
    meta = po.metadata
    assert meta["Language"] == lang
    assert meta["Plural-Forms"].startswith({"az": "nplurals=2; plural=(n != 1);", "ru": "nplurals=3;"}[lang])
    for key in ("Language-Team", "Last-Translator", "PO-Revision-Date"):
        assert meta.get(key) and not re.search(r"FULL NAME|EMAIL@|YEAR-MO|LANGUAGE|LL@", meta[key]), key
    translated = {e.msgid for e in po.translated_entries()}
    assert not [s for s in theme_strings() if s not in translated]
    assert not po.untranslated_entries() and not po.fuzzy_entries()
    msgfmt = shutil.which("msgfmt")
    if msgfmt:  # gettext's own check when the machine has it; polib parsed it above in any case
        done = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr


def test_translations_js_carries_the_search_messages(cfg: Config):
    for lang in cfg.translations:
        js = (cfg.html_dir(lang) / "_static" / "translations.js").read_text(encoding="utf-8")
        assert f'"locale": "{lang}"' in js
        for msgid in ("Search Results", "Search finished, found one page matching the search query."):
            assert f'"{msgid}"' in js
        assert "translations.js" in (cfg.html_dir(lang) / "search.html").read_text(encoding="utf-8")


def ui_texts(path: Path) -> set[str]:
    """The interface's words on a page: everything outside the text, and the attributes people hear or see."""
    tree = parse_html(path)
    body = tree.find(f"{NS}body")
    assert body is not None
    main = body.find(f".//{NS}main")
    texts: set[str] = set()
    skip = {id(el) for el in main.iter()} if main is not None else set()
    for el in body.iter():
        if el.tag in (f"{NS}script", f"{NS}style"):
            continue
        for attr in ("aria-label", "title", "placeholder", "value", "alt"):
            if el.get(attr):
                texts.add(el.get(attr).strip())
        if id(el) not in skip and el.text and el.text.strip():
            texts.add(" ".join(el.text.split()))
    return texts


def english_ui(cfg: Config) -> set[str]:
    """The English interface strings the theme emits, gathered from the rendered source-language site."""
    names = {language_name(code, cfg.names) for code in cfg.languages}
    found: set[str] = set()
    for page in pages(cfg, cfg.source_language):
        found |= ui_texts(cfg.html_dir(cfg.source_language) / page)
    search = parse_html(cfg.html_dir(cfg.source_language) / "search.html")
    main = search.find(f".//{NS}main")
    found |= {" ".join(t.split()) for t in main.itertext() if t.strip()}
    formats = {"PDF"}  # a file format's name is the same in every language
    return {t for t in found if t not in names | formats and re.search(r"[A-Za-z]{2}", t)}


def test_no_english_interface_string_on_translated_sites(cfg: Config):
    english = english_ui(cfg)
    assert {"Search", "Download", "To read on screen or print on A5", "All languages"} <= english
    for lang in cfg.translations:
        for page in pages(cfg, lang):
            path = cfg.html_dir(lang) / page
            shown = ui_texts(path)
            search_main = parse_html(path).find(f".//{NS}main")
            if page == "search.html":
                shown |= {" ".join(t.split()) for t in search_main.itertext() if t.strip()}
            assert not (english & shown), f"{lang}/{page}: {sorted(english & shown)}"


def test_update_po_leaves_the_interface_catalogs_alone(variant: Config):
    before = {po: po.read_bytes() for po in variant.locales_dir.glob("*/LC_MESSAGES/sphinx.po")}
    assert len(before) == len(variant.translations)
    run = run_booklet("update-po", cwd=variant.root, env={"BOOKLET_ROOT": str(variant.root)})
    assert run.returncode == 0, run.stdout + run.stderr
    assert {po: po.read_bytes() for po in before} == before


def test_one_viewport_and_one_title_per_page(cfg: Config):
    for lang in cfg.languages:
        for page in pages(cfg, lang):
            head = parse_html(cfg.html_dir(lang) / page).find(f"{NS}head")
            metas = [m for m in head.iter(f"{NS}meta") if m.get("name") == "viewport"]
            assert len(metas) == 1, page
            assert len(head.findall(f"{NS}title")) == 1
