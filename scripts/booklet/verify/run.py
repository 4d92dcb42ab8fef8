"""`booklet verify` (`make verify`): every validator over every output of a build, offline, as one table.

- reading editions `pdf/<name>-<lang>.pdf` and the parallel edition: qpdf, mutool, pdfa (a PDF/A-3a
  subset), ua (pdfua and the project's PDF/UA-1 rules);
- print-shop editions `print/<name>-<lang>-print.pdf`: qpdf, mutool, preflight (boxes, fonts, 300 ppi,
  300 % ink, PDF/X-4);
- imposed booklets `print/<name>-<lang>-imposed.pdf`: qpdf, mutool;
- e-books `epub/<name>-<lang>.epub`: epubcheck (EPUBCheck 5.3);
- every page of `html/`: vnu (the Nu HTML checker), axe (WCAG 2.2 A and AA in Chromium).

A missing output is a failure: verify runs after a full build (`make verify` builds first).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from booklet.config import Config
from booklet.verify.preflight import Finding

KINDS = ("pdf", "print", "epub", "site")


@dataclass
class Row:
    output: Path
    validator: str
    findings: list[Finding] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def result(self) -> str:
        if self.ok:
            return "pass" + (f" ({self.note})" if self.note else "")
        return f"FAIL: {len(self.findings)} finding(s)"


def _missing(path: Path, validator: str) -> Row:
    return Row(
        path, validator, [Finding(str(path), 0, validator, "missing: build it first (make verify does)")]
    )


def _pdf_jobs(paths: Iterable[Path], extra: dict[str, Callable[[Path], list[Finding]]]) -> list[tuple]:
    from booklet.verify.archive import mutool_check, qpdf_check

    checks = {"qpdf": qpdf_check, "mutool": mutool_check, **extra}
    return [(path, name, check) for path in paths for name, check in checks.items()]


def _preflight(path: Path) -> list[Finding]:
    from booklet.verify.preflight import preflight

    return preflight([path])


def outputs(cfg: Config) -> dict[str, list[Path]]:
    langs = cfg.languages
    return {
        "pdf": [*(cfg.pdf_path(lang) for lang in langs), cfg.parallel_path()],
        "print": [cfg.print_path(lang) for lang in langs],
        "imposed": [cfg.print_path(lang, "imposed") for lang in langs],
        "epub": [cfg.epub_path(lang) for lang in langs],
    }


def verify(cfg: Config, kinds: Iterable[str] = KINDS) -> list[Row]:
    """Run the validators of `kinds` over the build's outputs; one row per output and validator."""
    from booklet.verify.archive import check_pdfa, check_ua
    from booklet.verify.epub import check_epub

    kinds = set(kinds)
    made = outputs(cfg)
    jobs: list[tuple] = []
    if "pdf" in kinds:
        jobs += _pdf_jobs(made["pdf"], {"pdfa": check_pdfa, "ua": check_ua})
    if "print" in kinds:
        jobs += _pdf_jobs(made["print"], {"preflight": _preflight})
        jobs += _pdf_jobs(made["imposed"], {})
    if "epub" in kinds:
        jobs += [(path, "epubcheck", check_epub) for path in made["epub"]]

    def run(job: tuple) -> Row:
        path, name, check = job
        if not path.is_file():
            return _missing(path, name)
        try:
            return Row(path, name, check(path))
        except Exception as exc:  # a validator that cannot run is a failure with its reason, not a traceback
            return Row(path, name, [Finding(str(path), 0, name, f"could not run: {exc}")])

    # The validators are separate processes (qpdf, gs, java) or brief: threads keep every core busy.
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        rows = list(pool.map(run, jobs))
        if "site" in kinds:
            rows += _site_rows(cfg)
    return rows


def _site_rows(cfg: Config) -> list[Row]:
    from booklet.verify.site import check_accessibility, check_html, site_pages

    html_dir = cfg.build_dir / "html"
    pages = site_pages(html_dir) if html_dir.is_dir() else []
    if not pages:
        return [_missing(html_dir / "index.html", "vnu"), _missing(html_dir / "index.html", "axe")]
    html = check_html(pages)
    axe = check_accessibility(html_dir, pages)
    rows = []
    for page in pages:
        rows.append(Row(page, "vnu", html[page]))
        rows.append(Row(page, "axe", axe[page], "WCAG 2.2 A, AA"))
    return rows


def table(rows: list[Row], root: Path) -> str:
    """One line per output and validator, aligned; the findings of failed rows follow."""

    def name(path: Path) -> str:
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    lines = [(name(row.output), row.validator, row.result) for row in rows]
    widths = [max(len(line[i]) for line in [("output", "validator", "result"), *lines]) for i in range(2)]
    out = [f"{'output':<{widths[0]}}  {'validator':<{widths[1]}}  result"]
    out.append(f"{'-' * widths[0]}  {'-' * widths[1]}  ------")
    out += [f"{o:<{widths[0]}}  {v:<{widths[1]}}  {r}" for o, v, r in lines]
    failed = [finding for row in rows for finding in row.findings]
    if failed:
        out.append("")
        out += [str(finding) for finding in failed]
    passed = sum(row.ok for row in rows)
    out.append("")
    out.append(f"verify: {passed} of {len(rows)} checks passed")
    return "\n".join(out)
