"""The e-book editions (rendering/epub.py, sphinxext/epubbuilder.py): one EPUB 3 per language with cover,
language, navigation, colophon and fonts, reproducible, and EPUBCheck 5.3 with 0 errors and 0 warnings
(`make verify`, tests/test_verify.py, checks every EPUB of the build; EPUBCheck is first seen here to
reject an EPUB broken on purpose)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from booklet.config import Config
from booklet.verify.epub import check_epub

LANGS = ["en", "az", "ru"]
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="module")
def epubs(cfg: Config) -> dict[str, Path]:
    return {lang: cfg.epub_path(lang) for lang in LANGS}


def package(epub: Path) -> ET.Element:
    with zipfile.ZipFile(epub) as archive:
        return ET.fromstring(archive.read("content.opf"))


@pytest.mark.parametrize("lang", LANGS)
def test_epub_has_language_title_cover_navigation_colophon_and_fonts(cfg: Config, epubs, lang: str):
    epub = epubs[lang]
    assert epub == cfg.build_dir / "epub" / f"january-20-{lang}.epub"
    with zipfile.ZipFile(epub) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"
        names = set(archive.namelist())
        picture = archive.read("_static/cover.png")
        nav = archive.read("nav.xhtml").decode()
        pages = {name: archive.read(name).decode() for name in names if name.endswith(".xhtml")}
    opf = package(epub)
    assert opf.find(f"{OPF}metadata/{DC}language").text == lang
    title = opf.find(f"{OPF}metadata/{DC}title").text
    html_title = re.search(r"<title>(.*?)</title>", pages["index.xhtml"]).group(1)
    assert title.replace("\xa0", " ") in html_title.replace("&nbsp;", " ").replace("\xa0", " ")
    cover = opf.find(f"{OPF}metadata/{OPF}meta[@name='cover']").attrib["content"]
    items = {item.attrib["id"]: item.attrib for item in opf.iter(f"{OPF}item")}
    assert items[cover]["href"] == "_static/cover.png" and "_static/cover.png" in names
    # the reading edition's first page (the builder wrote a stand-in), 1200 pixels wide
    assert picture.startswith(b"\x89PNG\r\n\x1a\n") and int.from_bytes(picture[16:20], "big") == 1200
    assert 'href="colophon.xhtml"' in nav  # the colophon is in the navigation
    alt = re.search(r'<img src="_static/cover.png" alt="([^"]*)"', pages["epub-cover.xhtml"]).group(1)
    assert alt == title  # the cover picture is described by the title it shows, in the book's language
    fonts = sorted(a["href"] for a in items.values() if a["media-type"] == "font/ttf")
    assert len(fonts) == 4 and set(fonts) <= names
    assert "Booklet Serif" in zipfile.ZipFile(epub).read("_static/booklet-epub.css").decode()
    for name, page in pages.items():
        assert f'lang="{lang}"' in page, name
    assert set(names) >= {"index.xhtml", "colophon.xhtml", "epub-cover.xhtml", "toc.ncx"}
    assert not [name for name in names if name.endswith(".js")]  # Sphinx's scripts stay out


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_offers_its_language_s_epub(cfg: Config, lang: str):
    """The site holds the e-book it links (tests/test_reproducible.py compares EPUBs of two clean builds)."""
    offered = cfg.site_file("epub", lang)
    assert offered.read_bytes() == cfg.epub_path(lang).read_bytes()
    page = (cfg.html_dir(lang) / "index.html").read_text(encoding="utf-8")
    assert f'href="../{lang}/epub/{offered.name}"' in page


def test_epubcheck_rejects_a_broken_epub(cfg: Config, epubs, tmp_path: Path):
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(epubs["en"]) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "content.opf":
                data = re.sub(rb"<dc:language>[^<]*</dc:language>", b"", data)
            if info.filename == "_static/fonts/NotoSerif-Bold.ttf":
                continue  # listed in the manifest, missing from the container
            dst.writestr(info, data)
    messages = [f.message for f in check_epub(broken)]
    assert any("RSC-001" in m for m in messages), messages  # the missing file
    assert any("dc:language" in m or "RSC-005" in m for m in messages), messages
