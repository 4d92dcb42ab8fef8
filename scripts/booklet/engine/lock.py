"""One build at a time per build folder: a second build waits for the first, saying so, then runs.

An advisory `fcntl.flock` on `<build dir>/.lock`: the kernel drops it when the holder exits, even on a crash
or a kill, so a stale lock can never block the next build.
"""

from __future__ import annotations

import fcntl
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockError(Exception):
    """The lock file is not one this build may use; the message says why."""


def _open_lock(path: Path) -> int:
    """The lock file, opened without following a symlink, and only if it is a regular file of this user:
    a planted symlink or another user's file is never truncated or written."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
        os.close(fd)
        raise LockError(f"{path}: not a regular file of this user; remove it and build again")
    return fd


@contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / ".lock"
    try:
        fd = _open_lock(path)
    except OSError as exc:  # ELOOP: a symlink
        raise LockError(f"{path}: cannot be used as the build lock ({exc.strerror})") from None
    with os.fdopen(fd, "r+") as handle:
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
