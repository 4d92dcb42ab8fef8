"""The command line, through click's runner (in process, no build): arguments, usage errors, exit codes."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.engine.jobs import stop_signals
from helpers import descendants
from project import copy_project


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


def test_a_build_folder_that_is_a_file_is_an_error_naming_it(runner: CliRunner, tmp_path: Path):
    root = copy_project(tmp_path / "copy")
    (root / "_build").write_text("not a folder\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "--html"], env={"BOOKLET_ROOT": str(root)})
    assert result.exit_code == 1, result.output
    assert f"Error: {root / '_build'}" in result.output
    assert isinstance(result.exception, SystemExit)  # no exception of the system's reached the user


def test_a_planted_lock_is_refused_with_an_error_naming_it(runner: CliRunner, tmp_path: Path):
    root = copy_project(tmp_path / "copy")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (root / "_build").mkdir()
    (root / "_build" / ".lock").symlink_to(victim)
    result = runner.invoke(main, ["build", "--html"], env={"BOOKLET_ROOT": str(root)})
    assert result.exit_code == 1, result.output
    assert f"Error: {root / '_build' / '.lock'}: cannot be used as the build lock" in result.output
    assert isinstance(result.exception, SystemExit)
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_preview_on_a_port_in_use_says_so_and_starts_nothing(runner: CliRunner):
    handlers = {stop: signal.getsignal(stop) for stop in stop_signals()}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["preview", "ru", "--port", str(port)])
    assert result.exit_code == 1, result.output
    assert f"Error: 127.0.0.1:{port}: Address already in use" in result.output
    assert "make preview LANG=ru PORT=" in result.output
    assert isinstance(result.exception, SystemExit)
    assert {stop: signal.getsignal(stop) for stop in stop_signals()} == handlers
    assert descendants(os.getpid()) == set()  # no fork server, no renderer started
