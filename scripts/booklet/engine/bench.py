"""`make bench`: the pipeline against the naive script, interleaved, several rounds; prints each target of
issue #7 as a ratio (median and spread) and the peak memory, and writes the numbers as JSON.

Everything runs in temporary copies of the project (docs, locales, pyproject), so the real tree is untouched:
`real` (the booklet as it is) and `synthetic` (the text repeated as N chapters, catalogs likewise, in every
language). The pipeline is run exactly as a user runs it, `make html pdf` in this checkout, pointed at a copy
with BOOKLET_ROOT and BOOKLET_BUILD_DIR. The naive script is tests/bench/naive.sh.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from booklet.config import Config, load

TARGETS = {  # name: (limit, what)
    "cold": (0.5, "cold `make html pdf` / naive script"),
    "noop": (0.15, "no-op `make html pdf` / cold"),
    "one_catalog": (0.6, "one paragraph of one catalog changed / cold"),
    "per_page": (1.2, "synthetic book: seconds per page / real booklet's"),
}
EXTRA: dict[str, str] = {}  # rows shown beside the targets, with no limit of their own
MEMORY_LIMIT_MB = 400


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
    """A copy whose book is the root document repeated as `chapters` chapters, in every language."""
    copy_inputs(root, dest)
    cfg = load(dest, dest / "_build")
    index = dest / "docs" / "index.md"
    text = index.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("# "))
    names = [f"chapter-{n:02d}" for n in range(1, chapters + 1)]
    for name in names:
        (dest / "docs" / f"{name}.md").write_text(text, encoding="utf-8")
    toctree = "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(names) + "\n```\n"
    index.write_text(f"{title}\n\n{toctree}", encoding="utf-8")
    for lang in cfg.translations:
        folder = dest / "locales" / lang / "LC_MESSAGES"
        catalog = (folder / "index.po").read_text(encoding="utf-8")
        for name in names:
            (folder / f"{name}.po").write_text(catalog.replace("docs/index.md", f"docs/{name}.md"), "utf-8")
    return dest


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
    which counts a page shared by k processes (workers forked from one server) as 1/k in each: the tree's
    real footprint, where a sum of RSS would count shared pages k times."""
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


@dataclass
class Timed:
    seconds: float
    peak_pss: int = 0
    output: str = ""


