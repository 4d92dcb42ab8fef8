"""The translation catalogs: extract the source messages and create or update each language's `.po` files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from booklet.config import Config
from booklet.pofile import PoCatalog, PoSyntaxError, parse

if TYPE_CHECKING:
    from booklet.checks import Finding

LINE_WIDTH = 79


def pot_dir(cfg: Config) -> Path:
    return cfg.build_dir / "gettext"


def extract(cfg: Config) -> list[str]:
    """Run Sphinx's gettext builder: the `.pot` templates under `_build/gettext`. Returns the warnings."""
    from booklet.sphinxrun import run_sphinx

    result = run_sphinx(cfg, cfg.source_language, "gettext", pot_dir(cfg))
    return result.warnings


def update(cfg: Config, languages: tuple[str, ...] | None = None) -> tuple[dict[str, int], list[str]]:
    """Create or update `locales/<lang>/LC_MESSAGES/*.po` from the templates (the sphinx-intl layout).

    Unlike `sphinx-intl update`, a changed source message keeps its translation as fuzzy with the previous
    msgid (`#|` lines), and a catalog whose messages did not change is not rewritten (no new
    POT-Creation-Date), so two runs in a row leave `git diff` empty. A catalog that does not parse is left
    alone and reported: rewriting it could lose translations. Returns counts and problems.
    """
    from booklet import catalog_update

    counts = {"create": 0, "update": 0, "notchanged": 0}
    problems: list[str] = []
    for lang in languages or cfg.translations:
        for pot in sorted(pot_dir(cfg).rglob("*.pot")):
            target = cfg.locales_dir / lang / "LC_MESSAGES" / pot.relative_to(pot_dir(cfg)).with_suffix(".po")
            if target.exists():
                try:
                    catalog, found = read_catalog(target)
                except CatalogUnreadable as exc:
                    problems.append(f"{target}:1: error: syntax: {exc}")
                    continue
                if catalog is None:
                    problems.extend(str(f) for f in found)
                    continue
            counts[catalog_update.update_file(pot, target, lang)] += 1
    return counts, problems


def po_files(cfg: Config, lang: str | None = None) -> list[Path]:
    langs = [lang] if lang else list(cfg.translations)
    files: list[Path] = []
    for code in langs:
        files.extend(sorted((cfg.locales_dir / code / "LC_MESSAGES").glob("*.po")))
    return files


class CatalogUnreadable(Exception):
    """The file cannot be read at all (missing, a folder, no permission)."""


MAX_BYTES = 5 * 1024 * 1024  # a whole book's catalog is a few hundred kB; bigger is a mistake or an attack


def read_catalog(path: Path, display: str | None = None) -> tuple[PoCatalog | None, list[Finding]]:
    """Read and strictly parse one catalog. Problems come back as `syntax` findings naming file and line.

    Decided: CRLF line ends are accepted (gettext, Babel and Sphinx read them; `make update-po` writes LF);
    a UTF-8 byte order mark is rejected (Babel reads it into the first line and the header is lost).
    """
    from booklet.checks import ERROR, Finding

    name = display or str(path)

    def problem(line: int, message: str) -> tuple[None, list[Finding]]:
        return None, [Finding(name, line, ERROR, "syntax", message)]

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return problem(
                1,
                f"the file is {size / 1048576:.1f} MB, over the {MAX_BYTES // 1048576} MB catalog limit",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogUnreadable(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        return problem(1, "the file is empty: a catalog needs at least its header entry")
    if data.startswith(b"\xef\xbb\xbf"):
        return problem(1, "the file starts with a byte order mark (BOM): save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return problem(line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): save the file as UTF-8")
    text = text.replace("\r\n", "\n")
    if "\r" in text:
        return problem(
            text.count("\n", 0, text.index("\r")) + 1, "a bare carriage return (CR): use LF or CRLF line ends"
        )
    if "\x00" in text:
        return problem(text.count("\n", 0, text.index("\x00")) + 1, "a NUL byte: this is not a text file")
    try:
        return parse(text), []
    except PoSyntaxError as exc:
        return problem(exc.line, exc.message)


def preflight(cfg: Config, lang: str) -> list[str]:
    """Problems that must stop this language's build before Sphinx reads its catalogs.

    Each is a compiler-style line, `path:line: error: id: message`: the catalog does not parse, or a
    translation injects raw HTML, a directive, a role, a link or an image its source message does not have.
    The source language has no catalogs.
    """
    from booklet.checks import ERROR, PREFLIGHT, CheckError, check_file, check_markup, display_path

    if lang == cfg.source_language:
        return []
    problems: list[str] = []
    for po in po_files(cfg, lang):
        try:
            # syntax comes from reading; injection from the markup check: the rest is the checker's job
            findings = check_file(po, display_path(po, cfg.root), [], cfg.source_language, (check_markup,))
        except CheckError as exc:
            problems.append(f"{po}:1: error: syntax: {exc}")
            continue
        problems.extend(str(f) for f in findings if f.severity == ERROR and f.check in PREFLIGHT)
    return problems
