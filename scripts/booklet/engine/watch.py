"""`booklet preview LANG` (`make preview LANG=ru`): the watch mode for translators, in the foreground.

It builds the language's site and PDF as `make` does, serves the site on 127.0.0.1 only, and on every save of
a catalog, a source or the configuration builds again and reloads the open pages by themselves. Its processes
stay warm between saves (the renderer keeps WeasyPrint loaded, and the edition's fonts and line splits for
its next render; each build's Sphinx process is forked afresh from the fork server, which keeps Sphinx
loaded): this is the one place in the project where processes outlive a build. Ctrl-C ends it and every
process it started.

It refuses what `make` refuses: while the last build of the language failed (a catalog the preflight
refuses, a PDF that could not be made), every page of it shows the findings, file:line, instead of the text.
The language's pages and PDF are served from the build's work folder as soon as they are made; the other
languages' pages, from the published site. Requests whose Host is not 127.0.0.1 or localhost are refused
(DNS rebinding).
"""

from __future__ import annotations

import html
import http.server
import mimetypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from booklet.config import PARALLEL, Config
from booklet.engine import build as engine
from booklet.engine.graph import DONE, Event, Task
from booklet.engine.jobs import stop_signals
from booklet.engine.pools import Pools
from booklet.engine.progress import Display

EVENTS = "/__booklet_events"  # server-sent events: one message per updated output, and one per build's end
BUILT = "built"  # the last message of a build: nothing changed that a page shows
RELOAD = (
    f'<script>new EventSource("{EVENTS}").onmessage = function (e) {{'
    f' if (!e.data.endsWith(" {BUILT}")) location.reload(); }};</script>'
)
STAGES = ("html", "pdf")


