"""Sphinx's search index keeps a word that only a rebuilt page had as an empty entry (`"word":[]`), so a
rebuild after a translator's edit would differ from a clean build of the same text: `IndexBuilder.prune` is
wrapped to drop such words (the rebuilt page is fed again right after). Installed by the extension's set-up
in a Sphinx process, which builds one language and ends."""

from __future__ import annotations

from typing import Any

from booklet.patches import require

MADE_FOR = "9.0.4"


def _prune_dropping_gone_words(self: Any, docnames: Any) -> None:
    _SPHINX_PRUNE(self, docnames)
    for mapping in (self._mapping, self._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]


def patch_search_index() -> None:
    global _SPHINX_PRUNE
    import sphinx
    from sphinx.search import IndexBuilder

    require("Sphinx", sphinx.__version__, MADE_FOR)
    if IndexBuilder.prune is not _prune_dropping_gone_words:
        _SPHINX_PRUNE = IndexBuilder.prune
        IndexBuilder.prune = _prune_dropping_gone_words  # type: ignore[method-assign]


_SPHINX_PRUNE: Any = None


def forget_translations(domains: Any = None) -> None:
    """Drop what a process keeps of the catalogs it read: `sphinx.locale.init` merges a catalog it reads
    again under the one it has (the old messages win), and gettext caches each `.mo` by its path. `domains`:
    only these documents' catalogs (a warm application building again); None: every catalog but the
    console's (a new application in a process that had one)."""
    import gettext

    import sphinx
    from sphinx import locale

    require("Sphinx", sphinx.__version__, MADE_FOR)
    for namespace, catalog in list(locale.translators):
        if namespace == "general" and (domains is None or catalog in domains):
            del locale.translators[namespace, catalog]
    gettext._translations.clear()  # type: ignore[attr-defined]


def prepare_rebuild(app: Any) -> None:
    """Before a warm application builds again: the doctrees it read last time are cached as they were
    (Sphinx's own test application clears this cache too), and its warning count and status are the last
    build's."""
    import sphinx

    require("Sphinx", sphinx.__version__, MADE_FOR)
    app.env._pickled_doctree_cache.clear()
    app._warncount = 0
    app.statuscode = 0
