"""`booklet add-language LANG` and `booklet remove-language LANG`: an edition end to end (config, catalogs;
then `booklet build` builds it, or leaves its outputs behind it).

A code is taken when Babel knows it (Sphinx takes its dates, and the project its plural rules and names,
from Babel) in a form Sphinx's and gettext's lookups understand: a language, an optional script, an
optional region (de, pt_BR, sr_Latn, zh_CN). Sphinx takes any such code; where it has no interface
catalog for it (as for az) the project's sphinx.po gives the strings.

pyproject.toml is edited as text (comments and layout stay as they are: only the `languages` list of
[tool.booklet], and on removal the language's [tool.booklet.names] line, change), written atomically, then
parsed again with tomllib to prove the edit is exactly the one intended; otherwise the original file is
restored.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tomllib
from pathlib import Path

from booklet.config import LANG_RE, Config, ConfigError, load

_SECTION = re.compile(r"^\[tool\.booklet\][ \t]*$", re.MULTILINE)
_NEXT_SECTION = re.compile(r"^\[", re.MULTILINE)
_LANGUAGES = re.compile(r"^(languages[ \t]*=[ \t]*\[)(.*?)(\])", re.MULTILINE | re.DOTALL)


class AddLanguageError(Exception):
    pass


def edit_languages(text: str, lang: str) -> str:
    """The pyproject text with `lang` appended to [tool.booklet] languages."""
    section = _SECTION.search(text)
    if not section:
        raise AddLanguageError("pyproject.toml has no [tool.booklet] section")
    end_match = _NEXT_SECTION.search(text, section.end())
    end = end_match.start() if end_match else len(text)
    match = _LANGUAGES.search(text, section.end(), end)
    if not match:
        raise AddLanguageError("[tool.booklet] has no `languages = [...]` list")
    items = match.group(2).rstrip()
    comma = "" if not items.strip() or items.endswith(",") else ", "
    new_items = f'{items}{comma}"{lang}"'
    return text[: match.start(2)] + new_items + text[match.end(2) :]


def check_code(lang: str) -> None:
    """Raise AddLanguageError, with the nearest codes Babel knows, unless `lang` is a code to build."""
    from babel import Locale, UnknownLocaleError, localedata

    shape = LANG_RE.match(lang) is not None
    try:
        known = shape and Locale.parse(lang) is not None
    except (UnknownLocaleError, ValueError):
        known = False
    if known:
        return
    near = difflib.get_close_matches(
        lang.replace("-", "_").replace("@latin", "_Latn"), localedata.locale_identifiers(), 4
    )
    hint = f" Did you mean {', '.join(near)}?" if near else ""
    if not shape:
        raise AddLanguageError(
            f"{lang!r} is not a language code: a language, then an optional script and region, joined by `_`"
            f" (de, pt_BR, sr_Latn).{hint}"
        )
    raise AddLanguageError(
        f"{lang!r} is not a language Babel knows (Sphinx and the editions take dates, plural rules and "
        f"names from it).{hint}"
    )


def add_language(cfg: Config, lang: str) -> Config:
    """Add `lang` to the configuration and create its catalogs. Returns the new configuration."""
    check_code(lang)
    if lang in cfg.languages:
        raise AddLanguageError(f"{lang} is already configured: {', '.join(cfg.languages)}")
    original = cfg.pyproject.read_text(encoding="utf-8")
    edited = edit_languages(original, lang)
    return _save(cfg, original, edited, [*cfg.languages, lang])


def remove_language(cfg: Config, lang: str) -> tuple[Config, list[Path]]:
    """Remove `lang` from the configuration and delete its catalogs (`locales/<lang>/`). Returns the new
    configuration and the files removed. The language's outputs go with the next build (the engine
    publishes only configured languages)."""
    if lang not in cfg.languages:
        raise AddLanguageError(f"{lang} is not configured: {', '.join(cfg.languages)}")
    if lang == cfg.source_language:
        raise AddLanguageError(f"{lang} is the source language: it cannot be removed")
    original = cfg.pyproject.read_text(encoding="utf-8")
    edited = _without_name(_without_language(original, lang), lang)
    new_cfg = _save(cfg, original, edited, [code for code in cfg.languages if code != lang], drop_name=lang)
    folder = cfg.locales_dir / lang
    removed = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    if folder.is_dir() and not folder.is_symlink():
        shutil.rmtree(folder)
    elif folder.is_symlink():
        folder.unlink()
    return new_cfg, removed


def _without_language(text: str, lang: str) -> str:
    section = _SECTION.search(text)
    if not section:
        raise AddLanguageError("pyproject.toml has no [tool.booklet] section")
    end_match = _NEXT_SECTION.search(text, section.end())
    match = _LANGUAGES.search(text, section.end(), end_match.start() if end_match else len(text))
    if not match:
        raise AddLanguageError("[tool.booklet] has no `languages = [...]` list")
    items = re.sub(rf'(\s*,)?\s*"{re.escape(lang)}"\s*(,)?', _drop_item, match.group(2), count=1)
    return text[: match.start(2)] + items + text[match.end(2) :]


def _drop_item(match: re.Match[str]) -> str:
    return "," if match.group(1) and match.group(2) else ""


def _without_name(text: str, lang: str) -> str:
    section = re.search(r"^\[tool\.booklet\.names\][ \t]*$", text, re.MULTILINE)
    if not section:
        return text
    end_match = _NEXT_SECTION.search(text, section.end())
    end = end_match.start() if end_match else len(text)
    body = re.sub(
        rf'^[ \t]*"?{re.escape(lang)}"?[ \t]*=.*\n?', "", text[section.end() : end], flags=re.MULTILINE
    )
    return text[: section.end()] + body + text[end:]


def _save(cfg: Config, original: str, edited: str, languages: list[str], drop_name: str = "") -> Config:
    path: Path = cfg.pyproject
    try:
        after = tomllib.loads(edited)
    except tomllib.TOMLDecodeError as exc:
        raise AddLanguageError(f"{path}: the edit would not parse ({exc}); file left unchanged") from exc
    expected = tomllib.loads(original)
    expected["tool"]["booklet"]["languages"] = languages
    expected["tool"]["booklet"].get("names", {}).pop(drop_name, None)
    if after != expected:
        raise AddLanguageError(f"{path}: the edit would change more than the languages; file left unchanged")
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(edited, encoding="utf-8")
    tmp.replace(path)
    try:
        new_cfg = load(cfg.root, cfg.build_dir)
    except ConfigError as exc:
        path.write_text(original, encoding="utf-8")
        raise AddLanguageError(f"{exc}; file restored") from exc
    if list(new_cfg.languages) != languages:
        path.write_text(original, encoding="utf-8")
        raise AddLanguageError(f"{path}: the configuration did not read back as expected; restored")
    return new_cfg
