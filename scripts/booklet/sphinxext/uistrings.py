"""The site's interface strings in the browser: `_static/translations.js` from the project's `sphinx.po`.

Sphinx translates its templates from a project's `locales/<lang>/LC_MESSAGES/sphinx.po` (compiled to .mo and
merged over its built-in catalog), but its scripts (search results, "Hide Search Matches") read
`translations.js`, which Sphinx only copies from a prebuilt `sphinx.js`: none exists for a language Sphinx
does not ship (az), and the built-in one of ru leaves the search summary empty. So when the project has a
`sphinx.po` for the language, this writes `translations.js` from its compiled messages (`ui.json`, made by
catalogs/compile.py from the checked catalog), over the built-in messages.

Every language (the source too) gets it with the site's own wording where Sphinx's speaks of something this
site does not have: the search's "no results" message names this site, not "categories".
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from sphinx.application import Sphinx
from sphinx.locale import __file__ as _sphinx_locale_init

BUILTIN = Path(_sphinx_locale_init).parent
PLURAL_EXPR = re.compile(r"[n0-9\s()?:!=<>&|%+*/-]+")
# Sphinx's message (searchtools.js) -> the site's own, translated in the project's sphinx.po.
NO_RESULTS = (
    "Your search did not match any documents. Please make sure that all words are spelled correctly and "
    "that you've selected enough categories."
)
OVERRIDES = {
    NO_RESULTS: "Nothing on this site matches your search. Check the spelling, or try other or fewer words."
}


class UICatalogError(Exception):
    """The project's interface catalog cannot become the scripts' translations; names file and line."""


def project_messages(app: Sphinx) -> Path | None:
    """The compiled interface strings of the language built (catalogs/compile.py: `ui.json` beside the
    `.mo` files, made from the checked catalog), or None when the project has none."""
    for folder in app.config.locale_dirs:
        path = Path(app.confdir, folder, "ui.json")
        if path.is_file() and json.loads(path.read_text(encoding="utf-8"))["messages"]:
            return path
    return None


@cache  # read once per process (the file ships with Sphinx); each use copies it
def _builtin_messages(lang: str) -> dict[str, Any]:
    """Sphinx's own catalog for the language (trusted: it ships with Sphinx), its theme messages only."""
    out: dict[str, Any] = {}
    builtin = BUILTIN / lang / "LC_MESSAGES" / "sphinx.po"
    if not builtin.is_file():
        return out
    with builtin.open("rb") as handle:
        catalog: Catalog = read_po(handle, locale=lang)
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if not any(loc.endswith((".js", ".html")) for loc, _line in message.locations):
            continue
        if isinstance(message.id, tuple | list):
            forms = list(message.string or ())
            if forms and all(forms):
                out[message.id[0]] = forms
        elif message.string:
            out[message.id] = message.string
    return out


def translations_js(ui_json: Path | None, lang: str) -> str:
    project = json.loads(ui_json.read_text(encoding="utf-8")) if ui_json else {"messages": {}}
    messages = dict(_builtin_messages(lang))
    messages.update(project["messages"])
    for sphinx_id, ours in OVERRIDES.items():
        messages[sphinx_id] = project["messages"].get(ours, ours)
    match = re.search(r"plural\s*=\s*(.+?);?\s*$", project.get("plural_forms") or "")
    expr = match.group(1) if match else get_plural(lang).plural_expr
    # The browser evaluates it as code: a translation is untrusted, so only C's plural arithmetic passes.
    if not PLURAL_EXPR.fullmatch(expr):
        raise UICatalogError(f"{lang}: sphinx.po: error: Plural-Forms: not a plural expression: {expr!r}")
    # JavaScript indexes an array with it: a C boolean such as `(n != 1)` must become a number there.
    plural_expr = f"Number({expr})"
    body = json.dumps(
        {"locale": lang, "messages": messages, "plural_expr": plural_expr}, indent=1, sort_keys=True
    )
    return f"Documentation.addTranslations({body});\n"


def _write(app: Sphinx) -> None:
    target = Path(app.outdir, "_static", "translations.js")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(translations_js(project_messages(app), app.config.language or "en"), encoding="utf-8")


def builder_inited(app: Sphinx) -> None:
    if app.builder.name != "html":
        return
    # Sphinx adds the script itself only when it found a prebuilt sphinx.js; add_js_file ignores duplicates.
    app.add_js_file("translations.js")
    # Written before the pages, whose links carry the checksum of the file found then: a clean build and an
    # incremental one so link the same file.
    _write(app)


def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Again at the end: Sphinx copies its own translations.js over it (when it has one) meanwhile."""
    if not exception and app.builder.name == "html":
        _write(app)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", builder_inited)
    app.connect("build-finished", build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
