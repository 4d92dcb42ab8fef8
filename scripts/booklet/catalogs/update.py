"""Extract the source messages (`make gettext`) and update each catalog from its template with Babel, the
way a translator wants it (`make update-po`).

Babel's Catalog.update keeps every translation; fuzzy matching marks a changed message fuzzy and keeps
its old msgid as `#|` lines (catalogs/writer.py writes the catalog, unwrapped, as msgcat --no-wrap
does). Messages the source no longer has stay as obsolete `#~` entries (a translation is never thrown
away). Template placeholders in the header (FIRST AUTHOR, YEAR-MO-DA, LL@li.org, ...) are replaced by
real values; real values are kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from booklet.catalogs import writer
from booklet.catalogs.files import CatalogRefused, check_catalog_file, pot_dir
from booklet.catalogs.reader import (
    CatalogUnreadable,
    PoCatalog,
    PoSyntaxError,
    placeholder_in,
    read_catalog,
)
from booklet.config import Config
from booklet.languages.names import display_name


def _locale(lang: str) -> str | None:
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return None
    return lang


def _tidy_header(catalog: Catalog, template: Catalog, lang: str) -> None:
    name = display_name(lang, "en")
    if not catalog.language_team or placeholder_in(catalog.language_team):
        catalog.language_team = f"{name} translators"
    if not catalog.last_translator or placeholder_in(catalog.last_translator):
        catalog.last_translator = template.last_translator
    if isinstance(catalog.revision_date, str) or placeholder_in(str(catalog.revision_date)):
        catalog.revision_date = template.creation_date
    if placeholder_in(catalog.header_comment):
        project = template.project or "the project"
        catalog.header_comment = (
            f"# {name} translation of {project}.\n# Same license as the {project} package."
        )
        catalog.fuzzy = False  # the template's fuzzy header: every placeholder is filled now


def _revive_obsolete(catalog: Catalog, template: Catalog) -> None:
    """A message the source has again comes back from `#~` with its translation. Babel's update would
    leave the obsolete entry beside a new empty one: a duplicate msgfmt refuses."""
    for key, message in list(catalog.obsolete.items()):
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if template.get(msgid, context=message.context) is not None:
            del catalog.obsolete[key]
            if catalog.get(msgid, context=message.context) is None:
                catalog[message.id] = message


def _keep_previous(catalog: Catalog, checked: PoCatalog) -> None:
    """Babel's update forgets the previous msgid of a message that is still fuzzy: keep it."""
    previous = {(e.msgctxt, e.msgid): e.previous_msgid for e in checked.entries if e.previous_msgid}
    for message in catalog:
        key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
        if message.id and message.fuzzy and not message.previous_id and key in previous:
            message.previous_id = [previous[key]]


def _same_but_date(old: bytes, new: bytes) -> bool:
    strip = re.compile(rb'^"POT-Creation-Date: [^"]*"\n', re.MULTILINE)
    return strip.sub(b"", old) == strip.sub(b"", new)


def update_file(pot: Path, target: Path, lang: str) -> str:
    """Create or update `target` from `pot`; returns "create", "update" or "notchanged"."""
    locale = _locale(lang)
    with pot.open("rb") as handle:
        template = read_po(handle, locale=locale)
    if target.exists():
        old = target.read_bytes()
        catalog, checked = writer.load(old, locale)
        _revive_obsolete(catalog, template)
        catalog.update(template, update_header_comment=False, keep_user_comments=True)
        _keep_previous(catalog, checked)
        for key in [k for k, m in catalog.obsolete.items() if not m.string or m.string == ("", "")]:
            del catalog.obsolete[key]  # an obsolete message without a translation keeps nothing worth keeping
        state = "update"
    else:
        old = b""
        with pot.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        catalog.locale = locale
        catalog.fuzzy = False
        state = "create"
    if locale is None:
        catalog.mime_headers = [("Language", lang)]  # Babel has no locale data: keep the code as given
    _tidy_header(catalog, template, lang)
    new = writer.render(catalog)
    if old and _same_but_date(old, new):
        return "notchanged"
    writer.write(target, new)
    return state


def extract(cfg: Config) -> list[str]:
    """Run Sphinx's gettext builder: the `.pot` templates under `_build/gettext`. Returns the warnings."""
    from booklet.engine.sphinxjob import run_sphinx

    result = run_sphinx(cfg, cfg.source_language, "gettext", pot_dir(cfg))
    return result.warnings


def update_catalogs(
    cfg: Config, languages: tuple[str, ...] | None = None
) -> tuple[dict[str, int], list[str]]:
    """Create or update `locales/<lang>/LC_MESSAGES/*.po` from the templates (the sphinx-intl layout).

    Unlike `sphinx-intl update`, a changed source message keeps its translation as fuzzy with the previous
    msgid (`#|` lines), and a catalog whose messages did not change is not rewritten (no new
    POT-Creation-Date), so two runs in a row leave `git diff` empty. A catalog that does not parse is left
    alone and reported: rewriting it could lose translations. Returns counts and problems.
    """
    counts = {"create": 0, "update": 0, "notchanged": 0}
    problems: list[str] = []
    for lang in languages or cfg.translations:
        for pot in sorted(pot_dir(cfg).rglob("*.pot")):
            target = cfg.locales_dir / lang / "LC_MESSAGES" / pot.relative_to(pot_dir(cfg)).with_suffix(".po")
            if target.exists() or target.is_symlink():
                try:
                    check_catalog_file(target, cfg.root)
                except CatalogRefused as exc:
                    problems.append(f"{target}:1: error: file: {exc}")
                    continue
                try:
                    read_catalog(target)
                except CatalogUnreadable as exc:
                    problems.append(f"{target}:1: error: syntax: {exc}")
                    continue
                except PoSyntaxError as exc:
                    problems.append(f"{target}:{exc.line}: error: syntax: {exc.message}")
                    continue
            counts[update_file(pot, target, lang)] += 1
    return counts, problems
