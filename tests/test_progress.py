"""The build's display (engine/progress.py): it shows every task it is told of, the parallel edition
included, and does nothing else."""

from __future__ import annotations

import io

from booklet.engine.graph import DONE, FAILED, SKIPPED, Event, Outcome, Result, Task
from booklet.engine.progress import Display

TASKS = [
    Task(key="pdf:ru", row="ru", stage="pdf"),
    Task(key="site:ru", row="ru", stage="site"),
    Task(key="parallel", row="parallel", stage="pdf"),
]


def test_plain_output_is_one_line_per_finished_task(monkeypatch):
    monkeypatch.setenv("CI", "1")
    out = io.StringIO()
    display = Display(TASKS, out)
    with display:
        display.notify(Event(TASKS[0], "running"))
        display.notify(Event(TASKS[0], DONE, Result(DONE, Outcome(seconds=0.42))))
        display.notify(Event(TASKS[1], FAILED, Result(FAILED, Outcome(["x"]))))
        display.notify(Event(TASKS[2], SKIPPED, Result(SKIPPED, Outcome())))
    assert out.getvalue().splitlines() == [
        "[ru] pdf: done (0.4 s)",
        "[ru] site: failed",
        "[parallel] pdf: up to date",
    ]


def test_the_live_table_has_a_row_for_every_language_and_the_parallel_edition(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    display = Display(TASKS, io.StringIO())
    display.notify(Event(TASKS[2], "running"))
    table = display.table()
    assert [column.header for column in table.columns] == ["", "pdf", "site"]
    rows = list(zip(*(list(column.cells) for column in table.columns), strict=True))
    assert rows == [("ru", "·", "·"), ("parallel", "…", "")]
