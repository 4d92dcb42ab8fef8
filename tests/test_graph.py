"""The scheduler on its own (engine/graph.py): fake executors and in-memory stamps, no build."""

from __future__ import annotations

import threading
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Any

import pytest

from booklet.engine import graph
from booklet.engine.graph import BLOCKED, DONE, FAILED, SKIPPED, Job, Outcome, Task

GUARD = 60  # seconds a job may wait for its peers: a guard against a hang, never reached when all is well


class MemoryStamps:
    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, Outcome]] = {}
        self.log: list[str] = []

    def fresh(self, key: str, digest: str) -> Outcome | None:
        entry = self.entries.get(key)
        return Outcome(digest=entry[1].digest, data=entry[1].data) if entry and entry[0] == digest else None

    def record(self, key: str, digest: str, outcome: Outcome) -> None:
        self.entries[key] = (digest, outcome)
        self.log.append(f"record {key}")

    def forget(self, key: str) -> None:
        self.entries.pop(key, None)
        self.log.append(f"forget {key}")


class Now(Executor):
    """Runs each job when it is submitted."""

    def __init__(self) -> None:
        self.ran: list[str] = []

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.ran.append(args[0] if args else fn.__name__)
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def make(name: str, value: str = "") -> Outcome:
    return Outcome(digest=value or f"out-{name}")


def boom(name: str) -> Outcome:
    raise RuntimeError(f"{name} crashed")


def refuse(name: str) -> Outcome:
    return Outcome([f"{name}: a finding at file:1"])


def task(key: str, deps: tuple[str, ...] = (), fn: Any = make, arg: str = "", **kw: Any) -> Task:
    inputs = kw.pop("inputs", None)
    return Task(
        key=key,
        row=key.split(":")[-1],
        stage=key.split(":")[0],
        deps=deps,
        inputs=inputs or (lambda done, deps=deps: [done[d].outcome.digest for d in deps]),
        job=lambda _done: Job(fn, (key, *((arg,) if arg else ()))),
        pool="p",
        **kw,
    )


def run(tasks: list[Task], stamps: MemoryStamps | None = None, slots: int = 4) -> dict[str, graph.Result]:
    return graph.run(tasks, {"p": Now()}, stamps or MemoryStamps(), slots)


def test_a_failed_task_blocks_what_depends_on_it_and_nothing_else():
    results = run([task("a", fn=refuse), task("b", ("a",)), task("c"), task("d", ("c",))])
    assert [results[k].state for k in "abcd"] == [FAILED, BLOCKED, DONE, DONE]
    assert results["a"].outcome.errors == ["a: a finding at file:1"]


def test_a_job_that_raises_is_a_failure_with_its_message_not_a_crash():
    results = run([task("a", fn=boom), task("b")])
    assert results["a"].state == FAILED and "RuntimeError: a crashed" in results["a"].outcome.errors[0]
    assert results["b"].state == DONE


def test_an_after_task_waits_for_any_outcome_and_reads_it():
    seen: list[str] = []
    publish = Task(
        key="publish",
        row="x",
        stage="publish",
        after=("a", "b"),
        inputs=lambda done: seen.extend(f"{k}={done[k].state}" for k in ("a", "b")),
    )
    results = run([task("a", fn=refuse), task("b"), publish])
    assert results["publish"].state == DONE
    assert seen == [f"a={FAILED}", f"b={DONE}"]


def test_stamps_skip_unchanged_work_and_cut_off_when_an_output_is_unchanged():
    stamps = MemoryStamps()
    tasks = [task("source"), task("middle", ("source",)), task("last", ("middle",))]
    run(tasks, stamps)
    again = run(tasks, stamps)
    assert {r.state for r in again.values()} == {SKIPPED}
    # The source's inputs change but it makes the same output: the tasks after it are not run.
    changed = [task("source", inputs=lambda _d: "new"), tasks[1], tasks[2]]
    results = run(changed, stamps)
    assert results["source"].state == DONE and results["middle"].state == SKIPPED
    # A different output runs what reads it (whose own output, the same again, stops there).
    different = [task("source", arg="other", inputs=lambda _d: "newer"), tasks[1], tasks[2]]
    results = run(different, stamps)
    assert results["middle"].state == DONE and results["last"].state == SKIPPED


