"""The work of the build's tasks that runs in worker processes; each function returns an Outcome.

Sphinx jobs run in a process of their language only (Sphinx leaks translations between languages built in one
process, sphinx#13448), forked from a fork server that imported Sphinx and MyST once
(engine/preload/sphinx.py).
Render jobs run in renderers, forked from a server of their own that imported WeasyPrint once
(engine/preload/renderer.py); the catalogs' checks, in a process that leaves once they are done. Every job
writes into the work folder (`_build/.work/`); publishing is the engine's, after every task of a language
succeeded.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from booklet.config import PARALLEL, Config, load
from booklet.engine.graph import Outcome
from booklet.engine.stamps import file_digest, tree_digest

DIRTY = ".building"  # `.building-<folder>` in a language's work folder while Sphinx writes there
WRITTEN_FROM = ".written-from"  # `.written-from-<folder>`: the doctrees its pages were last written from
PR_SET_PDEATHSIG = 1
PARENT = "BOOKLET_BUILD_PID"  # the build's pid, for the fork servers it starts (engine/preload/)
PROJECT = "BOOKLET_RENDER_PROJECT"  # [root, build folder], for the renderers' server (JSON)
SERVER = "BOOKLET_SERVER_PID"  # a fork server's pid, for the workers it forks (engine/preload/)


def init_worker(epoch: int) -> None:
    """Every worker: one build date for every output (reproducible), and it dies with the build. The
    kernel kills it when its parent goes (the fork server, which leaves with the build), so a build killed
    with SIGKILL leaves nothing running. A worker whose server went before that was asked for (the build was
    killed as the worker was forked) is an orphan, whoever adopted it: it leaves at once."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle: it ends the workers
    die_with_parent(int(os.environ.get(SERVER, "0")))


def stop_signals() -> list[signal.Signals]:
    """The signals that stop a command (a build, the watch mode) as Ctrl-C does: SIGINT, SIGTERM (`kill`,
    `timeout`, a service manager) and SIGHUP (a closed terminal); not one that was ignored when it started
    (nohup: a hangup is not a stop)."""
    stops = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    return [stop for stop in stops if signal.getsignal(stop) is not signal.SIG_IGN]


def die_with_parent(parent: int = 0) -> None:
    """Have the kernel kill this process (SIGKILL) when its parent (pid `parent`, if known) goes."""
    import ctypes  # here, in the worker: the build's own process need not import it

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1 or (parent and os.getppid() != parent):
        os._exit(1)  # the parent went before the line above: nobody waits for this process


def _errors(exc: BaseException) -> list[str]:
    import traceback

    if os.environ.get("BOOKLET_DEBUG"):
        traceback.print_exc()
    return ["".join(traceback.format_exception_only(exc)).strip()]


# --- Catalogs -------------------------------------------------------------------------------------------


def catalogs(root: Path, build_dir: Path, lang: str) -> Outcome:
    """A language's catalogs read and checked (the preflight), and that very parse compiled into the build
    folder for Sphinx; the translators it credits are its data."""
    from booklet.catalogs.compile import compile_language
    from booklet.catalogs.headers import credits
    from booklet.checks.preflight import preflight

    cfg = load(root, build_dir)
    checked = preflight(cfg, lang)
    if not checked.ok:
        return Outcome(checked.problems)
    folder = compile_language(lang, checked.catalogs, cfg.locale_dir(lang))
    names = credits(checked.catalogs.values())
    # kept for a build in which these catalogs fail: the language's last good edition stays published, and
    # the source edition goes on crediting its translators (engine/plan.credits)
    cfg.credits_file(lang).write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
    progress = [{"domain": Path(row.catalog).stem, **row.as_dict()} for row in checked.progress]
    data = {"credits": names, "progress": progress, "share": checked.share}
    return Outcome(digest=tree_digest(folder), data=data)


# --- Sphinx ---------------------------------------------------------------------------------------------


def discard_killed(work: Path) -> None:
    """A Sphinx job killed halfway leaves its marker: its output folder and the doctrees it shares with the
    other builder may be half-written, so both go (the next job reads every document again). The build
    does this before any job starts: a warm watch-mode job runs beside its language's other one."""
    markers = list(work.glob(f"{DIRTY}-*"))
    if markers:
        for doctrees in work.glob("doctrees*"):
            shutil.rmtree(doctrees, ignore_errors=True)
        for marker in markers:
            shutil.rmtree(work / marker.name.removeprefix(f"{DIRTY}-"), ignore_errors=True)
            marker.unlink()


def _own(marker: Path, outdir: Path, doctrees: str) -> None:
    """An output folder is written from one set of doctrees at a time. Sphinx writes only the pages its own
    environment finds out of date, so pages another environment wrote (the watch mode's, or a build's) would
    stay as they are, whatever they hold: when the folder changes hands, it is emptied first."""
    if not marker.is_file() or marker.read_text(encoding="utf-8") != doctrees:
        shutil.rmtree(outdir, ignore_errors=True)
        marker.write_text(doctrees, encoding="utf-8")


