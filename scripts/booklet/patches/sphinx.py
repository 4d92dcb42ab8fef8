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
