"""The watch mode (`booklet preview LANG`): served on 127.0.0.1 only, rebuilt on save, refusing what `make`
refuses, and gone with every process it started on Ctrl-C. Driven for real, as a translator uses it."""

from __future__ import annotations

import filecmp
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from booklet.engine.watch import BUILT, allowed_host
from catalog_helpers import set_first_msgstr
from conftest import BIN
from helpers import descendants, wait_gone
from project import build, copy_project, set_msgstr

RU_TITLE = "20 Января — воплощение общенациональной скорби, а также несокрушимой воли азербайджанского народа"
GUARD = 300  # seconds: a guard against a hang on a loaded machine, not a measurement


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    def __init__(self, project: Path, lang: str, tmp: Path | None = None) -> None:
        """`tmp`: its TMPDIR."""
        self.port = free_port()
        self.proc = subprocess.Popen(
            [str(BIN / "booklet"), "preview", lang, "--port", str(self.port)],
            cwd=project,
            env={
                **os.environ,
                "BOOKLET_ROOT": str(project),
                "CI": "1",
                **({"TMPDIR": str(tmp)} if tmp else {}),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output: list[str] = []
        assert self.proc.stdout is not None
        for line in self.proc.stdout:  # blocks until the server says it is ready (or the process ends)
            self.output.append(line)
            if line.startswith("preview of"):
                return
        raise AssertionError("the preview never became ready:\n" + "".join(self.output))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, host: str | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.url(path), headers={"Host": host} if host else {})
        try:
            with urllib.request.urlopen(request, timeout=GUARD) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def events(self) -> Iterator[str]:
        """The server's events from now on (each a line `data: <generation> <what>`). The stream is open when
        this returns, so no event of a save made afterwards is missed."""
        response = urllib.request.urlopen(self.url("/__booklet_events"), timeout=GUARD)
        deadline = time.monotonic() + GUARD  # the server's keep-alives would otherwise wait for ever

        def lines() -> Iterator[str]:
            with response:
                for raw in response:
                    line = raw.decode().strip()
                    if line.startswith("data:"):
                        yield line
                    assert time.monotonic() < deadline, "no event from the preview"

        return lines()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    project = copy_project(tmp_path / "project")
    with tempfile.TemporaryDirectory(prefix="t") as tmp:  # a short path: the fork servers' sockets are in it
        running = Preview(project, "ru", Path(tmp))
        running.project = project  # type: ignore[attr-defined]
        running.tmp = Path(tmp)  # type: ignore[attr-defined]
        yield running
        if running.proc.poll() is None:
            running.proc.kill()
            running.proc.wait(GUARD)


def test_only_loopback_names_are_answered():
    assert allowed_host("127.0.0.1:8000", 8000) and allowed_host("localhost:8000", 8000)
    assert not allowed_host("evil.example:8000", 8000) and not allowed_host(None, 8000)
    assert not allowed_host("127.0.0.1.evil.example:8000", 8000)


def test_the_preview_serves_rebuilds_refuses_and_stops_with_all_its_processes(preview: Preview):
    project: Path = preview.project  # type: ignore[attr-defined]
    status, page = preview.get("/ru/index.html")
    assert status == 200 and 'lang="ru"' in page and "EventSource" in page
    status, _ = preview.get("/ru/pdf/january-20-ru.pdf")
    assert status == 200
    status, body = preview.get("/ru/index.html", host="attacker.example:80")  # DNS rebinding
    assert status == 403 and "127.0.0.1" in body

    po = project / "locales" / "ru" / "LC_MESSAGES" / "index.po"
    stream = preview.events()
    line = set_first_msgstr(po, "ЗАГОЛОВОК <img src=x onerror=alert(1)>")
    event = next(stream)
    assert event.endswith(" errors"), event
    status, page = preview.get("/ru/index.html")
    assert f"locales/ru/LC_MESSAGES/index.po:{line}: error: injection" in page  # the finding, not the text
    assert "onerror" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")

    set_first_msgstr(po, f"{RU_TITLE} (правка)")  # a revision the checks accept
    while not (event := next(stream)).endswith(" site"):
        pass
    status, page = preview.get("/ru/index.html")
    assert status == 200 and "(правка)" in page

    workers = descendants(preview.proc.pid)
    assert workers, "the watch mode keeps its processes warm"
    preview.proc.send_signal(signal.SIGINT)
    assert preview.proc.wait(GUARD) == 130
    assert wait_gone(workers) == set(), "processes left behind after Ctrl-C"
    assert preview.proc.stdout is not None
    said = preview.proc.stdout.read()  # to the end: every process that shared the terminal is gone
    assert said.strip().splitlines()[-1] == "interrupted: the last good outputs are kept", said
    assert "Warning" not in said, said  # the translator is told that, and nothing else
    # nor is anything left in the temporary folder (the fork servers' sockets, the renderer's fonts)
    assert list(preview.tmp.iterdir()) == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(("stop", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_the_preview_stopped_by_kill_or_a_closed_terminal_leaves_nothing(preview: Preview, stop, code):
    workers = descendants(preview.proc.pid)
    assert workers, "the watch mode keeps its processes warm"
    preview.proc.send_signal(stop)
    assert preview.proc.wait(GUARD) == code
    assert wait_gone(workers) == set(), "processes left behind"
    assert list(preview.tmp.iterdir()) == []  # type: ignore[attr-defined]


def _until(stream: Iterator[str], what: str) -> None:
    while not next(stream).endswith(f" {what}"):
        pass


def _differences(left: Path, right: Path) -> list[str]:
    """Files only in one tree, or in both but not byte for byte the same."""
    found: list[str] = []
    pending = [filecmp.dircmp(left, right)]
    while pending:
        compared = pending.pop()
        found += [f"{compared.left}/{name}" for name in compared.left_only + compared.right_only]
        names = compared.common_files
        found += [
            f"{compared.left}/{n}" for n in filecmp.cmpfiles(compared.left, compared.right, names, False)[1]
        ]
        pending += compared.subdirs.values()
    return found


def test_the_warm_preview_publishes_what_a_clean_build_makes(preview: Preview, tmp_path: Path):
    """The watch mode's Sphinx applications stay warm between saves, and are made anew when what they read
    once changes (the count of messages that fall back to English, the interface catalog). After such saves
    one after the other, the language's published site and editions are a clean build's, byte for byte."""
    project: Path = preview.project  # type: ignore[attr-defined]
    ru = project / "locales" / "ru" / "LC_MESSAGES"
    interface = ru / "sphinx.po"
    stream = preview.events()

    def revise(title: str) -> Callable[[], None]:
        return lambda: set_first_msgstr(ru / "index.po", f"{RU_TITLE} {title}")

    def skip_link(text: str) -> Callable[[], None]:
        po = interface.read_text(encoding="utf-8")
        return lambda: interface.write_text(po.replace('"Перейти к тексту"', f'"{text}"'), encoding="utf-8")

    saves = [
        (revise("(правка)"), "(правка)"),  # warm
        (lambda: set_msgstr(ru / "index.po", 2, ""), "(правка)"),  # a message falls back: a new application
        (revise("(вторая правка)"), "(вторая правка)"),  # warm again
        (skip_link("К тексту"), "К тексту"),  # the interface catalog: a new application
        (revise("(третья правка)"), "(третья правка)"),  # warm: the last build is a warm one
    ]
    for save, shown in saves:
        save()
        _until(stream, BUILT)
        status, page = preview.get("/ru/index.html")
        assert status == 200 and shown in page.replace("\xa0", " ")
    preview.proc.send_signal(signal.SIGINT)
    assert preview.proc.wait(GUARD) == 130

    clean = copy_project(tmp_path / "clean")  # the same files, the same build date
    shutil.rmtree(clean / "locales")
    shutil.copytree(project / "locales", clean / "locales")
    run = build(clean, "--no-epub", "--no-print", "--lang", "ru")
    assert run.returncode == 0, run.stdout + run.stderr
    published = project / "_build" / "html" / "ru"
    assert _differences(published, clean / "_build" / "html" / "ru") == []


def test_the_preview_after_a_build_publishes_what_a_clean_build_makes(tmp_path: Path):
    """The watch mode's applications have doctrees of their own, and write the folders a build writes too: a
    preview after a build (here: of the text as the preview last saw it) must not keep the pages the build
    wrote as if they were its own."""
    project = copy_project(tmp_path / "project")
    po = project / "locales" / "ru" / "LC_MESSAGES" / "index.po"
    before = po.read_bytes()

    def preview_once() -> None:
        running = Preview(project, "ru")  # it builds, then says it is ready
        running.proc.send_signal(signal.SIGINT)
        assert running.proc.wait(GUARD) == 130

    preview_once()
    set_first_msgstr(po, f"{RU_TITLE} (правка)")
    # the print HTML, the PDF
    run = build(project, "--no-html", "--pdf", "--no-epub", "--no-print", "--lang", "ru")
    assert run.returncode == 0, run.stdout + run.stderr
    run = build(project, "--no-epub", "--no-print", "--lang", "ru")
    assert run.returncode == 0, run.stdout + run.stderr
    po.write_bytes(before)
    preview_once()

    clean = copy_project(tmp_path / "clean")
    assert build(clean, "--no-epub", "--no-print", "--lang", "ru").returncode == 0
    published = project / "_build" / "html" / "ru"
    assert "(правка)" not in (published / "index.html").read_text(encoding="utf-8")
    assert _differences(published, clean / "_build" / "html" / "ru") == []
