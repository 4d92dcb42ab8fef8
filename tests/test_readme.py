"""Every command the README shows works as written after `make`: its make targets exist, and each
`.venv/bin/booklet` subcommand it names runs (its --help, so nothing is built or changed here)."""

from __future__ import annotations

import re
import subprocess

from conftest import BIN
from helpers import ROOT


def shown_commands() -> list[str]:
    """The lines of the README's command blocks (indented four spaces), comments removed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line[4:].split("  #")[0].strip() for line in text.splitlines() if line.startswith("    ")]
    return [line for line in lines if re.match(r"(make|\.venv/bin/booklet|booklet)\b", line)]


def make_targets() -> set[str]:
    out = subprocess.run(["make", "-C", str(ROOT), "help"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"^\s+make (\S+)", out, re.M))


def test_every_shown_command_exists():
    commands = shown_commands()
    assert {"make", "make test"} <= set(commands)
    targets = make_targets()
    for command in commands:
        words = command.split()
        assert words[0] != "booklet", (
            f"{command!r}: `booklet` is .venv/bin/booklet until the venv is activated"
        )
        if words[0] == "make":
            for word in words[1:]:
                assert "=" in word or word in targets, f"{command!r}: no make target {word!r}"
        else:
            run = subprocess.run([str(BIN / "booklet"), words[1], "--help"], capture_output=True, text=True)
            assert run.returncode == 0, f"{command!r}: {run.stderr}"
