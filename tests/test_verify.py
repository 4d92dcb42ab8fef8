"""`booklet verify` (make verify): every validator over every output of the session's build, one table,
exit 0; a broken or missing output fails it with exit 1."""

from __future__ import annotations

import shutil
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from booklet.config import Config, load
from booklet.verify.run import verify
from conftest import ROOT, run_booklet

LANGS = ["en", "az", "ru"]


def rows_of(stdout: str) -> list[list[str]]:
    lines = stdout.splitlines()
    body = lines[2 : lines.index("")]  # after the header and its rule, up to the blank line
    return [line.split(None, 2) for line in body]


def test_verify_passes_on_every_output_of_the_build(cfg: Config):
    """The session's build, every output of it."""
    run = run_booklet("verify", "--build-dir", str(cfg.build_dir), timeout=1800)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = rows_of(run.stdout)
    assert all(result.startswith("pass") for _, _, result in rows), run.stdout
    validators: dict[str, set[str]] = {}
    for output, validator, _ in rows:
        validators.setdefault(output, set()).add(validator)
    for lang in LANGS:
        assert validators[f"pdf/january-20-{lang}.pdf"] == {"qpdf", "mutool", "pdfa", "ua"}
        assert validators[f"print/january-20-{lang}-print.pdf"] == {"qpdf", "mutool", "preflight"}
        assert validators[f"print/january-20-{lang}-imposed.pdf"] == {"qpdf", "mutool"}
        assert validators[f"epub/january-20-{lang}.epub"] == {"epubcheck"}
        for page in ("index", "search", "colophon"):
            assert validators[f"html/{lang}/{page}.html"] == {"vnu", "axe"}
    assert validators["pdf/january-20-parallel.pdf"] == {"qpdf", "mutool", "pdfa", "ua"}
    assert validators["html/index.html"] == {"vnu", "axe"}
    assert run.stdout.rstrip().endswith(f"verify: {len(rows)} of {len(rows)} checks passed")


def test_verify_fails_on_a_broken_and_a_missing_output(cfg: Config, tmp_path: Path):
    build = tmp_path / "build"
    shutil.copytree(cfg.build_dir / "print", build / "print")
    broken_cfg = load(ROOT, build)
    broken = broken_cfg.print_path("az")
    writer = PdfWriter(clone_from=PdfReader(broken))
    del writer._root_object[NameObject("/OutputIntents")]
    writer.write(broken)
    broken_cfg.print_path("ru", "imposed").unlink()
    failed = {(row.output.name, row.validator) for row in verify(broken_cfg, ["print"]) if not row.ok}
    assert failed == {("january-20-az-print.pdf", "preflight"), ("january-20-ru-imposed.pdf", "qpdf"),
                      ("january-20-ru-imposed.pdf", "mutool")}  # fmt: skip
    run = run_booklet("verify", "--build-dir", str(build))
    assert run.returncode == 1
    assert "print/january-20-az-print.pdf    preflight  FAIL: 1 finding(s)" in run.stdout
    assert "no PDF/X output intent" in run.stdout
    assert "epub/january-20-en.epub          epubcheck  FAIL: 1 finding(s)" in run.stdout  # not built here
