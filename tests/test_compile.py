"""One reader (catalogs/compile.py): Sphinx reads only the catalogs the build compiled from the checked parse.
A `.mo` planted in locales/, in the language's own folder or in a more specific one that gettext would look
up first (`ru_RU` before `ru`), reaches no edition."""

from __future__ import annotations

import subprocess

from booklet.config import load
from catalog_helpers import esc, set_first_msgstr
from helpers import html_text
from project import build, copy_project

PLANTED = "ПОДМЕНА-из-mo"


def test_a_planted_mo_file_is_never_read(tmp_path):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    po = cfg.locales_dir / "ru/LC_MESSAGES/index.po"
    checked = po.read_text(encoding="utf-8")
    forged = tmp_path / "forged.po"
    forged.write_text(checked, encoding="utf-8")
    set_first_msgstr(forged, esc(PLANTED))
    for folder in ("ru", "ru_RU", "ru_RU.UTF-8"):
        target = cfg.locales_dir / folder / "LC_MESSAGES" / "index.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["msgfmt", "-o", str(target), str(forged)], check=True)
    run = build(root, "--lang", "ru", "--no-pdf", "--no-epub", "--no-print")
    assert run.returncode == 0, run.stderr
    text = html_text(cfg.html_dir("ru") / "index.html")
    assert PLANTED not in text
    assert "20 Января" in text  # the checked catalog's title
