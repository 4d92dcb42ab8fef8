"""The build's tasks (booklet.engine.plan): what each waits for, and which of two ready ones goes first."""

from __future__ import annotations

from pathlib import Path

from booklet.config import PARALLEL, load
from booklet.engine import plan

ROOT = Path(__file__).resolve().parent.parent


def test_a_language_s_e_book_files_wait_for_no_render(tmp_path: Path):
    """The EPUB builder runs in the language's Sphinx process after its other Sphinx jobs, waits for no
    render and goes before the renders, so that the process and the fork server leave before the long
    renders; the cover, the reading edition's first page, is packed in after that edition, by a renderer."""
    cfg = load(ROOT, tmp_path / "_build")
    shared = plan.Shared(code="", docs="", config="", epoch=0, locales={}, locales_common="")
    request = plan.Request(cfg.languages, frozenset({"html", "pdf", "epub", "print"}), everyone=True)
    tasks = {task.key: task for task in plan.tasks(cfg, request, shared)}

    def before(key: str) -> set[str]:
        found = {dep for dep in tasks[key].waits_for if dep in tasks}
        return found.union(*(before(dep) for dep in found))

    for lang in cfg.languages:
        book, packed = tasks[f"epub-book:{lang}"], tasks[f"epub:{lang}"]
        assert book.pool == plan.sphinx_pool(lang)
        assert {f"print-html:{lang}", f"site:{lang}"} <= before(book.key)
        assert not any(tasks[key].pool == plan.RENDER for key in before(book.key))
        assert book.priority > max(
            t.priority for t in tasks.values() if t.pool == plan.RENDER and t.key != PARALLEL
        )
        assert set(packed.deps) == {book.key, f"pdf:{lang}"} and packed.pool == plan.RENDER


def test_only_the_watch_mode_keeps_a_reading_edition_s_fonts_and_line_splits(tmp_path: Path):
    """The watch mode renders its language's reading edition again at each save: the render keeps what the
    next one starts from (rendering/pdf.py). A build's renderers keep nothing."""
    cfg = load(ROOT, tmp_path / "_build")
    shared = plan.Shared(code="", docs="", config="", epoch=0, locales={}, locales_common="")
    for warm in (False, True):
        request = plan.Request(("ru",), frozenset({"html", "pdf"}), everyone=False, warm=warm)
        task = next(t for t in plan.tasks(cfg, request, shared) if t.key == "pdf:ru")
        assert task.job is not None
        job = task.job({})
        assert job.fn.__name__ == "reading_edition" and job.args[-1] is warm
