"""multiprocessing's private parts, used in three places (all checked against the Python they were made for).

- Stopping its helpers: the fork server and the resource tracker leave in their own time once the build lets
  go of them, after the build has returned: a command that returns must have waited for them. Their `_stop`
  (which CPython's own tests use to stop them) closes the build's end of their pipe and waits for the process.
- A second fork server: multiprocessing has one per process, which the Sphinx workers use. The renderers get
  one of their own (`RendererContext`), which imports WeasyPrint once for all of them. Its processes are
  started as popen_forkserver.Popen starts them, but by that server.
- A temporary folder of the build's own (`own_folder`): its helpers' sockets, and every file a helper or
  worker makes in the temporary folder (WeasyPrint's copies of the fonts, which only the normal end of their
  owner removes). A build that leaves at once (Ctrl-C: its workers are ended by the kernel) takes the folder
  with it (`remove_folder`), and the folder goes with the helpers (`stop_helpers`).

This module imports multiprocessing: only what starts processes imports it.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import shutil
import tempfile
from collections.abc import Sequence
from multiprocessing import context, forkserver, popen_forkserver, process, reduction, spawn, util
from typing import Any

from booklet.patches import require

MADE_FOR = "3.11"


def _checked() -> None:
    require("Python", ".".join(platform.python_version_tuple()[:2]), MADE_FOR)


def stop_fork_server() -> None:
    """Stop the fork server (if it runs) and wait for it; it starts again when next needed."""
    _checked()
    _stop(forkserver._forkserver)


def _stop(server: forkserver.ForkServer) -> None:
    """Its `_stop`: it closes the build's end of the server's pipe, waits for the server, then removes its
    socket, which is gone already when an interrupted build took its temporary folder with it at once."""
    with contextlib.suppress(FileNotFoundError):
        server._stop()  # type: ignore[attr-defined]


def stop_helpers() -> None:
    """Stop the fork servers, then the resource tracker (which the servers' end of the pipe kept open), and
    wait for them; each starts again when next needed."""
    from multiprocessing import resource_tracker

    stop_fork_server()
    stop_renderer_server()
    resource_tracker._resource_tracker._stop()  # type: ignore[attr-defined]
    remove_folder()


SOCKET_PATH_MAX = 107  # bytes: sun_path, less its terminating NUL
# The build's own temporary folder while its helpers run: (folder, TMPDIR before, multiprocessing's before).
_FOLDER: list[tuple[str, str | None, str | None]] = []


def own_folder() -> None:
    """From now on, the helpers started and every process they start make their temporary files in a folder
    of this process's own (TMPDIR, which they read when they start), and so do multiprocessing's sockets.
    This process's own temporary files stay where they were."""
    _checked()
    if _FOLDER:
        return
    folder = tempfile.mkdtemp(prefix="booklet-", dir=_base())
    config = process.current_process()._config  # type: ignore[attr-defined]
    _FOLDER.append((folder, os.environ.get("TMPDIR"), config.get("tempdir")))
    os.environ["TMPDIR"] = folder
    config["tempdir"] = folder  # util.get_temp_dir's, which then registers no removal of its own


def _base() -> str:
    """Where the folder is made: this process's temporary folder (cached before TMPDIR changes), or /tmp where
    a socket in it would have too long a path for AF_UNIX (as Python 3.12's multiprocessing does)."""
    base = tempfile.gettempdir()
    socket = os.path.join(base, "booklet-12345678", "listener-12345678")
    if len(os.fsencode(socket)) <= SOCKET_PATH_MAX:
        return base
    return next((short for short in ("/tmp", "/var/tmp") if os.access(short, os.W_OK | os.X_OK)), base)


def remove_folder() -> None:
    """The folder goes, with all in it: its helpers and workers are gone, or going with this process."""
    _checked()
    if not _FOLDER:
        return
    folder, tmpdir, before = _FOLDER.pop()
    shutil.rmtree(folder, ignore_errors=True)
    if tmpdir is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = tmpdir
    config = process.current_process()._config  # type: ignore[attr-defined]
    if before is None:
        config.pop("tempdir", None)
    else:
        config["tempdir"] = before


_RENDERER_SERVER = forkserver.ForkServer()


def start_renderer_server(preload: Sequence[str]) -> None:
    """Start the renderers' fork server, which imports `preload`, without waiting for it."""
    _checked()
    _RENDERER_SERVER.set_forkserver_preload(list(preload))
    _RENDERER_SERVER.ensure_running()


def stop_renderer_server() -> None:
    """Stop it (once its processes are gone: they hold its pipe open) and wait for it."""
    _checked()
    _stop(_RENDERER_SERVER)


class _Popen(popen_forkserver.Popen):
    def _launch(self, process_obj: Any) -> None:
        """popen_forkserver.Popen._launch, asking the renderers' server."""
        prep_data = spawn.get_preparation_data(process_obj._name)
        buf = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            context.set_spawning_popen(None)
        self.sentinel, w = _RENDERER_SERVER.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        parent_w = os.dup(w)  # the child's sentinel of this process, as in popen_forkserver
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))  # type: ignore[attr-defined]
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class RendererProcess(context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> Any:
        _checked()
        return _Popen(process_obj)


class RendererContext(context.ForkServerContext):
    """A start method for `concurrent.futures.ProcessPoolExecutor`: its processes are forked by the renderers'
    server (start_renderer_server)."""

    Process = RendererProcess
