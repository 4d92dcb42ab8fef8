"""Catalogs are regular files inside the project (catalogs/files.py): a symlink, a device, a FIFO or a file
over the size limit is refused by name, before anything is read, and its contents are never echoed: not by
`booklet check`, not by the build, not in the catalog hint of a refused URL, not in a colophon."""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest

from booklet.catalogs.files import CatalogRefused, check_catalog_file, input_digest, read_catalog_bytes
from booklet.catalogs.headers import TranslationFileError, credit, credits
from booklet.checks import run as checks
from booklet.checks.preflight import preflight
from booklet.config import load
from booklet.rendering.fetcher import catalog_hint
from catalog_helpers import po_text, write_po
from conftest import BIN
from project import copy_project

SECRET = "TOP-SECRET-7f3a"
SRC = "As a result of this military intervention, 147 civilians were killed and 744 were seriously injured."
RU = "В результате этой военной интервенции 147 мирных жителей были убиты и 744 получили тяжёлые ранения."
PYPROJECT = '[tool.booklet]\nname = "t"\nsource-language = "en"\nlanguages = ["en", "ru"]\n'


def secret_file(folder: Path) -> Path:
    """A local file that reads like a catalog, so that a reader that followed a link would show it."""
    path = folder / "secret.txt"
    path.write_text(f'msgid "{SECRET}"\nmsgstr "{SECRET}"\n# {SECRET}\n', encoding="utf-8")
    return path


