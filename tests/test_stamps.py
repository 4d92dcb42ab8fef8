"""Stamps (stamps.py): what a build remembers of its last success, per language and stage."""

from __future__ import annotations

from pathlib import Path

from booklet.config import load
from booklet.engine import stamps
from helpers import ROOT


def test_forget_forgets_every_stage_it_is_given(tmp_path: Path):
    cfg = load(ROOT, tmp_path)
    stamps.record(cfg, "en", ["html", "pdf", "print"], "digest")
    stamps.forget(cfg, "en", ["html", "pdf", "print"])
    assert stamps.read(cfg, "en") == {}
    assert stamps.stale_stages(cfg, "en", ["html", "pdf", "print"], "digest") == ("html", "pdf", "print")


def test_a_killed_builds_marker_makes_every_stage_stale(tmp_path: Path):
    cfg = load(ROOT, tmp_path)
    stamps.record(cfg, "en", ["html"], "digest")
    page = cfg.html_dir("en") / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>built</p>", encoding="utf-8")
    assert stamps.stale_stages(cfg, "en", ["html"], "digest") == ()
    (cfg.work_dir("en") / stamps.DIRTY).touch()
    assert stamps.stale_stages(cfg, "en", ["html"], "digest") == ("html",)
