"""WeasyPrint reads only local build files and data: URLs: unit tests of the fetcher, a crafted render, and a
real build whose catalog smuggles URLs in; a local HTTP server records any request that escapes."""

from __future__ import annotations

import base64
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet.config import load
from booklet.rendering.fetcher import LocalFetcher, RefusedURL
from booklet.rendering.pdf import RenderError, pdf_bytes
from project import build, copy_project, set_msgstr

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


class Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request made to it."""
    seen: list[str] = []
    handler = type("Handler", (Recorder,), {"seen": seen})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()


def test_server_fixture_records_requests(server):
    """The witness works: a plain request is seen (so an empty record below means no request was made)."""
    import urllib.request

    url, seen = server
    urllib.request.urlopen(f"{url}/probe.png", timeout=5).read()
    assert seen == ["/probe.png"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "file://otherhost/tmp/x",
        "gopher://x/",
        "relative/x.png",
    ],
)
def test_fetcher_refuses_everything_but_local_build_files(tmp_path, url):
    with pytest.raises(RefusedURL, match="refused to fetch"):
        LocalFetcher([tmp_path]).fetch(url)


def test_fetcher_reads_allowed_files_and_only_the_projects_data_urls(tmp_path):
    (tmp_path / "a.png").write_bytes(PNG)
    data = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert LocalFetcher([tmp_path]).fetch((tmp_path / "a.png").as_uri()).read() == PNG
    with pytest.raises(RefusedURL, match="not one of the project's own"):
        LocalFetcher([tmp_path]).fetch(data)  # a translation's data: URL can carry anything
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "style.css").write_text(f'.emblem {{ background: url("{data}"); }}', encoding="utf-8")
    assert LocalFetcher([tmp_path], trusted=[theme]).fetch(data).read() == PNG


def test_fetcher_refuses_symlinks_and_dotdot_out_of_the_root(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (root / "link.txt").symlink_to(secret)
    fetcher = LocalFetcher([root])
    for url in ((root / "link.txt").as_uri(), root.as_uri() + "/../secret.txt"):
        with pytest.raises(RefusedURL, match="outside"):
            fetcher.fetch(url)


def embedded_files(pdf: Path) -> list[str]:
    """Names of every file embedded in the PDF: document-level (/EmbeddedFiles, /AF) and annotation (/FS)."""
    reader = PdfReader(pdf)
    root = reader.trailer["/Root"]
    specs = [spec.get_object() for spec in root.get("/AF", [])]
    names = root.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    specs += [item.get_object() for item in names[1::2]]
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if "/FS" in annot:
                specs.append(annot["/FS"].get_object())
    return [str(spec.get("/UF", spec.get("/F"))) for spec in specs if "/EF" in spec]


def _page(tmp_path: Path, body: str) -> Path:
    page = tmp_path / "index.html"
    page.write_text(
        f"<!DOCTYPE html><html lang='en'><body><p>Text.</p>{body}</body></html>", encoding="utf-8"
    )
    return page


def test_attachment_inside_the_build_would_be_embedded_and_is_refused(tmp_path):
    """Positive control: WeasyPrint does embed rel=attachment files it may read, and pypdf sees them; the
    booklet's renderer refuses the document before writing it (rendering/inspect.py)."""
    from weasyprint import HTML

    (tmp_path / "note.txt").write_text("allowed", encoding="utf-8")
    page = _page(tmp_path, '<a rel="attachment" href="note.txt">note</a>')
    HTML(filename=str(page), url_fetcher=LocalFetcher([tmp_path])).write_pdf(tmp_path / "out.pdf")
    assert "note.txt" in embedded_files(tmp_path / "out.pdf")
    with pytest.raises(RenderError, match="embedded file"):
        pdf_bytes(page, [tmp_path])


@pytest.mark.parametrize(
    "body",
    [
        '<img src="{url}/img.png">',
        '<p style="background: url({url}/bg.png)">x</p>',
        '<link rel="stylesheet" href="{url}/x.css">',
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>',
        '<a rel="attachment" href="{url}/doc.bin">doc</a>',
    ],
)
def test_crafted_print_html_cannot_reach_out(tmp_path, server, body):
    url, seen = server
    # An attachment is refused on the laid-out document (rendering/inspect.py), before it would be fetched.
    with pytest.raises(RenderError, match=r"refused to fetch|embedded file") as info:
        pdf_bytes(_page(tmp_path, body.format(url=url)), [tmp_path])
    assert "http://127.0.0.1" in str(info.value) or "file:///etc/passwd" in str(info.value)
    assert seen == []


def test_build_with_smuggling_catalog_makes_no_request_and_embeds_nothing(tmp_path, server):
    url, seen = server
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    lang = cfg.translations[-1]
    po = cfg.locales_dir / lang / "LC_MESSAGES" / "index.po"
    set_msgstr(
        po,
        1,
        f'Абзац. <img src="{url}/x.png"> <span style="background:url({url}/bg.png)">фон</span> '
        '<a rel="attachment" href="file:///etc/passwd">файл</a>',
    )
    run = build(root, "--lang", lang)
    assert run.returncode != 0, run.stdout
    assert seen == []
    assert f"{po.relative_to(root)}" in run.stderr or str(po) in run.stderr
    assert "Traceback" not in run.stderr
    if cfg.pdf_path(lang).exists():
        assert embedded_files(cfg.pdf_path(lang)) == []
