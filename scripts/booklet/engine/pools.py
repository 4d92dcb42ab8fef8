"""The build's process pools, from the standard library, each preloaded once for its kind of work.

- Catalogs: one process, forked from the Sphinx workers' fork server (which imported what the checks need
  too) when a catalog is to be checked, gone once they all are (the build's own process, which lives to its
  end, never imports what the checks need).
- Sphinx: one single-worker pool per language (Sphinx leaks translations between languages in one process),
  each worker forked from multiprocessing's fork server, which imported Sphinx and MyST once
  (engine/preload/sphinx.py); a language's print HTML and site run one after the other in its worker. The
  watch mode also has one warm pool per Sphinx task of its language ("sphinx:<lang>:<task>"), kept between
  builds.
- WeasyPrint: renderers, forked from a fork server of their own, which imported WeasyPrint and set up a
  first document once for all of them (engine/preload/renderer.py). It starts with the build (or with the
  first Sphinx job), so that it warms up on the other core meanwhile. Each renderer is a single-worker pool of
  its own, so that one with no document left to render leaves while another still lays out a long one.

Every worker dies with the build (engine/jobs.init_worker). Pools are made when first needed: a build with
nothing to do starts no process at all. What a build no longer needs goes as soon as the graph says so
(`release`): a language's Sphinx process with no job ready, the renderers once no render is left to start,
the fork server once no Sphinx job is left.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from booklet.engine import jobs
from booklet.engine.graph import Executor, Load

if TYPE_CHECKING:  # multiprocessing is imported when a build first needs a process: a no-op build needs none
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

PRELOAD = ["booklet.engine.preload.sphinx"]
RENDERER_PRELOAD = ["booklet.engine.preload.renderer"]


class Pool(Executor, Protocol):
    """A `concurrent.futures.Executor` or `Renderers`: what jobs go to, and what is shut down after them."""

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None: ...


class Leaving(list[threading.Thread]):
    """Executors told to leave while the build goes on: each is shut down (its processes waited for) in a
    thread of its own, which `wait` joins. (A second `shutdown(wait=True)` after a `shutdown(wait=False)`
    would not wait.)"""

    def add(self, executor: Pool) -> None:
        thread = threading.Thread(target=executor.shutdown, kwargs={"wait": True}, daemon=True)
        thread.start()
        self.append(thread)

    def wait(self) -> None:
        while self:
            self.pop().join()


class Renderers:
    """`size` renderer processes, each a single-worker pool, forked by the renderers' own fork server (which
    imported WeasyPrint and warmed it up: engine/preload/renderer.py) when its first job is sent. A job goes
    to the renderer with the fewest jobs."""

    def __init__(self, size: int, initargs: tuple[Any, ...]) -> None:
        from booklet.patches.multiprocessing import start_renderer_server

        self.epoch, root, build_dir = initargs
        self.workers: list[tuple[ProcessPoolExecutor, list[Future[Any]]]] = []
        self.retired = Leaving()
        _before_a_server()
        os.environ[jobs.PROJECT] = json.dumps([str(root), str(build_dir)])
        start_renderer_server(RENDERER_PRELOAD)  # it warms up meanwhile
        for _ in range(size):
            self._start()

    def _start(self) -> tuple[ProcessPoolExecutor, list[Future[Any]]]:
        from concurrent.futures import ProcessPoolExecutor

        from booklet.patches.multiprocessing import RendererContext

        executor = ProcessPoolExecutor(
            1, RendererContext(), initializer=jobs.init_worker, initargs=(self.epoch,)
        )
        worker: tuple[ProcessPoolExecutor, list[Future[Any]]] = (executor, [])
        self.workers.append(worker)
        return worker

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        for _executor, futures in self.workers:
            futures[:] = [f for f in futures if not f.done()]
        executor, futures = min(self.workers, key=lambda w: len(w[1])) if self.workers else self._start()
        future = executor.submit(fn, *args, **kwargs)
        futures.append(future)
        return future

    def retire_idle(self) -> None:
        """The renderers with no job leave (a later job starts one again)."""
        for worker in list(self.workers):
            if all(f.done() for f in worker[1]):
                self.workers.remove(worker)
                self.retired.add(worker[0])

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """The renderers leave, then (`wait`) their server, once they are gone: they hold its pipe open. (Not
        waiting, the build is leaving: the server goes with it, and the renderers with the server.)"""
        from booklet.patches.multiprocessing import stop_renderer_server

        for executor, _futures in self.workers:
            executor.shutdown(wait=wait, cancel_futures=cancel_futures)
        if wait:
            self.retired.wait()
            stop_renderer_server()


class Pools(dict[str, Pool]):
    """name -> executor, made on first use: "sphinx:<lang>", or "render". `warm` (the watch mode): the pools
    stay for many builds, and only a build's own Sphinx processes leave."""

    def __init__(self, root: Path, build_dir: Path, epoch: int, renderers: int, warm: bool = False) -> None:
        super().__init__()
        _quiet_resource_tracker()
        self.root, self.build_dir, self.epoch, self.renderers = root, build_dir, epoch, renderers
        self.warm_pools = warm
        self._released = Leaving()

    def __missing__(self, name: str) -> Pool:
        # The catalogs' process (engine/plan.py: it leaves with them, let_go) and each Sphinx process: one
        # worker forked from the Sphinx fork server.
        if name == "checks" or name.startswith("sphinx:"):
            from concurrent.futures import ProcessPoolExecutor

            executor: Pool = ProcessPoolExecutor(
                1, _fork_server(), initializer=jobs.init_worker, initargs=(self.epoch,)
            )
            self[name] = executor
            if name != "checks" and self.renderers and "render" not in self:
                self.start_renderers()
            return executor
        if name == "render":
            return self.start_renderers()
        raise KeyError(name)

    def warm(self) -> None:
        """Start the fork servers (Sphinx's, and the renderers' when the build renders) now, without waiting
        for them: a build does so while it checks the catalogs, which need neither."""
        from multiprocessing import forkserver

        _fork_server()
        forkserver.ensure_running()
        if self.renderers and "render" not in self:
            self.start_renderers()

    def size_renderers(self, renderers: int) -> None:
        """As many renderers as the build has render tasks (up to the cores), unless they started."""
        if "render" not in self:
            self.renderers = renderers

    def start_renderers(self) -> Pool:
        executor = Renderers(self.renderers, (self.epoch, self.root, self.build_dir))
        self["render"] = executor
        return executor

    def release(self, loads: Mapping[str, Load]) -> None:
        """What the build no longer needs leaves, its memory with it: a build's Sphinx process of a language
        with no job to do now (its language's next job, the e-book after the PDF, gets a new one from the
        fork server); then, in a one-off build, the renderers once no render is left to start, and the
        fork server once no Sphinx job is left. The watch mode's warm processes stay."""
        for name, load in loads.items():
            if _per_build(name) and name in self and load.idle:
                self._released.add(self.pop(name))  # the build goes on; end_build waits for the process
        if self.warm_pools:
            return
        renders = loads.get("render", Load())
        renderers = self.get("render")
        if isinstance(renderers, Renderers) and not renders.ready and not renders.later:
            renderers.retire_idle()
        sphinx = [load for name, load in loads.items() if name.startswith("sphinx:")]
        if sphinx and all(load.over for load in sphinx):
            self._stop_fork_server()

    def let_go(self, name: str) -> None:
        """Pool `name` leaves now, while the build goes on (end_build waits for its process)."""
        if name in self:
            self._released.add(self.pop(name))

    def _stop_fork_server(self) -> None:
        """Once its workers are gone (they hold its pipe open, and would go with it)."""
        from booklet.patches.multiprocessing import stop_fork_server

        self._released.wait()
        stop_fork_server()

    def end_build(self) -> None:
        """After a build: its Sphinx processes leave (the next build of a language needs a pristine one,
        as Sphinx keeps a language's old translations); the renderers and the warm Sphinx processes (which
        forget them, engine/sphinxjob.py) stay for the next build."""
        for name in [name for name in self if _per_build(name)]:
            self.pop(name).shutdown(wait=True, cancel_futures=True)
        self._released.wait()

    def __enter__(self) -> Pools:
        return self

    def __exit__(self, *exc: object) -> None:
        # On an error or Ctrl-C, nobody waits for the jobs: the command leaves, and its workers with it.
        for executor in self.values():
            executor.shutdown(wait=exc[0] is None, cancel_futures=True)
        if "multiprocessing" not in sys.modules:  # no process was started: no helper to wait for
            return
        from booklet.patches.multiprocessing import remove_folder, stop_helpers

        interrupted = isinstance(exc[1], BaseException) and not isinstance(exc[1], Exception)
        if interrupted:
            # Ctrl-C, SIGTERM, SIGHUP: the command leaves at once, and its helpers with it. Waiting for a fork
            # server could hang: a worker it forked just as the signal came waits for its job from this
            # process, holding open the pipe whose end the server waits for.
            remove_folder()
            return
        if exc[0] is None:
            self._released.wait()
        # On an error too: the kernel ends the workers with their servers, and no helper outlives the
        # temporary folder its socket is in (this process may build again).
        stop_helpers()


