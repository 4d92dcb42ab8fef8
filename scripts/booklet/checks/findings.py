"""What a check finds: a Finding at a file and line, with a severity and a stable check id.

Each check takes one entry (or the catalog header) and returns Findings; each id is documented in the README.
A check never raises: translations are untrusted input.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath

from booklet.checks import glossary as glossary_mod
from booklet.languages.data import Language

ERROR, WARNING = "error", "warning"
# The ids, in output order; the README documents each. Every error but untranslated and fuzzy stops a build
# (checks/preflight.py).
CHECKS = (
    "file",
    "syntax",
    "header",
    "limits",
    "untranslated",
    "fuzzy",
    "format",
    "numbers",
    "markup",
    "injection",
    "interface",
    "unchanged",
    "glossary",
    "forbidden",
    "script",
    "consistency",
    "doubled-word",
    "spelling",
    "fit",
    "sentences",
    "punctuation",
    "quotes",
    "whitespace",
)

INTERFACE_DOMAIN = "sphinx"  # sphinx.po: the site's interface strings, plain text (not MyST)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.check}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Context:
    """What the checks of one catalog share."""

    path: str
    lang: str | None
    language: Language | None
    source: Language | None
    terms: list[glossary_mod.Term] = field(default_factory=list)
    source_lang: str = "en"
    root: Path | None = None  # the project a catalog of `locales/<lang>/LC_MESSAGES/` belongs to (`fit`)

    @property
    def interface(self) -> bool:
        """The catalog is the interface strings' (`sphinx.po`): plain text, checked by checks/interface.py."""
        return PurePath(self.path).stem == INTERFACE_DOMAIN

    def error(self, line: int, check: str, message: str) -> Finding:
        return Finding(self.path, line, ERROR, check, message)

    def warning(self, line: int, check: str, message: str) -> Finding:
        return Finding(self.path, line, WARNING, check, message)


def q(text: str, limit: int = 60) -> str:
    """Quote a piece of a message for a finding, shortened and with line breaks shown."""
    text = text.replace("\n", "\\n")
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def sort(findings: Iterable[Finding]) -> list[Finding]:
    order = {name: i for i, name in enumerate(CHECKS)}
    return sorted(findings, key=lambda f: (f.path, f.line, order.get(f.check, len(order)), f.message))


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))
