"""`consistency` (checks/consistency.py), across one language's catalogs: a catalog set that triggers it and
one that does not."""

from __future__ import annotations

from booklet.checks import run as checks
from catalog_helpers import write_po

SRC = "As a result of this military intervention, 147 civilians were killed."
RU = "В результате этой военной интервенции были убиты 147 мирных жителей."
OTHER = "Hundreds of Azerbaijanis were killed."


def _run(tmp_path, **catalogs):
    for name, pairs in catalogs.items():
        write_po(tmp_path, "ru", pairs, name=f"{name}.po")
    return [f for f in checks.run([tmp_path / "locales"], tmp_path, None) if f.check == "consistency"]


def test_one_message_one_translation_passes(tmp_path):
    assert (
        _run(tmp_path, index=[(SRC, RU), (OTHER, "Были убиты сотни азербайджанцев.")], colophon=[(SRC, RU)])
        == []
    )


def test_one_message_translated_two_ways_across_catalogs(tmp_path):
    found = _run(tmp_path, colophon=[(SRC, RU)], index=[(SRC, RU.replace("были убиты", "погибли"))])
    assert [(f.path, f.line, f.severity) for f in found] == [
        ("locales/ru/LC_MESSAGES/index.po", 15, "warning")
    ]
    assert "locales/ru/LC_MESSAGES/colophon.po:15" in found[0].message


def test_two_messages_given_one_translation(tmp_path):
    found = _run(tmp_path, index=[(SRC, RU), (OTHER, RU)])
    assert [(f.line, f.severity) for f in found] == [(19, "warning")]
    assert "another source message" in found[0].message


def test_interface_synonyms_and_case_variants_may_share_a_translation(tmp_path):
    assert _run(tmp_path, sphinx=[("Contents", "Содержание"), ("Table of Contents", "Содержание")]) == []
    assert _run(tmp_path, index=[("Search", "Поиск"), ("search", "Поиск")]) == []