# Ctrl-C leaves at once, without unwinding (cli.interruptible, engine/watch.py): the resource tracker then
# unlinks the pools' semaphores itself, as it should, but warns of each as leaked, on the user's terminal.
TRACKER_WARNING = "ignore::UserWarning:multiprocessing.resource_tracker"


def _quiet_resource_tracker() -> None:
    """Silence that one warning in the tracker, which gets its warning filters from the environment."""
    filters = [f for f in os.environ.get("PYTHONWARNINGS", "").split(",") if f]
    if TRACKER_WARNING not in filters:
        os.environ["PYTHONWARNINGS"] = ",".join([*filters, TRACKER_WARNING])


def _per_build(name: str) -> bool:
    """A build's own Sphinx process of a language ("sphinx:<lang>"), not a warm one."""
    return name.startswith("sphinx:") and name.count(":") == 1


def _before_a_server() -> None:
    """What a fork server reads from the environment when it starts."""
    from booklet.patches.multiprocessing import own_folder

    os.environ[jobs.PARENT] = str(os.getpid())  # the server leaves if this process went before it started
    own_folder()  # its temporary files, and its workers': gone with the build however it ends


def _fork_server() -> multiprocessing.context.ForkServerContext:
    import multiprocessing

    _before_a_server()
    server = multiprocessing.get_context("forkserver")
    server.set_forkserver_preload(PRELOAD)
    return server
