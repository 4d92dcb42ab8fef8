"""One build at a time per build folder: a second build waits for the first; outputs are never interleaved."""

from __future__ import annotations

import os
import subprocess
import time

from pypdf import PdfReader

from booklet.config import load
from booklet.engine.lock import build_lock
from conftest import BIN
from helpers import parse_html
from project import copy_project


def _start(root, *args):
    return subprocess.Popen(
        [str(BIN / "booklet"), "build", *args],
        cwd=root,
        env={**os.environ, "BOOKLET_ROOT": str(root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_build_waits_while_the_lock_is_held(tmp_path):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    lang = cfg.source_language
    with build_lock(cfg.build_dir):
        proc = _start(root, "--lang", lang)
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline and "waiting" not in line:
            line = proc.stderr.readline()  # blocks until the build says it is waiting
        assert "another build is running" in line
        time.sleep(0.5)
        assert proc.poll() is None, "the build went on while another held the lock"
        assert not cfg.pdf_path(lang).exists()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, out + err
    assert cfg.pdf_path(lang).is_file()


def test_two_builds_started_at_once_both_finish_with_valid_outputs(tmp_path):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    procs = [_start(root), _start(root)]
    results = [proc.communicate(timeout=600) for proc in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err
    for lang in cfg.languages:
        assert parse_html(cfg.html_dir(lang) / "index.html").get("lang") == lang
        assert PdfReader(cfg.pdf_path(lang)).trailer["/Root"]["/Lang"] == lang
    assert not list(cfg.build_dir.rglob("*.tmp"))
