"""Each language's print conventions: U+00A0 rules and quotation marks (booklet.languages.typography)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from booklet.languages.typography import NBSP, TypographyError, quote_table, rules_for
from helpers import ROOT

REFERENCE_FILE = ROOT / "tests" / "data" / "nbsp-reference.json"
REFERENCE = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))["samples"]


@pytest.mark.parametrize("lang", sorted(REFERENCE))
def test_rules_reproduce_the_translators_placement(lang):
    rules = rules_for(lang)
    assert rules is not None
    assert sum(sample.count(NBSP) for sample in REFERENCE[lang]) > 10
    for sample in REFERENCE[lang]:
        assert rules.apply(sample.replace(NBSP, " ")) == sample
        assert rules.apply(sample) == sample  # idempotent


@pytest.mark.parametrize(
    ("lang", "plain", "expected"),
    [
        ("ru", "в ночь с 19 на 20 января", "в\u00a0ночь с\u00a019 на 20\u00a0января"),
        ("ru", "Азербайджан — самое", "Азербайджан\u00a0— самое"),
        ("ru", "в результате 44-дневной войны", "в\u00a0результате 44-дневной войны"),
        ("az", "1990-cı il yanvarın 20-də Azərbaycan", "1990-cı\u00a0il yanvarın\u00a020-də Azərbaycan"),
        ("az", "19-dan 20-nə keçən gecə", "19-dan 20-nə keçən gecə"),
        ("az", "147 nəfər və 744 nəfər", "147\u00a0nəfər və 744\u00a0nəfər"),
    ],
)
def test_rules_examples(lang, plain, expected):
    assert rules_for(lang).apply(plain) == expected


def test_a_language_without_rules_is_left_alone():
    assert rules_for("de") is None
    assert rules_for(None) is None


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("On January 20, 1990, the", "On January\u00a020, 1990, the"),
        ("His Excellency Mr. Ilham Aliyev", "His Excellency Mr.\u00a0Ilham Aliyev"),
        ("147 civilians were killed", "147\u00a0civilians were killed"),
        ("began in 1990 reached its", "began in 1990 reached its"),  # a year binds to nothing after it
    ],
)
def test_english_gets_the_same_no_break_care(plain, expected):
    assert rules_for("en").apply(plain) == expected


def test_base_language_rules_apply_to_a_regional_code():
    assert rules_for("ru_RU") is rules_for("ru") or rules_for("ru_RU").lang == "ru"


def test_quote_table_has_four_marks_per_language():
    table = quote_table()
    assert table["ru"] == "«»„“"
    assert table["az"][:2] == "«»"
    assert all(len(q) == 4 for q in table.values())


def test_bad_table_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "typography.toml"
    bad.write_text('[xx]\nquotes = "«»"\n', encoding="utf-8")
    with pytest.raises(TypographyError, match=r"typography.toml: \[xx\] quotes"):
        rules_for("xx", bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("[xx\n", encoding="utf-8")
    with pytest.raises(TypographyError, match=r"broken\.toml"):
        rules_for("xx", broken)


def test_sphinx_educates_az_quotes(tmp_path: Path):
    """docutils has no az smart quotes; the extension adds them, so Sphinx applies them for az."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "booklet.sphinxext"]\n',
        encoding="utf-8",
    )
    (src / "index.md").write_text("# Başlıq\n\nO dedi: \"Vətən 'əbədi' yaşayacaq\".\n", encoding="utf-8")
    args = ["-q", "-W", "-b", "html", "-D", "language=az", str(src), str(tmp_path / "out")]
    code = f"import sys; from sphinx.cmd.build import main; sys.exit(main({args!r}))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "«Vətən “əbədi” yaşayacaq»" in html
