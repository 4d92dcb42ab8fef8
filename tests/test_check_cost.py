"""`booklet check` on the reader's pathological shapes (tests/test_reader.py): the calls of every check
(Python and C, counted by a profile hook) and the traced memory peak grow at most about linearly, N vs 4N."""

from __future__ import annotations

import sys
import tracemalloc

import pytest

from booklet.checks.run import check_file
from test_reader import SHAPES


def cost(tmp_path, text: str) -> tuple[int, int]:
    path = tmp_path / "locales/ru/LC_MESSAGES/index.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    check_file(path, "x.po", [])  # warm: imports and parser set-up are not the input's cost
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    tracemalloc.start()
    sys.setprofile(count)
    try:
        check_file(path, "x.po", [])
    finally:
        sys.setprofile(None)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return calls, peak


@pytest.mark.parametrize("shape", SHAPES)
def test_check_cost_is_linear(tmp_path, shape):
    small, large = SHAPES[shape](200), SHAPES[shape](800)
    (calls_small, memory_small) = cost(tmp_path / "s", small)
    (calls_large, memory_large) = cost(tmp_path / "l", large)
    ratio = len(large) / len(small)
    assert calls_large <= ratio * 1.2 * calls_small + 2_000, (calls_small, calls_large)
    assert memory_large <= ratio * 1.5 * memory_small + 262_144, (memory_small, memory_large)
