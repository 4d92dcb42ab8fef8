"""`booklet build`: plan the tasks of a request, run the stale ones, publish each language that succeeded.

One build at a time per build folder (engine/lock.py). Outputs of languages no longer configured are removed
first, so what is published always matches the configuration. The catalogs are read and checked first; their
results decide which languages are published (release/policy.py) before the rest is planned. The command
returns once every process it started has exited.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from booklet.config import EPUB, PARALLEL, Config, build_timestamp
from booklet.engine import graph, plan
from booklet.engine.graph import Event, Result
from booklet.engine.lock import build_lock
from booklet.engine.pools import Pools
from booklet.engine.progress import Display
from booklet.engine.stamps import StampStore

STAGES = ("html", "pdf", "epub", "print")


@dataclass
class Report:
    results: dict[str, Result]

    @property
    def failed(self) -> list[str]:
        return [key for key, result in self.results.items() if not result.ok]

    @property
    def ok(self) -> bool:
        return not self.failed

    def errors(self) -> list[tuple[str, str]]:
        """(task, message) of every failure; a task not built because another failed is not repeated."""
        return [
            (key, error)
            for key, result in self.results.items()
            if result.state == graph.FAILED
            for error in result.outcome.errors
        ]


def request_of(
    cfg: Config,
    languages: Iterable[str] | None,
    stages: Iterable[str],
    preparing: Iterable[str] = (),
    warm: bool = False,
) -> plan.Request:
    wanted, preparing = set(languages or cfg.languages), set(preparing)
    withheld = tuple(lang for lang in cfg.languages if lang in preparing)
    published = [lang for lang in cfg.languages if lang not in preparing]
    langs = tuple(lang for lang in published if lang in wanted)
    wanted_stages = frozenset(s for s in STAGES if s in set(stages))
    return plan.Request(langs, wanted_stages, set(langs) == set(published), withheld, warm)


def build(
    cfg: Config,
    languages: Iterable[str] | None = None,
    stages: Iterable[str] = STAGES,
    jobs: int | None = None,
    pools: Pools | None = None,
    display_factory: Callable[[list[graph.Task]], Display] = Display,
    preview: bool = False,
) -> Report:
    """Build what is stale. `pools`: warm pools to use and keep (the watch mode); else they are made for
    this build and gone when it returns. `preview` (the watch mode): a language below its threshold is built
    all the same (a translator sees the work before it is published), and its Sphinx builders stay warm in
    `pools` for the next build."""
    from booklet.release import policy

    slots = max(1, jobs or os.cpu_count() or 1)
    with build_lock(cfg.build_dir), contextlib.ExitStack() as stack:
        prune(cfg)
        epoch, source = build_timestamp(cfg.root)
        shared = plan.Shared.of(cfg, epoch)
        stamps = StampStore(cfg.build_dir / ".work" / "stamps.json")
        # The catalogs first: what they hold decides what is published. The watch mode checks them in its
        # own process, which stays warm; a build, in a process that leaves once they are checked.
        first = plan.catalog_tasks(cfg, shared, inline_checks=preview)
        if pools is None:
            renderers = slots if set(stages) & {"pdf", "print"} else 0  # fewer once the tasks are known
            pools = stack.enter_context(Pools(cfg.root, cfg.build_dir, epoch, renderers))
            if any(graph.stale(task, stamps) for task in first):
                pools.warm()  # a catalog changed: the editions will be built, and their processes start
        events: list[Event] = []
        read = graph.run(first, pools, stamps, 1, events.append)
        pools.let_go(plan.CHECKS)
        # a language whose catalogs failed is not built at all: its last good editions stay
        shares = {
            lang: result.outcome.data["share"]
            for lang in cfg.languages
            if (result := read[f"catalogs:{lang}"]).ok
        }
        withheld = {} if preview else policy.preparing(cfg, shares)
        notes = [policy.preparing_note(cfg, lang, share) for lang, share in withheld.items()]
        for lang in withheld:
            withdraw(cfg, lang)
        request = request_of(cfg, languages, stages, withheld, warm=preview)
        for lang in request.languages:
            if read[f"catalogs:{lang}"].ok:
                notes += policy.fallback_notes(lang, read[f"catalogs:{lang}"].outcome.data["progress"])
        tasks = plan.tasks(cfg, request, shared)
        pools.size_renderers(renderers_for(tasks, slots))
        show = display_factory(first + tasks)
        with show:
            for event in events:
                show.notify(event)
            if source not in ("SOURCE_DATE_EPOCH", "the last commit"):
                day = datetime.fromtimestamp(epoch, UTC).date().isoformat()
                show.say(f"build date {day}: from {source}; set SOURCE_DATE_EPOCH to choose it")
            for note in notes:
                show.say(note)
            try:
                results = graph.run(
                    tasks, pools, stamps, slots, show.notify, given=read, release=pools.release
                )
            except Exception:
                pools.end_build()  # the watch mode's next build needs pristine Sphinx processes
                raise
            # (not when interrupted: the command leaves at once, without waiting for a job to end)
            pools.end_build()
    return Report(results)


def warm_pools(cfg: Config, languages: Iterable[str], stages: Iterable[str]) -> Pools:
    """Pools for many builds of one request (the watch mode), its renderers started at once."""
    epoch, _source = build_timestamp(cfg.root)
    tasks = plan.tasks(cfg, request_of(cfg, languages, stages, warm=True), plan.Shared.of(cfg, epoch))
    slots = max(1, os.cpu_count() or 1)
    pools = Pools(cfg.root, cfg.build_dir, epoch, renderers_for(tasks, slots), warm=True)
    pools.start_renderers()
    return pools


def renderers_for(tasks: list[graph.Task], slots: int) -> int:
    """One renderer per render task, up to the slots."""
    return min(slots, sum(1 for t in tasks if t.pool == plan.RENDER))


def prune(cfg: Config) -> None:
    """Remove what the build made for languages that are no longer configured (their sites, PDFs and work
    folders), and anything a crash left in the staging folders or a killed job in a work folder."""
    from booklet.engine.jobs import discard_killed
    from booklet.release.publish import recover

    stage = cfg.build_dir / ".stage"
    for leftover in sorted(stage.iterdir()) if stage.is_dir() else []:
        recover(cfg.build_dir, leftover.name)
    work = cfg.build_dir / ".work"
    known = {*cfg.languages, PARALLEL}
    for folder in sorted(work.iterdir()) if work.is_dir() else []:
        if folder.is_dir() and folder.name not in known:
            withdraw(cfg, folder.name)
            shutil.rmtree(folder)
        elif folder.is_dir():
            discard_killed(folder)


def withdraw(cfg: Config, lang: str) -> None:
    """Unpublish a language: its site and its editions (its work folder stays, for when it returns)."""
    shutil.rmtree(cfg.html_dir(lang), ignore_errors=True)
    for kind in ("reading", "print", "imposed", EPUB):
        cfg.published(kind, lang).unlink(missing_ok=True)


def main_report(report: Report) -> int:
    for key, error in report.errors():
        print(f"[{key}] error: {error}", file=sys.stderr)
    return 0 if report.ok else 1