def mini_project(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    return tmp_path


def test_a_regular_catalog_is_read(tmp_path):
    path = write_po(tmp_path, "ru", [(SRC, RU)])
    assert read_catalog_bytes(path, tmp_path) == path.read_bytes()
    check_catalog_file(path, tmp_path)


@pytest.mark.parametrize("kind", ["secret", "dev-zero", "dangling", "fifo", "device", "folder", "outside"])
def test_what_is_not_a_regular_catalog_in_the_project_is_refused_unread(tmp_path, kind):
    project = mini_project(tmp_path / "project")
    target = project / "locales/ru/LC_MESSAGES/index.po"
    target.parent.mkdir(parents=True)
    expect = {
        "secret": "a symbolic link",
        "dev-zero": "a symbolic link",
        "dangling": "a symbolic link",
        "fifo": "a FIFO",
        "device": "a device",
        "folder": "a folder",
        "outside": "outside the project",
    }[kind]
    if kind == "secret":
        target.symlink_to(secret_file(tmp_path))
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "dangling":
        target.symlink_to(tmp_path / "nowhere.po")
    elif kind == "fifo":
        os.mkfifo(target)  # opening it for reading would wait for a writer forever
    elif kind == "device":
        target = Path("/dev/zero")  # a device read directly, not through a link: never opened
    elif kind == "folder":
        target.mkdir()
    else:  # the language's folder is a link out of the project; the file itself is regular
        outside = tmp_path / "elsewhere"
        write_po(outside, "ru", [(SRC, RU)])
        (project / "locales/ru/LC_MESSAGES").rmdir()
        (project / "locales/ru/LC_MESSAGES").symlink_to(outside / "locales/ru/LC_MESSAGES")
    within = None if kind == "device" else project
    with pytest.raises(CatalogRefused) as info:
        read_catalog_bytes(target, within)
    assert expect in str(info.value)
    assert SECRET not in str(info.value)
    found = checks.check_file(target, "locales/ru/LC_MESSAGES/index.po", [], within=within)
    assert [(f.line, f.check, f.severity) for f in found] == [(1, "file", "error")]
    assert expect in found[0].message
    if kind != "device":
        problems = preflight(load(project), "ru").problems
        assert len(problems) == 1 and problems[0].startswith(
            "locales/ru/LC_MESSAGES/index.po:1: error: file: "
        )
        assert SECRET not in problems[0]


def test_a_file_over_the_limit_is_refused_and_never_read_past_it(tmp_path):
    path = tmp_path / "big.po"
    path.write_bytes(po_text("ru", [(SRC, RU)]).encode() + b"#" * 2000)
    with pytest.raises(CatalogRefused, match="catalog limit"):
        read_catalog_bytes(path, tmp_path, limit=1000)


def _check_in_a_small_address_space(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`booklet check` with its address space capped: reading /dev/zero into memory would fail it."""
    cap = 1024 * 1024 * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return subprocess.run(
        [str(BIN / "booklet"), "check", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang (a FIFO opened for reading), not a measurement
        preexec_fn=limit,
        env={**os.environ, "BOOKLET_ROOT": str(project)},
    )


@pytest.mark.parametrize("link", ["secret", "/dev/zero"])
def test_booklet_check_reports_a_symlinked_catalog_without_its_contents(tmp_path, link):
    project = mini_project(tmp_path / "project")
    write_po(project, "ru", [(SRC, RU)])
    target = project / "locales/ru/LC_MESSAGES/colophon.po"
    target.symlink_to(secret_file(tmp_path) if link == "secret" else Path(link))
    run = _check_in_a_small_address_space(project)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        "locales/ru/LC_MESSAGES/colophon.po:1: error: file: a symbolic link, not a regular file: not read "
        "(a catalog is a plain file in the project)"
    ]
    assert SECRET not in run.stdout + run.stderr and "Traceback" not in run.stderr
    named = _check_in_a_small_address_space(project, "locales/ru/LC_MESSAGES/colophon.po")
    assert named.returncode == 1 and ": error: file: a symbolic link" in named.stdout


def test_a_fifo_is_reported_by_check_without_blocking(tmp_path):
    project = mini_project(tmp_path / "project")
    write_po(project, "ru", [(SRC, RU)])
    os.mkfifo(project / "locales/ru/LC_MESSAGES/colophon.po")
    run = _check_in_a_small_address_space(project)
    assert run.returncode == 1 and "colophon.po:1: error: file: a FIFO" in run.stdout


def test_the_catalog_hint_of_a_refused_url_reads_no_link(tmp_path):
    url = "file:///etc/passwd"
    secret = tmp_path / "secret.po"
    secret.write_text(f'msgid "x"\nmsgstr "{url}"\n', encoding="utf-8")
    linked = tmp_path / "linked.po"
    linked.symlink_to(secret)
    zero = tmp_path / "zero.po"
    zero.symlink_to("/dev/zero")
    assert catalog_hint([linked, zero], url) == ""
    assert catalog_hint([secret], url) == f"{secret}:2: "


def test_credits_and_credit_pass_over_or_refuse_a_symlinked_catalog(tmp_path):
    project = mini_project(tmp_path / "project")
    write_po(project, "ru", [(SRC, RU)], **{"Last-Translator": "Иван", "Language-Team": "Иван"})
    elsewhere = write_po(tmp_path / "elsewhere", "ru", [(SRC, RU)], **{"Last-Translator": SECRET})
    (project / "locales/ru/LC_MESSAGES/colophon.po").symlink_to(elsewhere)
    cfg = load(project)
    assert credits(preflight(cfg, "ru").catalogs.values()) == ["Иван"]  # the linked catalog is not read
    before = elsewhere.read_bytes()
    with pytest.raises(TranslationFileError, match="a symbolic link"):
        credit(cfg, "ru", "Пётр")
    assert elsewhere.read_bytes() == before  # a credit is never written through a link


def test_the_stamp_digest_of_an_input_reads_no_link_and_no_device(tmp_path):
    secret = secret_file(tmp_path)
    linked = tmp_path / "linked.po"
    linked.symlink_to(secret)
    zero = tmp_path / "zero.po"
    zero.symlink_to("/dev/zero")
    regular = write_po(tmp_path, "ru", [(SRC, RU)])
    digests = {input_digest(p) for p in (linked, regular, Path("/dev/zero"))}  # a link, a file, a device
    assert len(digests) == 3 and input_digest(zero) == input_digest(linked)  # a link: never followed
    assert input_digest(regular) == input_digest(regular)
    assert input_digest(linked) != input_digest(secret)  # the link is not followed


def _build_in_a_capped_address_space(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`booklet build` with each process's address space capped at 4 GB (a real build needs far less):
    reading /dev/zero into memory fails the build instead of the machine."""
    cap = 4 * 1024 * 1024 * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return subprocess.run(
        [str(BIN / "booklet"), "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=limit,
        env={**os.environ, "BOOKLET_ROOT": str(root), "CI": "1"},
    )


@pytest.mark.parametrize(
    "link",
    [
        "secret",
        "/dev/zero",
    ],
)
def test_the_build_refuses_a_symlinked_catalog_and_echoes_nothing(tmp_path, link):
    root = copy_project(tmp_path / "project")
    cfg = load(root)
    po = cfg.locales_dir / "ru/LC_MESSAGES/index.po"
    po.unlink()
    po.symlink_to(secret_file(tmp_path) if link == "secret" else Path(link))
    run = _build_in_a_capped_address_space(
        root, "--lang", "ru", "--lang", "en", "--no-pdf", "--no-epub", "--no-print"
    )
    assert run.returncode == 1
    assert "locales/ru/LC_MESSAGES/index.po:1: error: file: a symbolic link" in run.stderr
    assert SECRET not in run.stdout + run.stderr and "Traceback" not in run.stderr
    assert not cfg.html_dir("ru").exists() and (cfg.html_dir("en") / "index.html").is_file()
    published = "".join(p.read_text(errors="replace") for p in cfg.html_dir("en").rglob("*.html"))
    assert SECRET not in published