@dataclass
class State:
    """What the server shows, changed by the build loop (its own thread-safe counter wakes the pages)."""

    errors: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # each change ("site", "pdf", "errors", BUILT) in turn
    changed: threading.Condition = field(default_factory=threading.Condition)

    @property
    def generation(self) -> int:
        return len(self.history)

    def next_after(self, seen: int, timeout: float) -> list[tuple[int, str]]:
        """Wait for changes after generation `seen` (or the timeout): each (generation, what changed), none
        left out however quickly they followed each other."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen, timeout=timeout)
            return list(enumerate(self.history[seen:], seen + 1))

    def bump(self, what: str, errors: list[str] | None = None) -> None:
        with self.changed:
            if errors is not None:
                self.errors = errors
            self.history.append(what)
            self.changed.notify_all()


class WatchDisplay(Display):
    """The build's display, which also tells the open pages when the language's site or PDF is made."""

    def __init__(self, tasks: list[Task], lang: str, state: State) -> None:
        super().__init__(tasks)
        self.lang, self.watch = lang, state

    def notify(self, event: Event) -> None:
        super().notify(event)
        if event.state == DONE and event.task.key in (f"site:{self.lang}", f"pdf:{self.lang}"):
            self.watch.bump(event.task.key.split(":")[0], errors=[])


def allowed_host(host: str | None, port: int) -> bool:
    if not host:
        return False
    return host in {f"127.0.0.1:{port}", f"localhost:{port}", "127.0.0.1", "localhost"}


def make_handler(cfg: Config, lang: str, port: int, state: State) -> type[http.server.BaseHTTPRequestHandler]:
    work_site, published = cfg.work_dir(lang) / "html", cfg.html_dir()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:  # the build's output is what the terminal shows
            pass

        def do_GET(self) -> None:
            if not allowed_host(self.headers.get("Host"), port):
                self._send(403, "text/plain", b"this preview answers only for 127.0.0.1 and localhost\n")
                return
            path = unquote(urlsplit(self.path).path)
            if path == EVENTS:
                self._events()
                return
            file = self._file(path)
            if file is None:
                self._send(404, "text/plain", b"not found\n")
                return
            if state.errors and (path.startswith(f"/{lang}/") or path == f"/{lang}"):
                self._send(200, "text/html; charset=utf-8", _error_page(lang, state.errors))
                return
            body = file.read_bytes()
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind == "text/html":
                body = body.replace(b"</body>", RELOAD.encode() + b"</body>", 1)
                kind += "; charset=utf-8"
            self._send(200, kind, body)

        def _file(self, path: str) -> Path | None:
            parts = [p for p in path.split("/") if p]
            if any(p in ("..", ".") for p in parts):
                return None
            if parts[:1] == [lang] and parts[1:2] == ["pdf"] and len(parts) == 3:
                candidate = cfg.work_dir(lang) / "out" / parts[2]
            elif parts[:1] == [lang]:
                candidate = work_site.joinpath(*parts[1:])
            elif parts[:2] == ["pdf", cfg.edition_file(PARALLEL)]:
                candidate = published / "pdf" / parts[1]
            else:
                candidate = published.joinpath(*parts)
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None

        def _events(self) -> None:
            with state.changed:  # before the answer starts: a change once the page has it is never missed
                seen = state.generation
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                while True:
                    changes = state.next_after(seen, timeout=15)
                    message = "".join(f"data: {n} {what}\n\n" for n, what in changes) or ": idle\n\n"
                    seen = changes[-1][0] if changes else seen
                    self.wfile.write(message.encode())
                    self.wfile.flush()
            except OSError:  # the page went away
                return

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _error_page(lang: str, errors: list[str]) -> bytes:
    items = "".join(f"<li><code>{html.escape(e)}</code></li>" for e in errors)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{lang}: not built</title></head>'
        f"<body><main><h1>{lang}: this edition is not built</h1>"
        f"<p>`make` would not publish it either. Fix these and save:</p><ul>{items}</ul></main>{RELOAD}"
        "</body></html>"
    ).encode()


def changes(cfg: Config) -> Iterator[set[str]]:
    """Each batch of saved files under docs/, locales/ and the configuration (the build folder aside). The
    first item is an empty batch, once the watcher runs: a save after it is never missed."""
    from watchfiles import watch

    def wanted(_change: object, path: str) -> bool:
        return not Path(path).is_relative_to(cfg.build_dir) and not path.endswith((".swp", "~", ".tmp"))

    paths = (cfg.docs_dir, cfg.locales_dir, cfg.pyproject)
    batches = watch(*paths, watch_filter=wanted, step=20, yield_on_timeout=True, rust_timeout=50)
    yield {path for _change, path in next(batches)}  # empty, 50 ms after the watcher started
    for batch in batches:
        if batch:
            yield {path for _change, path in batch}


class PortError(Exception):
    """The preview cannot serve on its port; the message says which, and what to do."""


def rebuild(cfg: Config, lang: str, state: State, pools: Pools) -> engine.Report:
    report = engine.build(
        cfg,
        [lang],
        STAGES,
        pools=pools,
        display_factory=lambda t: WatchDisplay(t, lang, state),
        preview=True,
    )
    state.errors = [error for _key, error in report.errors()]
    if state.errors:
        state.bump("errors")
    state.bump(BUILT)  # the build is over: a save from now on is built at once
    return report


def _leave(signum: int, _frame: object) -> None:
    """Ctrl-C (or SIGTERM, SIGHUP: jobs.stop_signals): leave at once, wherever the build is, with 128 + the
    signal's number. Every worker dies with this process (engine/jobs.py), every output is written
    atomically; unwinding would only wait for jobs nobody needs. What they made in the temporary folder
    goes with it."""
    from booklet.patches.multiprocessing import remove_folder

    remove_folder()
    print("interrupted: the last good outputs are kept", file=sys.stderr, flush=True)
    os._exit(128 + signum)


def serve(cfg: Config, lang: str, port: int = 8000) -> None:
    state = State()
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(cfg, lang, port, state))
    except OSError as exc:  # the port is taken (another preview?) or not this user's to use
        raise PortError(
            f"127.0.0.1:{port}: {exc.strerror}; choose another: make preview LANG={lang} PORT=<n>"
        ) from None
    for stop in stop_signals():
        signal.signal(stop, _leave)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    with engine.warm_pools(cfg, [lang], STAGES) as pools:
        rebuild(cfg, lang, state, pools)
        thread.start()
        saves = changes(cfg)
        try:
            next(saves)  # watching from here on
            print(f"preview of {lang}: http://127.0.0.1:{port}/{lang}/  (Ctrl+C stops)", flush=True)
            for _batch in saves:
                rebuild(cfg, lang, state, pools)
        finally:
            server.shutdown()
            server.server_close()
