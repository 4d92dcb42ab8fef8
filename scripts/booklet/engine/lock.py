"""One build at a time per build folder: a second build waits for the first, saying so, then runs.

An advisory `fcntl.flock` on `<build dir>/.lock`: the kernel drops it when the holder exits, even on a crash
or a kill, so a stale lock can never block the next build.
"""

from __future__ import annotations

import fcntl
import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from booklet.config import Config

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(
                f"waiting: another build is running in {build_dir} (pid {holder})",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def locked(function: F) -> F:
    """Decorate a function whose first argument is the Config: it runs holding that build folder's lock."""

    @functools.wraps(function)
    def wrapper(cfg: Config, *args: Any, **kwargs: Any) -> Any:
        with build_lock(cfg.build_dir):
            return function(cfg, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
