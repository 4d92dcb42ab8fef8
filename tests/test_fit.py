"""The `fit` check (checks/fit.py): a translated title that no longer fits the cover or the title page, on a
copy of the real project (its fonts, its source), through `booklet check` and the build's preflight."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.checks.preflight import preflight
from booklet.config import load
from catalog_helpers import set_first_msgstr
from conftest import run_booklet
from project import copy_project

TITLE_PO = "locales/ru/LC_MESSAGES/index.po"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fit") / "project")


def check(root: Path) -> list[str]:
    run = run_booklet("check", TITLE_PO, cwd=root, env={"BOOKLET_ROOT": str(root)})
    assert "Traceback" not in run.stderr
    return [line for line in run.stdout.splitlines() if ": fit: " in line]


def test_the_real_titles_fit(project: Path):
    assert check(project) == []
    for lang in ("az", "ru"):
        assert not [p for p in preflight(load(project), lang).problems if ": fit: " in p]


@pytest.mark.parametrize(
    "title, expect",
    [
        # one word (the text of the title without its spaces) wider than the 112 mm measure at 18 pt
        (
            "20\u00a0Января\u00a0— воплощениеобщенациональнойскорбииволинарода",
            "is wider than the cover's 112 mm measure at 18 pt",
        ),
        # words enough for ten lines, where the cover holds eight
        (
            "20\u00a0Января\u00a0— воплощение общенациональной скорби, а\u00a0также несокрушимой воли "
            "азербайджанского народа, " * 3 + "его памяти",
            "the title takes",
        ),
    ],
    ids=["word", "lines"],
)
def test_a_title_that_does_not_fit_is_an_error_at_its_line(project: Path, title: str, expect: str):
    po = project / TITLE_PO
    kept = po.read_bytes()
    try:
        line = set_first_msgstr(po, title)
        found = check(project)
        problems = [p for p in preflight(load(project), "ru").problems if ": fit: " in p]
    finally:
        po.write_bytes(kept)
    assert found and all(f.startswith(f"{TITLE_PO}:{line}: error: fit: ") for f in found), found
    assert any(expect in f for f in found), found
    assert problems == found  # the build stops the language on it, as on any error
