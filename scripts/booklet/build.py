"""Build the editions: one worker process per language, in parallel, each running every stage it was asked.

A language's worker builds the site with Sphinx's HTML builder, then the print HTML with the print builder
from the same doctrees, then the PDF with WeasyPrint. Failures come back as messages, never tracebacks.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from booklet.config import Config, load
from booklet.downloads import STAGES_ENV

STAGES = ("html", "pdf", "print")


@dataclass
class LanguageReport:
    lang: str
    errors: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def say(lang: str, message: str) -> None:
    print(f"[{lang}] {message}", flush=True)


def _sphinx_stage(cfg: Config, lang: str, builder: str, outdir: Path, report: LanguageReport) -> bool:
    from booklet.sphinxrun import run_sphinx

    result = run_sphinx(cfg, lang, builder, outdir)
    report.errors.extend(result.warnings)
    if result.status and not result.warnings:
        report.errors.append(f"sphinx {builder} builder failed")
    return result.status == 0


def build_language(root: Path, build_dir: Path, lang: str, stages: tuple[str, ...]) -> LanguageReport:
    """Runs in a fresh process: every stage of one language."""
    cfg = load(root, build_dir)
    report = LanguageReport(lang)
    start = time.perf_counter()
    try:
        from booklet.catalogs import preflight

        report.errors.extend(preflight(cfg, lang))
        if report.errors:
            stages = ()
        if "html" in stages:
            say(lang, "html: building the site")
            if _sphinx_stage(cfg, lang, "html", cfg.html_dir(lang), report):
                report.outputs.append(str(cfg.html_dir(lang) / "index.html"))
        if ("pdf" in stages or "print" in stages) and report.ok:
            say(lang, "pdf: writing the print HTML")
            print_dir = cfg.work_dir(lang) / "print"
            if _sphinx_stage(cfg, lang, "booklet-print", print_dir, report):
                from booklet.printed import prepare, print_stage
                from booklet.render import render_pdf

                report.errors.extend(prepare(cfg, lang, print_dir / "index.html"))  # hyphenation; glyphs
                if "pdf" in stages and report.ok:
                    say(lang, "pdf: rendering with WeasyPrint")
                    render_pdf(print_dir / "index.html", cfg.pdf_path(lang))
                    report.outputs.append(str(cfg.pdf_path(lang)))
                if "print" in stages and report.ok:
                    say(lang, "print: print edition with bleed, imposed booklet")
                    report.outputs.extend(print_stage(cfg, lang, print_dir / "index.html"))
    except Exception as exc:  # a worker reports, it never dies with a traceback on the user's screen
        detail = "".join(traceback.format_exception_only(exc)).strip()
        report.errors.append(f"{type(exc).__name__}: {detail}")
        if os.environ.get("BOOKLET_DEBUG"):
            traceback.print_exc()
    report.seconds = time.perf_counter() - start
    say(lang, ("done" if report.ok else "FAILED") + f" in {report.seconds:.1f} s")
    return report


def build(
    cfg: Config,
    languages: Iterable[str],
    stages: Iterable[str],
    jobs: int | None = None,
    on_report: Callable[[LanguageReport], None] | None = None,
) -> list[LanguageReport]:
    langs = list(languages)
    wanted = tuple(stage for stage in STAGES if stage in set(stages))
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(langs)))
    reports: list[LanguageReport] = []
    makes_parallel = "pdf" in wanted and len(langs) > 1  # the trilingual edition, after every language
    # The workers' sites link the PDFs this run makes.
    os.environ[STAGES_ENV] = ",".join(wanted + (("trilingual",) if makes_parallel else ()))
    # spawn + one task per child: every language gets a fresh interpreter (no leaked translations).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), max_tasks_per_child=1) as pool:
        futures = [pool.submit(build_language, cfg.root, cfg.build_dir, lang, wanted) for lang in langs]
        for future in as_completed(futures):
            report = future.result()
            reports.append(report)
            if on_report:
                on_report(report)
        extra: LanguageReport | None = None
        if makes_parallel and all(r.ok for r in reports):
            extra = pool.submit(build_trilingual, cfg.root, cfg.build_dir, tuple(langs)).result()
    if "html" in wanted:
        write_chooser(cfg)
    publish_downloads(cfg, wanted, reports)
    order = {lang: i for i, lang in enumerate(langs)}
    reports.sort(key=lambda r: order[r.lang])
    if extra is not None:  # the parallel edition, built after (and from) every language
        reports.append(extra)
        if on_report:
            on_report(extra)
    return reports


def build_trilingual(root: Path, build_dir: Path, langs: tuple[str, ...]) -> LanguageReport:
    """Runs in a fresh process after every language: the parallel edition of all of them."""
    report = LanguageReport("+".join(langs))
    start = time.perf_counter()
    try:
        from booklet.trilingual import build_parallel

        say(report.lang, "pdf: the parallel edition of every language")
        report.outputs.extend(build_parallel(load(root, build_dir), langs, report.errors))
    except Exception as exc:  # reported like a language's failure, never a traceback
        report.errors.append(f"{type(exc).__name__}: {''.join(traceback.format_exception_only(exc)).strip()}")
    report.seconds = time.perf_counter() - start
    say(report.lang, ("done" if report.ok else "FAILED") + f" in {report.seconds:.1f} s")
    return report


def write_chooser(cfg: Config) -> Path:
    from booklet.render import write_atomic
    from booklet.site import chooser_html

    target = cfg.html_dir() / "index.html"
    write_atomic(target, chooser_html(cfg).encode("utf-8"))
    return target


def publish_downloads(cfg: Config, stages: tuple[str, ...], reports: list[LanguageReport]) -> None:
    """After every worker: copy the PDFs the pages link to into the site; a missing one fails its language."""
    from booklet.downloads import publish

    for report in reports:
        if report.ok:  # a failed language already says why; its missing PDF would only repeat it
            copied, errors = publish(cfg, [report.lang], set(stages))
            report.errors.extend(errors)
            report.outputs.extend(str(path) for path in copied)


def main_report(reports: list[LanguageReport]) -> int:
    failed = [r for r in reports if not r.ok]
    for report in failed:
        for error in report.errors:
            print(f"[{report.lang}] error: {error}", file=sys.stderr)
    return 1 if failed else 0
