"""The build server: a translator's next save is built without paying the start-up again.

Every build starts processes that import Sphinx and MyST (~0.3 s of CPU) and WeasyPrint (~0.3 s) before any
work: a third of a one-catalog rebuild. So a build leaves a server behind for its build folder: a process
that has imported them and laid out a warm-up page (it builds nothing: no Sphinx application, no project
file but its configuration, for the warm-up), waiting on a socket in `<build>/.server/`. The next
`booklet build` hands it its arguments, environment, working folder and terminal; the server forks a child
that runs the command exactly as the command would (the same code, in a copy of a pristine process, as the
fork server's workers are), and the command exits with the child's status.

It serves only its own user (SO_PEERCRED; the folder is 0700), only the code it was started with (an
identity of the interpreter, the package's modules and the installed packages is compared on each request:
on a mismatch it exits and the command builds as usual), one build at a time (the next waits, as for the
build lock). It exits when idle for BOOKLET_SERVER_IDLE seconds (default 900) or when its socket is removed
(`make clean`). Off with BOOKLET_SERVER=0, and by default where CI is set, unless BOOKLET_SERVER=1.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import io
import json
import os
import select
import signal
import socket
import struct
import sys
import time
import traceback
from pathlib import Path
from typing import IO, Any

SOCKET = "sock"
IDLE_SECONDS = 900.0


def enabled() -> bool:
    setting = os.environ.get("BOOKLET_SERVER", "")
    return setting == "1" or (setting != "0" and not os.environ.get("CI"))


def home(build_dir: Path) -> Path:
    return build_dir / ".server"


def identity() -> str:
    """What the server's code is: a server started before a change of it must not build after it."""
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}\0".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):  # modules, and the data some of them load once
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
    import sysconfig

    for name in ("purelib", "platlib"):  # an install or upgrade adds and removes entries in site-packages
        folder = sysconfig.get_paths()[name]
        with contextlib.suppress(OSError):
            digest.update(f"{folder}\0{os.stat(folder).st_mtime_ns}\0".encode())
    return digest.hexdigest()


# --- the command's side ---------------------------------------------------------------------------------


def build_dir_of(argv: list[str]) -> Path | None:
    """The build folder `booklet build` would use, without loading the CLI; None when there is none (the
    CLI says why)."""
    for i, arg in enumerate(argv):
        if arg == "--build-dir" and i + 1 < len(argv):
            return Path(argv[i + 1]).resolve()
        if arg.startswith("--build-dir="):
            return Path(arg.split("=", 1)[1]).resolve()
    from booklet.config import ConfigError, load

    try:
        return load().build_dir.resolve()
    except ConfigError:
        return None


def _socket_path(build_dir: Path) -> Path | None:
    """The server's socket, or None where the path is too long for one (sun_path: 108 bytes)."""
    path = home(build_dir) / SOCKET
    return path if len(os.fsencode(path)) < 100 else None


def request(build_dir: Path, argv: list[str]) -> int | None:
    """Run `argv` in the build folder's server: its exit status, or None when no server took it (build
    here). Ctrl-C and termination are passed on to the build."""
    path = _socket_path(build_dir)
    if path is None or not path.exists():
        return None
    umask = os.umask(0o22)
    os.umask(umask)
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with conn:
        try:
            conn.connect(str(path))
            payload = json.dumps(
                {
                    "argv": argv,
                    "cwd": os.getcwd(),
                    "env": dict(os.environ),
                    "umask": umask,
                    "nice": os.getpriority(os.PRIO_PROCESS, 0),
                    "identity": identity(),
                }
            ).encode()
            socket.send_fds(conn, [len(payload).to_bytes(8, "big")], [0, 1, 2])
            conn.sendall(payload)
            replies = conn.makefile("rb")
            started = json.loads(replies.readline() or b"{}")
        except (OSError, ValueError):
            return None  # no server after all (a stale socket): nothing has started
        if "pid" not in started:
            return None  # a server of older code: it has left, build here
        group = int(started["pid"])

        def forward(signum: int, _frame: object) -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signum)

        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, forward)
        try:
            ended = json.loads(replies.readline() or b"{}")
        except (OSError, ValueError):
            ended = {}
    if "exit" not in ended:
        print("booklet: the build server stopped during the build; run it again", file=sys.stderr)
        return 1
    return int(ended["exit"])


