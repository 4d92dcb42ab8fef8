"""A throw-away copy of the project, for tests that change sources or catalogs and build for real."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib

from conftest import Run, run_booklet
from helpers import ROOT


def copy_project(dest: Path) -> Path:
    """Copy every tracked file of the repository into `dest` (no .venv, no _build)."""
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def build(root: Path, *args: str) -> Run:
    """`booklet build` run in the copy (the copy's own _build)."""
    return run_booklet("build", *args, cwd=root, env={"BOOKLET_ROOT": str(root)})


def set_msgstr(po_path: Path, index: int, text: str) -> str:
    """Translate the `index`-th message of a catalog (0 = the title); returns its msgid."""
    po = polib.pofile(str(po_path))
    entry = [e for e in po if e.msgid][index]
    entry.msgstr = text
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po.save()
    return entry.msgid


def publish_every_language(project: Path | bytes) -> bytes:
    """Set the copy's threshold to 0 (`[tool.booklet.publish]`): a language is published however little of
    it is translated. Given a pyproject.toml's bytes instead, returns them so changed."""
    data = project if isinstance(project, bytes) else (project / "pyproject.toml").read_bytes()
    changed = data.replace(b"\nthreshold = 0.9\n", b"\nthreshold = 0\n")
    assert changed != data, "the project's threshold is expected as `threshold = 0.9`"
    if not isinstance(project, bytes):
        (project / "pyproject.toml").write_bytes(changed)
    return changed


def revise_msgstr(po_path: Path, index: int, words: str) -> str:
    """A translator's revision that every check accepts: the `index`-th message's translation with `words`
    (letters of its language, no figures) added at its end. Returns the new translation."""
    po = polib.pofile(str(po_path), wrapwidth=0)
    entry = [e for e in po if e.msgid][index]
    entry.msgstr = f"{entry.msgstr.rstrip()} ({words})"
    po.save()
    return entry.msgstr


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
