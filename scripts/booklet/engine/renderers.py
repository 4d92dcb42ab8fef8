"""The renderer processes: WeasyPrint imported and warmed up once, then cloned.

One process is forked at once and pays WeasyPrint's start-up (imports, fonts, shaping) while the Sphinx
workers run; when it is warm it forks the others from itself, so they cost no start-up at all, not even
CPU the workers need. Each renderer takes the next job from a shared queue: the parallel edition and a
language's own PDF are laid out side by side instead of one after the other.

A `concurrent.futures` pool cannot do this (its processes all start cold), hence this small one. A renderer
that dies (a crash in a C library) fails the job it was running, and the others go on.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import os
import signal
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

_POLL = 0.5  # seconds between checks when nothing happens (an exit or a message wakes up at once)


@dataclass
class _Channels:
    """Jobs go out on one pipe, results come back on another; a lock per end that several processes
    share (a message is never interleaved with another's). Each renderer closes the parent's ends at once:
    if the build dies, the jobs pipe reaches end-of-file and the renderers leave instead of waiting."""

    jobs_in: Connection
    jobs_out: Connection
    jobs_lock: Any
    results_in: Connection
    results_out: Connection
    results_lock: Any

    def in_renderer(self) -> None:
        self.jobs_out.close()
        self.results_in.close()

    def send(self, message: tuple[Any, ...]) -> None:
        with self.results_lock:
            self.results_out.send(message)

    def next_job(self) -> Any:
        with self.jobs_lock:
            try:
                return self.jobs_in.recv()
            except (EOFError, OSError):  # the build is gone
                return None


def _serve(channels: _Channels, clones: int, init: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    """The first renderer: start up, fork the clones, then render like them."""
    channels.in_renderer()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: the build says so, the renderers leave quietly
        if init is not None:
            init(*args)
        ctx = get_context("fork")
        children = [ctx.Process(target=_loop, args=(channels,)) for _ in range(clones)]
        for child in children:
            child.start()
        _loop(channels)
        for child in children:
            child.join()


def _loop(channels: _Channels) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        _render_jobs(channels)


def _render_jobs(channels: _Channels) -> None:
    pid = os.getpid()
    channels.send(("ready", pid, None, None))
    while (job := channels.next_job()) is not None:
        job_id, fn, args = job
        channels.send(("start", pid, job_id, None))  # written before the job runs: a crash is attributed
        try:
            outcome: tuple[str, Any] = ("ok", fn(*args))
        except Exception as exc:  # reported to the caller's future, never lost
            outcome = ("error", "".join(traceback.format_exception_only(exc)).strip())
        channels.send((outcome[0], pid, job_id, outcome[1]))
        _release_memory()


def _release_memory() -> None:
    """After a job, give the memory of its laid-out document back to the system: an idle renderer holding a
    big book's layout would count in the build's peak while the others work."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)  # glibc keeps freed memory in its arenas otherwise


class RendererPool:
    """`size` renderer processes (the first started now, the others cloned from it once it is warm)."""

    def __init__(
        self, size: int, init: Callable[..., None] | None = None, args: tuple[Any, ...] = ()
    ) -> None:
        ctx = get_context("fork")
        jobs_in, jobs_out = ctx.Pipe(duplex=False)
        results_in, results_out = ctx.Pipe(duplex=False)
        self._channels = _Channels(jobs_in, jobs_out, ctx.Lock(), results_in, results_out, ctx.Lock())
        # A clone is watched through a pidfd; without one, a crashed clone could not be told from a busy one.
        self._size = max(1, size) if _pidfds() else 1
        self._first = ctx.Process(target=_serve, args=(self._channels, self._size - 1, init, args))
        self._first.start()
        pid: int = self._first.pid  # type: ignore[assignment]
        # The renderers not known to have exited. The clones inherit the pipe behind the first one's
        # sentinel, which so stays open while they live: with clones, the first is watched by pidfd too.
        first = _Watched.open(pid) if self._size > 1 else None
        first = first or _Watched(pid, self._first.sentinel, owned=False)
        self._alive: dict[int, _Watched] = {pid: first}
        self._ids = itertools.count()
        self._lock = threading.Lock()
        self._futures: dict[int, Future[Any]] = {}
        self._running: dict[int, int] = {}  # job id -> the pid rendering it
        self._closed = False
        # Started with the first job, not here: the build forks its workers after creating the pool, and
        # forking is only safe while a process has a single thread.
        self._thread = threading.Thread(target=self._collect, daemon=True)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the renderers are shut down")
            job_id = next(self._ids)
            self._futures[job_id] = future
            self._channels.jobs_out.send((job_id, fn, args))
            if self._thread.ident is None:  # not started yet
                self._thread.start()
        return future

    # -- the collecting thread: results in, crashes noticed ------------------------------------------

    def _collect(self) -> None:
        results = self._channels.results_in
        while True:
            with self._lock:  # wake up on a message, or at once when a renderer exits
                watched: list[Any] = [results, *(w.fd for w in self._alive.values())]
            ready = wait(watched, _POLL)
            message = None
            if results in ready:
                with contextlib.suppress(EOFError, OSError):
                    message = results.recv()
            if message is not None:
                self._handle(*message)
            elif self._reap():  # only when no message is waiting: a dead renderer's last words are read
                return

    def _handle(self, kind: str, pid: int, job_id: int | None, value: Any) -> None:
        with self._lock:
            if kind == "ready":
                if pid not in self._alive:  # a clone: watched from now on
                    clone = _Watched.open(pid)
                    if clone is not None:
                        self._alive[pid] = clone
                return
            if kind == "start" and job_id is not None:
                self._running[job_id] = pid
                return
            self._running.pop(job_id, None)  # type: ignore[arg-type]
            future = self._futures.pop(job_id, None)  # type: ignore[arg-type]
        if future is not None:
            if kind == "ok":
                future.set_result(value)
            else:
                future.set_exception(RuntimeError(value))

    def _reap(self) -> bool:
        """Fail the jobs of renderers that died; True once the pool is shut down and every renderer gone."""
        lost: list[tuple[Future[Any], str]] = []
        with self._lock:
            for pid in [pid for pid, watch in self._alive.items() if watch.exited()]:
                self._alive.pop(pid).close()
                for job_id, runner in list(self._running.items()):
                    if runner == pid:
                        del self._running[job_id]
                        lost.append((self._futures.pop(job_id), "a renderer process died while rendering"))
            if not self._alive:  # nobody is left to take the queued jobs
                lost.extend((future, "no renderer process left") for future in self._futures.values())
                self._futures.clear()
            over = self._closed and not self._alive
        for future, why in lost:
            future.set_exception(RuntimeError(why))
        return over

    def shutdown(self) -> None:
        """After the last job: every renderer leaves (the first once its clones have)."""
        with self._lock:
            self._closed = True
            if self._thread.ident is None:  # not started yet
                self._thread.start()
            for _ in range(self._size):
                with contextlib.suppress(OSError):
                    self._channels.jobs_out.send(None)
        self._first.join()
        with self._lock:
            for watch in self._alive.values():  # orphaned clones of a first renderer that died
                watch.kill()
        self._thread.join()

    def __enter__(self) -> RendererPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()


def _pidfds() -> bool:
    """Whether this system gives pidfds (Linux 5.3 and later, unless a sandbox refuses them)."""
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        return False
    return True


@dataclass
class _Watched:
    """A renderer and a file descriptor readable once it has exited: a pidfd (which cannot name another
    process later; a clone is not this process's child, so it has no sentinel here) or, for a lone first
    renderer, its multiprocessing sentinel (owned by its Process object, not closed here)."""

    pid: int
    fd: int
    owned: bool = True

    @classmethod
    def open(cls, pid: int) -> _Watched | None:
        try:
            return cls(pid, os.pidfd_open(pid))
        except OSError:  # already gone and reaped: nothing of it can be running
            return None

    def exited(self) -> bool:
        return bool(wait([self.fd], 0))

    def kill(self) -> None:
        if self.owned:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(self.fd, signal.SIGKILL)

    def close(self) -> None:
        if self.owned:
            os.close(self.fd)
