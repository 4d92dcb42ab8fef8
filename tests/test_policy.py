"""What the build publishes (release/policy.py), built for real in a copy of the project: an error stops its
language only; what is not yet translated is published in English and the reader is told; a language below
its threshold is not published and the chooser says it is in preparation; a release refuses both."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from booklet.config import load
from conftest import run_booklet
from helpers import NS, html_text, parse_html, pdf_body_text
from project import build, copy_project, snapshot

NOTICE = "translation-notice"
FIGURE_LINE = re.compile(r"\b147\b")


def notices(page: Path) -> list[tuple[str, str]]:
    """(text, the page's language) of each translation notice on a page."""
    tree = parse_html(page)
    found = []
    for element in tree.iter():
        if NOTICE in (element.get("class") or "").split():
            lang = tree.get("lang") or ""
            found.append((" ".join("".join(element.itertext()).split()), lang))
    return found


def entries(po_path: Path) -> tuple[polib.POFile, list[polib.POEntry]]:
    po = polib.pofile(str(po_path), wrapwidth=0)  # the project's catalogs are not wrapped
    return po, [e for e in po if e.msgid and not e.obsolete]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy built once (site and reading editions): the last good outputs."""
    root = copy_project(tmp_path_factory.mktemp("policy") / "project")
    run = build(root, "--no-print")
    assert run.returncode == 0, run.stdout + run.stderr
    return root


def test_a_wrong_figure_stops_its_language_and_keeps_its_last_good_editions(project: Path, tmp_path: Path):
    cfg = load(project)
    po_path = project / "locales/ru/LC_MESSAGES/index.po"
    kept = po_path.read_bytes()
    before = {lang: snapshot(cfg.html_dir(lang)) for lang in cfg.languages}
    pdf_before = cfg.pdf_path("ru").read_bytes()
    po, found = entries(po_path)
    entry = next(e for e in found if FIGURE_LINE.search(e.msgstr))
    entry.msgstr = FIGURE_LINE.sub("148", entry.msgstr, count=1)
    po.save()
    line = next(n for n, text in enumerate(po_path.read_text("utf-8").splitlines(), 1) if "148" in text)
    try:
        run = build(project, "--no-print")
    finally:
        po_path.write_bytes(kept)
    assert run.returncode == 1, run.stdout
    assert (
        f'locales/ru/LC_MESSAGES/index.po:{line}: error: numbers: "147" in the source is missing from the '
        "translation" in run.stderr
    )
    assert "Traceback" not in run.stderr
    # Russian: nothing of it rewritten; the others built and up to date
    assert snapshot(cfg.html_dir("ru")) == before["ru"]
    assert cfg.pdf_path("ru").read_bytes() == pdf_before
    assert "[az] publish: " in run.stdout and "[en] publish: " in run.stdout
    assert "[ru] publish: not built" in run.stdout
    for lang in ("az", "en"):
        assert (cfg.html_dir(lang) / "index.html").is_file()


def test_what_falls_back_is_published_in_english_and_the_reader_is_told(project: Path):
    cfg = load(project)
    po_path = project / "locales/az/LC_MESSAGES/index.po"
    kept = po_path.read_bytes()
    po, found = entries(po_path)
    fuzzy, empty = found[2], found[3]
    fuzzy.flags.append("fuzzy")
    empty.msgstr = ""
    po.save()
    try:
        run = build(project, "--no-print")
        assert run.returncode == 0, run.stdout + run.stderr
        assert (
            "[az] locales/az/LC_MESSAGES/index.po: 1 untranslated, 1 fuzzy of "
            f"{len(found)} messages published in the source language" in run.stdout
        )
        page = cfg.html_dir("az") / "index.html"
        assert notices(page) == [
            ("Bu səhifənin bir hissəsi hələ tərcümə olunmayıb və orijinal dildə verilir.", "az")
        ]
        text = html_text(page)
        assert fuzzy.msgid[:60] in text and empty.msgid[:60] in text  # the source text, in their place
        # and in its language, for a screen reader and the PDF's tags: on the site and in the print HTML
        for html in (page, cfg.work_dir("az") / "print" / "index.html"):
            marked = {
                " ".join("".join(el.itertext()).split())[:60]: el.get("lang")
                for el in parse_html(html).iter(f"{NS}p")
            }
            assert marked[fuzzy.msgid[:60]] == "en" and marked[empty.msgid[:60]] == "en", html
            assert [lang for lang in marked.values() if lang] == ["en", "en"], html  # the translated: none
        # complete pages say nothing: az's colophon, every page of the other languages
        for path in (
            cfg.html_dir("az") / "colophon.html",
            *(cfg.html_dir(o) / "index.html" for o in ("en", "ru")),
        ):
            assert notices(path) == [], path
        # the colophon of the az editions counts what is still in English; a complete edition has no such line
        assert "Hələ tərcümə olunmamış, orijinalda verilən hissələr: 2." in pdf_body_text(cfg.pdf_path("az"))
        assert "orijinalda verilən" not in html_text(cfg.html_dir("ru") / "colophon.html")
        assert "Фрагменты, ещё не переведённые" not in pdf_body_text(cfg.pdf_path("ru"))
    finally:
        po_path.write_bytes(kept)
    # translated again: the notice and the colophon line are gone
    run = build(project, "--no-print")
    assert run.returncode == 0, run.stderr
    assert notices(cfg.html_dir("az") / "index.html") == []
    assert "published in the source language" not in run.stdout


def untranslate(po_path: Path, count: int) -> None:
    po, found = entries(po_path)
    for entry in found[:count]:
        entry.msgstr = ""
    po.save()


def test_a_language_below_its_threshold_is_in_preparation(project: Path, tmp_path: Path):
    cfg = load(project)
    assert cfg.book.thresholds["ru"] == 0.9
    folder = project / "locales/ru/LC_MESSAGES"
    kept = {po: po.read_bytes() for po in folder.glob("*.po")}
    untranslate(folder / "index.po", 8)
    try:
        run = build(project, "--no-print")
        assert run.returncode == 0, run.stdout + run.stderr
        assert re.search(r"\[ru\] in preparation: \d+ % translated, below its threshold of 90 %", run.stdout)
        assert not cfg.html_dir("ru").exists() and not cfg.pdf_path("ru").exists()
        assert not cfg.epub_path("ru").exists()
        chooser = parse_html(cfg.html_dir() / "index.html")
        items = {li.get("lang"): li for li in chooser.iter(f"{NS}li")}
        ru = items["ru"]
        assert "in-preparation" in ru.get("class", "")
        assert ru.find(f"{NS}a") is None and "В подготовке" in "".join(ru.itertext())
        assert items["az"].find(f"{NS}a") is not None
        # the published editions neither link nor credit it; the parallel edition leaves it out
        page = (cfg.html_dir("en") / "index.html").read_text("utf-8")
        assert 'hreflang="ru"' not in page and 'href="../ru/' not in page
        colophon = html_text(cfg.html_dir("en") / "colophon.html")
        assert "Russian" not in colophon and "Azerbaijani" in colophon
        parallel = pdf_body_text(cfg.parallel_path())
        assert "Советская" not in parallel and "Sovet" in parallel
    finally:
        for po, data in kept.items():
            po.write_bytes(data)
    # translated again: published again, and as a clean build of the same tree publishes it
    run = build(project, "--no-print")
    assert run.returncode == 0, run.stderr
    assert "in preparation" not in run.stdout
    clean = tmp_path / "clean"
    assert build(project, "--no-print", "--build-dir", str(clean)).returncode == 0
    assert snapshot_bytes(cfg.html_dir()) == snapshot_bytes(clean / "html")


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _mtime) in snapshot(folder).items()}


def test_a_release_refuses_errors_and_incomplete_languages_unless_draft(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    untranslate(root / "locales/az/LC_MESSAGES/index.po", 1)
    env = {"BOOKLET_ROOT": str(root)}
    run = run_booklet("dist", cwd=root, env=env)
    assert run.returncode == 1
    assert re.search(r"\[az\] incomplete: 9\d % translated; .* mark it draft", run.stderr), run.stderr
    assert not (root / "dist").exists()
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text("utf-8").replace("draft = []", 'draft = ["az"]'), "utf-8")
    from booklet.release.policy import release_problems

    assert release_problems(load(root)) == []
    po_path = root / "locales/ru/LC_MESSAGES/index.po"
    po, found = entries(po_path)
    entry = next(e for e in found if FIGURE_LINE.search(e.msgstr))
    entry.msgstr = FIGURE_LINE.sub("148", entry.msgstr, count=1)
    po.save()
    problems = release_problems(load(root))
    assert len(problems) == 2 and all(": error: numbers: " in p for p in problems)


def test_thresholds_are_checked_as_configuration(tmp_path: Path):
    from booklet.book import BookError, read_book

    langs = ("en", "az", "ru")
    book = read_book({"publish": {"threshold": {"az": 0.5}, "draft": ["ru", "de"]}}, langs, "en")
    assert book.thresholds == {"en": 0.0, "az": 0.5, "ru": 0.0} and book.drafts == {"ru"}
    assert read_book({}, langs, "en").thresholds == dict.fromkeys(langs, 0.0)
    for bad in (1.5, -0.1, "90 %", True):
        with pytest.raises(BookError, match=r"\[tool.booklet.publish\] threshold"):
            read_book({"publish": {"threshold": bad}}, langs, "en")
    with pytest.raises(BookError, match="unknown key 'thresholds'"):
        read_book({"publish": {"thresholds": 0.5}}, langs, "en")
