"""Archive and accessibility checks of the reading editions (PDF/A-3a + PDF/UA-1), and qpdf's and mutool's
syntax checks of every PDF.

No PDF/A validator is on the registries this project installs from (veraPDF is not), and the PDF/UA one that
is, `pdfua` (PyPI, pikepdf), checks 16 of PDF/UA-1's 106 machine-checkable rules. So `ua` runs `pdfua`
and adds the rules this booklet can break: every piece of text is in the structure tree or an artifact, every
marked-content id reaches the structure root, running heads and page numbers are artifacts, figures have
alternative text, pages with annotations have a tab order, the title is shown as the window title.
`pdfa` checks a named subset of PDF/A-3a: the identification, the output intent and its profile, embedded
fonts, no encryption, JavaScript, launch actions or embedded files, Info dictionary agreeing with the XMP, a
file identifier. Each checker is shown to reject a PDF broken on purpose (tests/test_archive_checks.py).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from booklet.verify.preflight import Finding, _reader, _xmp, check_fonts, page_content


def qpdf_check(path: Path) -> list[Finding]:
    """`qpdf --check`: the file's syntax, cross-reference table and every stream's encoding."""
    proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=600)
    if proc.returncode == 0:
        return []
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    problems = [line for line in lines if "error" in line.lower() or "warning" in line.lower()] or lines[-1:]
    return [Finding(str(path), 0, "qpdf", line) for line in problems[:20]]


def mutool_check(path: Path) -> list[Finding]:
    """MuPDF, a second parser: `mutool info` reads every page's resources; any error or warning counts."""
    proc = subprocess.run(["mutool", "info", str(path)], capture_output=True, text=True, timeout=600)
    problems = [line for line in proc.stderr.splitlines() if re.search(r"error|warning", line, re.I)]
    if proc.returncode != 0 and not problems:
        problems = [f"mutool exited {proc.returncode}"]
    return [Finding(str(path), 0, "mutool", line) for line in problems[:20]]


