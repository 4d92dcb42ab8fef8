"""The build's process pools (engine/pools.py): what leaves when the graph says a pool's work is over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest

from booklet.engine.graph import Load
from booklet.engine.pools import Pools, Renderers
from conftest import ROOT
from helpers import wait_gone
from project import copy_project


def block_until(fifo: str) -> str:
    """A job that runs until the test writes to `fifo`."""
    with open(fifo, encoding="utf-8") as pipe:
        return pipe.read()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_an_idle_renderer_leaves_while_the_other_still_renders(tmp_path: Path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    renderers = Renderers(2, (0, ROOT, tmp_path / "build"))
    released = False

    def release() -> None:
        nonlocal released
        if not released:
            released = True
            with open(fifo, "w", encoding="utf-8") as pipe:
                pipe.write("done")

    try:
        first, second = (executor.submit(os.getpid).result() for executor, _futures in renderers.workers)
        busy = renderers.submit(block_until, str(fifo))  # the least busy renderer: the first
        renderers.retire_idle()
        assert len(renderers.workers) == 1
        renderers.retired.wait()
        assert not alive(second) and alive(first)
        release()
        assert busy.result(timeout=60) == "done"
        assert renderers.submit(os.getpid).result() == first  # the one left takes the next job
    finally:
        release()  # a failure above must not leave the job waiting
        renderers.shutdown(wait=True)


def imported(module: str) -> bool:
    return module in sys.modules


def test_renderers_are_forked_warm_from_one_server_that_leaves_with_them(tmp_path: Path):
    """WeasyPrint is imported once, by the renderers' own fork server (engine/preload/renderer.py): each
    renderer is forked from it with WeasyPrint in memory, and the server leaves once they have."""
    renderers = Renderers(2, (0, ROOT, tmp_path / "build"))
    try:
        workers = [executor for executor, _futures in renderers.workers]
        parents = {executor.submit(os.getppid).result(timeout=120) for executor in workers}
        warm = {executor.submit(imported, "weasyprint").result(timeout=120) for executor in workers}
        pids = {executor.submit(os.getpid).result(timeout=120) for executor in workers}
    finally:
        renderers.shutdown(wait=True)
    assert len(pids) == 2 and len(parents) == 1 and os.getpid() not in parents
    assert warm == {True}
    assert not alive(parents.pop()) and not any(alive(pid) for pid in pids)


class Fake(Executor):
    def __init__(self) -> None:
        self.down = False

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        raise AssertionError("no job is submitted here")

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.down = True


class FakeRenderers(Renderers):
    def __init__(self) -> None:
        self.workers, self.retiring = [], 0

    def retire_idle(self) -> None:
        self.retiring += 1


@pytest.fixture
def stopped(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    monkeypatch.setattr("booklet.patches.multiprocessing.stop_fork_server", lambda: calls.append("stop"))
    return calls


def made(warm: bool = False) -> tuple[Pools, Fake, Fake, FakeRenderers]:
    pools = Pools(ROOT, ROOT / "_build", 0, 2, warm=warm)
    az, ru, renderers = Fake(), Fake(), FakeRenderers()
    pools.update({"sphinx:az": az, "sphinx:ru": ru, "render": renderers})
    return pools, az, ru, renderers


def test_what_a_one_off_build_no_longer_needs_leaves(stopped: list[str]):
    pools, az, ru, renderers = made()
    # az's Sphinx process has nothing to do now (its e-book comes later): it goes; ru's works on
    pools.release({"sphinx:az": Load(0, 0, 1), "sphinx:ru": Load(1, 0, 0), "render": Load(1, 0, 2)})
    assert az.down and not ru.down and "sphinx:az" not in pools
    assert renderers.retiring == 0 and stopped == []  # renders are still to come; Sphinx jobs too
    # no render is left to start: the idle renderers go; a Sphinx job is still to come: the server stays
    pools.release({"sphinx:az": Load(0, 0, 1), "sphinx:ru": Load(1, 0, 0), "render": Load(1, 0, 0)})
    assert renderers.retiring == 1 and stopped == []
    # no Sphinx job is left: the fork server goes (the last render still runs)
    pools.release({"sphinx:az": Load(), "sphinx:ru": Load(), "render": Load(1, 0, 0)})
    assert ru.down and stopped == ["stop"]


def test_the_watch_mode_keeps_its_renderers_and_fork_server(stopped: list[str]):
    pools, az, _ru, renderers = made(warm=True)
    pools.release({"sphinx:az": Load(), "sphinx:ru": Load(), "render": Load()})
    assert az.down  # a build's own Sphinx process still goes (the next build needs a pristine one)
    assert renderers.retiring == 0 and stopped == []


def test_workers_start_with_what_their_preload_made_frozen(tmp_path: Path):
    """A renderer's warm-up and the fork server's imports live as long as the process: the collection after
    each layout (rendering/heap.py), and a Sphinx worker's collections, need not visit them."""
    import gc

    with Pools(ROOT, tmp_path / "build", 0, 1) as pools:
        renderer = pools["render"].submit(gc.get_freeze_count).result(timeout=120)
        worker = pools["sphinx:en"].submit(gc.get_freeze_count).result(timeout=120)
    assert renderer > 10_000 and worker > 10_000, (renderer, worker)


