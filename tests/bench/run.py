"""`make bench`: the pipeline against the naive script, several rounds in one process tree; prints each target
of the engine issue as a ratio (median and spread) and the peak memory, and writes the numbers as JSON.

Everything runs in temporary copies of the project (docs, locales, configuration): `real` (the booklet as it
is) and `synthetic` (the text repeated as N chapters, catalogs likewise, in every language). The pipeline runs
as a user runs it, `make html pdf` in this checkout pointed at a copy (BOOKLET_ROOT), `booklet preview` for
the watch mode, and, for the memory only, `make` too (every edition: the print editions and the e-books).
The naive script is tests/bench/naive.sh. This file is outside the package on purpose: editing the benchmark
invalidates no build.

This process is a child subreaper: whatever a command leaves running becomes its child and is counted.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import escape

from booklet.config import Config, load

CHECKOUT = Path(__file__).resolve().parents[2]
TARGETS = {  # name: (limit, what)
    "cold": (0.25, "cold `make html pdf` / naive script"),
    "noop": (0.05, "no-op `make html pdf` / cold"),
    "one_catalog": (0.6, "one Russian paragraph changed, `make html pdf` / cold"),
    "watch_page": (0.3, "watch mode, paragraph saved: page updated (s)"),
    "watch_pdf": (0.6, "watch mode, paragraph saved: ru PDF updated (s)"),
    "per_page": (1.0, "synthetic book: seconds per page / real booklet's"),
}
RATIOS = {
    "watch_page_cold": "watch mode: page updated / cold",
    "watch_pdf_cold": "watch mode: PDF updated / cold",
}
MEMORY_LIMITS_MB = {"real": 350, "synthetic": 600}
# The builds whose memory is sampled, by their JSON key's suffix: (what the table calls them, make goals).
SAMPLED = {
    "": ("`make html pdf`", ("html", "pdf")),
    "_every_edition": ("every edition (`make`)", ()),
}
SAVES = 3  # watch-mode saves per round
GUARD = 300.0  # seconds: how long anything may take before the bench gives up (never a measurement)


def copy_inputs(root: Path, dest: Path) -> Path:
    """The build inputs of a project (docs, catalogs without compiled .mo, configuration) in `dest`."""
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("*.mo", "__pycache__", "_build")
    for name in ("docs", "locales"):
        shutil.copytree(root / name, dest / name, ignore=ignore)
    for name in ("pyproject.toml", "requirements.lock"):
        if (root / name).is_file():
            shutil.copy2(root / name, dest / name)
    return dest


def make_synthetic(root: Path, dest: Path, chapters: int) -> Path:
    """A copy whose book is the root document repeated as `chapters` chapters, in every language. Each
    chapter's paragraphs end with its number, in the source and in every translation: a real long book
    does not repeat its paragraphs, and the typesetter gives a line split again for the same text."""
    copy_inputs(root, dest)
    cfg = load(dest, dest / "_build")
    index = dest / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("# "))
    paragraphs = {line for line in text.splitlines() if line and not line.startswith(("#", "`", ":", "<"))}
    names = [f"chapter-{n:03d}" for n in range(1, chapters + 1)]
    for number, name in enumerate(names, start=1):
        lines = [f"{line} ({number})" if line in paragraphs else line for line in text.splitlines()]
        (dest / "docs" / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    toctree = "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(names) + "\n```\n"
    index.write_text(f"{title}\n\n{toctree}", encoding="utf-8")
    sources = {escape(paragraph) for paragraph in paragraphs}  # as the catalogs write them: '"..."'
    for lang in cfg.translations:
        folder = dest / "locales" / lang / "LC_MESSAGES"
        catalog = (folder / "index.po").read_text(encoding="utf-8")
        for number, name in enumerate(names, start=1):
            lines, marked = catalog.replace("docs/index.md", f"docs/{name}.md").splitlines(), False
            for i, line in enumerate(lines):
                if line.startswith("msgid "):  # an entry begins: is it one of the paragraphs?
                    marked = line[len("msgid ") :] in sources
                if marked and line.startswith(("msgid ", "msgstr ")) and line != 'msgstr ""':
                    lines[i] = f'{line[:-1]} ({number})"'
            (folder / f"{name}.po").write_text("\n".join(lines) + "\n", "utf-8")
    return dest


# --- processes ----------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_pss(pid: int) -> int:
    """Bytes of memory used by `pid` and all its descendants: the sum of their proportional set sizes (PSS),
    which counts a page shared by k processes (workers forked from one server) as 1/k in each."""
    tree, total, todo = _children(), 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(tree.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


def leftovers(grace: float = 1.0) -> list[str]:
    """Processes a finished command left behind (our children now, as a subreaper), still running after
    `grace` seconds; every one is reaped (or killed) before this returns."""
    mine = {pid for pid in _children().get(os.getpid(), [])}
    fds = {}
    for pid in mine:
        try:
            fds[os.pidfd_open(pid)] = pid
        except ProcessLookupError:
            continue
    left = []
    deadline = time.monotonic() + grace
    while fds:
        ready, _, _ = select.select(list(fds), [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        for fd in ready:
            with _quiet():
                os.waitpid(fds[fd], 0)
            os.close(fd)
            del fds[fd]
    for fd, pid in fds.items():
        with _quiet():
            left.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:100])
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    return left


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], OSError)  # type: ignore[arg-type]


@dataclass
class Timed:
    seconds: float
    peak_pss: int = 0
    output: str = ""


def run(command: list[str], env: dict[str, str] | None = None, sample: bool = False) -> Timed:
    """Run a command to completion, timing it (until it exits, as a user sees it) and, with `sample`,
    sampling its process tree's memory every 50 ms (reading /proc costs CPU: short runs are not sampled)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env={**os.environ, **(env or {})}, stdout=log, stderr=log)
        peak = [0]

        def watch() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], tree_pss(proc.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=watch, daemon=True)
        if sample:
            sampler.start()
        proc.wait()
        seconds = time.perf_counter() - start
        if sample:
            sampler.join()
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
    if proc.returncode:
        raise SystemExit(f"bench: {' '.join(command)} failed ({proc.returncode}):\n{text}")
    return Timed(seconds, peak[0], text)


