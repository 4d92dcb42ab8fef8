"""Build the editions: one worker process per language, in parallel, each running every stage it was asked.

A language's worker builds the site with Sphinx's HTML builder, then the print HTML with the print builder
from the same doctrees, then the PDF with WeasyPrint. Failures come back as messages, never tracebacks.
Before spawning anything the parent compares content hashes of every input with the stamps of the last
successful build (stamps.py): an up-to-date language costs no process at all. Outputs are built in the work
folder and published only on success (publish.py); one build at a time per build folder (lock.py).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import resource
import shutil
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from queue import SimpleQueue

from booklet.config import Config, load
from booklet.engine import progress, stamps
from booklet.engine.lock import locked
from booklet.engine.renderers import RendererPool
from booklet.site.downloads import STAGES_ENV

STAGES = ("html", "pdf", "print")
RENDERED = ("pdf", "print")  # the stages WeasyPrint does, in the renderer process, from the print HTML
# Imported once by the fork server, inherited by every worker (see preload.py).
PRELOAD = ("booklet.engine.preload",)
RENDER = "render"  # a worker's signal: this language's print HTML is written, render its PDF
PRINTED = "printed"  # a worker's signal: this language's print HTML is ready (the parallel edition reads it)


@dataclass
class LanguageReport:
    lang: str
    errors: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    stages_done: list[str] = field(default_factory=list)
    skipped: bool = False  # up to date: no worker was started
    max_rss_kb: int = 0  # the worker's peak resident memory
    render: bool = False  # the print HTML is ready and the PDF must be rendered

    @property
    def ok(self) -> bool:
        return not self.errors


def say(lang: str, message: str) -> None:
    progress.say(lang, message)


def _sphinx_stage(cfg: Config, lang: str, builder: str, outdir: Path, report: LanguageReport) -> bool:
    from booklet.engine.sphinxjob import run_sphinx

    result = run_sphinx(cfg, lang, builder, outdir)
    report.errors.extend(result.warnings)
    if result.status and not result.warnings:
        report.errors.append(f"sphinx {builder} builder failed")
    return result.status == 0


def _output(cfg: Config, lang: str, stage: str) -> Path:
    return stamps.OUTPUTS[stage](cfg, lang)


def _stale_renders(cfg: Config, lang: str, stages: tuple[str, ...], print_dir: Path) -> tuple[str, ...]:
    """The rendered stages whose PDF is missing or was not made from this print HTML (and its files)."""
    digest = stamps.tree_digest(print_dir)
    made = stamps.read(cfg, lang)
    return tuple(
        stage
        for stage in stages
        if stage in RENDERED
        and (made.get(f"print-html:{stage}") != digest or not _output(cfg, lang, stage).is_file())
    )


def render_language(root: Path, build_dir: Path, lang: str, stages: tuple[str, ...]) -> LanguageReport:
    """Runs in the renderer process (WeasyPrint imported once, in parallel with the Sphinx workers): the
    PDFs of one language (reading edition; print edition and imposed booklet) from the print HTML its worker
    wrote. WeasyPrint keeps no state between documents that could leak from one language into another."""
    from booklet.catalogs.files import po_files
    from booklet.prepress.edition import print_stage
    from booklet.rendering.fetcher import allowed_roots, catalog_hint
    from booklet.rendering.pdf import RenderError, register_hyphenation, render_pdf

    cfg = load(root, build_dir)
    report = LanguageReport(lang)
    start = time.perf_counter()
    print_dir = cfg.work_dir(lang) / "print"
    allowed = allowed_roots(print_dir, cfg.docs_dir)
    try:
        register_hyphenation(cfg)
        digest = stamps.tree_digest(print_dir)
        if "pdf" in stages:
            say(lang, "pdf: rendering with WeasyPrint")
            render_pdf(print_dir / "index.html", cfg.pdf_path(lang), allowed)
            stamps.record(cfg, lang, ["print-html:pdf"], digest)
            report.outputs.append(str(cfg.pdf_path(lang)))
            report.stages_done.append("pdf")
        if "print" in stages:
            say(lang, "print: print edition with bleed, imposed booklet")
            report.outputs.extend(print_stage(cfg, lang, print_dir / "index.html", allowed))
            stamps.record(cfg, lang, ["print-html:print"], digest)
            report.stages_done.append("print")
    except RenderError as exc:
        url = exc.url or ""
        where = catalog_hint(po_files(cfg, lang), url) if url and lang != cfg.source_language else ""
        report.errors.append(f"{where}PDF not written: {exc}")
    except Exception as exc:  # reported, never a traceback
        detail = "".join(traceback.format_exception_only(exc)).strip()
        report.errors.append(f"{type(exc).__name__}: {detail}")
    report.seconds = time.perf_counter() - start
    report.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    say(lang, ("pdf: written" if report.ok else "pdf: FAILED") + f" in {report.seconds:.1f} s")
    return report


def render_parallel(root: Path, build_dir: Path, langs: tuple[str, ...]) -> LanguageReport:
    """Runs in the renderer process after every language: the parallel (parallel) edition of all of them."""
    from booklet.rendering.parallel import build_parallel

    report = LanguageReport("+".join(langs))
    start = time.perf_counter()
    say(report.lang, "pdf: the parallel edition of every language")
    try:
        report.outputs.extend(build_parallel(load(root, build_dir), langs, report.errors))
    except Exception as exc:  # reported like a language's failure, never a traceback
        report.errors.append(f"{type(exc).__name__}: {''.join(traceback.format_exception_only(exc)).strip()}")
    report.seconds = time.perf_counter() - start
    say(report.lang, ("done" if report.ok else "FAILED") + f" in {report.seconds:.1f} s")
    return report


_BUSY = False  # in a Sphinx worker: a language is being built


def _interrupted(_signum: int, _frame: object) -> None:
    """Ctrl-C in a Sphinx worker: a build in progress is interrupted (and reported by the parent); an idle
    worker, waiting for its next task, leaves quietly instead of printing multiprocessing's traceback."""
    if not _BUSY:
        os._exit(130)
    raise KeyboardInterrupt


