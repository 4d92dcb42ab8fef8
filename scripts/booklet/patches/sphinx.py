"""Sphinx 9.0's search index keeps a word that only a rebuilt page had as an empty entry (`"word":[]`), so a
rebuild after a translator's edit would differ from a clean build of the same text: `IndexBuilder.prune`
wrapped to drop such words (the rebuilt page is fed again right after)."""

from __future__ import annotations

from typing import Any


def _prune_dropping_gone_words(self: Any, docnames: Any) -> None:
    """IndexBuilder.prune, which keeps a word that only a rebuilt page had as an empty entry (`"word":[]`)
    in the search index: a rebuild after a translator's edit would differ from a clean build of the same
    text. Drop such words (the rebuilt page is fed again right after)."""
    _SPHINX_PRUNE(self, docnames)
    for mapping in (self._mapping, self._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]


def _patch_search_index() -> None:
    global _SPHINX_PRUNE
    from sphinx.search import IndexBuilder

    if IndexBuilder.prune is not _prune_dropping_gone_words:
        _SPHINX_PRUNE = IndexBuilder.prune
        IndexBuilder.prune = _prune_dropping_gone_words  # type: ignore[method-assign]


_SPHINX_PRUNE: Any = None
