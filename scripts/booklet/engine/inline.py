"""The build's inline tasks, run in the scheduler's own thread: they publish, quickly.

- `publish_language`: a language's site (with the PDFs it offers), reading edition and print editions,
  moved into place all together once every task of the language succeeded (release/publish.py).
- `publish_shared`: the chooser and the parallel edition.
"""

from __future__ import annotations

from pathlib import Path

from booklet.config import EPUB, PARALLEL, Config
from booklet.engine.graph import Outcome
from booklet.engine.stamps import file_digest
from booklet.release.atomic import write_atomic
from booklet.release.publish import Item, PublishError, publish


def edition_kinds(stages: frozenset[str]) -> list[str]:
    """A language's own editions that a build of `stages` publishes."""
    kinds = ["reading"] if "pdf" in stages else []
    kinds += [EPUB] if "epub" in stages else []
    return kinds + (["print", "imposed"] if "print" in stages else [])


def published_files(cfg: Config, lang: str, stages: frozenset[str]) -> list[Path]:
    """What a language's publish task leaves in place (all present, or the task runs again)."""
    files = [cfg.published(kind, lang) for kind in edition_kinds(stages)]
    return files + ([cfg.html_dir(lang) / "index.html"] if "html" in stages else [])


def publish_language(
    cfg: Config, lang: str, stages: frozenset[str], kinds: list[str], pages: dict[str, int]
) -> Outcome:
    """`pages`: the page count of each of the language's PDFs (by file name), as their renderers counted."""
    items = [Item(cfg.work_file(kind, lang), cfg.published(kind, lang)) for kind in edition_kinds(stages)]
    if "html" in stages:
        offered = tuple(
            (cfg.work_file(kind, lang), f"{cfg.site_folder(kind)}/{cfg.edition_file(kind, lang)}")
            for kind in kinds
            if kind != PARALLEL
        )
        files = {kind: cfg.work_file(kind, lang) for kind in kinds if kind != PARALLEL}

        def facts(site: Path) -> None:
            from booklet.site.downloads import annotate

            annotate(site, cfg, lang, files, pages)

        items.append(Item(cfg.work_dir(lang) / "html", cfg.html_dir(lang), offered, facts))
    try:
        written = publish(cfg.build_dir, lang, items)
    except PublishError as exc:
        return Outcome([f"not published: {exc}"])
    return Outcome(digest=":".join(file_digest(p) for p in written if p.is_file()))


def chooser_inputs(cfg: Config, preparing: tuple[str, ...]) -> list[tuple[str, str]]:
    """What the chooser is made from: the published sites' first pages (it shows their titles; a digest,
    not the title, is cheaper to read in a build with nothing to do), and the languages in preparation,
    with the words that say so."""
    pages = [(lang, cfg.html_dir(lang) / "index.html") for lang in cfg.languages]
    published = [(lang, file_digest(page)) for lang, page in pages if page.is_file()]
    if not preparing:
        return published
    from booklet.site.chooser import preparing_label

    return published + [(lang, preparing_label(cfg, lang)) for lang in preparing]


def publish_shared(
    cfg: Config,
    stages: frozenset[str],
    made_parallel: bool,
    parallel_ok: bool,
    everyone: bool,
    preparing: tuple[str, ...] = (),
    parallel_pages: int = 0,
) -> Outcome:
    """`made_parallel`: this build makes the parallel edition (`parallel_ok`: and it succeeded, with
    `parallel_pages`); `everyone`: it builds every published language's site; `preparing`: the languages not
    published."""
    from booklet.site.chooser import chooser_html

    items: list[Item] = []
    remove: list[Path] = []
    if made_parallel and parallel_ok:
        items.append(Item(cfg.work_file(PARALLEL), cfg.parallel_path()))
        if "html" in stages:
            from booklet.site.downloads import FACTS_FILE, facts_json

            offered = cfg.site_file(PARALLEL, cfg.source_language)
            facts = cfg.work_dir(PARALLEL) / "out" / FACTS_FILE
            made = facts_json({cfg.work_file(PARALLEL): parallel_pages})
            write_atomic(facts, made, only_if_changed=True)
            items += [Item(cfg.work_file(PARALLEL), offered), Item(facts, offered.with_name(FACTS_FILE))]
    elif "html" in stages and everyone and not made_parallel:
        offered = cfg.site_file(PARALLEL, cfg.source_language)  # the sites built now do not offer it
        remove += [offered, offered.with_name("editions.json")]
    try:
        publish(cfg.build_dir, "shared", items, remove)
        if "html" in stages:
            write_atomic(
                cfg.html_dir() / "index.html",
                chooser_html(cfg, preparing).encode("utf-8"),
                only_if_changed=True,
            )
    except (PublishError, OSError) as exc:
        return Outcome([f"not published: {exc}"])
    return Outcome()
