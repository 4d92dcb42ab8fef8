"""The tasks of a build request, each with its declared inputs.

First, per configured language, `catalogs` (read, check, compile: in a process of the build's own, CHECKS,
which leaves with them; inline in the watch mode, which keeps its process): `catalog_tasks`. Their results
say which languages are published (release/policy.py); then, for those the request names, `tasks`:
`print-html`, `site` and `epub-book` (Sphinx, in that language's own process), `pdf`, `print` and `epub`
(the e-book's cover; WeasyPrint's renderers), `publish` (inline: the language's set, all together); then
`parallel` (every language's print HTML in one edition) and `shared` (the chooser and the parallel edition,
published). What reaches an output from outside its own files is an input of its task: other languages'
translator credits (the source edition's colophon), the editions its pages link, the build date, the
configuration and the code.
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from booklet.config import EPUB, PARALLEL, Config
from booklet.engine import inline, jobs
from booklet.engine.graph import Job, Results, Task
from booklet.engine.stamps import files_digest, tree_digest, tree_files
from booklet.paths import PACKAGE

SPHINX_BUILDERS = {"print-html": "booklet-print", "site": "html"}
RENDER = "render"  # the renderers' executor; each language's Sphinx process is sphinx_pool(lang)
CHECKS = "checks"  # the catalogs' process


def sphinx_pool(lang: str, warm: str | None = None) -> str:
    """A language's Sphinx process for one build, or (`warm`: a task's name) its warm one for that task."""
    return f"sphinx:{lang}:{warm}" if warm else f"sphinx:{lang}"


@dataclass(frozen=True)
class Request:
    languages: tuple[str, ...]  # the languages to build, in configured order
    stages: frozenset[str]  # "html", "pdf", "epub", "print"
    everyone: bool  # every published language is built (the parallel edition is made only then)
    preparing: tuple[str, ...] = ()  # configured languages not published (below their threshold)
    warm: bool = False  # the watch mode: a warm process per Sphinx builder (engine/sphinxjob.py)

    @property
    def parallel(self) -> bool:
        return "pdf" in self.stages and self.everyone and len(self.languages) > 1

    def kinds(self) -> list[str]:
        """The PDF editions this request makes, which its pages offer."""
        return inline.edition_kinds(self.stages) + ([PARALLEL] if self.parallel else [])


@dataclass(frozen=True)
class Shared:
    """Inputs every task reads, hashed once per build."""

    code: str  # the package (its themes and data too), the pinned dependencies, the interpreter
    docs: str
    config: str
    epoch: int
    locales: dict[str, str]  # per language: its catalogs folder
    locales_common: str  # the files beside the languages' folders (glossary, word lists)

    @classmethod
    def of(cls, cfg: Config, epoch: int) -> Shared:
        lock = cfg.root / "requirements.lock"
        code = files_digest(PACKAGE, tree_files(PACKAGE))
        code += files_digest(cfg.root, [lock]) if lock.is_file() else ""
        data = tomllib.loads(cfg.pyproject.read_text(encoding="utf-8"))
        settings = {"booklet": data.get("tool", {}).get("booklet"), "version": data.get("project", {})}
        from booklet.catalogs.files import input_digest

        common = sorted(p for p in cfg.locales_dir.glob("*") if p.is_file())
        return cls(
            code=f"{code}:{sys.version}",
            docs=tree_digest(cfg.docs_dir),
            config=json.dumps(settings, sort_keys=True, default=str),
            epoch=epoch,
            locales={lang: tree_digest(cfg.locales_dir / lang, input_digest) for lang in cfg.languages},
            locales_common=files_digest(cfg.locales_dir, common, input_digest)
            if cfg.locales_dir.is_dir()
            else "",
        )


def catalog_tasks(cfg: Config, shared: Shared, inline_checks: bool = False) -> list[Task]:
    """Every language's catalogs are read, built or not: the source edition credits every translation.
    They are checked in the CHECKS process, so that the build's own process, which lives to the end of the
    build, never holds what the checks import; `inline_checks` (the watch mode): in this one."""
    return [_catalogs(cfg, lang, shared, None if inline_checks else CHECKS) for lang in cfg.languages]


def tasks(cfg: Config, request: Request, shared: Shared) -> list[Task]:
    """The tasks after the catalogs' (which they depend on: graph.run's `given`)."""
    made: list[Task] = []
    for lang in request.languages:
        made.extend(_language(cfg, lang, request, shared))
    if request.parallel:
        made.append(_parallel(cfg, request, shared))
    made.append(_shared(cfg, request, shared))
    return made


def _catalogs(cfg: Config, lang: str, shared: Shared, pool: str | None) -> Task:
    return Task(
        key=f"catalogs:{lang}",
        row=lang,
        stage="catalogs",
        inputs=lambda _done: [shared.code, shared.config, shared.locales[lang], shared.locales_common],
        job=lambda _done: Job(jobs.catalogs, (cfg.root, cfg.build_dir, lang)),
        pool=pool,
        outputs=lambda: [cfg.locale_dir(lang) / "ui.json"],
        priority=100,
    )


def credits(cfg: Config, done: Results, request: Request, lang: str) -> dict[str, list[str]]:
    """Who translated each published language, as far as `lang`'s colophon names them: every translation's
    for the source edition, its own for a translation (another translation's credits are no input of its
    outputs). A language whose catalogs fail this build's checks keeps its last good edition published:
    its translators are those of its last catalogs that passed (jobs.catalogs keeps them), if any did."""
    found: dict[str, list[str]] = {}
    for other in cfg.translations if lang == cfg.source_language else [lang]:
        result = done.get(f"catalogs:{other}")
        if other in request.preparing or result is None:
            continue
        names = result.outcome.data.get("credits") if result.ok else _last_good_credits(cfg, other)
        if isinstance(names, list):
            found[other] = [str(name) for name in names]
    return found


def _last_good_credits(cfg: Config, lang: str) -> Any:
    try:
        return json.loads(cfg.credits_file(lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def fallback(outcome: Any) -> dict[str, int]:
    """Per catalog (domain) of a language: how many of its messages are published in the source language."""
    return {
        row["domain"]: row["total"] - row["translated"]
        for row in outcome.data.get("progress", [])
        if row["total"] > row["translated"]
    }


def _language(cfg: Config, lang: str, request: Request, shared: Shared) -> list[Task]:
    # The source edition's colophon credits every translation: their catalogs are read first.
    credited = tuple(f"catalogs:{o}" for o in cfg.translations) if lang == cfg.source_language else ()
    catalogs = f"catalogs:{lang}"
    printed = bool(request.stages & {"pdf", "epub", "print"})
    # the e-book's cover is the reading edition's first page: `make epub` renders it too (unpublished)
    reading = bool(request.stages & {"pdf", "epub"})
    kinds = request.kinds()

    def overrides(done: Results, site: bool) -> dict[str, Any]:
        # The colophon's values are made from these by the Sphinx extension (sphinxext/colophon.py); the
        # pages that fall back to the source text say so (sphinxext/pagecontext.py).
        values: dict[str, Any] = {
            "booklet_credits": credits(cfg, done, request, lang),
            "booklet_epoch": shared.epoch,
            "booklet_published": [o for o in cfg.languages if o not in request.preparing],
            "booklet_fallback": fallback(done[catalogs].outcome),
        }
        if site:
            values["booklet_downloads"] = kinds
        return values

    def sphinx_task(name: str, priority: int, after: tuple[str, ...]) -> Task:
        site = name == "site"
        folder = "html" if site else "print"
        # Warm, each builder has a process and doctrees of its own: the site need not wait for the print.
        return Task(
            key=f"{name}:{lang}",
            row=lang,
            stage=name,
            deps=(catalogs,),
            after=credited + (() if request.warm else after),
            inputs=lambda done: [
                shared.code,
                shared.docs,
                shared.config,
                shared.epoch,
                shared.locales_common,  # the glossary: names the typesetting keeps whole
                done[catalogs].outcome.digest,
                overrides(done, site),
            ],
            job=lambda done: Job(
                jobs.sphinx,
                (cfg.root, cfg.build_dir, lang, SPHINX_BUILDERS[name], overrides(done, site), request.warm),
            ),
            pool=sphinx_pool(lang, name if request.warm else None),
            outputs=lambda: [cfg.work_dir(lang) / folder / "index.html"],
            priority=priority,
        )

    def render_task(
        name: str, fn: Any, kinds_made: list[str], priority: int, extra: tuple[Any, ...] = ()
    ) -> Task:
        return Task(
            key=f"{name}:{lang}",
            row=lang,
            stage=name,
            deps=(f"print-html:{lang}",),
            inputs=lambda done: [shared.code, shared.epoch, done[f"print-html:{lang}"].outcome.digest],
            job=lambda _done: Job(fn, (cfg.root, cfg.build_dir, lang, *extra)),
            pool=RENDER,
            outputs=lambda: [cfg.work_file(kind, lang) for kind in kinds_made],
            priority=priority,
        )

    made = []
    if printed:
        made.append(sphinx_task("print-html", 60, ()))
    if reading:
        made.append(render_task("pdf", jobs.reading_edition, ["reading"], 40, (request.warm,)))
    if "print" in request.stages:
        made.append(render_task("print", jobs.print_editions, ["print", "imposed"], 30, (shared.epoch,)))
    if "html" in request.stages:
        made.append(sphinx_task("site", 45, (f"print-html:{lang}",) if printed else ()))
    if "epub" in request.stages:
        # The e-book: Sphinx's EPUB builder on the language's doctrees, after its other Sphinx jobs, in the
        # same process, and before the reading editions take the free slot (so that the process, and then
        # the fork server, leave before the long renders); then its cover, the reading edition's first page,
        # made and zipped in with it.
        sphinx_jobs = tuple(t.key for t in made if t.pool == sphinx_pool(lang))
        made.append(
            Task(
                key=f"epub-book:{lang}",
                row=lang,
                stage="epub-book",
                deps=(catalogs,),
                after=credited + sphinx_jobs,
                inputs=lambda done: [
                    shared.code,
                    shared.docs,
                    shared.config,
                    shared.epoch,
                    done[catalogs].outcome.digest,
                    overrides(done, False),
                ],
                job=lambda done: Job(jobs.epub_book, (cfg.root, cfg.build_dir, lang, overrides(done, False))),
                pool=sphinx_pool(lang),
                outputs=lambda: [_epub_package(cfg, lang)],
                priority=44,
            )
        )
        made.append(
            Task(
                key=f"epub:{lang}",
                row=lang,
                stage="epub",
                deps=(f"epub-book:{lang}", f"pdf:{lang}"),
                inputs=lambda done: [
                    shared.code,
                    shared.epoch,
                    done[f"epub-book:{lang}"].outcome.digest,
                    done[f"pdf:{lang}"].outcome.digest,
                ],
                job=lambda _done: Job(jobs.epub, (cfg.root, cfg.build_dir, lang, shared.epoch)),
                pool=RENDER,
                outputs=lambda: [cfg.work_file(EPUB, lang)],
                priority=35,
            )
        )
    own = tuple(task.key for task in made)
    made.append(
        Task(
            key=f"publish:{lang}",
            row=lang,
            stage="publish",
            deps=own,
            inputs=lambda done: [sorted(request.stages), kinds, [done[k].outcome.digest for k in own]],
            job=lambda done: Job(
                inline.publish_language, (cfg, lang, request.stages, kinds, _pages(done, own))
            ),
            outputs=lambda: inline.published_files(cfg, lang, request.stages),
            priority=10,
        )
    )
    return made


def _epub_package(cfg: Config, lang: str) -> Path:
    """The e-book's package file (content.opf: what the book holds)."""
    from booklet.rendering.epub import book_dir

    return book_dir(cfg, lang) / "content.opf"


