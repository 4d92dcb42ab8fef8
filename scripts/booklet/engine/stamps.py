"""Content stamps: for each task, the digest of its declared inputs when it last succeeded, with what it gave
back (its output's digest and data). Contents decide, never timestamps: a checkout or a touch rebuilds
nothing, a same-second edit does. Written atomically after every change, so a killed build keeps the stamps of
the tasks that finished (a task's stamp is dropped when it starts: engine/graph.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

from booklet.engine.graph import Outcome
from booklet.release.atomic import write_atomic

# Written by Python or by the build itself: never inputs.
IGNORED_DIRS = {"__pycache__", "_build", ".git", ".hypothesis"}
IGNORED_SUFFIXES = {".pyc"}


class StampStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.entries: dict[str, dict[str, object]] = data if isinstance(data, dict) else {}

    def fresh(self, key: str, digest: str) -> Outcome | None:
        entry = self.entries.get(key)
        if not isinstance(entry, dict) or entry.get("inputs") != digest:
            return None
        data = entry.get("data")
        return Outcome(digest=str(entry.get("output", "")), data=data if isinstance(data, dict) else {})

    def record(self, key: str, digest: str, outcome: Outcome) -> None:
        self.entries[key] = {"inputs": digest, "output": outcome.digest, "data": outcome.data}
        self._save()

    def forget(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self._save()

    def _save(self) -> None:
        write_atomic(self.path, json.dumps(self.entries, sort_keys=True, indent=1).encode())


def tree_files(top: Path) -> list[Path]:
    """Every input file under `top`, in a stable order."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
        found.extend(Path(folder) / f for f in sorted(files) if Path(f).suffix not in IGNORED_SUFFIXES)
    return found


def files_digest(base: Path, files: Iterable[Path], read: Callable[[Path], bytes] | None = None) -> str:
    """The digest of `files` (their names under `base` and contents); `read` gives a file's own digest
    (catalogs are untrusted: catalogs/files.input_digest never follows a link nor reads a device)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(base)).encode() + b"\0")
        digest.update(read(path) if read else hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def tree_digest(top: Path, read: Callable[[Path], bytes] | None = None) -> str:
    """The digest of every file under `top` (names and contents); of nothing when it does not exist."""
    return files_digest(top, tree_files(top), read) if top.is_dir() else hashlib.sha256().hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def as_data(outcome: Outcome) -> dict[str, object]:
    return asdict(outcome)
