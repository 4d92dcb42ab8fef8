"""What the build's two fork servers import once, before they fork their workers: `sphinx` (Sphinx and MyST,
for each language's Sphinx process) and `renderer` (WeasyPrint, warmed up, for the renderers).

Each module does its work only when imported by a fork server (its preload): a server goes with the build
however it ends, and what it made lives as long as its workers.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys


def _in_fork_server() -> bool:
    """Whether this import runs in a multiprocessing fork server (its preload), not anywhere else."""
    from multiprocessing import forkserver

    frame = sys._getframe()
    while frame is not None:
        if frame.f_code is forkserver.main.__code__:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def serving() -> bool:
    """Whether this is a fork server's preload. If so, the server goes with the build however it ends (a watch
    mode's Ctrl-C leaves at once, a build killed while the server is still importing): its workers, which
    hold its "alive" pipe open, then go with it (engine/jobs.init_worker). And when the build ends, it
    leaves at once: it would tear down an interpreter full of modules, holding the build's stdout, after the
    build returned, with nothing to flush. (Its forked workers never run atexit: they leave through os._exit
    with their own status.) Ctrl-C is the build's to handle: the server ignores it from here on, and so does
    every worker it forks (multiprocessing gives them the handlers the server had before it started serving)
    from its first instruction, so that none prints a traceback on the user's terminal."""
    if not _in_fork_server():
        return False
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from booklet.engine.jobs import PARENT, SERVER, die_with_parent

    die_with_parent(int(os.environ.get(PARENT, "0")))
    os.environ[SERVER] = str(os.getpid())  # its workers' parent, which they check (jobs.init_worker)
    atexit.register(os._exit, 0)
    return True