def build_language(root: Path, build_dir: Path, lang: str, stages: tuple[str, ...]) -> LanguageReport:
    """Runs in a fresh process: every stage of one language."""
    global _BUSY
    _BUSY = True
    try:
        return _build_language(root, build_dir, lang, stages)
    finally:
        _BUSY = False


def _build_language(root: Path, build_dir: Path, lang: str, stages: tuple[str, ...]) -> LanguageReport:
    cfg = load(root, build_dir)
    report = LanguageReport(lang)
    start = time.perf_counter()
    work = cfg.work_dir(lang)
    dirty = work / stamps.DIRTY  # present while Sphinx writes: a killed build's half-done work is dropped
    try:
        from booklet.catalogs.compile import compile_language
        from booklet.checks.preflight import preflight
        from booklet.engine.sphinxjob import locale_dir

        checked = preflight(cfg, lang)
        report.errors.extend(checked.problems)
        if report.errors:
            stages = ()
        if dirty.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True, exist_ok=True)
        dirty.touch()
        compile_language(lang, checked.catalogs, locale_dir(cfg, lang))
        # The print HTML first: the renderer process can lay out the PDF on the other core while this
        # process builds the site from the same (now up-to-date) doctrees.
        rendered = tuple(stage for stage in stages if stage in RENDERED)
        if rendered:
            say(lang, "pdf: writing the print HTML")
            print_dir = work / "print"
            if _sphinx_stage(cfg, lang, "booklet-print", print_dir, report):
                from booklet.rendering.glyphs import check_glyphs

                report.errors.extend(check_glyphs(cfg, lang, print_dir / "index.html"))
            if report.ok:
                progress.signal(lang, PRINTED)
                stale = _stale_renders(cfg, lang, rendered, print_dir)
                report.stages_done.extend(stage for stage in rendered if stage not in stale)
                if stale:
                    report.render = True
                    progress.signal(lang, RENDER, ",".join(stale))
                else:
                    say(lang, "pdf: print HTML unchanged, PDFs kept")
        if "html" in stages and report.ok:
            if rendered:  # the PDFs are laid out from here on; the site, needed no sooner, yields the CPU
                with contextlib.suppress(OSError):
                    os.nice(19)
            say(lang, "html: building the site")
            if _sphinx_stage(cfg, lang, "html", work / "html", report):
                from booklet.release.atomic import publish_tree

                publish_tree(work / "html", cfg.html_dir(lang))
                report.outputs.append(str(cfg.html_dir(lang) / "index.html"))
                report.stages_done.append("html")
        dirty.unlink()
    except Exception as exc:  # a worker reports, it never dies with a traceback on the user's screen
        detail = "".join(traceback.format_exception_only(exc)).strip()
        report.errors.append(f"{type(exc).__name__}: {detail}")
        if os.environ.get("BOOKLET_DEBUG"):
            traceback.print_exc()
    report.seconds = time.perf_counter() - start
    report.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return report  # the parent says "done" (or "FAILED") once the language's PDF is rendered too


