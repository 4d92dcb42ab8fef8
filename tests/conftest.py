"""Fixtures: the real pipeline, run once per test session into a temporary build folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from booklet.config import Config, load

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_booklet(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: int = 600) -> Run:
    proc = subprocess.run(
        [str(BIN / "booklet"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Run]:
    """Every edition of the real project, built once with the CLI into a temporary folder."""
    build_dir = tmp_path_factory.mktemp("build")
    run = run_booklet("build", "--build-dir", str(build_dir))
    assert run.returncode == 0, f"build failed:\n{run.stdout}\n{run.stderr}"
    return load(ROOT, build_dir), run


@pytest.fixture(scope="session")
def cfg(built: tuple[Config, Run]) -> Config:
    return built[0]


@pytest.fixture(scope="session")
def epub_cfg(built: tuple[Config, Run], tmp_path_factory: pytest.TempPathFactory) -> Config:
    """A copy of the session's build with the e-books made (`booklet epub`): kept apart, so the session's
    build holds only what `booklet build` makes (tests/test_reproducible.py compares it with another)."""
    import shutil

    cfg = built[0]
    copy = tmp_path_factory.mktemp("epub-build") / "build"
    shutil.copytree(cfg.build_dir, copy, ignore=shutil.ignore_patterns(".server", ".lock"))
    run = run_booklet("epub", "--build-dir", str(copy))
    assert run.returncode == 0, run.stdout + run.stderr
    return load(ROOT, copy)
