"""From the source side: `% Translators:` notes reach the catalogs as `#.` comments, `% Context:` gives a
message its msgctxt (two translations of the same words, both published), and a `notranslate` container
is neither extracted nor translated. Real extraction, real catalogs, a real build."""

from __future__ import annotations

from booklet.catalogs.reader import read_catalog
from booklet.sphinxext.extraction import notes_in
from conftest import run_booklet
from helpers import NS, parse_html
from project import copy_project

NOTES = """
% Translators: "Hundreds": the official figure is 147 killed.
% Context: funerals
Hundreds gathered at the funerals.

```{container} notranslate
Şəhidlər Xiyabanı, Bakı.
```

% Context: memorial
The Alley of Martyrs.

% Context: street
The Alley of Martyrs.
"""


def test_notes_in_a_comment():
    assert notes_in("Translators: one\nmore words\nContext: street") == [
        ("translators", "one more words"),
        ("context", "street"),
    ]
    assert notes_in("just a comment for authors") == []


def test_notes_contexts_and_passages_from_the_source_to_the_edition(tmp_path):
    project = copy_project(tmp_path / "p")
    env = {"BOOKLET_ROOT": str(project)}
    index = project / "docs/index.md"
    index.write_text(
        "% Translators: the booklet's title; the cover repeats it.\n"
        + index.read_text(encoding="utf-8")
        + NOTES,
        encoding="utf-8",
    )
    run = run_booklet("update-po", cwd=project, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    ru = project / "locales/ru/LC_MESSAGES/index.po"
    entries = read_catalog(ru).entries
    assert entries[0].comments == ["the booklet's title; the cover repeats it."]
    funerals = next(e for e in entries if e.msgid == "Hundreds gathered at the funerals.")
    assert funerals.msgctxt == "funerals" and funerals.comments == [
        '"Hundreds": the official figure is 147 killed.'
    ]
    alleys = {e.msgctxt: e for e in entries if e.msgid == "The Alley of Martyrs."}
    assert set(alleys) == {"memorial", "street"}
    assert not any("Xiyaban" in e.msgid for e in entries)  # the passage kept as it is is not extracted

    text = ru.read_text(encoding="utf-8")
    for context, translation in (("memorial", "Мемориал Аллея шехидов."), ("street", "Улица Аллея шехидов.")):
        entry = f'msgctxt "{context}"\nmsgid "The Alley of Martyrs."\nmsgstr ""'
        assert entry in text
        text = text.replace(entry, entry[:-2] + f'"{translation}"')
    ru.write_text(text, encoding="utf-8")
    out = tmp_path / "build"
    build = run_booklet("build", "--lang", "ru", "--no-print", "--build-dir", str(out), cwd=project, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    page = parse_html(out / "html/ru/index.html")
    paragraphs = [" ".join("".join(p.itertext()).split()) for p in page.iter(f"{NS}p")]
    assert "Мемориал Аллея шехидов." in paragraphs and "Улица Аллея шехидов." in paragraphs
    assert "Şəhidlər Xiyabanı, Bakı." in paragraphs  # printed as the source has it
    assert "The Alley of Martyrs." not in paragraphs


def test_a_note_before_nothing_stops_the_extraction(tmp_path):
    project = copy_project(tmp_path / "p")
    index = project / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n% Translators: a note left at the end\n", "utf-8")
    run = run_booklet("update-po", cwd=project, env={"BOOKLET_ROOT": str(project)})
    assert run.returncode != 0
    assert "stands before nothing to translate" in run.stdout + run.stderr
