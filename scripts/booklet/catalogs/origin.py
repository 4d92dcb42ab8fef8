"""Where a catalog's messages come from, by their source references (`#: path:line`).

The MyST rules (markup, injection) describe messages extracted from Markdown. A catalog whose every
reference names another kind of source (reStructuredText documents, Python or template code, as in
Sphinx's own catalogs) is not held to them. A catalog without references is taken as MyST: the
project's own catalogs have no reason to lose the rules, and the build's preflight applies them to every
catalog it compiles whatever its references say.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from booklet.catalogs.reader import PoCatalog

MYST_SUFFIXES = frozenset({".md", ".markdown", ".myst"})


def reference_suffixes(catalog: PoCatalog) -> set[str]:
    suffixes = set()
    for entry in catalog.entries:
        for reference in entry.references:
            path = reference.rsplit(":", 1)[0] if reference.rsplit(":", 1)[-1].isdigit() else reference
            suffixes.add(PurePosixPath(path).suffix.lower())
    return suffixes


def is_myst(catalog: PoCatalog) -> bool:
    """Whether the MyST rules apply: some reference is a Markdown file, or there is no reference."""
    suffixes = reference_suffixes(catalog)
    return not suffixes or bool(suffixes & MYST_SUFFIXES)
