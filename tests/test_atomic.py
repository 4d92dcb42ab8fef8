"""Publishing a built folder by swap; the Makefile: one build for `make html pdf`, no implicit rules."""

from __future__ import annotations

import subprocess

from booklet.release.atomic import publish_tree, recover
from helpers import ROOT


def test_publish_replaces_the_folder_and_leaves_nothing_beside_it(tmp_path):
    source, target = tmp_path / "work", tmp_path / "site" / "en"
    source.mkdir()
    (source / "index.html").write_text("new", encoding="utf-8")
    target.mkdir(parents=True)
    (target / "index.html").write_text("old", encoding="utf-8")
    (target / "stale.html").write_text("gone", encoding="utf-8")
    publish_tree(source, target)
    assert {p.name: p.read_text(encoding="utf-8") for p in target.iterdir()} == {"index.html": "new"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["en"]


def test_recover_brings_back_the_old_folder_after_an_interrupted_swap(tmp_path):
    target = tmp_path / "en"
    old = tmp_path / ".en.old"
    old.mkdir()
    (old / "index.html").write_text("last good", encoding="utf-8")
    (tmp_path / ".en.new").mkdir()  # the copy that never made it in
    recover(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en"]


def test_make_html_pdf_is_one_build():
    def commands(*goals: str) -> list[str]:
        command = ["make", "-n", "-C", str(ROOT), *goals]
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        return [line for line in out.stdout.splitlines() if "booklet build" in line]

    def args(*goals: str) -> list[str]:
        return [c.split("booklet ")[1].strip() for c in commands(*goals)]

    both = ["build --html --pdf --no-epub --no-print"]
    assert args("html", "pdf") == both
    assert args("pdf", "html") == both
    assert args("html") == ["build --html --no-pdf --no-epub --no-print"]
    assert args("pdf") == ["build --no-html --pdf --no-epub --no-print"]
    assert args("epub") == ["build --no-html --no-pdf --epub --no-print"]
    assert args("print") == ["build --no-html --no-pdf --no-epub --print"]
    assert args("print", "epub", "html") == ["build --html --no-pdf --epub --print"]
    assert args() == ["build"]


def test_make_looks_for_no_implicit_rule_before_a_build():
    """Every make goal checks the set-up, whose byte code has each module as a prerequisite: make's
    built-in rules would have it look for a way to remake each, on every run (a no-op build's largest
    cost outside Python)."""
    out = subprocess.run(["make", "-d", "-n", "-C", str(ROOT), "setup"], capture_output=True, text=True)
    assert "booklet/cli.py" in out.stdout  # make did consider the modules
    assert "Trying pattern rule" not in out.stdout
