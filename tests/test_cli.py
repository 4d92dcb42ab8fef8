from __future__ import annotations

from conftest import run_booklet


def test_config_languages_for_the_makefile():
    run = run_booklet("config", "languages")
    assert run.returncode == 0
    assert run.stdout.split() == ["en", "az", "ru"]


def test_unknown_language_is_a_usage_error():
    run = run_booklet("build", "--lang", "xx")
    assert run.returncode == 2
    assert "unknown language" in run.stderr
    assert "Traceback" not in run.stderr
