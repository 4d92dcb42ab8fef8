"""Sphinx extension of the booklet: its two themes and the print builder.

The print builder is Sphinx's single-page HTML builder with the print theme: it writes the HTML that
WeasyPrint turns into the PDF, from the same doctrees (the same parsed, translated environment) as the site.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from booklet.paths import THEMES

UI_DOMAIN = "sphinx"  # the interface catalog (the templates' strings), beside the documents' catalogs

if TYPE_CHECKING:  # the package's modules (colophon, covers) are read by the engine without Sphinx
    from sphinx.application import Sphinx


def _template_cache(app: Sphinx) -> None:
    """Keep compiled Jinja templates on disk: compiling the theme's templates is a good part of a small
    incremental build, and the site and print builders of a worker share some (jinja2 writes atomically)."""
    folder = app.config.booklet_template_cache
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if folder and environment is not None:
        from jinja2 import FileSystemBytecodeCache

        Path(folder).mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def _reread_for_site(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The site's pages whose doctree is newer than the page: another builder sharing these doctrees (the
    print builder runs first) read the change, and Sphinx's HTML builder only compares source mtimes, so a
    changed catalog would otherwise leave the page stale. Re-reading them makes them written."""
    builder = app.builder
    if builder is None or builder.name != "html":
        return []
    stale = []
    for docname in env.found_docs - added - changed - removed:
        doctree = Path(app.doctreedir) / f"{docname}.doctree"
        target = Path(builder.get_output_path(docname))  # type: ignore[attr-defined]
        try:
            if doctree.stat().st_mtime_ns > target.stat().st_mtime_ns:
                stale.append(docname)
        except OSError:
            continue
    return stale


def _reread_for_catalogs(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The documents whose compiled catalog changed since they were read. Sphinx notes a catalog as a
    dependency only when it finds its `.po`; the build gives it compiled `.mo` files alone (catalogs/
    compile.py), so their contents are compared here, per domain, with those the environment last read."""
    import hashlib

    from sphinx.util.i18n import docname_to_domain

    digests: dict[str, str] = {}
    for folder in app.config.locale_dirs:
        for mo in sorted(Path(app.confdir, folder, app.config.language or "", "LC_MESSAGES").glob("*.mo")):
            digests.setdefault(mo.stem, hashlib.sha256(mo.read_bytes()).hexdigest())
    previous: dict[str, str] = getattr(env, "booklet_catalogs", {})
    env.booklet_catalogs = digests  # pickled with the environment once the documents are read
    compact = app.config.gettext_compact
    # The interface catalog is read by every page's template: when it changed, every page is written again.
    interface = digests.get(UI_DOMAIN) != previous.get(UI_DOMAIN)
    return [
        docname
        for docname in sorted(env.found_docs - added - changed - removed)
        if interface
        or digests.get(docname_to_domain(docname, compact))
        != previous.get(docname_to_domain(docname, compact))
    ]


def _write_every_page(read: set[str]) -> tuple[Any, Any]:
    """Handlers that have every page written when any document was read: each page shows the others'
    titles (its neighbours' links, the contents), which Sphinx's HTML builder does not follow."""

    def before_read(_app: Sphinx, _env: Any, docnames: list[str]) -> None:
        read.clear()
        read.update(docnames)

    def updated(_app: Sphinx, env: Any) -> list[str]:
        return sorted(env.found_docs) if read else []

    return before_read, updated


def setup(app: Sphinx) -> dict[str, Any]:
    from booklet.patches.sphinx import patch_search_index
    from booklet.sphinxext import transforms
    from booklet.sphinxext.printbuilder import PrintHTMLBuilder

    patch_search_index()
    transforms.setup(app)
    app.connect("env-get-outdated", _reread_for_catalogs)
    app.connect("env-get-outdated", _reread_for_site)
    before_read, updated = _write_every_page(set())
    app.connect("env-before-read-docs", before_read)
    app.connect("env-get-updated", updated)
    # Set by booklet.engine.sphinxjob; empty (no cache) for a plain sphinx-build. No effect on the output.
    app.add_config_value("booklet_template_cache", "", "", types=frozenset({str}))
    app.connect("builder-inited", _template_cache)
    app.add_html_theme("booklet", str(THEMES / "booklet"))
    app.add_html_theme("booklet-print", str(THEMES / "booklet-print"))
    app.add_builder(PrintHTMLBuilder)
    app.add_config_value("booklet_date", "", "html", str)  # ISO date of the day the booklet commemorates
    app.add_config_value("booklet_emblem", "", "html", str)  # the cover's emblem: a file name in _static
    app.add_config_value("booklet_emblem_alt", "", "html", str)  # its text alternative (translated)
    app.add_config_value("booklet_author", "", "html", str)  # PDF author metadata (a name: not translated)
    # The site: languages, downloads and colophon for the theme; the interface strings for its scripts.
    app.setup_extension("booklet.sphinxext.pagecontext")
    app.setup_extension("booklet.sphinxext.uistrings")
    app.setup_extension("booklet.sphinxext.epubbuilder")  # the e-book edition (booklet.rendering.epub)
    app.setup_extension("booklet.sphinxext.extraction")  # translator notes, contexts, passages kept as-is
    app.setup_extension("booklet.sphinxext.typesetting")  # names, last words, footnotes, display lines
    app.setup_extension("booklet.sphinxext.colophon")  # a colophon line with no value in an edition: left out
    app.setup_extension("booklet.sphinxext.search")  # az and ru search: case, diacritics, ё
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
