"""`booklet update-po` and `booklet add-language` on a copy of the project."""

from __future__ import annotations

import re
import subprocess
import tomllib

from booklet.catalogs.reader import read_catalog
from catalog_helpers import set_first_msgstr
from conftest import BIN, run_booklet
from helpers import pdf_body_text
from project import copy_project, publish_every_language

TRANSLATION = "20 Января — воплощение всенародной скорби и несгибаемой воли азербайджанского народа"


def _translate_title(po, text: str) -> None:
    set_first_msgstr(po, text)


def test_update_po_keeps_translations_marks_changes_and_is_stable(tmp_path):
    project = copy_project(tmp_path / "p")
    env = {"BOOKLET_ROOT": str(project)}
    ru = project / "locales/ru/LC_MESSAGES/index.po"
    _translate_title(ru, TRANSLATION)
    index = project / "docs/index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("national grief", "national sorrow", 1), "utf-8"
    )

    first = run_booklet("update-po", cwd=project, env=env)
    assert first.returncode == 0, first.stderr
    after_first = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    text = ru.read_text(encoding="utf-8")
    catalog = read_catalog(ru)
    title = catalog.entries[0]
    assert title.msgstr == TRANSLATION and title.fuzzy  # the translation is kept, marked fuzzy...
    assert "national grief" in (title.previous_msgid or "") and "national sorrow" in title.msgid  # ...with #|
    assert "#, fuzzy\n#| msgid" in text
    assert (
        "YEAR-MO-DA" not in text
        and "LL@li.org" not in text
        and "Last-Translator: Группа переводчиков буклета «20 Января»" in text  # the real credit is kept
    )
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(ru)]).returncode == 0

    second = run_booklet("update-po", cwd=project, env=env)
    assert second.returncode == 0
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == after_first
    assert (
        f"notchanged: {len(after_first) - len(list((project / 'locales').rglob('sphinx.po')))}"
        in second.stdout
    )

    check = run_booklet("check", "locales/ru", cwd=project, env=env)
    assert ": error: fuzzy: " in check.stdout and ": error: header: " not in check.stdout
    stat = subprocess.run(
        [str(BIN / "sphinx-intl"), "stat", "-d", "locales"], cwd=project, capture_output=True, text=True
    )
    with_text = sum(1 for e in catalog.entries if e.msgstr)
    # sphinx-intl reads it (and counts the fuzzy entry as translated: what `booklet status` corrects)
    assert f"locales/ru/LC_MESSAGES/index.po: {with_text} translated, 1 fuzzy" in stat.stdout, stat.stdout


def test_update_po_leaves_a_broken_catalog_alone(tmp_path):
    project = copy_project(tmp_path / "p")
    az = project / "locales/az/LC_MESSAGES/index.po"
    az.write_bytes(az.read_bytes() + b'msgid "unterminated\n')
    before = az.read_bytes()
    run = run_booklet("update-po", cwd=project, env={"BOOKLET_ROOT": str(project)})
    assert run.returncode == 1 and "index.po:" in run.stderr and "Traceback" not in run.stderr
    assert az.read_bytes() == before


def test_add_language_end_to_end(tmp_path):
    project = copy_project(tmp_path / "p")
    env = {"BOOKLET_ROOT": str(project)}
    run = run_booklet("add-language", "de", cwd=project, env=env)
    assert run.returncode == 0, run.stderr
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["booklet"]["languages"] == ["en", "az", "ru", "de"]
    po = project / "locales/de/LC_MESSAGES/index.po"
    text = po.read_text(encoding="utf-8")
    assert "Language: de\\n" in text and "Plural-Forms: nplurals=2; plural=(n != 1);\\n" in text
    check = run_booklet("check", "locales/de", cwd=project, env=env)
    assert {line.split(": ")[2] for line in check.stdout.splitlines()} == {"untranslated"}  # header complete
    assert run_booklet("add-language", "de", cwd=project, env=env).returncode == 1  # already there
    assert run_booklet("add-language", "not a code", cwd=project, env=env).returncode == 1

    _translate_title(po, "Der 20. Januar ist die Verkörperung der nationalen Trauer")
    out = tmp_path / "build"
    build = run_booklet("build", "--lang", "de", "--build-dir", str(out), cwd=project, env=env)
    assert build.returncode == 0, build.stderr
    assert re.search(r"\[de\] in preparation: \d %.* below its threshold of 90 %", build.stdout), build.stdout
    assert not (out / "html/de").exists()
    publish_every_language(project)
    build = run_booklet("build", "--lang", "de", "--build-dir", str(out), cwd=project, env=env)
    assert build.returncode == 0, build.stderr
    assert (out / "html/de/index.html").is_file()
    assert "Der 20. Januar ist die Verkörperung" in " ".join(
        pdf_body_text(out / "pdf/january-20-de.pdf").split()
    )


def test_a_message_the_source_has_again_comes_back_with_its_translation(tmp_path):
    project = copy_project(tmp_path / "p")
    env = {"BOOKLET_ROOT": str(project)}
    index = project / "docs/index.md"
    original = index.read_text(encoding="utf-8")
    paragraph = original.split("\n\n")[1]
    ru = project / "locales/ru/LC_MESSAGES/index.po"
    before = read_catalog(ru).entries
    index.write_text(original.replace(paragraph + "\n\n", "", 1), encoding="utf-8")
    assert run_booklet("update-po", cwd=project, env=env).returncode == 0
    assert "\n#~ msgid " in ru.read_text(encoding="utf-8")  # dropped from the source: kept as obsolete
    index.write_text(original, encoding="utf-8")
    again = run_booklet("update-po", cwd=project, env=env)
    assert again.returncode == 0, again.stderr
    assert read_catalog(ru).entries == before  # back from #~, translated, and no duplicate
    assert "#~" not in ru.read_text(encoding="utf-8")
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(ru)]).returncode == 0
