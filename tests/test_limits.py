"""The `limits` check (checks/limits.py): input that made the checker or the build quadratic or recursive is
refused up front, at its line, and the checks stay linear. Work is counted (Python trace events), never timed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from booklet.catalogs.reader import Entry
from booklet.checks import glossary, structure
from booklet.checks import run as checks
from booklet.checks.findings import Context
from booklet.checks.limits import MAX_RUN, absolute_problem, relative_problem
from booklet.config import load
from booklet.languages import data as langdata
from catalog_helpers import esc, set_first_msgstr
from helpers import ROOT
from project import build, copy_project

CTX = Context(
    "locales/ru/LC_MESSAGES/index.po",
    "ru",
    langdata.get("ru"),
    langdata.get("en"),
    glossary.load(ROOT / "locales" / "glossary.csv"),
)
SRC = "As a result of this military intervention, 147 civilians were killed and 744 were seriously injured."
RU = "В результате этой военной интервенции 147 мирных жителей были убиты и 744 получили тяжёлые ранения."

# Each took seconds in the checks or the build, or raised RecursionError, before the limits (measured on
# this project: 16 kB of `[^` 17 s in markdown-it, 62 s in a build; 1 kB of dots 11 s in the sentence
# check; emphasis nested 300 deep: RecursionError in the build).
PATHOLOGICAL = {
    "footnote openers": "[^" * 8000,
    "dots": "." * 1000,
    "one long word": "ж" * 20000,
    "backticks": "`" * 5000,
    "stars": "*" * 5000,
    "brackets": "[" * 8000,
    "link openers": "](" * 8000,
}


def work(fn: Callable[[], object]) -> int:
    """Python trace events (calls, lines, returns) while `fn` runs: a measure of work that does not depend
    on the machine or its load."""
    count = 0

    def tracer(frame: object, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_translations_are_refused_before_any_parser_reads_them(name, monkeypatch):
    def no_parser(*args: object) -> object:
        raise AssertionError("a refused text reached the parser")

    monkeypatch.setattr(structure, "parser", no_parser)
    text = RU + " " + PATHOLOGICAL[name]
    found = checks.check_entry(CTX, Entry(SRC, text, 10, 11))
    assert [(f.line, f.check, f.severity) for f in found] == [(11, "limits", "error")], found
    assert "pathological" in found[0].message


def test_a_pathological_source_message_is_refused_at_its_own_line(monkeypatch):
    monkeypatch.setattr(structure, "parser", lambda *a: pytest.fail("reached the parser"))
    junk = "[^" * 8000  # a catalog can hold entries the source never had
    found = checks.check_entry(CTX, Entry(junk, junk, 10, 11))
    assert [(f.line, f.check) for f in found] == [(10, "limits")]


def test_limits_come_from_the_source_message():
    assert relative_problem(SRC, RU) is None
    assert relative_problem("A name: Heydar Aliyev.", "Имя: Гейдар Алиев.") is None
    assert relative_problem("Wait...", "Подождите...") is None
    assert "run of 4" in (relative_problem("Wait...", "Подождите....") or "")
    long_source = "see https://example.org/" + "a" * 300 + " now"
    assert relative_problem(long_source, long_source.replace("see", "см.")) is None  # its long word is kept
    assert "word of" in (relative_problem(SRC, RU + " " + "ж" * 400) or "")
    assert "characters" in (relative_problem(SRC, RU * 6) or "")
    assert absolute_problem("." * MAX_RUN) is None and absolute_problem("." * (MAX_RUN + 1))


def _entry_work(unit: str, n: int, same_source: bool) -> int:
    text = RU + " " + unit * n
    entry = Entry(text if same_source else SRC, text, 10, 11)
    return work(lambda: checks.check_entry(CTX, entry))


@pytest.mark.parametrize("unit", ["[^", ".", "`", "*а ", "](", "ж", "а. "])
@pytest.mark.parametrize("same_source", [False, True])
def test_the_checks_work_linearly_in_the_input(unit, same_source):
    """Four times the input costs about four times the work, never sixteen: for translations of a real
    message, and for entries whose msgid is as long as the translation (held to the absolute limits)."""
    small, large = _entry_work(unit, 150, same_source), _entry_work(unit, 600, same_source)
    assert large <= 5 * small + 2000, (small, large)


def test_the_measure_sees_quadratic_work():
    """The same measure on markdown-it alone: footnote openers cost it quadratic work (the limit's reason),
    so the linearity test above can fail."""
    md = structure.parser()
    small = work(lambda: md.parse("[^" * 100, {}))
    large = work(lambda: md.parse("[^" * 800, {}))
    assert large > 20 * small  # eight times the input: linear work would be about 8 times


def test_deep_nesting_is_refused_after_a_linear_parse():
    deep = "*а " * 400 + "б" + " а*" * 400
    found = checks.check_entry(CTX, Entry(SRC + " " + "x " * 1000, deep, 10, 11))
    assert (11, "limits") in {(f.line, f.check) for f in found}
    assert "markup" not in {f.check for f in found}  # refused, not compared
    small = work(lambda: structure.parse("*а " * 100 + "б" + " а*" * 100))
    large = work(lambda: structure.parse("*а " * 400 + "б" + " а*" * 400))
    assert large <= 5 * small


@pytest.mark.parametrize(
    "payload, before",
    [
        ("**а " * 300 + "б" + " а**" * 300, "RecursionError in the build"),
        ("[^" * 8000, "a minute in the build"),
    ],
)
def test_the_build_refuses_pathological_input_at_its_line(tmp_path, payload, before):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    po = cfg.locales_dir / "ru/LC_MESSAGES/index.po"
    line = set_first_msgstr(po, esc(payload))
    run = build(root, "--lang", "ru", "--no-print")
    assert run.returncode == 1, before
    assert f"locales/ru/LC_MESSAGES/index.po:{line}: error: limits: " in run.stderr
    assert "RecursionError" not in run.stdout + run.stderr and "Traceback" not in run.stderr
    assert not cfg.html_dir("ru").exists() and not cfg.pdf_path("ru").exists()
