"""Incremental builds: content-hash stamps skip up-to-date languages; only changed outputs are rewritten;
a failed build leaves the last good outputs exactly as they were."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from booklet.config import load
from project import build, copy_project, revise_msgstr, snapshot


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    root = copy_project(tmp_path_factory.mktemp("project"))
    run = build(root)
    assert run.returncode == 0, run.stdout + run.stderr
    return root


def tasks_in(output: str, state: str) -> set[str]:
    """The tasks the build's plain output reports in `state`, as "row stage"."""
    return {f"{m[0]} {m[1]}" for m in re.findall(rf"^\[(\S+)\] (\S+): {re.escape(state)}", output, re.M)}


def published(cfg) -> dict[str, tuple[bytes, int]]:
    return {
        f"{name}/{path}": v
        for name in ("html", "pdf", "epub", "print")
        for path, v in snapshot(cfg.build_dir / name).items()
    }


def test_second_build_runs_no_task_and_rewrites_nothing(project):
    cfg = load(project)
    before = published(cfg)
    run = build(project)
    assert run.returncode == 0, run.stderr
    assert not tasks_in(run.stdout, "done")
    assert len(tasks_in(run.stdout, "up to date")) == 8 * len(cfg.languages) + 2  # and the parallel, the site
    after = published(cfg)
    assert after == before


def test_one_catalog_change_rebuilds_that_language_and_the_parallel_edition_only(project):
    cfg = load(project)
    lang = cfg.translations[-1]
    others = [other for other in cfg.languages if other != lang]
    kept = {other: snapshot(cfg.html_dir(other)) for other in others}
    pdfs = {
        other: (cfg.pdf_path(other).read_bytes(), cfg.pdf_path(other).stat().st_mtime_ns) for other in others
    }
    old_pdf = cfg.pdf_path(lang).read_bytes()
    revise_msgstr(cfg.locales_dir / lang / "LC_MESSAGES" / "index.po", 1, "правка для проверки сборки")
    run = build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    done = tasks_in(run.stdout, "done")
    assert {f"{lang} site", f"{lang} pdf", f"{lang} publish", "parallel pdf"} <= done
    assert not [task for task in done if task.split()[0] in others], done
    for other in others:
        assert snapshot(cfg.html_dir(other)) == kept[other]
        assert (cfg.pdf_path(other).read_bytes(), cfg.pdf_path(other).stat().st_mtime_ns) == pdfs[other]
    assert cfg.pdf_path(lang).read_bytes() != old_pdf
    text = "".join(page.extract_text() for page in PdfReader(cfg.pdf_path(lang)).pages)
    assert "(правка для проверки сборки)" in " ".join(text.split())
    assert "(правка для проверки сборки)" in (cfg.html_dir(lang) / "index.html").read_text(encoding="utf-8")


def test_broken_catalog_keeps_the_last_good_outputs(project):
    cfg = load(project)
    lang = cfg.translations[0]
    before = snapshot(cfg.html_dir(lang)), cfg.pdf_path(lang).read_bytes()
    po = cfg.locales_dir / lang / "LC_MESSAGES" / "index.po"
    good = po.read_bytes()
    po.write_bytes(good + b'\nmsgid "bad \xff encoding"\nmsgstr ""\n')  # not UTF-8: refused before Sphinx
    try:
        run = build(project, "--lang", lang)
        assert run.returncode != 0
        assert str(po.name) in run.stderr and "Traceback" not in run.stderr
        assert (snapshot(cfg.html_dir(lang)), cfg.pdf_path(lang).read_bytes()) == before
        # and the next good build picks the language up again
        po.write_bytes(good)
        assert build(project, "--lang", lang).returncode == 0
    finally:
        po.write_bytes(good)


def test_a_broken_translation_keeps_the_source_edition_that_credits_it(project):
    """The source edition's colophon names each translation's translators: while one translation's catalogs
    fail, its last good edition stays published, and so do their names, build after build."""
    cfg = load(project)
    lang = cfg.translations[-1]
    assert build(project).returncode == 0  # every edition as a full build makes it (the tests before: parts)
    before = published(cfg)
    po = cfg.locales_dir / lang / "LC_MESSAGES" / "index.po"
    good = po.read_bytes()
    po.write_bytes(good + b'\nmsgid "bad \xff encoding"\nmsgstr ""\n')
    try:
        for _again in range(2):
            run = build(project)
            assert run.returncode == 1
            assert f"[catalogs:{lang}] error: " in run.stderr
            source = cfg.source_language
            assert {f"{source} site", f"{source} pdf"} <= tasks_in(run.stdout, "up to date")
            assert published(cfg) == before
    finally:
        po.write_bytes(good)


def test_sphinx_failure_keeps_the_published_site(project):
    """A source error past preflight (Sphinx fails): the published site and PDF stay the last good ones."""
    cfg = load(project)
    lang = cfg.source_language
    before = snapshot(cfg.html_dir(lang)), cfg.pdf_path(lang).read_bytes()
    index = cfg.docs_dir / "index.md"
    good = index.read_bytes()
    index.write_bytes(good + b"\n\n{nosuchrole}`boom`\n")
    try:
        run = build(project, "--lang", lang)
        assert run.returncode != 0
        assert "nosuchrole" in run.stderr
        assert "\x1b[" not in run.stderr  # plain text, not Sphinx's terminal colours
        assert (snapshot(cfg.html_dir(lang)), cfg.pdf_path(lang).read_bytes()) == before
        assert not list(cfg.html_dir().glob(".*.new")) and not list(cfg.html_dir().glob(".*.old"))
    finally:
        index.write_bytes(good)


def _stamps(cfg) -> dict:
    return json.loads((cfg.build_dir / ".work" / "stamps.json").read_text(encoding="utf-8"))


def test_a_build_killed_in_a_sphinx_job_discards_its_half_written_work(project):
    """A job's stamp goes when it starts and its marker stays until it ends: after a kill, the next build
    runs the job again from fresh doctrees, keeps what the finished jobs made, and publishes what a
    complete build makes."""
    cfg = load(project)
    assert build(project).returncode == 0  # every stamp current
    lang = cfg.source_language
    work = cfg.work_dir(lang)
    page = (cfg.html_dir(lang) / "index.html").read_bytes()
    stamps = _stamps(cfg)
    del stamps[f"site:{lang}"]  # killed while building the site: the print HTML's job had finished
    (cfg.build_dir / ".work" / "stamps.json").write_text(json.dumps(stamps), encoding="utf-8")
    (work / "html" / "index.html").write_text("half-written", encoding="utf-8")
    (work / ".building-html").touch()
    run = build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    assert tasks_in(run.stdout, "done") >= {f"{lang} site"}
    assert f"{lang} print-html" in tasks_in(run.stdout, "up to date")
    assert (work / "print" / "index.html").is_file()  # the finished job's output is kept
    assert not list(work.glob(".building*"))
    assert (cfg.html_dir(lang) / "index.html").read_bytes() == page


def test_a_job_whose_stamp_is_gone_runs_again_even_if_its_inputs_are_back(project):
    """Inputs changed, a job started and was killed, the change was undone: the job's old stamp would match
    again, but it was dropped when the job started, so the job runs."""
    cfg = load(project)
    assert build(project).returncode == 0  # every stamp current
    lang = cfg.translations[0]
    stamps = _stamps(cfg)
    del stamps[f"print-html:{lang}"]
    (cfg.build_dir / ".work" / "stamps.json").write_text(json.dumps(stamps), encoding="utf-8")
    run = build(project)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{lang} print-html" in tasks_in(run.stdout, "done")
