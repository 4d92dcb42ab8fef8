"""Progress of a build: which language is at which stage, and for how long.

Workers never write to the terminal themselves: they post `(lang, message)` events on a queue the parent
hands them at start-up, and the parent shows them. On a terminal that is a live rich table; in CI
(`CI` set) or when the output is not a terminal, one plain line per event, `[lang] message`.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

_QUEUE: Any = None  # set in a worker by install()
SIGNAL = "\0"  # prefix of an event that is a signal to the parent, not a message


def install(queue: Any) -> None:
    """Worker initializer: route say() to the parent's display."""
    global _QUEUE
    _QUEUE = queue


def say(lang: str, message: str) -> None:
    if _QUEUE is not None:
        _QUEUE.put((lang, message))
    else:
        print(f"[{lang}] {message}", flush=True)


def signal(lang: str, name: str, arg: str = "") -> None:
    """Tell the parent something happened (not shown): it calls the handler it registered for `name`."""
    if _QUEUE is not None:
        _QUEUE.put((lang, SIGNAL + name + ":" + arg))


def plain_output() -> bool:
    ci = os.environ.get("CI", "").strip().lower()
    return ci not in ("", "0", "false", "no") or not sys.stdout.isatty()


class Display:
    """Shows the events of a queue until closed. Use as a context manager around the workers' lifetime."""

    def __init__(self, queue: Any, languages: list[str]) -> None:
        self.queue = queue
        self.languages = languages
        self.state = {lang: ("waiting", time.perf_counter()) for lang in languages}
        self.start = time.perf_counter()
        self.plain = plain_output()
        self.live: Any = None
        self.handlers: dict[str, Callable[[str, str], None]] = {}  # name -> handler(lang, arg)
        self.thread = threading.Thread(target=self._drain, daemon=True)

    def __enter__(self) -> Display:
        if not self.plain:
            from rich.live import Live

            self.live = Live(get_renderable=self._table, refresh_per_second=8, transient=False)
            self.live.__enter__()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.live is not None:
            self.live.__exit__(None, None, None)

    def post(self, lang: str, message: str) -> None:
        self.queue.put((lang, message))

    def _drain(self) -> None:
        while (event := self.queue.get()) is not None:
            lang, message = event
            if message.startswith(SIGNAL):
                name, _, arg = message[len(SIGNAL) :].partition(":")
                handler = self.handlers.get(name)
                if handler is not None:
                    handler(lang, arg)
                continue
            self.state[lang] = (message, time.perf_counter())
            if self.plain:
                print(f"[{lang}] {message}", flush=True)

    def _table(self) -> Any:
        from rich.table import Table

        table = Table(title=f"booklet build ({time.perf_counter() - self.start:.1f} s)", expand=False)
        table.add_column("language")
        table.add_column("stage")
        table.add_column("since", justify="right")
        now = time.perf_counter()
        for lang in self.languages:
            message, since = self.state[lang]
            table.add_row(lang, message, f"{now - since:.1f} s")
        return table