def sphinx(
    root: Path, build_dir: Path, lang: str, builder: str, overrides: dict[str, Any], warm: bool = False
) -> Outcome:
    """One Sphinx builder of one language into its work folder: "booklet-print" (the print HTML, its glyphs
    checked against the book face) or "html" (the site). Both share the language's doctrees, unless `warm`
    (the watch mode: the application stays for the next build, engine/sphinxjob.py)."""
    from booklet.engine.sphinxjob import doctrees_dir, run_sphinx

    cfg = load(root, build_dir)
    work = cfg.work_dir(lang)
    folder = "print" if builder == "booklet-print" else "html"
    outdir = work / folder
    try:
        work.mkdir(parents=True, exist_ok=True)
        _own(work / f"{WRITTEN_FROM}-{folder}", outdir, doctrees_dir(cfg, lang, builder, warm).name)
        dirty = work / f"{DIRTY}-{folder}"
        dirty.touch()
        result = run_sphinx(cfg, lang, builder, outdir, overrides, warm=warm)
        errors = list(result.warnings)
        if result.status and not errors:
            errors.append(f"sphinx {builder} builder failed")
        data: dict[str, Any] = {}
        if not errors and builder == "booklet-print":
            from booklet.rendering.glyphs import check_glyphs

            errors += check_glyphs(cfg, lang, outdir / "index.html")
        if not errors and builder == "html":
            from booklet.site.chooser import edition_title

            data["title"] = edition_title(outdir / "index.html")
        dirty.unlink()
        return Outcome(errors, tree_digest(outdir) if not errors else "", data)
    except Exception as exc:  # reported as the task's failure, never a traceback on the user's screen
        return Outcome(_errors(exc))


# --- WeasyPrint -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _giving_back() -> Iterator[None]:
    """A renderer gives its last document's memory back when the job ends (rendering/heap.py), so that it
    does not hold it while the other renderer lays out its own."""
    from booklet.rendering.heap import give_back

    try:
        yield
    finally:
        give_back()


def _pages(*pdfs: Path) -> dict[str, Any]:
    """The page count of each PDF a render made (the site says it beside the link), by file name."""
    from booklet.site.downloads import pdf_pages

    return {"pages": {pdf.name: pdf_pages(pdf) for pdf in pdfs}}


def _render(root: Path, build_dir: Path, lang: str, make: Any) -> Outcome:
    from booklet.catalogs.files import po_files
    from booklet.rendering.fetcher import allowed_roots, catalog_hint
    from booklet.rendering.pdf import RenderError, register_hyphenation

    cfg = load(root, build_dir)
    print_dir = cfg.work_dir(lang) / "print"
    try:
        register_hyphenation(cfg)
        with _giving_back():
            return make(cfg, print_dir / "index.html", allowed_roots(print_dir, cfg.docs_dir))
    except RenderError as exc:
        url = exc.url or ""
        where = catalog_hint(po_files(cfg, lang), url) if url and lang != cfg.source_language else ""
        return Outcome([f"{where}PDF not written: {exc}"])
    except Exception as exc:  # reported, never a traceback
        return Outcome(_errors(exc))


def reading_edition(root: Path, build_dir: Path, lang: str, keep: bool = False) -> Outcome:
    """The A5 reading edition of one language, from its print HTML. `keep` (the watch mode): its fonts and
    line splits are kept for the next render of it (rendering/pdf.py)."""
    from booklet.rendering.pdf import render_pdf

    def make(cfg: Config, html: Path, allowed: list[Path]) -> Outcome:
        target = cfg.work_file("reading", lang)
        pages = render_pdf(html, target, allowed, keep)
        return Outcome(digest=file_digest(target), data={"pages": {target.name: pages}})

    return _render(root, build_dir, lang, make)


def print_editions(root: Path, build_dir: Path, lang: str, epoch: int) -> Outcome:
    """The print-shop edition (PDF/X-4, bleed, crop marks) and the imposed A4 booklet of one language."""
    from booklet.prepress.edition import print_stage

    def make(cfg: Config, html: Path, allowed: list[Path]) -> Outcome:
        edition, imposed = cfg.work_file("print", lang), cfg.work_file("imposed", lang)
        emblem = cfg.docs_dir / "_static" / cfg.book.emblem if cfg.book.emblem else None
        print_stage(html, edition, imposed, epoch, allowed, emblem)
        return Outcome(digest=file_digest(edition) + file_digest(imposed), data=_pages(edition, imposed))

    return _render(root, build_dir, lang, make)


def parallel_edition(root: Path, build_dir: Path, langs: tuple[str, ...]) -> Outcome:
    """Every language in one booklet, paragraph by paragraph, from their print HTML."""
    from booklet.rendering.parallel import build_parallel

    try:
        cfg = load(root, build_dir)
        errors: list[str] = []
        with _giving_back():
            pages = build_parallel(cfg, langs, errors)
        if errors:
            return Outcome(errors)
        target = cfg.work_file(PARALLEL)
        return Outcome(digest=file_digest(target), data={"pages": {target.name: pages}})
    except Exception as exc:
        return Outcome(_errors(exc))


def epub_book(root: Path, build_dir: Path, lang: str, overrides: dict[str, Any]) -> Outcome:
    """The e-book's files of one language, in its Sphinx process (the EPUB builder reads its doctrees)."""
    from booklet.rendering.epub import EpubError, write_book

    cfg = load(root, build_dir)
    try:
        return Outcome(digest=tree_digest(write_book(cfg, lang, overrides)))
    except EpubError as exc:
        return Outcome([str(exc)])
    except Exception as exc:
        return Outcome(_errors(exc))


def epub(root: Path, build_dir: Path, lang: str, epoch: int) -> Outcome:
    """The e-book of one language: its files (epub_book), its cover made from its reading edition."""
    from booklet.config import EPUB
    from booklet.rendering.epub import EpubError, pack_book

    cfg = load(root, build_dir)
    try:
        target = cfg.work_file(EPUB, lang)
        pack_book(cfg, lang, epoch, target)
        return Outcome(digest=file_digest(target))
    except EpubError as exc:
        return Outcome([str(exc)])
    except Exception as exc:
        return Outcome(_errors(exc))
