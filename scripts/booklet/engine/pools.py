"""The build's process pools, from the standard library, each preloaded once for its kind of work.

- Sphinx: one single-worker pool per language (Sphinx leaks translations between languages in one process),
  each worker forked from multiprocessing's fork server, which imported Sphinx and MyST once
  (engine/preload.py); a language's print HTML and site run one after the other in its worker. The watch
  mode also has one warm pool per Sphinx task of its language ("sphinx:<lang>:<task>"), kept between builds.
- WeasyPrint: one pool of renderers, started as soon as the first Sphinx job is sent, so that WeasyPrint's
  import and first-document set-up run on the other core meanwhile.

Every worker dies with the build (engine/jobs.init_worker). Pools are made when first needed: a build with
nothing to do starts no process at all.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path

from booklet.engine import jobs

PRELOAD = ["booklet.engine.preload"]


class Pools(dict[str, Executor]):
    """name -> executor, made on first use: "sphinx:<lang>", or "render"."""

    def __init__(self, root: Path, build_dir: Path, epoch: int, renderers: int) -> None:
        super().__init__()
        self.root, self.build_dir, self.epoch, self.renderers = root, build_dir, epoch, renderers
        self._warming: list[Future[None]] = []
        self._released: list[Executor] = []

    def __missing__(self, name: str) -> Executor:
        if name.startswith("sphinx:"):
            executor: Executor = ProcessPoolExecutor(
                1, _fork_server(), initializer=jobs.init_worker, initargs=(self.epoch,)
            )
            self[name] = executor
            if self.renderers and "render" not in self:
                self.start_renderers()
            return executor
        if name == "render":
            return self.start_renderers()
        raise KeyError(name)

    def warm(self) -> None:
        """Start the fork server (it imports Sphinx) and the renderers now, without waiting for them: a
        build does so while it checks the catalogs, which need neither."""
        from multiprocessing import forkserver

        _fork_server()
        forkserver.ensure_running()
        if self.renderers and "render" not in self:
            self.start_renderers()

    def size_renderers(self, renderers: int) -> None:
        """As many renderers as the build has render tasks (up to the cores), unless they started."""
        if "render" not in self:
            self.renderers = renderers

    def start_renderers(self) -> Executor:
        executor = ProcessPoolExecutor(
            self.renderers,
            multiprocessing.get_context("spawn"),
            initializer=jobs.init_renderer,
            initargs=(self.epoch, self.root, self.build_dir),
        )
        self["render"] = executor
        # A spawned pool starts a process per job it has no idle worker for: start them all now.
        self._warming = [executor.submit(_ready) for _ in range(self.renderers)]
        return executor

    def release(self, name: str) -> None:
        """A build's Sphinx process of a language with no job to do now leaves (its memory with it); its
        language's next job (the e-book, after the PDF) gets a new one from the fork server. The renderers
        and the watch mode's warm processes stay."""
        if _per_build(name) and name in self:
            executor = self.pop(name)
            executor.shutdown(wait=False)  # the build goes on; end_build waits for the process
            self._released.append(executor)

    def end_build(self) -> None:
        """After a build: its Sphinx processes leave (the next build of a language needs a pristine one,
        as Sphinx keeps a language's old translations); the renderers and the warm Sphinx processes (which
        forget them, engine/sphinxjob.py) stay for the next build."""
        for name in [name for name in self if _per_build(name)]:
            self.pop(name).shutdown(wait=True, cancel_futures=True)
        while self._released:
            self._released.pop().shutdown(wait=True)

    def __enter__(self) -> Pools:
        return self

    def __exit__(self, *exc: object) -> None:
        # On an error or Ctrl-C, nobody waits for the jobs: the command leaves, and its workers with it.
        for executor in [*self.values(), *self._released]:
            executor.shutdown(wait=exc[0] is None, cancel_futures=True)
        if exc[0] is None:
            from booklet.patches.multiprocessing import stop_helpers

            stop_helpers()


def _per_build(name: str) -> bool:
    """A build's own Sphinx process of a language ("sphinx:<lang>"), not a warm one."""
    return name.startswith("sphinx:") and name.count(":") == 1


def _fork_server() -> multiprocessing.context.ForkServerContext:
    os.environ[jobs.PARENT] = str(os.getpid())  # the server leaves if this process went before it started
    server = multiprocessing.get_context("forkserver")
    server.set_forkserver_preload(PRELOAD)
    return server


def _ready() -> None:
    """A renderer's first job: nothing, once its initializer has warmed it up."""
