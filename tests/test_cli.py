"""The command line, through click's runner (in process, no build): arguments, usage errors, exit codes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from booklet.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_config_prints_the_languages_for_the_makefile(runner: CliRunner):
    result = runner.invoke(main, ["config", "languages"])
    assert result.exit_code == 0
    assert result.output.split() == ["en", "az", "ru"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--lang", "xx"], "unknown language(s): xx; configured: en, az, ru"),
        (["build", "--no-html", "--no-pdf", "--no-epub", "--no-print"], "nothing to build"),
        (["preview"], "give a language: make preview LANG=<one of en, az, ru>"),
        (["preview", "xx"], "give a language"),
    ],
)
def test_usage_errors_say_what_to_do_and_exit_2(runner: CliRunner, args: list[str], message: str):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_every_command_has_help(runner: CliRunner):
    commands = sorted(main.commands)  # type: ignore[attr-defined]
    assert {"build", "check", "preview", "status", "update-po", "credit", "add-language"} <= set(commands)
    for name in commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, name
