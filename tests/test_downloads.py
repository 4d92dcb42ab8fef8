"""Which PDFs the site links, and their copy into the site after the build."""

from __future__ import annotations

from pathlib import Path

from booklet.config import load
from booklet.site.downloads import planned, publish, site_path
from helpers import ROOT


def test_links_follow_the_run_and_the_files(tmp_path: Path):
    cfg = load(ROOT, tmp_path)
    lang = cfg.languages[0]
    assert planned(cfg, lang, set()) == []  # --no-pdf and nothing built: no link
    assert [e.kind for e in planned(cfg, lang, {"pdf"})] == ["reading"]  # one language: no parallel edition
    assert [e.kind for e in planned(cfg, lang, {"pdf", "parallel"})] == ["reading", "parallel"]
    assert [e.kind for e in planned(cfg, lang, {"print"})] == ["print", "imposed"]
    parallel = cfg.build_dir / "pdf" / f"{cfg.name}-parallel.pdf"
    parallel.parent.mkdir(parents=True)
    parallel.write_bytes(b"%PDF-1.7\n")
    assert [e.kind for e in planned(cfg, lang, set())] == [
        "parallel"
    ]  # built earlier: linked while it exists


def test_publish_copies_what_is_linked_and_names_what_is_missing(tmp_path: Path):
    cfg = load(ROOT, tmp_path)
    made, missing = cfg.languages[0], cfg.languages[1]
    for lang in (made, missing):
        cfg.html_dir(lang).mkdir(parents=True)
    cfg.pdf_path(made).parent.mkdir(parents=True)
    cfg.pdf_path(made).write_bytes(b"%PDF-1.7\n")
    parallel = cfg.build_dir / "pdf" / f"{cfg.name}-parallel.pdf"
    parallel.write_bytes(b"%PDF-1.7\n")
    copied, errors = publish(cfg, [made, missing], {"pdf"})
    reading = planned(cfg, made, {"pdf"})[0]
    assert copied[0] == site_path(cfg, reading)
    assert copied[0].read_bytes() == b"%PDF-1.7\n"
    assert copied[0].parent == cfg.html_dir() / "pdf"
    assert len(errors) == 1 and str(cfg.pdf_path(missing)) in errors[0]
