"""The site's validators (verify/site.py) reject pages broken on purpose: the Nu HTML checker an invalid
form, axe (WCAG 2.2 A and AA) a picture without text and text without contrast."""

from __future__ import annotations

from pathlib import Path

import pytest

from booklet.verify.site import check_accessibility, check_html

pytestmark = pytest.mark.browser

GOOD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Good</title></head>
<body><main><h1>Good</h1><p>Readable text.</p></main></body></html>"""
BAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad</title></head>
<body><main><h1>Bad</h1><form action=""><input type="submit" value="go"></form>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
<p style="color: #ccc; background: #fff">Faint text.</p></main></body></html>"""


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path, Path]:
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")
    return tmp_path, good, bad


def test_nu_html_checker_rejects_an_invalid_page(site):
    _, good, bad = site
    found = check_html([good, bad])
    assert found[good] == []
    assert any("action" in f.message for f in found[bad]), found[bad]


def test_axe_rejects_missing_alternative_text_and_low_contrast(site):
    folder, good, bad = site
    found = check_accessibility(folder, [good, bad])
    assert found[good] == []
    rules = {f.message.split(" ", 1)[0] for f in found[bad]}
    assert {"image-alt", "color-contrast"} <= rules, found[bad]