def _merge(first: LanguageReport, second: LanguageReport) -> LanguageReport:
    """One language's report from its Sphinx worker's and its renderer's."""
    first.errors += second.errors
    first.outputs += second.outputs
    first.stages_done += second.stages_done
    first.seconds = max(first.seconds, second.seconds)
    first.max_rss_kb = max(first.max_rss_kb, second.max_rss_kb)
    first.render = False
    return first


# What a renderer's jobs import, by the stage that needs it.
RENDERER_MODULES = {
    "pdf": ("booklet.rendering.pdf", "booklet.rendering.fetcher", "booklet.prepress.edition"),
    "parallel": ("booklet.rendering.parallel", "booklet.patches.weasyprint", "booklet.languages.names"),
    "print": ("booklet.prepress.impose", "pypdf"),
}


def _init_renderer(
    queue: object, epoch: int, run_stages: tuple[str, ...], root: Path, build_dir: Path
) -> None:
    """Renderer start-up: the point of this process is to pay WeasyPrint's import (and its first document's
    set-up) early, on another core, while the workers run Sphinx."""
    _init_worker(queue, epoch, run_stages)
    from booklet.rendering.libraries import import_weasyprint

    import_weasyprint()
    # What the first job would import: the clones are forked after this, so they never import it.
    for stage in ("pdf", *run_stages):
        for module in RENDERER_MODULES.get(stage, ()):
            importlib.import_module(module)
    warm_renderer(root, build_dir, run_stages)


def warm_renderer(root: Path, build_dir: Path, run_stages: tuple[str, ...]) -> None:
    """The first document's set-up (fonts, shaping, hyphenation, CLDR's labels), paid before a real one."""
    with contextlib.suppress(Exception):  # only a warm-up: a real render reports any real problem
        from booklet.rendering.pdf import register_hyphenation, warm_up

        cfg = load(root, build_dir)
        register_hyphenation(cfg)
        warm_up(cfg)
        if "parallel" in run_stages:  # its labels: CLDR's locale data, loaded on first use
            from booklet.languages.names import language_name

            for lang in cfg.languages:
                language_name(lang, cfg.names)


def _init_sphinx_worker(queue: object, epoch: int, run_stages: tuple[str, ...]) -> None:
    _init_worker(queue, epoch, run_stages)
    signal.signal(signal.SIGINT, _interrupted)


