"""The preview's rebuild-on-change: a saved catalog is checked and appears in the rebuilt site."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request

from booklet.config import load
from booklet.engine.watch import make_builder
from catalog_helpers import set_first_msgstr
from conftest import BIN
from helpers import html_text
from project import copy_project


def test_a_changed_catalog_is_checked_and_rebuilt(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p")
    monkeypatch.chdir(project)
    cfg = load(project, tmp_path / "build")
    lines: list[str] = []
    builder = make_builder(cfg, "az", 8765, echo=lines.append)
    po = project / "locales/az/LC_MESSAGES/index.po"
    title = "20 Yanvar ümumxalq hüznünün 1991 təcəssümüdür"  # 1991: a number the source does not have
    set_first_msgstr(po, title)
    builder(changed_paths=[po])
    page = tmp_path / "build/preview/az/index.html"
    assert title in html_text(page)
    assert any(
        ': error: numbers: "1991" in the translation is not in the source' in line for line in lines
    ), lines
    assert all(line.startswith("locales/az/LC_MESSAGES/index.po:") for line in lines)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, wanted: str, proc: subprocess.Popen, limit: float = 180) -> str:
    """Poll until the page contains `wanted` (a guard against hanging, not a timing assertion)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        assert proc.poll() is None, "the preview server stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                page = response.read().decode("utf-8")
            if wanted in page:
                return page
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} never appeared at {url}")


def test_the_server_serves_the_language_and_rebuilds_on_save(tmp_path):
    project = copy_project(tmp_path / "p")
    port = _free_port()
    env = {**os.environ, "BOOKLET_ROOT": str(project), "BOOKLET_BUILD_DIR": str(tmp_path / "build")}
    proc = subprocess.Popen(
        [str(BIN / "booklet"), "preview", "az", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/index.html"
        _wait_for(url, 'lang="az"', proc)
        po = project / "locales/az/LC_MESSAGES/index.po"
        title = "20 Yanvar ümumxalq hüznünün təcəssümüdür"
        set_first_msgstr(po, title)
        _wait_for(url, title, proc)
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=60)
    assert "Traceback" not in output
    assert "locales/az/LC_MESSAGES/index.po:" in output  # the checker's findings for the saved catalog