def run(
    command: list[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    crashes: list[str] | None = None,
    sample: bool = False,
    also: int | None = None,
) -> Timed:
    """Run a command to completion, timing it and sampling its process tree's memory.

    The time is until the command exits, as a user at a terminal sees it. Output goes to a file, not a pipe:
    a pipe would also wait for helpers that inherited it and are still tearing down after the command
    returned (the fork server). `also`: a process whose tree does the work too (the build server)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=log)
        peak = [0]

        def watch() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], tree_pss(proc.pid) + (tree_pss(also) if also else 0))
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
    crashed = "Segmentation fault" in text or "process died" in text
    if proc.returncode and crashes is not None and len(crashes) < 3 and crashed:
        # WeasyPrint's C libraries very rarely segfault on this machine, in either contender: noted, rerun.
        crashes.append(f"{command[1] if len(command) > 1 else command[0]}: {text.strip().splitlines()[-1]}")
        return run(command, env, cwd, crashes, sample, also)
    if proc.returncode:
        raise SystemExit(f"bench: {' '.join(command)} failed ({proc.returncode}):\n{text}")
    return Timed(seconds, peak[0], text)


@dataclass
class Bench:
    checkout: Path
    work: Path
    rounds: int
    chapters: int
    results: dict[str, list[float]] = field(default_factory=dict)
    peaks: list[int] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    def make(self, project: Path, sample: bool = False) -> Timed:
        """`make html pdf` on a copy, as a person runs it. With `sample`, its memory is sampled too (reading
        /proc costs CPU, so the short timed runs are not sampled; memory is measured on the cold and
        synthetic builds)."""
        env = {"BOOKLET_ROOT": str(project), "BOOKLET_BUILD_DIR": str(project / "_build"), "CI": "true"}
        command = ["make", "--no-print-directory", "-C", str(self.checkout), "html", "pdf"]
        timed = run(command, env=env, crashes=self.crashes, sample=sample)
        if sample:
            self.peaks.append(timed.peak_pss)
        return timed

    def naive(self, project: Path, cfg: Config) -> Timed:
        out = project / "_naive"
        shutil.rmtree(out, ignore_errors=True)
        script = self.checkout / "tests" / "bench" / "naive.sh"
        bin_dir = str(Path(sys.executable).parent)
        command = ["bash", str(script), bin_dir, str(project / "docs"), str(out), *cfg.languages]
        return run(command, env={"BOOKLET_ROOT": str(project)}, crashes=self.crashes)

    def add(self, key: str, value: float) -> None:
        self.results.setdefault(key, []).append(value)

    def one_round(self, n: int, real: Path, synthetic: Path) -> None:
        cfg = load(real, real / "_build")
        naive = self.naive(real, cfg)
        shutil.rmtree(real / "_build", ignore_errors=True)
        cold = self.make(real)
        noop = self.make(real)
        lang = "ru" if "ru" in cfg.translations else cfg.translations[-1]
        others = {o: cfg.pdf_path(o) for o in cfg.languages if o != lang}
        before = {o: (p.read_bytes(), p.stat().st_mtime_ns) for o, p in others.items()}
        catalog = cfg.locales_dir / lang / "LC_MESSAGES" / "index.po"
        edit_catalog(catalog, f"{n}a")
        changed = self.make(real)
        after = {o: (p.read_bytes(), p.stat().st_mtime_ns) for o, p in others.items()}
        if after != before or f"[{lang}] html: building" not in changed.output:
            self.checks.append(f"round {n}: the catalog change rewrote other languages or missed {lang}")
        shutil.rmtree(synthetic / "_build", ignore_errors=True)
        synth = self.make(synthetic, sample=True)
        shutil.rmtree(real / "_build", ignore_errors=True)
        self.make(real, sample=True)  # untimed: the real booklet's cold build, for its memory
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
            ("per_page", (synth.seconds / synth_pages) / (cold.seconds / real_pages)),
        ):
            self.add(key, value)
        print(
            f"round {n}: naive {naive.seconds:.2f} s, cold {cold.seconds:.2f} s, no-op {noop.seconds:.2f} s, "
            f"one catalog {changed.seconds:.2f} s, "
            f"synthetic {synth.seconds:.2f} s ({synth_pages} pages)",
            flush=True,
        )


def edit_catalog(po_path: Path, n: str) -> None:
    """Translate one paragraph differently each round (so each round is a real change)."""
    import polib

    po = polib.pofile(str(po_path))
    entry = [e for e in po if e.msgid][1]
    entry.msgstr = f"Абзац, изменённый переводчиком (вариант {n})."
    po.save()


def count_pages(cfg: Config) -> int:
    """Every PDF page the build made: the reading editions and the parallel (parallel) one."""
    from pypdf import PdfReader

    return sum(len(PdfReader(path).pages) for path in sorted((cfg.build_dir / "pdf").glob("*.pdf")))


def summary(bench: Bench) -> tuple[str, dict[str, object]]:
    rows = ["| target | limit | median | spread (min–max) | met |", "| --- | --- | --- | --- | --- |"]
    data: dict[str, object] = {"rounds": bench.rounds, "chapters": bench.chapters, "raw": bench.results}
    for key, (limit, what) in TARGETS.items():
        values = bench.results[key]
        median = statistics.median(values)
        met = median <= limit
        data[key] = {"limit": limit, "median": median, "min": min(values), "max": max(values), "met": met}
        rows.append(
            f"| {what} | ≤ {limit}x | {median:.2f}x | {min(values):.2f}–{max(values):.2f} | "
            f"{'yes' if met else 'NO'} |"
        )
    for key, what in EXTRA.items():
        values = bench.results[key]
        median = statistics.median(values)
        data[key] = {"median": median, "min": min(values), "max": max(values)}
        rows.append(f"| {what} | | {median:.2f}x | {min(values):.2f}–{max(values):.2f} | |")
    peak_mb = max(bench.peaks) / 2**20
    data["peak_pss_mb"] = peak_mb
    rows.append(
        f"| peak memory of the build (process tree, PSS) | < {MEMORY_LIMIT_MB} MB | {peak_mb:.0f} MB | "
        f"| {'yes' if peak_mb < MEMORY_LIMIT_MB else 'NO'} |"
    )
    seconds = {k: statistics.median(bench.results[k]) for k in bench.results if k.endswith("_s")}
    data["median_seconds"] = seconds
    data["checks"] = bench.checks
    data["crashes_rerun"] = bench.crashes
    times = ", ".join(f"{k[:-2]} {v:.2f} s" for k, v in seconds.items())
    med = {k: statistics.median(bench.results[k]) for k in ("real_pages", "synthetic_pages")}
    pages = f"{med['real_pages']:.0f} / {med['synthetic_pages']:.0f}"
    text = "\n".join(rows) + f"\n\nMedian times: {times}. Pages (real / synthetic, all languages): {pages}.\n"
    return text, data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m booklet.engine.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chapters", type=int, default=30, help="size of the synthetic book (x the text)")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results (default _build)")
    args = parser.parse_args(argv)
    cfg = load()
    checkout = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory(prefix="booklet-bench-") as tmp:
        work = Path(tmp)
        real = copy_inputs(cfg.root, work / "real")
        synthetic = make_synthetic(cfg.root, work / "synthetic", args.chapters)
        bench = Bench(checkout, work, args.rounds, args.chapters)
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
    ok = not bench.checks and all(d["met"] for k, d in data.items() if k in TARGETS)  # type: ignore[index]
    return 0 if ok and data["peak_pss_mb"] < MEMORY_LIMIT_MB else 1  # type: ignore[operator]


if __name__ == "__main__":
    sys.exit(main())
