"""What the build shows while it runs: every task, by row (a language, the parallel edition, the site) and
stage. The scheduler tells the display what happened; the display only displays.

On a terminal a live table (rich); in CI (`CI` set) or when the output is not a terminal, one plain line per
finished task, `[ru] pdf: done (0.4 s)`.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

from booklet.engine.graph import DONE, SKIPPED, Event, Task

SYMBOLS = {"waiting": "·", "running": "…", DONE: "✓", SKIPPED: "=", "failed": "✗", "not built": "–"}


def plain_output(stream: TextIO | None = None) -> bool:
    ci = os.environ.get("CI", "").strip().lower()
    return ci not in ("", "0", "false", "no") or not (stream or sys.stdout).isatty()


class Display:
    def __init__(self, tasks: Iterable[Task], stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        self.tasks = list(tasks)
        self.rows = list(dict.fromkeys(t.row for t in self.tasks))
        self.stages = list(dict.fromkeys(t.stage for t in self.tasks))
        self.state: dict[str, str] = {t.key: "waiting" for t in self.tasks}
        self.start = time.perf_counter()
        self.plain = plain_output(self.stream)
        self.live: Any = None

    def __enter__(self) -> Display:
        if not self.plain:
            from rich.console import Console
            from rich.live import Live

            self.live = Live(get_renderable=self.table, console=Console(file=self.stream), transient=False)
            self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)

    def notify(self, event: Event) -> None:
        self.state[event.task.key] = event.state
        if self.plain and event.state != "running":
            seconds = (
                f" ({event.result.outcome.seconds:.1f} s)" if event.result and event.state == DONE else ""
            )
            print(
                f"[{event.task.row}] {event.task.stage}: {event.state}{seconds}", file=self.stream, flush=True
            )

    def say(self, message: str) -> None:
        if self.live is not None:
            self.live.console.print(message)
        else:
            print(message, file=self.stream, flush=True)

    def table(self) -> Any:
        from rich.table import Table

        table = Table(title=f"booklet build ({time.perf_counter() - self.start:.1f} s)")
        table.add_column("")
        for stage in self.stages:
            table.add_column(stage, justify="center")
        cells = {(t.row, t.stage): SYMBOLS.get(self.state[t.key], "?") for t in self.tasks}
        for row in self.rows:
            table.add_row(row, *(cells.get((row, stage), "") for stage in self.stages))
        return table
