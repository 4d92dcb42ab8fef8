"""`spelling` (checks/spelling.py): Hunspell with Debian's dictionaries (make setup installs them); markup,
glossary names, the project's word list and names kept from the source are not misspelt; az, for which no
dictionary exists, is skipped with one note."""

from __future__ import annotations

from pathlib import Path

from booklet.catalogs.reader import read_catalog
from booklet.checks import glossary
from booklet.checks.spelling import check_spelling, dictionary
from catalog_helpers import write_po
from conftest import run_booklet

SRC = "As a result of this military intervention, 147 civilians were killed in Sumgayit by Heydar Aliyev."
RU = "В результате этой военной интервенции в Сумгайыте 147 мирных жителей были убиты, сказал Гейдар Алиев."
GLOSSARY = "id,en,az,ru,forbidden,note\nsumgayit,Sumgayit,Sumqayıt,Сумгайыт,,\n"


def findings(tmp_path: Path, text: str, words: str = "") -> list[str]:
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    path = write_po(tmp_path, "ru", [(SRC, text)])
    (tmp_path / "locales" / "ru" / "words.txt").write_text(words, encoding="utf-8")
    from booklet.checks.spelling import word_list

    word_list.cache_clear()
    found = check_spelling(
        "x.po", read_catalog(path), "ru", glossary.load(tmp_path / "glossary.csv"), tmp_path / "locales"
    )
    assert all(f.severity == "warning" and f.line == 15 for f in found)
    return [f.message for f in found]


def test_the_dictionaries_set_up_installs_are_there():
    assert dictionary("ru") == "ru_RU" and dictionary("en") == "en_US" and dictionary("az") is None


def test_a_correct_translation_with_names_passes(tmp_path):
    assert findings(tmp_path, RU, words="Гейдар\nАлиев\n") == []


def test_a_misspelt_word_is_a_warning(tmp_path):
    messages = findings(tmp_path, RU.replace("мирных", "мирнных"), words="Гейдар\nАлиев\n")
    assert len(messages) == 1 and "“мирнных”" in messages[0]


def test_names_need_the_glossary_or_the_word_list_in_any_inflection(tmp_path):
    assert any("Гейдар" in m for m in findings(tmp_path, RU))
    assert findings(tmp_path, RU.replace("Гейдар Алиев", "Гейдара Алиева"), words="Гейдар\nАлиев\n") == []


def test_markup_substitutions_and_placeholders_are_not_words(tmp_path):
    text = (
        RU
        + " `ошибкка` {term}`x <ашибка>` {{ colophon_version }} ${resultCount} <https://example.org/ашибка>"
    )
    assert findings(tmp_path, text, words="Гейдар\nАлиев\n") == []


def test_az_is_skipped_with_one_note(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.booklet]\nname = "t"\nsource-language = "en"\nlanguages = ["en", "az"]\n', encoding="utf-8"
    )
    write_po(tmp_path, "az", [(SRC, "Bu hərbi müdaxilə nəticəsində 147 dinc sakin öldürülmüşdür.")])
    write_po(
        tmp_path, "az", [(SRC, "Bu hərbi müdaxilə nəticəsində 147 dinc sakin öldürülmüşdür.")], name="b.po"
    )
    run = run_booklet("check", cwd=tmp_path)
    notes = [line for line in run.stderr.splitlines() if line.startswith("note: spelling:")]
    assert notes == ["note: spelling: az skipped: no spelling dictionary exists for it"]
