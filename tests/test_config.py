from __future__ import annotations

import pytest

from booklet.config import ConfigError, load
from helpers import ROOT


def test_project_config():
    cfg = load(ROOT)
    assert cfg.languages == ("en", "az", "ru")
    assert cfg.source_language == "en"
    assert cfg.translations == ("az", "ru")
    assert cfg.pdf_path("az").name == "january-20-az.pdf"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ('name = "x"\nsource-language = "en"\nlanguages = []', "non-empty"),
        ('name = "x"\nsource-language = "de"\nlanguages = ["en"]', "not in languages"),
        ('name = "../x"\nsource-language = "en"\nlanguages = ["en"]', "plain file name"),
        ('name = "x"\nsource-language = "en"\nlanguages = ["en", "EN!"]', "not a language code"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path, section, message):
    (tmp_path / "pyproject.toml").write_text("[tool.booklet]\n" + section + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load(tmp_path)
