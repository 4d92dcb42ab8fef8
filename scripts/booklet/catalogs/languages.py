"""`booklet add-language LANG`: a new edition end to end: config, catalogs (then `booklet build` builds it).

pyproject.toml is edited as text (comments and layout stay as they are: only the `languages` list of
[tool.booklet] changes), written atomically, then parsed again with tomllib to prove the edit is exactly
the one intended; otherwise the original file is restored.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from booklet.config import LANG_RE, Config, load

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


def add_language(cfg: Config, lang: str) -> Config:
    """Add `lang` to the configuration and create its catalogs. Returns the new configuration."""
    if not LANG_RE.match(lang):
        raise AddLanguageError(f"{lang!r} is not a language code (like de, pt_BR)")
    if lang in cfg.languages:
        raise AddLanguageError(f"{lang} is already configured: {', '.join(cfg.languages)}")
    path: Path = cfg.pyproject
    original = path.read_text(encoding="utf-8")
    before = tomllib.loads(original)
    edited = edit_languages(original, lang)
    try:
        after = tomllib.loads(edited)
    except tomllib.TOMLDecodeError as exc:
        raise AddLanguageError(f"{path}: the edit would not parse ({exc}); file left unchanged") from exc
    expected = before
    expected["tool"]["booklet"]["languages"] = [*before["tool"]["booklet"]["languages"], lang]
    if after != expected:
        raise AddLanguageError(f"{path}: the edit would change more than the languages; file left unchanged")
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(edited, encoding="utf-8")
    tmp.replace(path)
    new_cfg = load(cfg.root, cfg.build_dir)
    if new_cfg.languages != (*cfg.languages, lang):
        path.write_text(original, encoding="utf-8")
        raise AddLanguageError(f"{path}: the configuration did not read back as expected; restored")
    return new_cfg
