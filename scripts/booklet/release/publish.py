"""Publish a language's outputs all together, or not at all.

Everything a language publishes (its site with the PDFs it offers, its reading edition, its print editions)
is first copied into a staging folder of the build folder (`_build/.stage/<name>/`), never into a published
folder. Only when every copy is complete are they moved into place, by renames, which need no disk space: a
full disk or a read-only folder fails the copy, the staging folder is removed, and the last good outputs
stay as they were. A journal written before the renames lets the next build finish a set that a crash
interrupted halfway, so a published set is never a mix of two builds.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from booklet.release.atomic import UNPUBLISHED

JOURNAL = "journal.json"


class PublishError(Exception):
    """The outputs could not be written; nothing was published. The message says where and why."""


@dataclass(frozen=True)
class Item:
    source: Path  # a file or a folder (a folder replaces the target folder as a whole)
    target: Path
    extra: tuple[tuple[Path, str], ...] = ()  # files added into a folder item: (source, relative name)
    finish: Callable[[Path], None] | None = None  # then run on the staged copy (e.g. sizes into its pages)


def stage_dir(build_dir: Path, name: str) -> Path:
    return build_dir / ".stage" / name


def publish(build_dir: Path, name: str, items: Iterable[Item], remove: Iterable[Path] = ()) -> list[Path]:
    """Copy every item into staging, then move them all into place and delete `remove`; returns the
    targets. Raises PublishError (nothing published) when anything cannot be written."""
    items = list(items)
    stage = stage_dir(build_dir, name)
    recover(build_dir, name)
    try:
        stage.mkdir(parents=True)
        staged = []
        for i, item in enumerate(items):
            copy = stage / f"{i}-{item.target.name}"
            if item.source.is_dir():
                shutil.copytree(item.source, copy, ignore=UNPUBLISHED)
                for source, relative in item.extra:
                    (copy / relative).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, copy / relative)
                if item.finish is not None:
                    item.finish(copy)
            else:
                shutil.copyfile(item.source, copy)
            os.chmod(copy, 0o755 if item.source.is_dir() else 0o644)
            staged.append((copy, item.target))
        for _copy, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
        journal = {"moves": [[str(c), str(t)] for c, t in staged], "remove": [str(p) for p in remove]}
        (stage / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise PublishError(_explain(exc)) from None
    _commit(stage)
    return [item.target for item in items]


def recover(build_dir: Path, name: str) -> None:
    """Finish a set whose renames a crash interrupted; drop a staging folder that never got that far."""
    stage = stage_dir(build_dir, name)
    if (stage / JOURNAL).is_file():
        _commit(stage)
    elif stage.exists():
        shutil.rmtree(stage)


def _commit(stage: Path) -> None:
    journal = json.loads((stage / JOURNAL).read_text(encoding="utf-8"))
    trash = stage / "old"
    trash.mkdir(exist_ok=True)
    for i, (copy, target) in enumerate(journal["moves"]):
        copy_path, target_path = Path(copy), Path(target)
        if not copy_path.exists():
            continue  # moved in before the crash
        if target_path.is_dir() and not target_path.is_symlink():
            os.rename(target_path, trash / str(i))
        os.replace(copy_path, target_path)
    for path in map(Path, journal["remove"]):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
    shutil.rmtree(stage)


def _explain(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the disk{where}: free some space and build again"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"cannot write{where}: {exc.strerror} (a read-only folder?)"
    if exc.errno == errno.EFBIG:
        return f"cannot write{where}: file too large for this system's limits"
    return f"cannot write{where}: {exc.strerror or exc}"
