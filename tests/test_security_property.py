"""The security property, tested with generated translations and real builds: whenever the preflight accepts
a catalog, the published site holds no element, attribute or URL that the page lacks when built from the
project's own catalogs, the PDFs hold no annotation but the source's links and no embedded file, and no
command ran.

Hypothesis builds each payload from MyST, HTML and Jinja fragments (and plain text, so that some are
accepted) and puts it in a paragraph's msgstr, the interface string "Search" or the credit header. Each
accepted example costs one real build of what it can change (the source edition prints the Russian credit);
refused ones cost a preflight. Derandomized, without an example database: CI sees the same examples each run.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from booklet.checks.preflight import preflight
from booklet.config import Config, load
from catalog_helpers import esc
from helpers import parse_html
from project import build, copy_project

MARKER = "@MARKER@"  # replaced by a file path: a payload that ran a command would create it

MYST = [
    "**жирный**",
    "*курсив*",
    "`код`",
    "[ссылка](https://evil.example/track)",
    "<https://evil.example/auto>",
    "![пиксель](https://evil.example/p.png)",
    "{download}`/etc/passwd`",
    "{download}`файл <../pyproject.toml>`",
    "{raw-html}`<b>x</b>`",
    "[^1]",
    "\n\n```{raw} html\n<script>document.title=1</script>\n```",
    "\n\n```{eval-rst}\n.. raw:: html\n\n   <b>x</b>\n```",
    "\n\n- пункт",
    "\n\n# Заголовок",
    "(метка)=",
    "---\nmyst:\n  enable_extensions: [substitution]\n---\n",
    "\\\n",
]
HTML = [
    "<script>fetch('https://evil.example')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">клик</a>',
    '<a rel="attachment" href="file:///etc/passwd">файл</a>',
    '<link rel="attachment" href="file:///etc/passwd">',
    "<svg onload=alert(1)>",
    "<!-- комментарий -->",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='alert(1)",
    '<input style="appearance: auto">',
]
JINJA = [
    f"{{{{ cycler.__init__.__globals__.os.popen('touch {MARKER}').read() }}}}",
    f"{{% set x = cycler.__init__.__globals__.os.system('touch {MARKER}') %}}",
    "{{ lipsum() }}",
    "{# комментарий #}",
    "{{ colophon_version }}",
    "{{ colophon_translators }}",
]
TEXT = ["и", "память", "«вечная»", "&lt;b&gt;", r"\*звёздочка\*", "Баку", "—", "(скобки)"]
# Plain text weighs as much as the markup: a fair share of payloads is accepted, and so built.
FRAGMENT = st.one_of(st.sampled_from(MYST + HTML + JINJA), st.sampled_from(TEXT))
PAYLOAD = st.lists(FRAGMENT, min_size=1, max_size=3).map(" ".join)
TARGET = st.sampled_from(["paragraph", "search", "credit"])

# What each target can change: the paragraph, the Russian site and PDF; "Search", the Russian site only;
# the credit, every colophon (Russian and English, site and PDF).
BUILDS = {
    "paragraph": ("--lang", "ru", "--no-print"),
    "search": ("--lang", "ru", "--no-pdf", "--no-epub", "--no-print"),
    "credit": ("--lang", "ru", "--lang", "en", "--no-print"),
}
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "content")


def _page_features(page: Path) -> tuple[set[str], set[str], set[str]]:
    """Element names, attribute names and URL-like attribute values of one HTML page."""
    tags: set[str] = set()
    attributes: set[str] = set()
    urls: set[str] = set()
    for element in parse_html(page).iter():
        if not isinstance(element.tag, str):
            continue
        tags.add(element.tag)
        for name, value in element.attrib.items():
            attributes.add(name)
            if name.rsplit("}", 1)[-1] in URL_ATTRIBUTES and ("/" in value or ":" in value):
                urls.add(value)
        urls.update(re.findall(r"url\(([^)]*)\)", element.get("style", "")))
    return tags, attributes, urls


def _site_features(cfg: Config) -> dict[str, tuple[set[str], set[str], set[str]]]:
    """Per page name (`index.html`, `colophon.html`, ...), the union over the languages built."""
    found: dict[str, tuple[set[str], set[str], set[str]]] = defaultdict(lambda: (set(), set(), set()))
    for lang in ("ru", "en"):
        for page in sorted(cfg.html_dir(lang).rglob("*.html")):
            name = str(page.relative_to(cfg.html_dir(lang)))
            for mine, theirs in zip(found[name], _page_features(page), strict=True):
                mine |= theirs
    return dict(found)


def _pdf_features(cfg: Config) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for lang in ("ru", "en"):
        reader = PdfReader(cfg.pdf_path(lang))
        root = reader.trailer["/Root"]
        if "/AF" in root or "/EmbeddedFiles" in root.get("/Names", {}):
            found.add(("/EmbeddedFiles", lang))
        for page in reader.pages:
            for annot in page.get("/Annots", []):
                annot = annot.get_object()
                action = annot.get("/A") or {}
                found.add((str(annot["/Subtype"]), str(action.get("/URI", ""))))
    return found


class Project:
    """A copy of the project, its pristine catalogs, and what its own build publishes."""

    def __init__(self, root: Path, marker: Path) -> None:
        self.root = root
        self.cfg = load(root)
        self.marker = marker
        self.catalogs = {p: p.read_bytes() for p in sorted(self.cfg.locales_dir.rglob("*.po"))}
        run = build(root, "--lang", "ru", "--lang", "en", "--no-print")
        assert run.returncode == 0, run.stderr
        self.site = _site_features(self.cfg)
        self.pdf = _pdf_features(self.cfg)
        self.accepted = 0
        self.pristine = root.parent / "pristine-build"
        shutil.copytree(self.cfg.build_dir, self.pristine, symlinks=True)

    def restore(self) -> None:
        """The project's own catalogs and the build folder of their build: every example starts alike."""
        for path, data in self.catalogs.items():
            path.write_bytes(data)
        shutil.rmtree(self.cfg.build_dir)
        shutil.copytree(self.pristine, self.cfg.build_dir, symlinks=True)

    def inject(self, target: str, payload: str) -> None:
        payload = payload.replace(MARKER, str(self.marker))
        messages = self.cfg.locales_dir / "ru" / "LC_MESSAGES"
        if target == "paragraph":
            po = messages / "index.po"
            text = po.read_text(encoding="utf-8")
            start = text.index('\nmsgstr "', text.index("\n#: ", text.index("\n#: ") + 1)) + 1
            end = text.index("\n\n", start)
            original = "".join(re.findall(r'"(.*)"', text[start:end]))
            po.write_text(f'{text[:start]}msgstr "{original} {esc(payload)}"{text[end:]}', encoding="utf-8")
        elif target == "search":
            po = messages / "sphinx.po"
            text = po.read_text(encoding="utf-8")
            po.write_text(
                text.replace('msgstr "Поиск"', f'msgstr "Поиск {esc(payload)}"', 1), encoding="utf-8"
            )
        else:
            value = esc(payload).replace("\\n", " ")
            for po in sorted(messages.glob("*.po")):
                text = po.read_text(encoding="utf-8")
                text = re.sub(
                    r'"Last-Translator: [^"\n]*\\n"', lambda _m: f'"Last-Translator: {value}\\n"', text
                )
                po.write_text(text, encoding="utf-8")

    def check_published(self) -> None:
        assert not self.marker.exists(), "a payload ran a command"
        for name, (tags, attributes, urls) in _site_features(self.cfg).items():
            base_tags, base_attributes, base_urls = self.site.get(name, (set(), set(), set()))
            assert tags <= base_tags, (name, tags - base_tags)
            assert attributes <= base_attributes, (name, attributes - base_attributes)
            assert urls <= base_urls, (name, urls - base_urls)
        assert _pdf_features(self.cfg) <= self.pdf


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    folder = tmp_path_factory.mktemp("property")
    return Project(copy_project(folder / "project"), folder / "ran-a-command")


EXAMPLES = settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_what_the_preflight_accepts_publishes_nothing_the_source_lacks(project):
    @EXAMPLES
    @given(target=TARGET, payload=PAYLOAD)
    # The attacks of issue 13, tried on every run besides the generated ones.
    @example(target="search", payload="<img src=x onerror=alert(1)>")
    @example(target="search", payload='" onmouseover="alert(1)')
    @example(target="paragraph", payload=JINJA[0])
    @example(target="credit", payload=JINJA[0] + " <script>alert(1)</script>")
    def one(target: str, payload: str) -> None:
        project.restore()
        project.inject(target, payload)
        if all(preflight(project.cfg, lang).ok for lang in ("ru", "en")):
            project.accepted += 1
            build(project.root, *BUILDS[target])
            project.check_published()

    one()
    assert project.accepted >= 3, f"only {project.accepted} payloads were accepted and built"
