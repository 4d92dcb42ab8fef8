from __future__ import annotations

import subprocess

import pytest

from booklet.config import load
from helpers import ROOT

CFG = load(ROOT)
PO_FILES = sorted(CFG.locales_dir.glob("*/LC_MESSAGES/*.po"))


def test_every_translation_has_catalogs():
    for lang in CFG.translations:
        assert (CFG.locales_dir / lang / "LC_MESSAGES" / "index.po").is_file()


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_passes_msgfmt_check(po, tmp_path):
    proc = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(po)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
