"""The reader agrees with `msgfmt --check` on catalogs written by others (tests/data/catalogs/README.md):
gettext's, polib's, Babel's and translate-toolkit's test catalogs, two large real catalogs of a translation
project, Sphinx's installed catalogs, and the project's crafted grammar cases. Same accept or reject; for a
reject, a line within 2 of one msgfmt names. Offline: msgfmt is Debian's `gettext` (make test installs it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
import sphinx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booklet.catalogs.reader import PoSyntaxError, parse, read_catalog
from booklet.catalogs.validate import problems
from booklet.checks.run import check_file

DATA = Path(__file__).parent / "data" / "catalogs"
SPHINX = sorted((Path(sphinx.__file__).parent / "locale").glob("*/LC_MESSAGES/sphinx.po"))
FILES = sorted(p for p in DATA.rglob("*") if p.suffix in (".po", ".pot")) + SPHINX

# Where the project decides otherwise than msgfmt, on purpose (the README's `syntax` check): each one must
# still be refused, and for this reason.
DELIBERATE = {
    "translate-toolkit/translate--storage--test_po.py--L1462-c3679138.po": "bare carriage return",
}


def name(path: Path) -> str:
    return path.relative_to(DATA).as_posix() if path.is_relative_to(DATA) else f"sphinx/{path.parts[-3]}"


@cache
def msgfmt_verdicts() -> dict[Path, tuple[bool, list[int], str]]:
    assert shutil.which("msgfmt"), "msgfmt (Debian package gettext) is missing: make test installs it"

    def run(path: Path) -> tuple[bool, list[int], str]:
        command = ["msgfmt", "--check", "-o", "/dev/null", str(path)]
        proc = subprocess.run(command, capture_output=True, text=True, errors="replace")
        lines = []
        for line in proc.stderr.splitlines():
            match = re.match(re.escape(str(path)) + r":(\d+):(?:\d+:)? (.*)", line)
            if match and not match.group(2).startswith("warning"):
                lines.append(int(match.group(1)))
        return proc.returncode == 0, lines, proc.stderr

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(FILES, pool.map(run, FILES), strict=True))


def ours(path: Path) -> tuple[bool, int, str]:
    try:
        catalog = read_catalog(path)
    except PoSyntaxError as exc:
        return False, exc.line, exc.message
    found = problems(catalog)
    return (False, found[0].line, found[0].message) if found else (True, 0, "")


def test_the_corpus_is_there():
    counts = {folder.name: len(list(folder.glob("*.po*"))) for folder in DATA.iterdir() if folder.is_dir()}
    assert counts["gettext"] > 300 and counts["translate-toolkit"] > 600 and counts["babel"] > 50
    assert counts["polib"] > 30 and counts["python-docs-fr"] == 2 and counts["crafted"] >= 30
    assert len(SPHINX) > 60  # Sphinx's own catalogs, cak among them
    assert all((folder / "README.md").is_file() for folder in DATA.iterdir() if folder.is_dir())


def test_same_verdict_and_line_as_msgfmt():
    verdicts = msgfmt_verdicts()
    disagree = []
    for path in FILES:
        accepted, lines, stderr = verdicts[path]
        ok, line, message = ours(path)
        if name(path) in DELIBERATE:
            assert accepted and not ok and DELIBERATE[name(path)] in message, (name(path), message)
            continue
        if ok != accepted:
            verdict = "accepts" if accepted else "refuses"
            disagree.append(f"{name(path)}: msgfmt {verdict}, ours {message!r}\n{stderr}")
        elif not ok and lines and min(abs(line - other) for other in lines) > 2:
            disagree.append(f"{name(path)}: msgfmt at {lines}, ours at {line}: {message}")
    assert not disagree, "\n".join(disagree)
    refused = sum(not accepted for accepted, _, _ in verdicts.values())
    assert 100 < refused < len(FILES) - 100  # the corpus has both kinds in number


def test_booklet_check_never_raises_and_reports_syntax_where_the_reader_refuses():
    for path in FILES:
        findings = check_file(path, name(path), [])  # any exception fails the test
        syntax = [f for f in findings if f.check == "syntax" and f.severity == "error"]
        try:
            read_catalog(path)
        except PoSyntaxError as exc:
            assert syntax and syntax[0].line == exc.line, name(path)


def test_the_shortcut_reads_like_the_token_grammar():
    """The one-match path for usual entries gives exactly what the token grammar gives."""
    for path in FILES:
        text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        try:
            fast = parse(text)
        except PoSyntaxError as exc:
            with pytest.raises(PoSyntaxError) as slow:
                parse(text, shortcut=False)
            assert (slow.value.line, slow.value.message) == (exc.line, exc.message), name(path)
            continue
        assert parse(text, shortcut=False) == fast, name(path)


def test_real_catalogs_have_no_false_errors():
    """Sphinx's catalogs (Transifex Plural-Forms, their template's placeholders, code references) and a
    reStructuredText catalog: no header error, no MyST markup error."""
    for path in [*SPHINX, *sorted((DATA / "python-docs-fr").glob("*.po"))]:
        for finding in check_file(path, name(path), []):
            if finding.severity == "error":
                assert finding.check not in ("header", "markup", "injection"), finding


CRAFTED = DATA / "crafted"


@pytest.mark.parametrize("path", sorted(CRAFTED.glob("*.po")), ids=lambda p: p.stem)
def test_crafted_grammar_cases(path):
    accepted, _lines, stderr = msgfmt_verdicts()[path]
    assert accepted == path.stem.startswith("accept-"), stderr  # msgfmt's own verdict, as the name says
    assert ours(path)[0] == accepted, ours(path)


def entry(stem: str):
    return read_catalog(CRAFTED / f"{stem}.po").entries[0]


def test_crafted_values_are_read_as_msgfmt_compiles_them():
    assert entry("accept-octal-bytes").msgstr == "é"  # bytes, decoded as UTF-8
    assert entry("accept-hex-escape").msgstr == "A"
    assert entry("accept-msgstr-tab").msgstr == "b"  # published, not dropped as Babel does
    assert entry("accept-fuzzy-blank-line").fuzzy  # a blank line does not separate a flag from its entry
    assert entry("accept-backslash-newline").msgstr == "cd"
    assert entry("accept-msgstr-00").plurals == {0: "день", 1: "дня", 2: "дней"}
    assert entry("accept-previous-msgid").previous_msgid == "old"
    assert read_catalog(CRAFTED / "accept-header-not-first.po").header["Language"] == "ru"
    assert read_catalog(CRAFTED / "accept-obsolete.po").entries == []


def test_what_msgfmt_reads_is_what_the_build_compiles():
    """`msgstr<TAB>"..."` (Babel drops it) and octal bytes reach the catalog the build gives Sphinx."""
    import gettext
    import io

    from booklet.catalogs.compile import mo_bytes

    for stem, msgid, expected in (("accept-msgstr-tab", "a", "b"), ("accept-octal-bytes", "e", "é")):
        translations = gettext.GNUTranslations(io.BytesIO(mo_bytes(read_catalog(CRAFTED / f"{stem}.po"))))
        assert translations.gettext(msgid) == expected


PIECES = [
    '"',
    "\\",
    "\n",
    " ",
    "\t",
    "#",
    "#~ ",
    "#| ",
    "#, fuzzy\n",
    "msgid ",
    "msgstr ",
    "msgctxt ",
    "msgid_plural ",
    "[",
    "]",
    "0",
    "1",
    "msgstr[1] ",
    "\\n",
    "\\x",
    "\\3",
    "a",
    "\u00a0",
    "%",
    "{",
    "}",
]
SEEDS = sorted(CRAFTED.glob("accept-*.po"))


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(PIECES), st.integers(0, 5)), min_size=1, max_size=3
    ),
)
def test_mutated_catalogs_get_msgfmts_verdict(tmp_path, seed, edits):
    """Differential: a crafted catalog with pieces of PO syntax inserted or text deleted gets msgfmt's
    verdict and line (the decided refusals aside)."""
    text = seed.read_text(encoding="utf-8")
    for where, piece, deleted in edits:
        at = int(where * len(text))
        text = text[:at] + piece + text[at + deleted :]
    path = tmp_path / "mutated.po"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    lines = [int(m) for m in re.findall(re.escape(str(path)) + r":(\d+):(?:\d+:)? (?!warning)", proc.stderr)]
    ok, line, message = ours(path)
    if "\\0 escape" in message or "not UTF-8" in message:
        return  # refused on purpose (README: the decided differences)
    assert ok == (proc.returncode == 0), (text, message, proc.stderr)
    if not ok and lines:
        assert min(abs(line - other) for other in lines) <= 2, (text, line, message, proc.stderr)
