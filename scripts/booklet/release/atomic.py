"""Publish finished outputs without ever leaving a half-written one in place.

Sphinx builds into the language's work folder (kept between builds, so builds stay incremental); only when
the build succeeded is a copy of it swapped in for the published folder: the new copy is made beside it,
the old folder is renamed aside, the new one renamed in, the old one removed. An interrupted build leaves
the last good folder (or, between the two renames, its complete copy beside it, restored on the next run).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# Build bookkeeping Sphinx leaves in its output folder (its record of the configuration too): not published.
UNPUBLISHED = shutil.ignore_patterns(".doctrees", "__pycache__", ".buildinfo", ".buildinfo.bak")


def _aside(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}")


def recover(target: Path) -> None:
    """Undo an interrupted swap: bring back the old folder if the new one never made it in."""
    old, new = _aside(target, "old"), _aside(target, "new")
    if not target.exists() and old.is_dir():
        os.rename(old, target)
    for leftover in (old, new):
        if leftover.exists():
            shutil.rmtree(leftover)


def publish_tree(source: Path, target: Path) -> None:
    """Replace the folder `target` by a copy of `source`, as close to atomically as two renames allow."""
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    new, old = _aside(target, "new"), _aside(target, "old")
    shutil.copytree(source, new, ignore=UNPUBLISHED)
    if target.exists():
        os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    if old.exists():
        shutil.rmtree(old)


def write_atomic(target: Path, data: bytes, *, only_if_changed: bool = False) -> bool:
    """Write next to `target` and move into place, so a failure never leaves a half-written file.

    With `only_if_changed`, an identical file is left alone (its modification time too). Returns whether
    the file was written.
    """
    if (
        only_if_changed
        and target.is_file()
        and target.stat().st_size == len(data)
        and target.read_bytes() == data
    ):
        return False
    import tempfile  # here: a build with nothing to write need not import it

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
