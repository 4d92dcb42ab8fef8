"""A language's outputs are published together or not at all (release/publish.py): unit tests of the staging
and its journal, and a real build whose writes fail halfway (a file-size limit, as a full disk would)."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
from pathlib import Path

import pytest

from booklet.config import load
from booklet.release.publish import Item, PublishError, _explain, publish, recover, stage_dir
from conftest import BIN
from project import build, copy_project, snapshot


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_set_replaces_its_targets_and_leaves_nothing_beside_them(tmp_path):
    work, build_dir = tmp_path / "work", tmp_path / "_build"
    (work / "site").mkdir(parents=True)
    (work / "site" / "index.html").write_text("new page")
    (work / "book.pdf").write_text("new pdf")
    site, pdf = build_dir / "html" / "ru", build_dir / "pdf" / "book.pdf"
    site.mkdir(parents=True)
    (site / "stale.html").write_text("old")
    items = [Item(work / "site", site, ((work / "book.pdf", "pdf/book.pdf"),)), Item(work / "book.pdf", pdf)]
    publish(build_dir, "ru", items)
    assert tree(site) == {"index.html": "new page", "pdf/book.pdf": "new pdf"}
    assert pdf.read_text() == "new pdf"
    assert sorted(p.name for p in (build_dir / "html").iterdir()) == ["ru"]
    assert not stage_dir(build_dir, "ru").exists()


def test_a_failed_copy_publishes_nothing(tmp_path):
    work, build_dir = tmp_path / "work", tmp_path / "_build"
    work.mkdir()
    (work / "a.pdf").write_text("new")
    target = build_dir / "pdf" / "a.pdf"
    target.parent.mkdir(parents=True)
    target.write_text("last good")
    with pytest.raises(PublishError, match="cannot write"):
        publish(
            build_dir, "ru", [Item(work / "a.pdf", target), Item(work / "missing.pdf", build_dir / "b.pdf")]
        )
    assert target.read_text() == "last good" and not (build_dir / "b.pdf").exists()
    assert not stage_dir(build_dir, "ru").exists()


def test_a_set_interrupted_between_its_renames_is_finished_by_the_next_build(tmp_path):
    build_dir = tmp_path / "_build"
    stage = stage_dir(build_dir, "ru")
    stage.mkdir(parents=True)
    (stage / "0-a.pdf").write_text("new a")
    target_a, target_b = build_dir / "pdf" / "a.pdf", build_dir / "pdf" / "b.pdf"
    target_a.parent.mkdir(parents=True)
    target_b.write_text("new b")  # moved in before the crash
    journal = {"moves": [[str(stage / "0-a.pdf"), str(target_a)], [str(stage / "1-b.pdf"), str(target_b)]]}
    (stage / "journal.json").write_text(json.dumps({**journal, "remove": []}))
    recover(build_dir, "ru")
    assert (target_a.read_text(), target_b.read_text()) == ("new a", "new b")
    assert not stage.exists()


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "no space left"), (errno.EROFS, "read-only"), (errno.EACCES, "read-only")],
)
def test_a_write_failure_is_one_plain_sentence(code, words):
    assert words in _explain(OSError(code, os.strerror(code), "/x/_build/html/ru/index.html"))


def test_a_build_whose_writes_fail_keeps_the_last_good_set_and_says_why(tmp_path):
    root = copy_project(tmp_path / "project")
    assert build(root).returncode == 0
    cfg = load(root)
    lang = cfg.translations[-1]
    published = {name: snapshot(cfg.build_dir / name) for name in ("html", "pdf", "print")}
    cfg.published("reading", lang).unlink()  # the language must be published again
    del published["pdf"][cfg.edition_file("reading", lang)]

    def small_files() -> None:  # in the build: no file over 64 kB can be written (EFBIG), as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))

    run = subprocess.run(
        [str(BIN / "booklet"), "build"],
        cwd=root,
        env={**os.environ, "BOOKLET_ROOT": str(root), "CI": "1"},
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=600,
    )
    assert run.returncode == 1
    assert f"[publish:{lang}] error: not published: cannot write" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert {name: snapshot(cfg.build_dir / name) for name in ("html", "pdf", "print")} == published
    assert not cfg.published("reading", lang).exists()
    for name in ("html", "pdf", "print"):  # nothing half-copied in a folder that deploys as it is
        assert not [p for p in (cfg.build_dir / name).rglob(".*") if p.suffix in (".new", ".old", ".tmp")]
    assert not list((cfg.build_dir / ".stage").glob("*"))
    assert build(root).returncode == 0  # with room again, the set goes out whole
    assert cfg.published("reading", lang).is_file()
