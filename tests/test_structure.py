"""The positive model (checks/structure.py): the parser is the build's, the trees compare as the build sees
them, and nothing in it recurses on a translator's nesting."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from booklet.checks.structure import compare_parses, parse, parser_config
from helpers import ROOT


def test_the_parser_is_configured_as_sphinx_configures_myst_for_the_project(tmp_path):
    with patch_docutils(ROOT / "docs"), docutils_namespace():
        app = Sphinx(
            srcdir=ROOT / "docs",
            confdir=ROOT / "docs",
            outdir=tmp_path / "out",
            doctreedir=tmp_path / "doctrees",
            buildername="html",
            status=None,
            warning=None,
        )
        sphinx_config = app.env.myst_config
    assert parser_config(ROOT / "docs") == sphinx_config


def test_the_parser_follows_docs_conf_py(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        'myst_enable_extensions = ["strikethrough", "dollarmath"]\n', encoding="utf-8"
    )
    assert parser_config(docs).enable_extensions == {"strikethrough", "dollarmath"}
    # With dollarmath on, `$x$` is math: an element, so a translation may not add it.
    assert parse("a $x$ b", docs).elements["math"] == 1
    assert parse("a $x$ b", ROOT / "docs").elements["math"] == 0  # the project has no extension on


def test_siblings_may_change_order_nesting_may_not():
    assert compare_parses("**a** and *b*", "*б* и **а**")[2]
    assert compare_parses("**a *b***", "**а *б***")[2]
    _, _, same = compare_parses("**a** *b*", "**а *б***")
    assert not same


def test_text_and_escapes_are_text():
    src, dst, same = compare_parses("A plain sentence.", r"Простое \*предложение\* &lt;b&gt; с {{ и }} .")
    assert dst.elements == src.elements and same


def test_the_msgstr_is_parsed_as_sphinx_parses_it():
    # sphinx.transforms.i18n drops a trailing no-QA marker before it parses a translation.
    assert compare_parses("Text.", "Текст. #" + "noqa")[2]


def test_targets_code_and_raw_html_are_part_of_the_element():
    src = parse("[a](https://example.org) `code` {download}`file <a.txt>`")
    assert src.elements["link to “https://example.org”"] == 1
    assert src.elements["code span “code”"] == 1
    assert src.elements["role {download}`… <a.txt>`"] == 1
    assert parse("<span>x</span>").elements["raw HTML “<span>”"] == 1


def test_deep_nesting_is_walked_without_recursion():
    deep = "*а " * 5000 + "б" + " а*" * 5000
    parsed = parse(deep)
    assert parsed.depth >= 5000  # markdown-it nests emphasis without limit; docutils would recurse on it


def test_work_grows_linearly_with_the_nesting():
    # The interning table holds one entry per distinct subtree: a chain of n nested elements gives n + a few.
    for n in (100, 1000, 4000):
        table: dict[tuple[str, tuple[int, ...]], int] = {}
        parse("*а " * n + "б" + " а*" * n, None, table)
        assert n <= len(table) <= n + 5


def test_unknown_docs_fall_back_to_myst_defaults(tmp_path):
    assert parser_config(tmp_path / "nowhere") == parser_config(None)
    assert isinstance(parser_config(Path(tmp_path)), type(parser_config(None)))