def _claim(folder: Path) -> IO[str] | None:
    """The server lock of `folder`, taken; None when a live server holds it (or the folder is unusable)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = open(folder / "lock", "a")  # noqa: SIM115  the caller keeps or closes it
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    return lock


def ready_pid(build_dir: Path) -> int | None:
    """The pid of the folder's server once it takes builds, else None (a killed server's socket stays)."""
    folder = home(build_dir)
    if not (folder / SOCKET).exists():
        return None
    try:
        pid = int((folder / "lock").read_text(encoding="utf-8"))
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def start(root: Path, build_dir: Path) -> None:
    """Leave a server behind for `build_dir` unless one is running (or starting) there already."""
    if not enabled() or _socket_path(build_dir) is None:
        return
    folder = home(build_dir)
    lock = _claim(folder)
    if lock is None:
        return
    lock.close()  # free again for the server about to start
    import subprocess

    with open(folder / "log", "ab") as log:
        subprocess.Popen(
            [sys.executable, "-m", "booklet.server", str(root), str(build_dir)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
            cwd=folder,
        )


# --- the server's side ----------------------------------------------------------------------------------


def _warm(root: Path, build_dir: Path) -> None:
    """Import what every build imports and lay out the renderer's warm-up page. What this keeps (code,
    pyphen's dictionaries, CLDR's data) comes from the installed packages, which the identity covers; the
    project's files (sources, catalogs, fonts, configuration) are read again by every build."""
    import booklet.cli  # the command
    import booklet.preload  # noqa: F401  Sphinx, MyST and the build's own modules
    from booklet.build import RENDERER_MODULES, warm_renderer
    from booklet.libs import import_weasyprint

    import_weasyprint()
    for modules in RENDERER_MODULES.values():
        for module in modules:
            __import__(module)
    warm_renderer(root, build_dir, ("trilingual",))


def serve(root: Path, build_dir: Path, idle: float) -> None:
    folder = home(build_dir)
    lock = _claim(folder)  # held for the server's life
    if lock is None:
        return  # another server has this folder
    lock.truncate(0)
    lock.write(str(os.getpid()))
    lock.flush()
    path = _socket_path(build_dir)
    if path is None:
        return
    _warm(root, build_dir)
    me = identity()
    staging = folder / f"s{os.getpid()}"  # no longer than the socket's name plus four
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(staging))
    os.chmod(staging, 0o600)
    listener.listen(8)
    os.replace(staging, path)  # the socket appears only once the server is warm
    inode = path.stat().st_ino
    last = time.monotonic()
    print(f"server {os.getpid()} ready for {build_dir}", flush=True)
    while True:
        try:
            if path.stat().st_ino != inode:
                break  # replaced by another server
        except OSError:
            break  # removed: `make clean`
        if not select.select([listener], [], [], 1.0)[0]:
            if time.monotonic() - last > idle:
                with contextlib.suppress(OSError):
                    path.unlink()
                break
            continue
        conn, _ = listener.accept()
        with conn:
            stale = _handle(conn, listener, me)
        last = time.monotonic()
        if stale:
            with contextlib.suppress(OSError):
                path.unlink()
            break
    print(f"server {os.getpid()} leaves", flush=True)


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    head, fds, _, _ = socket.recv_fds(conn, 8, 3)
    size, data = int.from_bytes(head, "big"), b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise OSError("request cut short")
        data += chunk
    return json.loads(data), fds


def _handle(conn: socket.socket, listener: socket.socket, me: str) -> bool:
    """Serve one request; True when it came from other code than the server's (the server must go)."""
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    if struct.unpack("3i", creds)[1] != os.getuid():
        return False
    try:
        req, fds = _receive(conn)
    except (OSError, ValueError):
        return False
    if req.get("identity") != me or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        conn.sendall(b'{"stale": true}\n')
        return True
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            listener.close()
            conn.close()
            code = _run(req, fds)
        finally:
            # Leave as the command's own process would (multiprocessing releases its semaphores at exit),
            # but never return into the server's loop.
            with contextlib.suppress(BaseException):
                atexit._run_exitfuncs()
            os._exit(code)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # (the child does it too: whichever runs first) before the command signals it
    for fd in fds:
        os.close(fd)
    print(f"server {os.getpid()}: build {pid}: {' '.join(req['argv'][1:])}", flush=True)
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps({"exit": code if code >= 0 else 128 - code}).encode() + b"\n")
    return False


def _run(req: dict[str, Any], fds: list[int]) -> int:
    """In the forked child: become the command (its terminal, folder, environment, arguments) and run it."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # its own process group: the command passes Ctrl-C on to all of the build
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    os.umask(int(req["umask"]))
    with contextlib.suppress(OSError):  # only ever nicer than the server, never less nice
        os.setpriority(os.PRIO_PROCESS, 0, max(int(req["nice"]), os.getpriority(os.PRIO_PROCESS, 0)))
    encoding = sys.stdout.encoding if sys.stdout else "utf-8"
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding=encoding)
    sys.stdout, sys.stderr = (
        io.TextIOWrapper(io.FileIO(fd, "w", closefd=False), encoding=encoding, line_buffering=os.isatty(fd))
        for fd in (1, 2)
    )
    sys.argv = list(req["argv"])
    from booklet.cli import main

    code: Any = 0
    try:
        main(args=sys.argv[1:], prog_name="booklet")
    except SystemExit as exc:
        code = exc.code
    except BaseException:  # what the command's own interpreter would print for an uncaught error
        traceback.print_exc()
        code = 1
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    return code or 0


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m booklet.server ROOT BUILD_DIR")
    idle = float(os.environ.get("BOOKLET_SERVER_IDLE", IDLE_SECONDS))
    serve(Path(sys.argv[1]), Path(sys.argv[2]), idle)


if __name__ == "__main__":
    main()
