"""`booklet add-language` takes every code Sphinx and Babel both know and builds it; it refuses an unknown
code at once; `booklet remove-language` undoes it."""

from __future__ import annotations

import tomllib

import pytest
import tinyhtml5

from booklet.catalogs.languages import AddLanguageError, check_code
from booklet.config import load
from catalog_helpers import set_first_msgstr
from conftest import run_booklet
from helpers import pdf_body_text
from project import copy_project, publish_every_language


@pytest.mark.parametrize(
    "code", ["de", "de_DE", "pt_BR", "sr_Latn", "sr_Latn_RS", "zh_CN", "es_419", "en_001"]
)
def test_codes_babel_knows_are_taken(code):
    check_code(code)


@pytest.mark.parametrize(
    "code, says",
    [
        ("zz", "not a language Babel knows"),
        ("sr@latin", "Did you mean sr_Latn"),
        ("de-DE", "Did you mean de_DE"),
        ("not a code", "not a language code"),
        ("en_XA", "not a language Babel knows"),  # CLDR's pseudo-locale: Babel has no data for it
    ],
)
def test_unknown_codes_are_refused_with_a_hint(code, says):
    with pytest.raises(AddLanguageError, match=says):
        check_code(code)


def test_an_unknown_code_is_refused_at_once(tmp_path):
    project = copy_project(tmp_path / "p")
    before = (project / "pyproject.toml").read_bytes()
    run = run_booklet("add-language", "zz", cwd=project, env={"BOOKLET_ROOT": str(project)})
    assert run.returncode == 1 and "'zz' is not a language Babel knows" in run.stderr
    assert "Traceback" not in run.stderr
    assert (project / "pyproject.toml").read_bytes() == before
    assert not (project / "locales/zz").exists() and not (project / "_build").exists()  # no Sphinx run


def test_add_build_and_remove_a_language_with_a_script(tmp_path):
    project = copy_project(tmp_path / "p")
    env = {"BOOKLET_ROOT": str(project)}
    before = (project / "pyproject.toml").read_bytes()
    run = run_booklet("add-language", "sr_Latn", cwd=project, env=env)
    assert run.returncode == 0, run.stderr
    assert load(project).languages == ("en", "az", "ru", "sr_Latn")
    po = project / "locales/sr_Latn/LC_MESSAGES/index.po"
    assert "Language: sr_Latn\\n" in po.read_text(encoding="utf-8")
    set_first_msgstr(po, "Dan 20. januara je oličenje narodne tuge")
    publish_every_language(project)  # a title translated: far below the project's threshold
    out = tmp_path / "build"
    build = run_booklet("build", "--lang", "sr_Latn", "--build-dir", str(out), cwd=project, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    page = tinyhtml5.parse((out / "html/sr_Latn/index.html").read_text(encoding="utf-8"))
    assert page.get("lang") == "sr-Latn"
    assert "Dan 20. januara je oličenje narodne tuge" in " ".join(
        pdf_body_text(out / "pdf/january-20-sr_Latn.pdf").split()
    )

    removed = run_booklet("remove-language", "sr_Latn", cwd=project, env=env)
    assert removed.returncode == 0, removed.stderr
    assert "removed locales/sr_Latn/LC_MESSAGES/index.po" in removed.stdout and "next" in removed.stdout
    assert (project / "pyproject.toml").read_bytes() == publish_every_language(before)  # exactly undone
    assert not (project / "locales/sr_Latn").exists()


def test_remove_language_drops_its_name_and_refuses_the_source(tmp_path):
    project = copy_project(tmp_path / "p")
    env = {"BOOKLET_ROOT": str(project)}
    assert (
        "az"
        in tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["booklet"]["names"]
    )
    run = run_booklet("remove-language", "az", cwd=project, env=env)
    assert run.returncode == 0, run.stderr
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["booklet"]
    assert config["languages"] == ["en", "ru"] and "az" not in config.get("names", {})
    assert not (project / "locales/az").exists() and (project / "locales/ru").is_dir()
    for code, says in (("en", "source language"), ("de", "not configured")):
        refused = run_booklet("remove-language", code, cwd=project, env=env)
        assert refused.returncode == 1 and says in refused.stderr