# --- the watch mode -----------------------------------------------------------------------------------


class Watch:
    """`booklet preview ru` on a copy, with its event stream open."""

    def __init__(self, project: Path, lang: str) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        env = {**os.environ, "BOOKLET_ROOT": str(project), "CI": "true"}
        self.proc = subprocess.Popen(
            [str(CHECKOUT / ".venv" / "bin" / "booklet"), "preview", lang, "--port", str(self.port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("preview of"):
                break
        else:
            raise SystemExit("bench: the preview never became ready")
        threading.Thread(target=self.proc.stdout.read, daemon=True).start()  # drain its output
        self.events = urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__booklet_events", timeout=GUARD)

    def next_event(self) -> str:
        while True:
            line = self.events.readline().decode().strip()
            if line.startswith("data:"):
                return line.split()[-1]

    def save(self, catalog: Path, n: str) -> tuple[float, float]:
        """Seconds from a catalog's save until the page, then the PDF, is updated. It returns once the
        build is over (its e-book too): the next save finds the watch mode at rest, as a translator's does."""
        start = time.perf_counter()
        edit_catalog(catalog, n)
        made: dict[str, float] = {}
        while (what := self.next_event()) != "built":
            if what == "errors":
                raise SystemExit("bench: the watch mode refused a saved catalog")
            made.setdefault(what, time.perf_counter() - start)
        if set(made) != {"site", "pdf"}:
            raise SystemExit(f"bench: a save made {sorted(made)}, not the page and the PDF")
        return made["site"], made["pdf"]

    def stop(self) -> None:
        self.events.close()
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(GUARD)


# --- the rounds ---------------------------------------------------------------------------------------


REVISION = re.compile(r' \(правка [а-я]+\)"$')
LETTERS = str.maketrans("0123456789aw", "абвгдежзийкл")  # a round's tag as letters: a figure is an error


def edit_catalog(po_path: Path, n: str) -> None:
    """Revise the first paragraph's translation differently each time (a real change every check accepts:
    the build publishes it)."""
    text = po_path.read_text(encoding="utf-8")
    entry = text.index("#: ../../docs/index.md:3")
    start = text.index("\nmsgstr ", entry) + 1
    end = text.index("\n\n", start)
    line = REVISION.sub('"', text[start:end])
    text = text[:start] + line[:-1] + f' (правка {n.translate(LETTERS)})"' + text[end:]
    po_path.write_text(text, encoding="utf-8")


def count_pages(cfg: Config) -> int:
    """Every PDF page the build made: the reading editions and the parallel edition."""
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in sorted((cfg.build_dir / "pdf").glob("*.pdf")))


def rewritten(output: str) -> set[str]:
    """The rows (languages, "parallel", "site") of the tasks a build's plain output says it ran."""
    return set(re.findall(r"^\[(\S+)\] \S+: done", output, re.M))


@dataclass
class Bench:
    rounds: int
    chapters: int
    results: dict[str, list[float]] = field(default_factory=dict)
    peaks: dict[str, list[int]] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)

    def make(self, project: Path, sample: str = "", goals: tuple[str, ...] = ("html", "pdf")) -> Timed:
        env = {"BOOKLET_ROOT": str(project), "CI": "true"}
        command = ["make", "--no-print-directory", "-C", str(CHECKOUT), *goals]
        timed = run(command, env=env, sample=bool(sample))
        if sample:
            self.peaks.setdefault(sample, []).append(timed.peak_pss)
        left = leftovers()
        if left:
            self.checks.append(f"{' '.join(['make', *goals])} left processes running: {left}")
        return timed

    def naive(self, project: Path, cfg: Config) -> Timed:
        out = project / "_naive"
        shutil.rmtree(out, ignore_errors=True)
        script = CHECKOUT / "tests" / "bench" / "naive.sh"
        command = ["bash", str(script), str(Path(sys.executable).parent), str(project / "docs"), str(out)]
        return run([*command, *cfg.languages], env={"BOOKLET_ROOT": str(project)})

    def add(self, key: str, value: float) -> None:
        self.results.setdefault(key, []).append(value)

    def one_round(self, n: int, real: Path, synthetic: Path) -> None:
        cfg = load(real, real / "_build")
        naive = self.naive(real, cfg)
        shutil.rmtree(real / "_build", ignore_errors=True)
        cold = self.make(real)
        noop = self.make(real)
        lang = "ru" if "ru" in cfg.translations else cfg.translations[-1]
        others = [o for o in cfg.languages if o != lang]
        published = {o: (cfg.pdf_path(o).read_bytes(), cfg.pdf_path(o).stat().st_mtime_ns) for o in others}
        catalog = cfg.locales_dir / lang / "LC_MESSAGES" / "index.po"
        edit_catalog(catalog, f"{n}a")
        changed = self.make(real)
        after = {o: (cfg.pdf_path(o).read_bytes(), cfg.pdf_path(o).stat().st_mtime_ns) for o in others}
        if after != published or not rewritten(changed.output) <= {lang, "parallel", "site"}:
            self.checks.append(
                f"round {n}: the catalog change rewrote more than {lang} and the parallel edition"
            )
        watch = Watch(real, lang)
        try:
            saves = [watch.save(catalog, f"{n}w{i}") for i in range(SAVES)]
        finally:
            watch.stop()
        if leftovers():
            self.checks.append(f"round {n}: the watch mode left processes after Ctrl-C")
        page, pdf = statistics.median(s[0] for s in saves), statistics.median(s[1] for s in saves)
        shutil.rmtree(synthetic / "_build", ignore_errors=True)
        synth = self.make(synthetic)
        # Memory, in cold builds of their own, untimed: reading every process's PSS several times a second
        # takes a good part of a core, and would slow the very build it times.
        for project, name in ((synthetic, "synthetic"), (real, "real")):
            for suffix, (_what, goals) in SAMPLED.items():
                shutil.rmtree(project / "_build", ignore_errors=True)
                self.make(project, sample=f"{name}{suffix}", goals=goals)
        real_pages = count_pages(cfg)
        synth_pages = count_pages(load(synthetic, synthetic / "_build"))
        for key, value in (
            ("naive_s", naive.seconds),
            ("cold_s", cold.seconds),
            ("noop_s", noop.seconds),
            ("one_catalog_s", changed.seconds),
            ("synthetic_s", synth.seconds),
            ("real_pages", real_pages),
            ("synthetic_pages", synth_pages),
            ("cold", cold.seconds / naive.seconds),
            ("noop", noop.seconds / cold.seconds),
            ("one_catalog", changed.seconds / cold.seconds),
            ("watch_page", page),
            ("watch_pdf", pdf),
            ("watch_page_cold", page / cold.seconds),
            ("watch_pdf_cold", pdf / cold.seconds),
            ("per_page", (synth.seconds / synth_pages) / (cold.seconds / real_pages)),
        ):
            self.add(key, value)
        print(
            f"round {n}: naive {naive.seconds:.2f} s, cold {cold.seconds:.2f} s, no-op {noop.seconds:.2f} s, "
            f"one catalog {changed.seconds:.2f} s, watch page {page:.2f} s / PDF {pdf:.2f} s, "
            f"synthetic {synth.seconds:.2f} s ({synth_pages} pages)",
            flush=True,
        )


def summary(bench: Bench) -> tuple[str, dict[str, object]]:
    rows = ["| target | limit | median | spread (min–max) | met |", "| --- | --- | --- | --- | --- |"]
    data: dict[str, object] = {"rounds": bench.rounds, "chapters": bench.chapters, "raw": bench.results}
    for key, (limit, what) in TARGETS.items():
        values = bench.results[key]
        median = statistics.median(values)
        met = median <= limit
        unit = " s" if what.endswith("(s)") else "x"
        data[key] = {"limit": limit, "median": median, "min": min(values), "max": max(values), "met": met}
        rows.append(
            f"| {what} | ≤ {limit}{unit} | {median:.2f}{unit} | {min(values):.2f}–{max(values):.2f} | "
            f"{'yes' if met else 'NO'} |"
        )
    for key, what in RATIOS.items():
        values = bench.results[key]
        data[key] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
        rows.append(
            f"| {what} | | {statistics.median(values):.2f}x | {min(values):.2f}–{max(values):.2f} | |"
        )
    for name, limit in MEMORY_LIMITS_MB.items():
        for suffix, (what, _goals) in SAMPLED.items():
            peak = max(bench.peaks[f"{name}{suffix}"]) / 2**20
            data[f"peak_pss_mb_{name}{suffix}"] = {"limit": limit, "peak": peak, "met": peak < limit}
            rows.append(
                f"| peak memory, {name} book, {what} (process tree, PSS) | < {limit} MB | {peak:.0f} MB | | "
                f"{'yes' if peak < limit else 'NO'} |"
            )
    seconds = {k: statistics.median(bench.results[k]) for k in bench.results if k.endswith("_s")}
    data["median_seconds"] = seconds
    data["checks"] = bench.checks
    times = ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in seconds.items())
    med = {k: statistics.median(bench.results[k]) for k in ("real_pages", "synthetic_pages")}
    pages = f"{med['real_pages']:.0f} / {med['synthetic_pages']:.0f}"
    text = (
        "\n".join(rows)
        + f"\n\nMedian times: {times}. Pages (real / synthetic, all PDFs of `make html pdf`): {pages}.\n"
    )
    return text, data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tests/bench/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chapters", type=int, default=100, help="size of the synthetic book (x the text)")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results (default _build)")
    args = parser.parse_args(argv)
    ctypes.CDLL(None).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: what a command leaves behind becomes ours
    cfg = load()
    with tempfile.TemporaryDirectory(prefix="booklet-bench-") as tmp:
        work = Path(tmp)
        real = copy_inputs(cfg.root, work / "real")
        synthetic = make_synthetic(cfg.root, work / "synthetic", args.chapters)
        bench = Bench(args.rounds, args.chapters)
        for n in range(1, args.rounds + 1):
            bench.one_round(n, real, synthetic)
    text, data = summary(bench)
    print()
    print(text)
    for check in bench.checks:
        print(f"check failed: {check}")
    target = args.json or cfg.build_dir / "bench.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"results in {target}")
    met = [d["met"] for d in data.values() if isinstance(d, dict) and "met" in d]
    return 0 if all(met) and not bench.checks else 1


if __name__ == "__main__":
    sys.exit(main())