def _value(xmp: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}>([^<]*)</{tag}>", xmp) or re.search(rf'{tag}="([^"]*)"', xmp)
    return match.group(1) if match else None


def _alt_text(xmp: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}>.*?<rdf:li[^>]*>([^<]*)</rdf:li>", xmp, re.S)
    return match.group(1) if match else None


def check_pdfa(path: Path, part: int = 3, conformance: str = "A") -> list[Finding]:
    name = str(path)
    reader = _reader(path)
    found: list[Finding] = []

    def add(message: str, page: int = 0) -> None:
        found.append(Finding(name, page, "pdfa", message))

    xmp = _xmp(reader)
    if _value(xmp, "pdfaid:part") != str(part) or _value(xmp, "pdfaid:conformance") != conformance:
        add(f"no PDF/A-{part}{conformance.lower()} identification (pdfaid:part, pdfaid:conformance)")
    root = reader.trailer["/Root"]
    intents = [
        i.get_object() for i in root.get("/OutputIntents", []) if i.get_object().get("/S") == "/GTS_PDFA1"
    ]
    if not intents:
        add("no PDF/A output intent (/OutputIntents with /S /GTS_PDFA1)")
    elif "/DestOutputProfile" not in intents[0]:
        add("the output intent embeds no ICC profile")
    if "/Encrypt" in reader.trailer:
        add("the file is encrypted")
    if "/ID" not in reader.trailer:
        add("no file identifier (/ID in the trailer)")
    names = root.get("/Names")
    names = names.get_object() if names is not None else {}
    if "/JavaScript" in names or "/AA" in root:
        add("JavaScript or additional actions")
    if "/EmbeddedFiles" in names:
        add("embedded files (the editions embed nothing)")
    info = reader.metadata or {}
    pairs = (("/Title", _alt_text(xmp, "dc:title")), ("/Producer", _value(xmp, "pdf:Producer")))
    for key, in_xmp in pairs:
        if key in info and str(info[key]) != (in_xmp or ""):
            add(f"Info {key[1:]} {str(info[key])!r} differs from the XMP's {in_xmp!r}")
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get_object().get("/S") in ("/Launch", "/JavaScript"):
                add("a launch or JavaScript action", number)
    found.extend(check_fonts(name))
    return found


def _structure(root: Any) -> tuple[set[int], list[Any]]:
    """Object numbers of every structure element reachable from the root, and the elements."""
    seen: set[int] = set()
    elements: list[Any] = []
    stack = [root["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        number = getattr(node, "idnum", None)
        if number is not None:
            if number in seen:
                continue
            seen.add(number)
        node = node.get_object()
        if isinstance(node, dict) and node.get("/Type") in ("/StructElem", None) and "/S" in node:
            elements.append(node)
        kids = node.get("/K") if isinstance(node, dict) else None
        if kids is None:
            continue
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "idnum") or isinstance(kid, dict):
                stack.append(kid)
    return seen, elements


def _parent_tree(root: Any) -> dict[int, Any]:
    tree = root["/StructTreeRoot"].get_object().get("/ParentTree")
    entries: dict[int, Any] = {}
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop().get_object()
        nums = node.get("/Nums", [])
        for i in range(0, len(nums), 2):
            entries[int(nums[i])] = nums[i + 1]
        stack.extend(node.get("/Kids", []))
    return entries


def _untagged_text(content: bytes) -> int:
    """Text-showing operators outside both a marked-content sequence with an MCID and an artifact."""
    from pypdf.generic import ContentStream, DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(content)
    marks: list[bool] = []  # per open sequence: tagged (MCID) or artifact
    loose = 0
    for operands, operator in ContentStream(stream, None).operations:
        if operator == b"BDC":
            tag, props = operands[0], operands[1]
            mcid = isinstance(props, dict) and "/MCID" in props
            marks.append(mcid or tag == "/Artifact")
        elif operator == b"BMC":
            marks.append(operands[0] == "/Artifact")
        elif operator == b"EMC":
            if marks:
                marks.pop()
        elif operator in (b"Tj", b"TJ", b"'", b'"') and not any(marks):
            loose += 1
    return loose


def check_ua(path: Path) -> list[Finding]:
    import pdfua

    name = str(path)
    found = [
        Finding(name, 0, "ua", f"{f.rule_id}: {f.message}")
        for f in pdfua.validate(name).findings
        if f.severity >= pdfua.Severity.WARNING
    ]

    def add(message: str, page: int = 0) -> None:
        found.append(Finding(name, page, "ua", message))

    reader = _reader(path)
    root = reader.trailer["/Root"]
    xmp = _xmp(reader)
    if _value(xmp, "pdfuaid:part") != "1":
        add("no PDF/UA-1 identification (pdfuaid:part 1)")
    if "/StructTreeRoot" not in root:
        add("no structure tree")
        return found
    preferences = root.get("/ViewerPreferences")
    if preferences is None or not preferences.get_object().get("/DisplayDocTitle"):
        add("the window does not show the document title (DisplayDocTitle)")
    if not _alt_text(xmp, "dc:title"):
        add("no dc:title in the XMP")
    if not str(root.get("/Lang", "")):
        add("no document language (/Lang)")
    reachable, elements = _structure(root)
    parents = _parent_tree(root)
    for number, page in enumerate(reader.pages, start=1):
        content = page_content(page)
        loose = _untagged_text(content)
        if loose:
            add(
                f"{loose} text operator(s) neither tagged nor an artifact (running heads, page numbers?)",
                number,
            )
        if page.get("/Annots") and page.get("/Tabs") != "/S":
            add("a page with annotations has no structure tab order (/Tabs /S)", number)
        mcids = {int(m) for m in re.findall(rb"/MCID\s+(\d+)", content)}
        index = page.get("/StructParents")
        if mcids and index is None:
            add("marked content but no /StructParents", number)
            continue
        kids = parents.get(int(index)) if index is not None else None
        kids = kids.get_object() if kids is not None else []
        for mcid in sorted(mcids):
            target = kids[mcid] if mcid < len(kids) else None
            if target is None or getattr(target, "idnum", None) not in reachable:
                add(f"marked content {mcid} is not in the structure tree", number)
    for element in elements:
        if element.get("/S") == "/Figure" and not str(element.get("/Alt", "")).strip():
            add("a Figure without alternative text (/Alt)")
    return found


def lang_runs(path: Path) -> Iterator[str]:
    """The /Lang of every structure element that has its own."""
    _, elements = _structure(_reader(path).trailer["/Root"])
    for element in elements:
        if "/Lang" in element:
            yield str(element["/Lang"])
