"""Header values are plain text: the `header` check of each field's value, and the credits the source edition
prints from every translation's headers.

The credit fields (Last-Translator, Language-Team) become every edition's colophon, the source edition's
included: they are printed as escaped text, and what catalogs/headers.value_problem refuses (control and
invisible characters, absurd lengths) stops the build of each edition that would print it.
"""

from __future__ import annotations

from booklet.catalogs.files import CatalogRefused, check_catalog_file, po_files
from booklet.catalogs.headers import CREDIT_FIELDS, value_problem
from booklet.catalogs.reader import PLACEHOLDERS, CatalogUnreadable, PoCatalog, PoSyntaxError, read_catalog
from booklet.checks.findings import Context, Finding
from booklet.config import Config


def check_fields(ctx: Context, catalog: PoCatalog) -> list[Finding]:
    """Every header value passes value_problem (placeholders are check_header's)."""
    line = catalog.header_line or 1
    found = []
    for name, value in catalog.header.items():
        problem = value_problem(name, value)
        if problem:
            found.append(ctx.error(line, "header", problem))
    return found


def credit_problems(cfg: Config) -> list[str]:
    """`path:line: error: header: ...` for every credit value of every translation that the source edition
    would print but may not. A catalog that cannot be read or parsed gives none here: its credits are not
    printed at all (catalogs/headers.credits), and its own language's preflight reports it."""
    problems = []
    for po in po_files(cfg):
        try:
            check_catalog_file(po, cfg.root)
            catalog = read_catalog(po)
        except (OSError, CatalogRefused, CatalogUnreadable, PoSyntaxError):
            continue
        where = po.relative_to(cfg.root).as_posix() if po.is_relative_to(cfg.root) else str(po)
        for name in CREDIT_FIELDS:
            value = catalog.header.get(name, "").strip()
            if not value or any(p in value for p in PLACEHOLDERS):
                continue  # a template's placeholder is never printed (credits() passes over it)
            problem = value_problem(name, value)
            if problem:
                problems.append(f"{where}:{catalog.header_line or 1}: error: header: {problem}")
    return problems
