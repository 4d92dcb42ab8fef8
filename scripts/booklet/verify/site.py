"""The site's pages through the Nu HTML checker (vnu.jar from npm's vnu-jar) and axe-core with the WCAG 2.2
A and AA rules in Debian's Chromium (Playwright drives it; the site is served from 127.0.0.1).

Both come from tests/js (package.json and its lock, `npm ci`): the HTML standard's checker and the
accessibility engine the browser tests use.
"""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from booklet.verify.preflight import Finding

JS = Path(__file__).resolve().parents[3] / "tests" / "js" / "node_modules"
VNU = JS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = JS / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def site_pages(html_dir: Path) -> list[Path]:
    return sorted(html_dir.rglob("*.html"))


def check_html(pages: list[Path]) -> dict[Path, list[Finding]]:
    """Every error the Nu HTML checker reports, per page (its infos and warnings are not errors)."""
    found: dict[Path, list[Finding]] = {page: [] for page in pages}
    if not VNU.is_file():
        missing = Finding(str(VNU), 0, "vnu", "vnu.jar is missing: make test-js-deps installs it")
        return {page: [missing] for page in pages}
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = json.loads(proc.stderr or '{"messages": []}')
    from urllib.parse import unquote, urlsplit

    by_path = {page.resolve(): page for page in pages}
    for message in report["messages"]:
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        page = by_path.get(
            Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
        )  # file:/..., file:///...
        line = message.get("lastLine", 0)
        target = page if page is not None else pages[0]
        found[target].append(Finding(str(target), 0, "vnu", f"line {line}: {message['message']}"))
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1 (a free port), for the browser."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def axe_violations(page: object) -> list[dict[str, object]]:
    """axe-core's violations of the WCAG 2.2 A and AA rules on the loaded page, every impact."""
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    result = page.evaluate(f"async () => await axe.run(document, {options})")  # type: ignore[attr-defined]
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def check_accessibility(html_dir: Path, pages: list[Path]) -> dict[Path, list[Finding]]:
    import os

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    found: dict[Path, list[Finding]] = {page: [] for page in pages}
    if not AXE.is_file() or not CHROMIUM.is_file():
        missing = Finding(str(AXE), 0, "axe", "axe-core or chromium is missing: make test installs them")
        return {page: [missing] for page in pages}
    with serve(html_dir) as root, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        try:
            context = browser.new_context(locale="en-US")
            for path in pages:
                tab = context.new_page()
                tab.goto(f"{root}/{path.relative_to(html_dir).as_posix()}")
                tab.wait_for_load_state("networkidle")
                for violation in axe_violations(tab):
                    message = f"{violation['id']} ({violation['impact']}): {violation['nodes']}"
                    found[path].append(Finding(str(path), 0, "axe", message))
                tab.close()
        finally:
            browser.close()
    return found
