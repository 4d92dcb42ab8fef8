"""The build's tasks (booklet.engine.plan): what each waits for, and which of two ready ones goes first."""

from __future__ import annotations

from pathlib import Path

from booklet.config import load
from booklet.engine import plan

ROOT = Path(__file__).resolve().parent.parent


def test_a_language_s_e_book_goes_before_its_print_editions(tmp_path: Path):
    """Both wait only for the reading edition's print HTML or PDF; the e-book is the build's last Sphinx
    job, and it goes first so that the fork server leaves before the long print renders."""
    cfg = load(ROOT, tmp_path / "_build")
    shared = plan.Shared(code="", docs="", config="", epoch=0, locales={}, locales_common="")
    request = plan.Request(cfg.languages, frozenset({"html", "pdf", "epub", "print"}), everyone=True)
    tasks = {task.key: task for task in plan.tasks(cfg, request, shared)}
    for lang in cfg.languages:
        epub, printed = tasks[f"epub:{lang}"], tasks[f"print:{lang}"]
        assert f"pdf:{lang}" in epub.deps and f"pdf:{lang}" not in printed.deps
        assert epub.pool == plan.sphinx_pool(lang) and printed.pool == plan.RENDER
        assert epub.priority > printed.priority


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