def _init_worker(queue: object, epoch: int, run_stages: tuple[str, ...]) -> None:
    """Worker start-up: report progress to the parent; one build date for every output (reproducible);
    the stages of this run, so that the site links the PDFs it makes (booklet.site.downloads)."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    os.environ[STAGES_ENV] = ",".join(run_stages)
    progress.install(queue)


@locked
def build(
    cfg: Config,
    languages: Iterable[str],
    stages: Iterable[str],
    jobs: int | None = None,
    on_report: Callable[[LanguageReport], None] | None = None,
) -> list[LanguageReport]:
    from booklet.site.downloads import planned

    langs = list(languages)
    wanted = tuple(stage for stage in STAGES if stage in set(stages))
    makes_parallel = "pdf" in wanted and len(langs) > 1  # the parallel edition, after every language
    # What the sites link: the PDFs that exist or that this run makes; a change of it is a change of input.
    run_stages = wanted + (("parallel",) if makes_parallel else ())
    links = {lang: ",".join(e.kind for e in planned(cfg, lang, set(run_stages))) for lang in langs}
    common = stamps.common_digest(cfg)  # hashed once: the languages' stamps and the parallel edition's
    plan = stamps.plan(cfg, langs, wanted, links, common)
    todo = [lang for lang in langs if plan[lang][0]]
    parallel_digest = _parallel_stale(cfg, langs, common) if makes_parallel and not todo else None
    reports: list[LanguageReport] = []
    for lang in langs:
        if lang not in todo:
            say(lang, "up to date")
            reports.append(LanguageReport(lang, skipped=True))
    # As many workers as cores: the renderers work beside them, and one more worker only added its memory
    # (~60 MB for a long book), not speed.
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    extra: LanguageReport | None = None
    chooser_written = False
    if todo or parallel_digest:
        # A fork server that has imported Sphinx and MyST once (and built nothing) forks each worker: every
        # language still gets its own pristine process (no leaked translations), without paying the imports
        # per language. WeasyPrint lives in a separate renderer process, started at once so that its import
        # runs on another core while Sphinx works, and fed each language's print HTML as it is ready.
        ctx = get_context("forkserver")
        ctx.set_forkserver_preload(list(PRELOAD))
        # Written through at once (no feeder thread, unlike Queue): an event a process posted before its
        # result is in the pipe before the parent ends the display, so no process's last message is lost.
        queue = ctx.SimpleQueue()
        epoch = stamps.epoch(cfg.root)
        with contextlib.ExitStack() as stack:
            # Every process is forked before this one starts a thread (forking is safe then). First the
            # renderer, whose WeasyPrint start-up is the critical path of a small build; it clones itself
            # once warm (renderers.py), so WeasyPrint starts up once, beside the workers. The parallel
            # edition is queued as soon as the last language's print HTML is ready, ahead of that
            # language's own PDF: it is the longer job.
            rendering = sum(1 for lang in todo if set(RENDERED) & set(plan[lang][0])) + makes_parallel
            renderer = (
                stack.enter_context(
                    RendererPool(
                        min(rendering, os.cpu_count() or 1),
                        _init_renderer,
                        (queue, epoch, run_stages, cfg.root, cfg.build_dir),
                    )
                )
                if rendering
                else None
            )
            if len(todo) == 1:
                # One language (a translator's save): forked straight from this process, which has built
                # nothing, so as pristine as the fork server's children, and without the server's start-up.
                pool = ProcessPoolExecutor(
                    1,
                    get_context("fork"),
                    initializer=_init_sphinx_worker,
                    initargs=(queue, epoch, run_stages),
                )
            else:
                pool = ProcessPoolExecutor(
                    max_workers=jobs,
                    mp_context=ctx,
                    max_tasks_per_child=1,
                    initializer=_init_sphinx_worker,
                    initargs=(queue, epoch, run_stages),
                )
            stack.enter_context(pool)
            pending: dict[Future[LanguageReport], tuple[str, str]] = {
                pool.submit(build_language, cfg.root, cfg.build_dir, lang, plan[lang][0]): ("sphinx", lang)
                for lang in todo
            }
            renders: SimpleQueue[tuple[Future[LanguageReport], str]] = SimpleQueue()

            def start_render(lang: str, which: str) -> None:  # the display thread, on a worker's signal
                stages = tuple(which.split(","))
                if renderer is None:  # cannot happen: a RENDER signal means this run renders
                    return
                with contextlib.suppress(RuntimeError):  # the build is already over (a worker died)
                    job = renderer.submit(render_language, cfg.root, cfg.build_dir, lang, stages)
                    renders.put((job, lang))

            parallel = _ParallelEdition(
                cfg, langs, renderer, ready=[lang for lang in langs if lang not in todo], common=common
            )
            display = progress.Display(queue, todo)
            display.handlers[RENDER] = start_render
            if makes_parallel:
                display.handlers[PRINTED] = parallel.printed
            stack.enter_context(display)
            halves: dict[str, LanguageReport] = {}  # the first half to arrive of a language that renders
            finished: set[str] = set()
            while pending or halves:
                while not renders.empty():
                    future, lang = renders.get()
                    pending[future] = ("pdf", lang)
                done, _ = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
                for future in done:
                    kind, lang = pending.pop(future)
                    try:
                        report = future.result()
                    except Exception as exc:  # a process died (a crash in a C library): reported, not raised
                        report = LanguageReport(lang, errors=[f"the {kind} process died: {exc}"])
                    if (
                        kind == "sphinx"
                        and "html" in wanted
                        and not chooser_written
                        and all(k != "sphinx" for k, _ in pending.values())  # every site is built
                    ):
                        write_chooser(cfg)  # now, not after the PDFs
                        chooser_written = True
                    if lang in finished:  # the render of a language whose worker died: its result is moot
                        continue
                    if kind == "pdf" or report.render:
                        if lang not in halves:
                            halves[lang] = report
                            continue
                        report = _merge(halves.pop(lang), report)
                    finished.add(lang)
                    stamps.record(cfg, lang, report.stages_done, plan[lang][1])
                    stamps.forget(cfg, lang, [s for s in plan[lang][0] if s not in report.stages_done])
                    display.post(lang, ("done" if report.ok else "FAILED") + f" in {report.seconds:.1f} s")
                    reports.append(report)
                    if on_report:
                        on_report(report)
            if makes_parallel and all(r.ok for r in reports):
                parallel.start()  # if no signal started it (every language was up to date, or a race)
            extra = parallel.result()
    if "html" in wanted and not chooser_written:
        write_chooser(cfg)
    publish_downloads(cfg, run_stages, reports)
    order = {lang: i for i, lang in enumerate(langs)}
    reports.sort(key=lambda r: order[r.lang])
    if extra is not None:  # the parallel edition, built after (and from) every language
        reports.append(extra)
        if on_report:
            on_report(extra)
    return reports


PARALLEL = "parallel"  # the stamps' name for the parallel edition (no language is called that)


def _parallel_stale(cfg: Config, langs: list[str], common: str) -> str | None:
    """The digest of the parallel edition's inputs (every language's print HTML, the package) when its PDF
    is missing or was made from other inputs; None when it is up to date."""
    from booklet.rendering.parallel import parallel_path

    digest = stamps.parallel_digest(common, [cfg.work_dir(lang) / "print" for lang in langs])
    if stamps.read(cfg, PARALLEL).get("parallel") == digest and parallel_path(cfg).is_file():
        return None
    return digest


class _ParallelEdition:
    """The parallel edition's render: started, at most once, as soon as every language's print HTML is ready
    (on the workers' signals, in the display thread) or at the end of the build, and only when stale."""

    def __init__(
        self, cfg: Config, langs: list[str], renderer: RendererPool | None, ready: list[str], common: str
    ) -> None:
        self.cfg, self.langs, self.renderer, self.common = cfg, langs, renderer, common
        self.ready = set(ready)  # languages whose print HTML is current (up to date: not rebuilt)
        self.lock = threading.Lock()
        self.checked = False
        self.digest: str | None = None
        self.future: Future[LanguageReport] | None = None

    def printed(self, lang: str, _arg: str = "") -> None:
        with self.lock:
            self.ready.add(lang)
            complete = self.ready >= set(self.langs)
        if complete:
            self.start()

    def start(self) -> None:
        with self.lock:
            if self.checked:
                return
            self.checked = True
            self.digest = _parallel_stale(self.cfg, self.langs, self.common)
            if self.digest and self.renderer is not None:
                with contextlib.suppress(RuntimeError):  # the build is already over (a worker died)
                    self.future = self.renderer.submit(
                        render_parallel, self.cfg.root, self.cfg.build_dir, tuple(self.langs)
                    )

    def result(self) -> LanguageReport | None:
        if self.future is None:
            return None
        report = _collect(self.future)
        if report.ok and self.digest:
            stamps.record(self.cfg, PARALLEL, ["parallel"], self.digest)
        return report


def _collect(future: Future[LanguageReport]) -> LanguageReport:
    try:
        return future.result()
    except Exception as exc:  # the renderer died (a crash in a C library): reported, not raised
        return LanguageReport(PARALLEL, errors=[f"the renderer process died: {exc}"])


def publish_downloads(cfg: Config, run_stages: tuple[str, ...], reports: list[LanguageReport]) -> None:
    """After every worker: copy the PDFs the pages link to into the site (unchanged files are left alone);
    a missing one fails its language."""
    from booklet.site.downloads import publish

    for report in reports:
        if report.ok:  # a failed language already says why; its missing PDF would only repeat it
            copied, errors = publish(cfg, [report.lang], set(run_stages))
            report.errors.extend(errors)
            report.outputs.extend(str(path) for path in copied)


def write_chooser(cfg: Config) -> Path:
    from booklet.release.atomic import write_atomic
    from booklet.site.chooser import chooser_html

    target = cfg.html_dir() / "index.html"
    write_atomic(target, chooser_html(cfg).encode("utf-8"), only_if_changed=True)
    return target


def main_report(reports: list[LanguageReport]) -> int:
    failed = [r for r in reports if not r.ok]
    for report in failed:
        for error in report.errors:
            print(f"[{report.lang}] error: {error}", file=sys.stderr)
    return 1 if failed else 0
