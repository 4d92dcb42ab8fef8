"""The reader's cost is linear in its input: for inputs of one shape at size N and 4N, the number of
function calls (Python and C, counted by a profile hook) and the peak of traced memory grow at most about
fourfold. Counts, not times: the shapes are those that used to take seconds to minutes."""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable

import pytest

from booklet.catalogs.reader import PoSyntaxError, parse
from booklet.catalogs.validate import problems

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)

SHAPES: dict[str, Callable[[int], str]] = {
    "runs of \\n escapes": lambda n: HEADER + 'msgid "a\\n"\nmsgstr "' + "\\n" * n + '"\n',
    "octal escapes": lambda n: HEADER + 'msgid "a"\nmsgstr "' + "\\303\\251" * n + '"\n',
    "many entries": lambda n: (
        HEADER
        + "".join(
            f'#: index.md:{i}\n#, python-format\nmsgid "m %(a)s {i}"\nmsgstr "t %(a)s {i}"\n\n'
            for i in range(n)
        )
    ),
    "entries on one line": lambda n: HEADER + " ".join(f'msgid "{i}" msgstr "x"' for i in range(n)) + "\n",
    "plural entries": lambda n: (
        HEADER
        + "".join(
            f'msgid "{i}"\nmsgid_plural "{i}s"\nmsgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n\n'
            for i in range(n)
        )
    ),
    "continuation lines": lambda n: HEADER + 'msgid "a"\nmsgstr ""\n' + '"x"\n' * n,
    "comment lines": lambda n: HEADER + "# a translator's comment\n" * n + 'msgid "a"\nmsgstr "b"\n',
    "blank lines": lambda n: HEADER + "\n" * n + 'msgid "a"\nmsgstr "b"\n',
    "obsolete entries": lambda n: HEADER + "".join(f'#~ msgid "{i}"\n#~ msgstr "x"\n' for i in range(n)),
    "one long word": lambda n: HEADER + 'msgid "a"\nmsgstr "' + "ы" * (4 * n) + '"\n',
    "unterminated long string": lambda n: HEADER + 'msgid "a"\nmsgstr "' + "x" * (4 * n),
    "many brackets": lambda n: HEADER + 'msgid "a"\nmsgid_plural "b"\nmsgstr' + "[" * n,
    "bad escape at the end": lambda n: HEADER + 'msgid "a"\nmsgstr "' + "\\n" * n + '\\q"\n',
}


def cost(text: str) -> tuple[int, int]:
    """(function calls, peak traced bytes) of reading and validating `text`."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    tracemalloc.start()
    sys.setprofile(count)
    try:
        problems(parse(text))
    except PoSyntaxError:
        pass
    finally:
        sys.setprofile(None)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return calls, peak


@pytest.mark.parametrize("shape", SHAPES)
def test_cost_is_linear(shape):
    make = SHAPES[shape]
    small, large = make(1_000), make(4_000)
    (calls_small, memory_small), (calls_large, memory_large) = cost(small), cost(large)
    size_ratio = len(large) / len(small)
    assert calls_large <= size_ratio * 1.15 * calls_small + 200, (calls_small, calls_large)
    assert memory_large <= size_ratio * 1.3 * memory_small + 65_536, (memory_small, memory_large)


def test_the_pathological_catalogs_of_the_issue_are_read():
    """A 60 kB catalog of \\n runs, 1 MB of octal escapes, a 4 MB catalog: read, with the right values."""
    catalog = parse(SHAPES["runs of \\n escapes"](30_000))
    assert catalog.entries[0].msgstr == "\n" * 30_000
    assert parse(SHAPES["octal escapes"](125_000)).entries[0].msgstr == "é" * 125_000
    big = SHAPES["many entries"](50_000)
    assert len(big) > 3_000_000 and len(parse(big).entries) == 50_000
