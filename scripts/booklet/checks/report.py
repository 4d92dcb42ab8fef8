"""`booklet check --format sarif|junit`: the findings for CI, as SARIF 2.1.0 (code scanning) or JUnit XML
(test reports). The text and JSON formats are cli.py's."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from xml.etree import ElementTree as ET

from booklet.checks.findings import CHECKS, ERROR, Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL = "booklet check"
# One line per check id, for the rules of a SARIF log (the README's table says more).
RULES = {
    "file": "The catalog is a regular file inside the project, at most 5 MB.",
    "syntax": "The catalog parses as msgfmt --check would have it.",
    "header": "The header entry is complete, right for its language, and plain text.",
    "limits": "Pathological input is refused before any parser reads it.",
    "untranslated": "An empty translation is published in the source language.",
    "fuzzy": "A fuzzy entry is published in the source language.",
    "format": "A format string (c-, python-, python-brace-format) keeps its source's arguments.",
    "numbers": "Every figure of the source is in the translation, and none is added.",
    "markup": "The translation has the source message's markup, and no other.",
    "injection": "The translation adds nothing the source message does not ask for.",
    "interface": "An interface string (sphinx.po) is plain text with the source's placeholders.",
    "unchanged": "A translation equal to its source is published untranslated.",
    "glossary": "A glossary term of the source has the glossary's form in the translation.",
    "forbidden": "The translation uses no form the glossary rejects.",
    "script": "Letters are of the language's script and alphabet.",
    "consistency": "One source message has one translation, and one translation one source message.",
    "doubled-word": "No word is written twice in a row where the source does not repeat it.",
    "spelling": "Words are in the language's dictionary, the glossary or the project's word list.",
    "fit": "A translated title fits the cover and the title page the print edition gives it.",
    "sentences": "The translation has as many sentences as its source.",
    "punctuation": "The final stop agrees with the source; no space before punctuation.",
    "quotes": "Quotation marks are the language's, and balanced.",
    "whitespace": "No leading, trailing or doubled white space the source does not have.",
}


def sarif(findings: Sequence[Finding]) -> str:
    """A SARIF 2.1.0 log of one run, every check id a rule, every finding a result at its file and line."""
    ids = [check for check in CHECKS if check in RULES]
    index = {check: i for i, check in enumerate(ids)}
    results = [
        {
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": "error" if f.severity == ERROR else "warning",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path},
                        "region": {"startLine": max(f.line, 1)},
                    }
                }
            ],
        }
        for f in findings
        if f.check in index
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL,
                        "rules": [{"id": check, "shortDescription": {"text": RULES[check]}} for check in ids],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)


def junit(findings: Sequence[Finding], checked: Iterable[str]) -> str:
    """JUnit XML: one test case per checked catalog (passing when it has no error), failures listing its
    errors at their lines; warnings are reported in the case's output, not as failures."""
    by_path: dict[str, list[Finding]] = {path: [] for path in checked}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    failed = sum(any(f.severity == ERROR for f in found) for found in by_path.values())
    suites = ET.Element("testsuites", name=TOOL, tests=str(len(by_path)), failures=str(failed), errors="0")
    suite = ET.SubElement(
        suites, "testsuite", name=TOOL, tests=str(len(by_path)), failures=str(failed), errors="0", skipped="0"
    )
    for path, found in by_path.items():
        case = ET.SubElement(suite, "testcase", classname="catalogs", name=path)
        errors = [f for f in found if f.severity == ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", message=f"{len(errors)} error(s)", type=errors[0].check)
            failure.text = "\n".join(str(f) for f in errors)
        warnings = [f for f in found if f.severity != ERROR]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(str(f) for f in warnings)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