def test_a_stamp_is_dropped_when_its_task_starts():
    stamps = MemoryStamps()
    run([task("a")], stamps)
    stamps.log.clear()
    run([task("a", inputs=lambda _d: "changed")], stamps)
    assert stamps.log == ["forget a", "record a"]


def test_a_missing_output_runs_the_task_again(tmp_path):
    stamps = MemoryStamps()
    out = tmp_path / "out.pdf"
    made = [task("a", outputs=lambda: [out])]
    out.write_bytes(b"x")
    run(made, stamps)
    assert run(made, stamps)["a"].state == SKIPPED
    out.unlink()
    assert run(made, stamps)["a"].state == DONE


def test_ready_tasks_start_by_priority():
    executor = Now()
    tasks = [task("low", priority=1), task("high", priority=9), task("mid", priority=5)]
    graph.run(tasks, {"p": executor}, MemoryStamps(), slots=1)
    assert executor.ran == ["high", "mid", "low"]


@pytest.mark.parametrize("slots", [1, 2, 3])
def test_no_more_jobs_run_at_once_than_slots(slots):
    lock = threading.Lock()
    state = {"active": 0, "peak": 0, "started": 0}
    full = threading.Event()
    jobs = 5

    def held(_name: str) -> Outcome:
        with lock:
            state["active"] += 1
            state["started"] += 1
            state["peak"] = max(state["peak"], state["active"])
            if state["active"] == slots or state["started"] == jobs:
                full.set()
        assert full.wait(GUARD)
        with lock:
            state["active"] -= 1
            if state["active"] == 0:
                full.clear()
        return Outcome(digest="x")

    with ThreadPoolExecutor(8) as pool:
        results = graph.run([task(f"t{i}", fn=held) for i in range(jobs)], {"p": pool}, MemoryStamps(), slots)
    assert {r.state for r in results.values()} == {DONE}
    assert state["peak"] == slots


def test_a_broken_graph_is_refused_before_anything_runs():
    with pytest.raises(graph.GraphError, match="unknown"):
        run([task("a", ("nowhere",))])
    with pytest.raises(graph.GraphError, match="circular"):
        run([task("a", ("b",)), task("b", ("a",))])


def test_the_display_is_told_every_start_and_end():
    events: list[tuple[str, str]] = []
    graph.run(
        [task("a"), task("b", ("a",), fn=refuse), task("c", ("b",))],
        {"p": Now()},
        MemoryStamps(),
        2,
        lambda event: events.append((event.task.key, event.state)),
    )
    assert events == [("a", "running"), ("a", DONE), ("b", "running"), ("b", FAILED), ("c", BLOCKED)]


def test_pools_are_told_their_load_whenever_it_changes():
    log: list[str] = []

    class Logged(Now):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            log.append(f"run {args[0]}")
            return super().submit(fn, *args, **kwargs)

    def on(pool: str, key: str, deps: tuple[str, ...] = ()) -> Task:
        return Task(key=key, row=key, stage=key, deps=deps, job=lambda _d: Job(make, (key,)), pool=pool)

    def told(loads: dict[str, graph.Load]) -> None:  # pool:<running><ready><later>
        log.append(" ".join(f"{p}:{x.running}{x.ready}{x.later}" for p, x in sorted(loads.items())))

    tasks = [on("s", "print"), on("r", "pdf", ("print",)), on("s", "epub", ("pdf",))]
    results = graph.run(tasks, {"s": Logged(), "r": Logged()}, MemoryStamps(), 2, release=told)
    assert all(result.state == DONE for result in results.values())
    assert log == [
        "run print",
        "r:001 s:101",
        "run pdf",
        "r:100 s:001",  # "s" is idle while the PDF is made: its process may go (its next job comes later)
        "run epub",
        "r:000 s:100",  # "r" is over: nothing will come
        "r:000 s:000",  # the end: every pool at rest
    ]
    assert graph.Load(0, 0, 1).idle and not graph.Load(0, 0, 1).over and graph.Load().over
