"""multiprocessing's fork server and resource tracker leave in their own time once the build lets go of them,
after the build has returned: a command that returns must have waited for them. Their `_stop` (which
CPython's own tests use to stop them) closes the build's end of their pipe and waits for the process; it is
private, so it is checked against the Python it was made for."""

from __future__ import annotations

import platform

from booklet.patches import require

MADE_FOR = "3.11"


def stop_fork_server() -> None:
    """Stop the fork server (if it runs) and wait for it; it starts again when next needed."""
    from multiprocessing import forkserver

    require("Python", ".".join(platform.python_version_tuple()[:2]), MADE_FOR)
    forkserver._forkserver._stop()  # type: ignore[attr-defined]


def stop_helpers() -> None:
    """Stop the fork server, then the resource tracker (which the server's end of the pipe kept open), and
    wait for both; either starts again when next needed."""
    from multiprocessing import resource_tracker

    stop_fork_server()
    resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]