def _parallel(cfg: Config, request: Request, shared: Shared) -> Task:
    printed = tuple(f"print-html:{lang}" for lang in request.languages)
    return Task(
        key=PARALLEL,
        row=PARALLEL,
        stage="pdf",
        deps=printed,
        inputs=lambda done: [
            shared.code,
            shared.config,
            shared.epoch,
            [done[k].outcome.digest for k in printed],
        ],
        job=lambda _done: Job(jobs.parallel_edition, (cfg.root, cfg.build_dir, request.languages)),
        pool=RENDER,
        outputs=lambda: [cfg.work_file(PARALLEL)],
        priority=50,
    )


def _shared(cfg: Config, request: Request, shared: Shared) -> Task:
    """After the languages: the chooser (when the sites are built) and the parallel edition, published."""
    after = tuple(f"publish:{lang}" for lang in request.languages) + ((PARALLEL,) if request.parallel else ())

    def inputs(done: Results) -> Any:
        parallel = done.get(PARALLEL)
        return [
            shared.code,
            shared.config,
            sorted(request.stages),
            request.parallel,
            parallel.outcome.digest if parallel is not None and parallel.ok else None,
            inline.chooser_inputs(cfg, request.preparing) if "html" in request.stages else None,
        ]

    return Task(
        key="shared",
        row="site",
        stage="publish",
        after=after,
        inputs=inputs,
        job=lambda done: Job(
            inline.publish_shared,
            (
                cfg,
                request.stages,
                request.parallel,
                _parallel_ok(done),
                request.everyone,
                request.preparing,
                _pages(done, (PARALLEL,)).get(cfg.edition_file(PARALLEL), 0),
            ),
        ),
        outputs=lambda: [cfg.html_dir() / "index.html"] if "html" in request.stages else [],
        priority=0,
    )


def _pages(done: Results, keys: tuple[str, ...]) -> dict[str, int]:
    """The page counts the renders among `keys` made (by file name)."""
    return {
        name: count
        for key in keys
        if key in done
        for name, count in done[key].outcome.data.get("pages", {}).items()
    }


def _parallel_ok(done: Results) -> bool:
    result = done.get(PARALLEL)
    return result is not None and result.ok
