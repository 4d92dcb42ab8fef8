"""Two clean builds of one commit give byte-identical HTML and PDFs, without any environment variable.

Only `.work/` (doctrees with pickled, absolute-path environments, stamps) and `.lock` are intermediate and
ignored; everything published is compared byte for byte."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import BIN

IGNORED = (".work", ".lock")


def published(build_dir: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(build_dir)): p.read_bytes()
        for p in sorted(build_dir.rglob("*"))
        if p.is_file() and p.relative_to(build_dir).parts[0] not in IGNORED
    }


def test_two_clean_builds_are_byte_identical(built, tmp_path):
    cfg, _run = built
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    run = subprocess.run(
        [str(BIN / "booklet"), "build", "--build-dir", str(tmp_path / "second")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    first, second = published(cfg.build_dir), published(tmp_path / "second")
    assert first.keys() == second.keys()
    assert any(name.endswith(".pdf") for name in first)
    assert [name for name in first if first[name] != second[name]] == []
