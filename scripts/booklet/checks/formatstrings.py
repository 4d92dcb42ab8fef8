"""The `format` check: an entry flagged c-format, python-format or python-brace-format keeps its
msgid's arguments, as `msgfmt --check` requires (Sphinx fills its interface strings with `%` and
`str.format`: a dropped or renamed argument stops the build or prints the wrong value)."""

from __future__ import annotations

from booklet.catalogs.reader import PoCatalog
from booklet.catalogs.validate import plural_rule, problems_of_formats
from booklet.checks.findings import Context, Finding


def check_format_strings(ctx: Context, catalog: PoCatalog) -> list[Finding]:
    rule, _problem = plural_rule(catalog)  # a refused rule is the header check's error
    return [ctx.error(p.line, "format", p.message) for p in problems_of_formats(catalog, rule)]
