"""A build as a graph of tasks, scheduled from one thread.

Each task declares the tasks it depends on and, once they are done, its inputs (a JSON-able value: file
digests, other tasks' output digests, settings). The digest of those inputs is its stamp: a task whose stamp
and outputs are those of its last success is not run, and its recorded output digest feeds the tasks after
it, so a change that leaves a task's output as it was stops there (early cut-off). A task runs either inline
(cheap bookkeeping, in this thread) or as a job in an executor (any `concurrent.futures.Executor`: process
pools in a build, a fake in the unit tests). Jobs return results; nothing signals through the display, which
is only told what happened (`Event`).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # concurrent.futures is imported when a job is first waited for: a no-op waits for none
    from concurrent.futures import Future

DONE, SKIPPED, FAILED, BLOCKED = "done", "up to date", "failed", "not built"


@dataclass
class Outcome:
    """What a task's work gives back: errors (empty: success), the digest of what it wrote, and any data
    the tasks after it read (e.g. a page's title)."""

    errors: list[str] = field(default_factory=list)
    digest: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class Result:
    state: str  # DONE, SKIPPED, FAILED or BLOCKED
    outcome: Outcome

    @property
    def ok(self) -> bool:
        return self.state in (DONE, SKIPPED)


Results = Mapping[str, Result]


@dataclass
class Job:
    """A function and its arguments, run by an executor (module-level, so that it pickles)."""

    fn: Callable[..., Outcome]
    args: tuple[Any, ...] = ()


@dataclass
class Task:
    key: str  # unique, e.g. "pdf:ru"
    row: str  # what the display groups it under (a language, "parallel", "site")
    stage: str  # what it makes, for the display ("print HTML", "PDF", ...)
    deps: tuple[str, ...] = ()  # must succeed first (else this task is not built)
    after: tuple[str, ...] = ()  # must be over first, whatever their outcome (their results are read)
    inputs: Callable[[Results], Any] = lambda _done: None  # its declared inputs, once its deps are done
    job: Callable[[Results], Job] | None = None  # the work; None for a task that only gathers its deps
    pool: str | None = None  # the executor's name; None: run inline, in the scheduler's thread
    outputs: Callable[[], Iterable[Path]] = lambda: ()  # what must exist for its stamp to count
    priority: int = 0  # among ready tasks, higher first (the critical path)

    @property
    def waits_for(self) -> tuple[str, ...]:
        return self.deps + self.after


@dataclass(frozen=True)
class Load:
    """A pool's jobs at one moment of a build: running, ready to run, and waiting for other tasks."""

    running: int = 0
    ready: int = 0
    later: int = 0

    @property
    def idle(self) -> bool:
        """Nothing runs and nothing can start now (a later job may still come)."""
        return not self.running and not self.ready

    @property
    def over(self) -> bool:
        """Nothing runs and nothing will."""
        return self.idle and not self.later


@dataclass(frozen=True)
class Event:
    task: Task
    state: str  # "running", or a final state
    result: Result | None = None


class Executor(Protocol):
    """Where jobs run: a `concurrent.futures.Executor`, or anything else that submits like one."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]: ...


class Stamps(Protocol):
    def fresh(self, key: str, digest: str) -> Outcome | None: ...

    def record(self, key: str, digest: str, outcome: Outcome) -> None: ...

    def forget(self, key: str) -> None: ...


def digest_of(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class GraphError(Exception):
    """The graph itself is wrong (a missing or circular dependency): a bug, not a build failure."""


def check(tasks: Iterable[Task], known: Iterable[str] = ()) -> dict[str, Task]:
    """The tasks by key, once their dependencies are known to exist (in `tasks`, or done: `known`) and
    form no cycle."""
    graph = {task.key: task for task in tasks}
    known = set(known)
    for task in graph.values():
        missing = [dep for dep in task.waits_for if dep not in graph and dep not in known]
        if missing:
            raise GraphError(f"{task.key} depends on unknown task(s) {', '.join(missing)}")
    state: dict[str, int] = {}

    def visit(key: str, path: tuple[str, ...]) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            raise GraphError("circular dependency: " + " -> ".join((*path, key)))
        state[key] = 1
        for dep in graph[key].waits_for:
            if dep in graph:
                visit(dep, (*path, key))
        state[key] = 2

    for key in graph:
        visit(key, ())
    return graph


def run(
    tasks: Iterable[Task],
    executors: Mapping[str, Executor],
    stamps: Stamps,
    slots: int,
    notify: Callable[[Event], None] = lambda _event: None,
    given: Mapping[str, Result] | None = None,
    release: Callable[[Mapping[str, Load]], None] = lambda _loads: None,
) -> dict[str, Result]:
    """Run every task whose stamp is stale, at most `slots` jobs at once; returns each task's result
    (`given`: results of tasks already run, which these may depend on; returned too).

    A task runs once every dependency succeeded (and every `after` task is over); when a dependency failed,
    it is BLOCKED. A job that raises, or whose process dies, is FAILED with the exception as its error. A
    task's stamp is forgotten when it starts, so a build killed halfway never vouches for what it left.
    `release(loads)` is told each pool's load whenever it changes (each pool that ran a job or has jobs to
    come), and once more at the end, every pool at rest: a pool whose load is idle or over may let its
    processes go (a later job makes them again).
    """
    graph = check(tasks, given or ())
    results: dict[str, Result] = dict(given or {})
    running: dict[Future[Outcome], tuple[Task, str, float]] = {}
    waiting = dict(graph)
    used: set[str] = set()  # pools that ran a job
    told: dict[str, Load] = {}

    def loads() -> dict[str, Load]:
        counts: dict[str, list[int]] = {pool: [0, 0, 0] for pool in used}
        for task, _digest, _started in running.values():
            counts.setdefault(str(task.pool), [0, 0, 0])[0] += 1
        for task in waiting.values():
            if task.job is not None and task.pool is not None:
                now = all(d in results for d in task.waits_for)
                counts.setdefault(task.pool, [0, 0, 0])[1 if now else 2] += 1
        return {pool: Load(*count) for pool, count in counts.items()}

    def finish(task: Task, result: Result, digest: str | None = None) -> None:
        results[task.key] = result
        if result.state == DONE and digest is not None:
            stamps.record(task.key, digest, result.outcome)
        elif result.state in (FAILED, BLOCKED):
            stamps.forget(task.key)
        notify(Event(task, result.state, result))

    while waiting or running:
        ready = sorted(
            (t for t in waiting.values() if all(d in results for d in t.waits_for)),
            key=lambda t: (-t.priority, t.key),
        )
        for task in ready:
            if not all(results[d].ok for d in task.deps):
                del waiting[task.key]
                failed = [d for d in task.deps if not results[d].ok]
                finish(task, Result(BLOCKED, Outcome([f"not built: {', '.join(failed)} failed"])))
                continue
            if task.job is not None and task.pool is not None and len(running) >= slots:
                continue  # no free slot: it waits (inline tasks still go ahead)
            del waiting[task.key]
            digest = digest_of([task.key, task.inputs(results)])
            kept = _kept(task, digest, stamps)
            if kept is not None:
                finish(task, Result(SKIPPED, kept))
                continue
            if task.job is None:
                finish(task, Result(DONE, Outcome()), digest)
                continue
            job = task.job(results)
            stamps.forget(task.key)
            if task.pool is None:
                notify(Event(task, "running"))
                finish(task, _outcome_of(job.fn, *job.args), digest)
                continue
            notify(Event(task, "running"))
            running[executors[task.pool].submit(job.fn, *job.args)] = (task, digest, time.perf_counter())
            used.add(task.pool)
        now = loads()
        if now != told:
            told = now
            release(now)
        if not running:
            if waiting and not any(all(d in results for d in t.waits_for) for t in waiting.values()):
                raise GraphError("tasks left that can never run: " + ", ".join(sorted(waiting)))
            continue
        from concurrent.futures import FIRST_COMPLETED, wait

        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            task, digest, started = running.pop(future)
            result = _outcome_of(future.result)
            result.outcome.seconds = time.perf_counter() - started
            finish(task, result, digest)
    if used:
        release({pool: Load() for pool in sorted(used)})
    return results


def _kept(task: Task, digest: str, stamps: Stamps) -> Outcome | None:
    """The recorded outcome of `task` if its stamp is `digest` and its outputs exist: it need not run."""
    kept = stamps.fresh(task.key, digest)
    return kept if kept is not None and all(path.exists() for path in task.outputs()) else None


def stale(task: Task, stamps: Stamps) -> bool:
    """Whether a task that depends on no other would run."""
    return _kept(task, digest_of([task.key, task.inputs({})]), stamps) is None


def _outcome_of(call: Callable[..., Outcome], *args: Any) -> Result:
    start = time.perf_counter()
    try:
        outcome = call(*args)
    except Exception as exc:  # a job that raised or whose process died: its task failed, the build goes on
        detail = str(exc).strip() or type(exc).__name__
        seconds = time.perf_counter() - start
        return Result(FAILED, Outcome([f"{type(exc).__name__}: {detail}"], seconds=seconds))
    if not outcome.seconds:
        outcome.seconds = time.perf_counter() - start
    return Result(FAILED if outcome.errors else DONE, outcome)
