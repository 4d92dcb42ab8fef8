"""The only way WeasyPrint may read anything while making a PDF: allow-listed local files and data: URLs.

Translations are untrusted: a msgstr can smuggle `<img src="http://...">`, a CSS `url()`, or
`<a rel="attachment" href="file:///etc/passwd">` (which WeasyPrint would embed in the PDF) into the print
HTML. WeasyPrint fetches images, stylesheets, fonts and attachments through its URL fetcher, so this one
decides: files inside the allowed folders (the print HTML's own folder, the project's docs/_static, the
booklet themes), resolved through symlinks, are read; a data: URL is decoded locally when it is one of the
project's own (written in a file of the `trusted` folders: the themes, docs/_static), since a data: URL can
carry any content (an attachment, an image) without a file; anything else (http, https, ftp, file paths
outside the folders, other hosts, a translation's data: URL) is refused and nothing leaves the machine.
A refusal stops the rendering: the build fails naming the URL (see render.py) rather than publishing a PDF
that silently lacks something the translator put there.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """A URL the build may not fetch."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"refused to fetch {url}: {reason}")
        self.url = url
        self.reason = reason


class LocalFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads only files under `roots` and data: URLs."""

    def __init__(self, roots: Iterable[Path], trusted: Iterable[Path] = (), own: str = "") -> None:
        """`trusted`: folders of the project's assets; `own`: a stylesheet the build itself made (the print
        edition's CMYK emblem): data: URLs written there are the project's."""
        # fail_on_errors: WeasyPrint turns any fetch error into FatalURLFetchingError, which stops the render.
        super().__init__(fail_on_errors=True, allow_redirects=False)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.trusted = tuple(Path(root).resolve() for root in trusted)
        self.own = own
        self.refused: list[RefusedURL] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url, headers)
        except RefusedURL as exc:
            self.refused.append(exc)
            raise

    def _fetch(self, url: str, headers: dict[str, str] | None) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            if url not in self.own and not any(url in text for text in asset_texts(self.trusted)):
                raise RefusedURL(_short(url), "a data: URL that is not one of the project's own assets")
            return super().fetch(url, headers)  # urllib's DataHandler: decoded in memory, no I/O
        if scheme != "file":
            raise RefusedURL(
                url, f"{scheme or 'relative'} URLs are not allowed; only local build files and data:"
            )
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(url, f"file URL on another host ({parts.netloc})")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise RefusedURL(url, "outside the build and the project's assets")
        if not path.is_file():
            raise RefusedURL(url, "no such file")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


ASSET_SUFFIXES = frozenset({".css", ".html", ".svg", ".js", ".xml", ".txt"})


@cache
def asset_texts(trusted: tuple[Path, ...]) -> tuple[str, ...]:
    """The text of the project's own asset files (of the `trusted` folders): a data: URL is the project's
    when it is written in one of them."""
    texts = []
    for root in trusted:
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.suffix in ASSET_SUFFIXES and path.is_file():
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return tuple(texts)


def _short(url: str) -> str:
    """A data: URL can be megabytes: a message shows its start."""
    return url if len(url) <= 80 else url[:77] + "..."


def allowed_roots(print_dir: Path, docs_dir: Path) -> list[Path]:
    """The folders a print render may read: its own output folder, docs/_static, the booklet themes."""
    from booklet.paths import THEMES as themes

    return [print_dir, docs_dir / "_static", themes]


def catalog_hint(catalogs: Iterable[Path], url: str) -> str:
    """`path:line: ` of the first catalog line that contains `url`, to point at the translation that asked.
    Only regular catalog files are read (catalogs/files.py): a symlink or a device is passed over."""
    from booklet.catalogs.files import CatalogRefused, read_catalog_bytes

    for po in catalogs:
        try:
            lines = read_catalog_bytes(po).decode("utf-8", errors="replace").splitlines()
        except (OSError, CatalogRefused):
            continue
        for number, line in enumerate(lines, start=1):
            if url in line or unquote(url) in line:
                return f"{po}:{number}: "
    return ""
