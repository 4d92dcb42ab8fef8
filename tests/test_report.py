"""`booklet check --format sarif` (SARIF 2.1.0) and `--format junit` (checks/report.py), through the CLI."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import yaml

from booklet.checks.findings import CHECKS
from booklet.checks.report import RULES
from catalog_helpers import write_po
from conftest import run_booklet
from helpers import ROOT

SRC = "As a result of this military intervention, 147 civilians were killed and 744 were seriously injured."
RU = "В результате этой военной интервенции 147 мирных жителей были убиты и 744 получили тяжёлые ранения."
PYPROJECT = '[tool.booklet]\nname = "t"\nsource-language = "en"\nlanguages = ["en", "ru"]\n'


def _project(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    write_po(tmp_path, "ru", [(SRC, RU.replace("147", "14")), (SRC + " Again.", RU + "  Снова.")])
    write_po(tmp_path, "ru", [(SRC, RU)], name="colophon.po")


def test_every_check_is_a_rule():
    assert set(RULES) == set(CHECKS)


def test_sarif_lists_every_finding_at_its_file_and_line(tmp_path):
    _project(tmp_path)
    text = run_booklet("check", cwd=tmp_path)
    run = run_booklet("check", "--format", "sarif", cwd=tmp_path)
    assert run.returncode == 1
    log = json.loads(run.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (only,) = log["runs"]
    rules = only["tool"]["driver"]["rules"]
    assert only["tool"]["driver"]["name"] == "booklet check"
    lines = []
    for result in only["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning") and result["message"]["text"]
        (location,) = result["locations"]
        where = location["physicalLocation"]
        assert where["region"]["startLine"] >= 1
        lines.append(
            f"{where['artifactLocation']['uri']}:{where['region']['startLine']}: {result['level']}: "
            f"{result['ruleId']}: {result['message']['text']}"
        )
    assert lines == text.stdout.splitlines()  # the same findings as the text format


def test_junit_has_a_case_per_catalog_failing_on_errors(tmp_path):
    _project(tmp_path)
    run = run_booklet("check", "--format", "junit", cwd=tmp_path)
    assert run.returncode == 1
    suites = ET.fromstring(run.stdout)
    (suite,) = suites.findall("testsuite")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {"locales/ru/LC_MESSAGES/index.po", "locales/ru/LC_MESSAGES/colophon.po"}
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = cases["locales/ru/LC_MESSAGES/index.po"].find("failure")
    assert failure is not None and 'numbers: "14"' in (failure.text or "")
    assert "whitespace" in (cases["locales/ru/LC_MESSAGES/index.po"].findtext("system-out") or "")
    assert cases["locales/ru/LC_MESSAGES/colophon.po"].find("failure") is None


def test_the_pre_commit_hook_runs_the_check_on_changed_catalogs():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "booklet-check" and hook["entry"] == "booklet check" and hook["pass_filenames"]
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("locales/ru/LC_MESSAGES/index.po")
    assert not pattern.search("locales/glossary.csv") and not pattern.search("docs/index.md")
