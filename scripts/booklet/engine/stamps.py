"""Content-hash stamps: decide, before any worker is spawned, which languages and stages are up to date.

A stage of a language is skipped when the digest of every input it reads (docs sources, that language's
catalogs, the booklet package with its themes, the [tool.booklet] configuration, the pinned dependency set,
the build date) equals the digest recorded when that stage last succeeded, and its output is still there.
Contents, not timestamps, decide: a `git checkout` or a touch does not force a rebuild, a same-second edit
does.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

import booklet
from booklet.config import Config, build_timestamp

STAMP_FILE = "stamps.json"
DIRTY = ".building"  # in a language's work folder while Sphinx writes there
# Written by the build itself (Sphinx compiles .po into .mo next to them) or by Python: never inputs.
IGNORED_DIRS = {"__pycache__", "_build", ".git"}
IGNORED_SUFFIXES = {".mo", ".pyc"}

# The file whose presence proves a stage's output exists; a stage not listed here only needs its stamp.
OUTPUTS: dict[str, Callable[[Config, str], Path]] = {
    "html": lambda cfg, lang: cfg.html_dir(lang) / "index.html",
    "pdf": lambda cfg, lang: cfg.pdf_path(lang),
    "print": lambda cfg, lang: cfg.build_dir / "print" / f"{cfg.name}-{lang}-imposed.pdf",  # made last
}


def tree_files(top: Path) -> list[Path]:
    """Every input file under `top`, in a stable order."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
        found.extend(Path(folder) / f for f in sorted(files) if Path(f).suffix not in IGNORED_SUFFIXES)
    return found


def _hash_files(digest: hashlib._Hash, base: Path, files: Iterable[Path]) -> None:
    for path in files:
        digest.update(str(path.relative_to(base)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


@functools.cache
def epoch(root: Path) -> int:
    """The build date (one `git log` per build, not one per caller)."""
    return build_timestamp(root)


def common_digest(cfg: Config) -> str:
    """The inputs every language shares."""
    digest = hashlib.sha256(b"booklet-stamps-1\0")
    _hash_files(digest, cfg.docs_dir, tree_files(cfg.docs_dir))
    package = Path(booklet.__file__).parent
    _hash_files(digest, package, tree_files(package))
    data = tomllib.loads(cfg.pyproject.read_text(encoding="utf-8"))
    settings = {
        "booklet": data.get("tool", {}).get("booklet"),
        "version": data.get("project", {}).get("version"),
    }
    digest.update(json.dumps(settings, sort_keys=True).encode())
    lock = cfg.root / "requirements.lock"
    digest.update(lock.read_bytes() if lock.is_file() else b"")
    digest.update(sys.version.encode())
    digest.update(str(epoch(cfg.root)).encode())
    return digest.hexdigest()


def language_digest(cfg: Config, lang: str, common: str) -> str:
    """The inputs of one language: the shared ones plus that language's catalogs only."""
    digest = hashlib.sha256(common.encode() + b"\0" + lang.encode() + b"\0")
    catalogs = cfg.locales_dir / lang
    if catalogs.is_dir():
        _hash_files(digest, catalogs, tree_files(catalogs))
    return digest.hexdigest()


def _stamp_path(cfg: Config, lang: str) -> Path:
    return cfg.work_dir(lang) / STAMP_FILE


def read(cfg: Config, lang: str) -> dict[str, str]:
    try:
        data = json.loads(_stamp_path(cfg, lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def record(cfg: Config, lang: str, stages: Iterable[str], digest: str) -> None:
    """Remember that these stages succeeded for inputs with this digest."""
    from booklet.release.atomic import write_atomic

    stamps = read(cfg, lang)
    stamps.update({stage: digest for stage in stages})
    write_atomic(_stamp_path(cfg, lang), json.dumps(stamps, sort_keys=True, indent=1).encode())


def forget(cfg: Config, lang: str, stages: Iterable[str]) -> None:
    stamps = read(cfg, lang)
    popped = [stamps.pop(stage, None) for stage in stages]  # every one (any() would stop at the first)
    if any(value is not None for value in popped):
        from booklet.release.atomic import write_atomic

        write_atomic(_stamp_path(cfg, lang), json.dumps(stamps, sort_keys=True, indent=1).encode())


def stale_stages(cfg: Config, lang: str, stages: Iterable[str], digest: str) -> tuple[str, ...]:
    """The stages of `lang` that must run: inputs changed since their last success, or output missing. All
    of them when its work folder is left from a killed build: the worker discards it, with the print HTML
    that the parallel edition reads, so no stage may count on it."""
    if (cfg.work_dir(lang) / DIRTY).exists():
        return tuple(stages)
    stamps = read(cfg, lang)
    stale = []
    for stage in stages:
        output = OUTPUTS.get(stage)
        if stamps.get(stage) != digest or (output is not None and not output(cfg, lang).is_file()):
            stale.append(stage)
    return tuple(stale)


def plan(
    cfg: Config,
    languages: Iterable[str],
    stages: Iterable[str],
    extra: dict[str, str] | None = None,
    common: str | None = None,
) -> dict[str, tuple[tuple[str, ...], str]]:
    """For each language: the stages to run and the input digest they run for. `extra` holds further
    inputs per language that are not files (e.g. which PDFs the site links)."""
    common = common or common_digest(cfg)
    wanted = tuple(stages)
    result: dict[str, tuple[tuple[str, ...], str]] = {}
    for lang in languages:
        digest = language_digest(cfg, lang, common + "\0" + (extra or {}).get(lang, ""))
        result[lang] = (stale_stages(cfg, lang, wanted, digest), digest)
    return result


def tree_digest(top: Path) -> str:
    """The digest of every file under `top` (names and contents)."""
    digest = hashlib.sha256()
    _hash_files(digest, top, tree_files(top))
    return digest.hexdigest()


def parallel_digest(common: str, print_dirs: Iterable[Path]) -> str:
    """The inputs of the parallel edition: the shared inputs (`common_digest`: the package among them) and
    every language's print HTML with its files."""
    digest = hashlib.sha256(b"booklet-parallel-2\0" + common.encode())
    for folder in print_dirs:
        digest.update(str(folder).encode() + b"\0" + tree_digest(folder).encode())
    return digest.hexdigest()
