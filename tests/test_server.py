"""The build server (server.py): a build leaves one behind, which builds the next save with the very files a
fresh process makes; its failures and Ctrl-C reach the command; it leaves when its code changes, its folder
is removed or it is idle."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from booklet import server
from booklet.config import load
from conftest import BIN, ROOT, Run, run_booklet
from project import copy_project, set_msgstr

ON = {"BOOKLET_SERVER": "1", "BOOKLET_SERVER_IDLE": "60", "CI": "true"}  # a failed test leaves none for long


def build(root: Path, *args: str, **env: str) -> Run:
    return run_booklet("build", "--no-print", *args, cwd=root, env={"BOOKLET_ROOT": str(root), **ON, **env})


def log(build_dir: Path) -> str:
    path = server.home(build_dir) / "log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def ready(build_dir: Path, timeout: float = 60, other_than: int = 0) -> int:
    """The pid of the folder's server, once it takes builds (a server other than `other_than`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.findall(r"server (\d+) ready", log(build_dir))
        if found and int(found[-1]) != other_than and (server.home(build_dir) / server.SOCKET).exists():
            return int(found[-1])
        time.sleep(0.1)
    raise AssertionError(f"no server became ready for {build_dir}:\n{log(build_dir)}")


def gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists():
            return True
        time.sleep(0.1)
    return False


def served(build_dir: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r": build (\d+):", log(build_dir))]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = copy_project(tmp_path_factory.mktemp("project"))
    run = build(root)
    assert run.returncode == 0, run.stdout + run.stderr
    yield root
    build_dir = load(root).build_dir
    shutil.rmtree(server.home(build_dir), ignore_errors=True)  # its server leaves


def test_a_save_is_built_by_the_server_as_a_fresh_process_builds_it(project, tmp_path):
    cfg = load(project)
    ready(cfg.build_dir)
    before = served(cfg.build_dir)
    set_msgstr(cfg.locales_dir / "ru" / "LC_MESSAGES" / "index.po", 1, "Абзац, сохранённый переводчиком.")
    run = build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(served(cfg.build_dir)) == len(before) + 1  # this build ran in the server
    assert "[ru] html: building the site" in run.stdout  # its progress reached the command's output
    assert "[en] up to date" in run.stdout
    fresh = run_booklet(
        "build",
        "--no-print",
        "--build-dir",
        str(tmp_path / "fresh"),
        cwd=project,
        env={"BOOKLET_ROOT": str(project), "BOOKLET_SERVER": "0", "CI": "true"},
    )
    assert fresh.returncode == 0, fresh.stderr
    assert not (tmp_path / "fresh" / ".server").exists()  # BOOKLET_SERVER=0: none left behind
    for folder in ("html", "pdf"):
        mine = {p.relative_to(cfg.build_dir): p.read_bytes() for p in (cfg.build_dir / folder).rglob("*.*")}
        theirs = {
            p.relative_to(tmp_path / "fresh"): p.read_bytes()
            for p in (tmp_path / "fresh" / folder).rglob("*.*")
        }
        assert mine.keys() == theirs.keys()
        assert [str(name) for name in mine if mine[name] != theirs[name]] == []


def test_a_failed_build_in_the_server_reports_to_the_command(project):
    cfg = load(project)
    ready(cfg.build_dir)
    po = cfg.locales_dir / "az" / "LC_MESSAGES" / "index.po"
    good = po.read_bytes()
    before = served(cfg.build_dir)
    try:
        po.write_bytes(good.replace(b'msgstr "', b'msgstr "\\q', 1))
        run = build(project)
    finally:
        po.write_bytes(good)
    assert len(served(cfg.build_dir)) == len(before) + 1
    assert run.returncode == 1
    assert re.search(r"locales/az/LC_MESSAGES/index\.po:\d+: .*invalid escape", run.stderr), run.stderr
    assert "Traceback" not in run.stdout + run.stderr


