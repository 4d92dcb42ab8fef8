"""What a build leaves running: nothing. Every process a build starts ends with it (when it returns, when it
is killed with SIGKILL), and two builds of one folder run one after the other.

Each build runs under a small supervisor that is a child subreaper (prctl): every process the build starts
and leaves behind becomes the supervisor's child, so none can escape the count. It notes what still runs the
moment the build returns, then what is left once leftovers had time to exit.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import BIN
from project import copy_project

GUARD = 120  # seconds: how long leftovers get to exit; a guard against a hang, not a measurement

SUPERVISOR = r"""
import ctypes, json, os, select, signal, subprocess, sys, threading
ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: orphans of the build become our children
kill_after = sys.argv[1]  # "" or a line of the build's output after which it is killed with SIGKILL
# or "<signal>:<line>": SIGINT to its process group, as Ctrl-C in a terminal sends it; another to the build
stop_signal, _, stop_after = sys.argv[2].partition(":")
build = subprocess.Popen(
    sys.argv[3:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, process_group=0
)
output = []

def read():  # in a thread: the output ends only once every holder of the pipe has gone, not the build
    for line in build.stdout:
        output.append(line)
        if kill_after and kill_after in line:
            build.kill()
        if stop_after and stop_after in line:
            number = signal.Signals[stop_signal]
            os.killpg(build.pid, number) if number == signal.SIGINT else build.send_signal(number)

reader = threading.Thread(target=read, daemon=True)
reader.start()
code = build.wait()
alive, running = {}, []
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                alive[int(entry)] = handle.read().replace(b"\0", b" ").decode()[:120]
            if fields[0] != "Z":  # not yet exited when the build returned (a zombie has exited)
                running.append(alive[int(entry)] or entry)
pending = {os.pidfd_open(pid): pid for pid in alive}
while pending:
    ready, _, _ = select.select(list(pending), [], [], float(os.environ["GUARD"]))
    if not ready:
        break
    for fd in ready:
        os.waitpid(pending.pop(fd), 0)
reader.join(float(os.environ["GUARD"]))
left = [alive[pid] for pid in pending.values()]
tmp = sorted(os.listdir(os.environ["TMPDIR"]))
print(json.dumps({"code": code, "running": running, "left": left, "output": "".join(output), "tmp": tmp}))
"""


def supervised(
    project: Path, *args: str, kill_after: str = "", stop: str = "", runner: tuple[str, ...] = ()
) -> dict:
    """The build's exit code and output, what still ran when it returned ("running") and once leftovers had
    time to exit ("left"), and what it left in its temporary folder ("tmp": TMPDIR, empty before it).
    `kill_after`: a line of its output after which it is killed with SIGKILL; `stop`: "<signal>:<line>";
    `runner`: a command the build is run by (nohup)."""
    command = [*runner, str(BIN / "booklet"), "build", *args]
    with tempfile.TemporaryDirectory(prefix="t") as tmp:  # a short path: the fork servers' sockets are in it
        proc = subprocess.run(
            [sys.executable, "-c", SUPERVISOR, kill_after, stop, *command],
            cwd=project,
            env={**os.environ, "BOOKLET_ROOT": str(project), "CI": "1", "GUARD": str(GUARD), "TMPDIR": tmp},
            capture_output=True,
            text=True,
            timeout=GUARD * 10,
        )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("project"))


def test_a_build_leaves_no_process_behind(project: Path):
    result = supervised(project)
    assert result["code"] == 0, result["output"]
    assert "[parallel] pdf: done" in result["output"]  # the build did start its workers
    assert result["running"] == []  # when it returned, not only once they had time to go
    assert result["left"] == []
    assert result["tmp"] == []  # the fork servers' sockets, the renderers' copies of the fonts


@pytest.mark.parametrize(("stop", "code"), [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_build_interrupted_leaves_no_process_and_no_temporary_file(project: Path, stop: str, code: int):
    """Ctrl-C (SIGINT to the terminal's process group), `kill` or `timeout` (SIGTERM), a closed terminal
    (SIGHUP): the build leaves at once, without waiting for the workers (the kernel ends them), and what
    they made in the temporary folder goes with it all the same."""
    for stamps in project.glob("_build/.work/stamps.json"):
        stamps.unlink()  # work to interrupt
    result = supervised(project, stop=f"{stop}:print-html: done")
    assert result["code"] == code, result["output"]
    assert result["output"].strip().splitlines()[-1] == "interrupted: the last good outputs are kept"
    assert result["left"] == []
    assert result["tmp"] == []


def test_a_build_run_with_nohup_goes_on_when_its_terminal_closes(project: Path):
    for stamps in project.glob("_build/.work/stamps.json"):
        stamps.unlink()
    result = supervised(project, stop="SIGHUP:print-html: done", runner=("nohup",))
    assert result["code"] == 0, result["output"]
    assert "[parallel] pdf: done" in result["output"]
    assert result["left"] == []


def built_in_process(project: Path, args: list[str], prefixes: tuple[str, ...]) -> tuple[str, list[str]]:
    """`booklet build ARGS` in a fresh interpreter: its output, and the modules it had imported by the end
    whose names start with one of `prefixes`."""
    probe = (
        f"import sys\nfrom booklet.cli import main\nsys.argv = ['booklet', 'build', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))"
    )
    env = {**os.environ, "BOOKLET_ROOT": str(project), "CI": "1"}
    proc = subprocess.run([str(BIN / "python"), "-c", probe], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    *output, modules = proc.stdout.splitlines()
    return "\n".join(output), ast.literal_eval(modules)


def test_a_build_with_nothing_to_do_starts_no_process(project: Path):
    """Not even multiprocessing or concurrent.futures is imported: a no-op build's time is its imports and
    its stamps."""
    assert supervised(project)["code"] == 0  # whatever was left to build
    output, imported = built_in_process(project, [], ("multiprocessing", "concurrent"))
    assert "done" not in output and "up to date" in output
    assert imported == []


def test_the_build_s_own_process_never_holds_what_the_catalog_checks_import(project: Path):
    """The catalogs are checked in a process of their own, which leaves once they are: the build's process,
    which lives to its end, stays small (it is part of a long build's peak memory)."""
    catalog = project / "locales" / "ru" / "LC_MESSAGES" / "index.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a catalog to check
    output, imported = built_in_process(project, ["--html", "--no-pdf"], ("booklet.checks", "myst_parser"))
    assert "[ru] catalogs: done" in output  # the catalogs were checked, elsewhere
    assert imported == []


def test_a_build_killed_with_sigkill_takes_its_workers_and_its_lock_with_it(project: Path):
    (project / "locales" / "ru" / "LC_MESSAGES" / "index.po").touch()  # stamps ignore it: force work instead
    for stamps in project.glob("_build/.work/stamps.json"):
        stamps.unlink()
    result = supervised(project, kill_after="catalogs: done")
    assert result["code"] == -9
    assert result["left"] == [], "workers outlived a killed build"
    again = supervised(project)  # the lock went with it: the next build runs at once and completes
    assert again["code"] == 0, again["output"]
    assert "waiting: another build" not in again["output"]
    assert again["left"] == []


def test_a_worker_whose_fork_server_went_first_leaves_at_once():
    """A worker forked as the build is killed can lose its fork server (which dies with the build) before it
    asks the kernel for a death signal of its own: adopted by another process, it must not run on. It knows
    its server's pid from the server's environment (engine/preload/), and leaves when its parent is not it."""
    from booklet.engine.jobs import SERVER

    probe = "from booklet.engine.jobs import init_worker\ninit_worker(0)\nprint('ran on')"

    def worker(server: int) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, SERVER: str(server)}
        return subprocess.run(
            [str(BIN / "python"), "-c", probe], env=env, capture_output=True, text=True, timeout=GUARD
        )

    assert worker(server=os.getpid()).stdout == "ran on\n"  # its parent is its server: it works
    orphan = worker(server=os.getppid())  # its server was another process: it was adopted
    assert orphan.returncode == 1 and orphan.stdout == ""


def test_two_builds_of_one_folder_run_one_after_the_other(project: Path):
    for stamps in project.glob("_build/.work/stamps.json"):
        stamps.unlink()  # the first build has work to do
    env = {**os.environ, "BOOKLET_ROOT": str(project), "CI": "1"}
    command = [str(BIN / "booklet"), "build", "--no-print"]
    events: list[tuple[float, str, str]] = []

    def follow(name: str, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            events.append((time.monotonic(), name, line.strip()))
        events.append((time.monotonic(), name, "<exit>"))

    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert first.stdout is not None
    started = first.stdout.readline()  # the first build holds the lock once it prints
    events.append((time.monotonic(), "first", started.strip()))
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    threads = [threading.Thread(target=follow, args=pair) for pair in (("first", first), ("second", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD * 5)
    assert first.wait(GUARD) == 0 and second.wait(GUARD) == 0
    first_last = max(t for t, name, line in events if name == "first" and line != "<exit>")
    second_lines = [(t, line) for t, name, line in events if name == "second" and line != "<exit>"]
    assert second_lines[0][1].startswith("waiting: another build is running")
    # The lock is released when the first build's work is over: the second's work is all after it.
    assert all(t > first_last for t, line in second_lines[1:]), "the two builds overlapped"
