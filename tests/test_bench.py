"""The benchmark's synthetic book (no timing here: `make bench` is not a test)."""

from __future__ import annotations

import polib

from bench.run import copy_inputs, make_synthetic, rewritten
from booklet.config import load
from helpers import ROOT


def test_synthetic_book_repeats_the_text_and_catalogs_in_every_language(tmp_path):
    """Each chapter is the text, its paragraphs ending with the chapter's number, in the source and in
    every translation (no two chapters set the same lines), and every check accepts its catalogs."""
    from booklet.checks.preflight import preflight

    root = make_synthetic(ROOT, tmp_path / "synthetic", 3)
    cfg = load(root, root / "_build")
    text = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    paragraphs = [line for line in text.splitlines() if line and not line.startswith("#")]
    chapters = sorted((root / "docs").glob("chapter-*.md"))
    assert len(chapters) == 3 and len(paragraphs) > 5
    for number, chapter in enumerate(chapters, start=1):
        marked = chapter.read_text(encoding="utf-8")
        assert marked.count(f" ({number})\n") == len(paragraphs)
        assert marked.replace(f" ({number})\n", "\n") == text
    index = (root / "docs" / "index.md").read_text(encoding="utf-8")
    assert "{toctree}" in index and all(p.stem in index for p in chapters)
    for lang in cfg.translations:
        source = polib.pofile(str(ROOT / "locales" / lang / "LC_MESSAGES" / "index.po"))
        for number, chapter in enumerate(chapters, start=1):
            copy = polib.pofile(str(root / "locales" / lang / "LC_MESSAGES" / f"{chapter.stem}.po"))
            mark = f" ({number})"
            expected = [
                (e.msgid + mark, e.msgstr + mark) if e.msgid in paragraphs else (e.msgid, e.msgstr)
                for e in source
            ]
            assert [(e.msgid, e.msgstr) for e in copy] == expected
        checked = preflight(cfg, lang)
        assert checked.ok, checked.problems


def test_copy_inputs_leaves_compiled_catalogs_out(tmp_path):
    root = copy_inputs(ROOT, tmp_path / "copy")
    assert (root / "pyproject.toml").is_file() and (root / "docs" / "index.md").is_file()
    assert not list(root.rglob("*.mo"))


def test_the_bench_reads_which_rows_a_build_rewrote():
    output = (
        "[ru] site: done (0.3 s)\n[en] site: up to date\n[parallel] pdf: done (0.4 s)\n[az] pdf: failed\n"
    )
    assert rewritten(output) == {"ru", "parallel"}


def test_the_bench_revises_a_paragraph_as_a_translator_would(tmp_path):
    """Each save is a real change that the build publishes (a refused catalog would measure nothing)."""
    from bench.run import edit_catalog
    from booklet.checks.preflight import preflight

    root = copy_inputs(ROOT, tmp_path / "copy")
    po = root / "locales" / "ru" / "LC_MESSAGES" / "index.po"
    seen = set()
    for n in ("1a", "1w0", "1w1"):
        edit_catalog(po, n)
        checked = preflight(load(root, root / "_build"), "ru")
        assert checked.ok, checked.problems
        text = po.read_text(encoding="utf-8")
        assert text.count("(правка ") == 1
        seen.add(text)
    assert len(seen) == 3