def test_a_process_builds_again_after_a_build_that_failed(tmp_path: Path):
    """A build that fails leaves without waiting for its jobs; its helpers go with it, so that the next
    build in the same process (the tests, a caller of engine.build) starts its own, in a temporary folder
    of its own."""
    pids = []
    with pytest.raises(RuntimeError), Pools(ROOT, tmp_path / "build", 0, 1) as pools:
        pids.append(pools["sphinx:en"].submit(os.getpid).result(timeout=120))
        pids.append(pools["render"].submit(os.getpid).result(timeout=120))
        raise RuntimeError("a failure in the build")
    with Pools(ROOT, tmp_path / "build", 0, 1) as pools:
        assert pools["sphinx:en"].submit(os.getpid).result(timeout=120) not in pids
        assert pools["render"].submit(os.getpid).result(timeout=120) not in pids
    # ended by the kernel with their servers
    assert wait_gone(set(pids), 120) == set(), "workers outlived their failed build"


HALF_STARTED = """
import os, sys
from multiprocessing import forkserver
from pathlib import Path
from booklet.engine.pools import Pools
try:
    with Pools(Path(sys.argv[1]), Path(sys.argv[2]), 0, 0) as pools:
        pools["sphinx:en"].submit(os.getpid).result(timeout=120)
        print(forkserver._forkserver._forkserver_pid, flush=True)
        forkserver._forkserver.connect_to_new_process([])  # forked, its job never sent: a signal came
        raise KeyboardInterrupt
except KeyboardInterrupt:
    os._exit(130)
"""


def test_an_interrupted_build_leaves_at_once_though_a_worker_was_half_started(tmp_path: Path):
    """A signal between a worker's fork and the sending of its job: that worker holds its fork server open
    while it waits for the job; a build that waited for the server to leave would wait for ever."""
    command = [sys.executable, "-c", HALF_STARTED, str(ROOT), str(tmp_path / "build")]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 130, run.stderr
    server = int(run.stdout)
    assert wait_gone({server}, 120) == set(), "the fork server outlived the interrupted build"


def started_then_blocked(started: str, fifo: str) -> str:
    """A job that says it started (through `started`), then runs until the test writes to `fifo`."""
    with open(started, "w", encoding="utf-8") as pipe:
        pipe.write("started")
    return block_until(fifo)


def test_an_interrupted_build_does_not_wait_for_the_job_that_runs(tmp_path: Path, monkeypatch):
    """Ctrl-C during a Sphinx job: the build leaves at once (the job's process goes with the command)."""
    from booklet.config import load
    from booklet.engine import graph
    from booklet.engine.build import build
    from booklet.patches.multiprocessing import stop_helpers

    started, fifo = tmp_path / "started", tmp_path / "fifo"
    os.mkfifo(started)
    os.mkfifo(fifo)
    real_run = graph.run

    def interrupted(tasks: Any, pools: Any, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("given"):  # the catalogs
            return real_run(tasks, pools, *args, **kwargs)
        pools["sphinx:en"].submit(started_then_blocked, str(started), str(fifo))
        with open(started, encoding="utf-8") as pipe:  # until the job runs
            pipe.read()
        raise KeyboardInterrupt

    monkeypatch.setattr(graph, "run", interrupted)
    cfg = load(copy_project(tmp_path / "copy"))
    left: list[BaseException] = []

    def interrupt() -> None:
        try:
            build(cfg, stages=["html"])
        except KeyboardInterrupt as exc:
            left.append(exc)

    thread = threading.Thread(target=interrupt, daemon=True)
    thread.start()
    thread.join(120)
    waited = thread.is_alive()
    job = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # the job ends (its reader is open: it runs)
    os.write(job, b"done")
    os.close(job)
    thread.join(120)
    stop_helpers()
    assert not waited, "the interrupted build waited for the job that ran"
    assert len(left) == 1


def ctrl_c_ignored() -> None:
    """A process's target: exit 0 if it ignores SIGINT, 3 if not."""
    sys.exit(0 if signal.getsignal(signal.SIGINT) == signal.SIG_IGN else 3)


def test_a_process_forked_by_a_fork_server_ignores_ctrl_c_from_its_start(tmp_path: Path):
    """Ctrl-C reaches every process of the terminal's group: one forked at that moment, before its
    initializer ran, must not print a traceback on the user's terminal (the build handles it)."""
    import multiprocessing

    with Pools(ROOT, tmp_path / "build", 0, 0) as pools:
        pools["sphinx:en"].submit(os.getpid).result(timeout=120)  # the Sphinx workers' server runs
        process = multiprocessing.get_context("forkserver").Process(target=ctrl_c_ignored)
        process.start()
        process.join(120)
    assert process.exitcode == 0
