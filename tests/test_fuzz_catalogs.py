"""Fuzz the catalog reader and the checker: random and mutated catalogs never crash or hang."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booklet.catalogs.reader import PoSyntaxError, read_catalog
from booklet.checks import run as checks
from booklet.checks.findings import CHECKS
from catalog_helpers import po_text

SEED = po_text(
    "ru",
    [
        (
            "On January 20, 1990, **147** civilians were killed in [Baku](https://example.org).",
            "20 января 1990 года в [Баку](https://example.org) были убиты **147** мирных жителей.",
        ),
        ("The Alley of Martyrs `x` {term}`a <b>`.", "Аллея шехидов `x` {term}`а <b>`."),
    ],
).encode()
FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "locales/ru/LC_MESSAGES/index.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:  # either a catalog or a reason with a line
        read_catalog(path, "x.po")
    except PoSyntaxError as exc:
        assert exc.line >= 1 and exc.message
    found = checks.check_file(path, "x.po", [])
    for finding in found:
        assert finding.check in CHECKS and finding.severity in ("error", "warning") and finding.line >= 1
        assert "could not check" not in finding.message  # no check crashed on this input


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(tmp_path, data):
    _check(tmp_path, data)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SEED)), st.integers(0, 40), st.binary(max_size=12)), max_size=6))
def test_mutated_catalogs(tmp_path, edits):
    data = SEED
    for position, length, replacement in edits:
        data = data[:position] + replacement + data[position + length :]
    _check(tmp_path, data)


@FUZZ
@given(msgstr=st.text(max_size=300))
def test_random_translations(tmp_path, msgstr):
    text = po_text("ru", [("On January 20, 1990, **147** civilians [Baku](https://example.org).", msgstr)])
    _check(tmp_path, text.encode())


MARKUP = st.text(alphabet='ab Я ə*_`[](){}<>!#:=\n\\"«»“”1-.', min_size=1, max_size=120)


@FUZZ
@given(msgid=MARKUP, msgstr=MARKUP)
def test_random_markup_pairs(tmp_path, msgid, msgstr):
    _check(tmp_path, po_text("ru", [(msgid, msgstr)]).encode())