def group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[2]) == pgid:
                members.append(int(entry.name))
    return members


def test_ctrl_c_stops_the_build_the_server_runs(project):
    cfg = load(project)
    ready(cfg.build_dir)
    before = served(cfg.build_dir)
    set_msgstr(cfg.locales_dir / "ru" / "LC_MESSAGES" / "index.po", 1, "Абзац, прерванный сочетанием Ctrl-C.")
    proc = subprocess.Popen(
        [str(BIN / "booklet"), "build", "--no-print"],
        cwd=project,
        env={**os.environ, "BOOKLET_ROOT": str(project), **ON},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Ctrl-C goes to the terminal's foreground group: the command, not the server
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "writing the print HTML" in line:
            break
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert "Traceback" not in out
    (child,) = [pid for pid in served(cfg.build_dir) if pid not in before]
    deadline = time.monotonic() + 10
    while group_members(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert group_members(child) == []  # the build and every worker and renderer it started are gone
    run = build(project)  # and the server still serves
    assert run.returncode == 0, run.stderr
    assert len(served(cfg.build_dir)) == len(before) + 2


def test_a_server_of_other_code_leaves_and_the_build_runs_here(project, monkeypatch):
    cfg = load(project)
    pid = ready(cfg.build_dir)
    monkeypatch.setattr(server, "identity", lambda: "code changed since the server started")
    assert server.request(cfg.build_dir, ["booklet", "build", "--no-print"]) is None
    assert gone(pid)
    assert not (server.home(cfg.build_dir) / server.SOCKET).exists()
    monkeypatch.undo()
    run = build(project)  # built here, and a new server is left behind
    assert run.returncode == 0, run.stderr
    ready(cfg.build_dir, other_than=pid)


def test_the_server_leaves_when_its_folder_is_removed_or_when_idle(project, tmp_path):
    removed, idle = tmp_path / "removed", tmp_path / "idle"
    assert build(project, "--build-dir", str(removed)).returncode == 0
    assert build(project, "--build-dir", str(idle), BOOKLET_SERVER_IDLE="1").returncode == 0
    first = ready(removed)
    shutil.rmtree(removed)  # `make clean`
    assert gone(first)
    deadline = time.monotonic() + 60
    while "leaves" not in log(idle) and time.monotonic() < deadline:
        time.sleep(0.1)
    (second,) = [int(pid) for pid in re.findall(r"server (\d+) ready", log(idle))]  # ready, then gone idle
    assert f"server {second} leaves" in log(idle)
    assert gone(second)
    assert not (server.home(idle) / server.SOCKET).exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, True),
        ({"CI": "true"}, False),
        ({"CI": "true", "BOOKLET_SERVER": "1"}, True),
        ({"BOOKLET_SERVER": "0"}, False),
    ],
)
def test_the_server_is_on_for_people_and_off_in_ci(monkeypatch, env, expected):
    for key in ("CI", "BOOKLET_SERVER"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert server.enabled() is expected


def test_a_killed_servers_socket_is_passed_over_and_replaced(project):
    cfg = load(project)
    pid = ready(cfg.build_dir)
    os.kill(pid, signal.SIGKILL)  # no goodbye: its socket file stays behind
    assert gone(pid)
    assert (server.home(cfg.build_dir) / server.SOCKET).exists()
    run = build(project)
    assert run.returncode == 0, run.stderr  # built here
    assert gone(pid) and ready(cfg.build_dir, other_than=pid)  # and a new server took the place
    assert server.ready_pid(cfg.build_dir) not in (None, pid)


def test_no_server_where_the_socket_path_is_too_long(tmp_path, monkeypatch):
    monkeypatch.setenv("BOOKLET_SERVER", "1")
    deep = tmp_path / ("d" * 120)
    server.start(ROOT, deep)
    assert not server.home(deep).exists()
    assert server.request(deep, ["booklet", "build"]) is None
