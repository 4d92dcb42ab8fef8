"""`booklet status`: translation progress per language and catalog. Fuzzy entries are not translated
(sphinx-intl stat counts them as translated; a fuzzy entry is published in the source language)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from booklet.catalogs.files import po_files
from booklet.catalogs.reader import CatalogUnreadable, PoCatalog, PoSyntaxError, read_catalog
from booklet.checks.findings import ERROR, Finding
from booklet.checks.run import display_path
from booklet.config import Config


@dataclass(frozen=True)
class Row:
    language: str
    catalog: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    words_total: int
    words_translated: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def count(lang: str, name: str, catalog: PoCatalog) -> Row:
    """The progress of one catalog (its header is not a message)."""
    entries = catalog.entries
    done = [e for e in entries if e.translated]
    fuzzy = [e for e in entries if e.fuzzy]
    return Row(
        language=lang,
        catalog=name,
        total=len(entries),
        translated=len(done),
        fuzzy=len(fuzzy),
        untranslated=len(entries) - len(done) - len(fuzzy),
        words_total=sum(len(e.msgid.split()) for e in entries),
        words_translated=sum(len(e.msgid.split()) for e in done),
    )


def share(found: list[Row]) -> float:
    """The share of a language's messages that are translated (fuzzy is not), over all its catalogs."""
    total = sum(row.total for row in found)
    return sum(row.translated for row in found) / total if total else 1.0


def rows(cfg: Config) -> tuple[list[Row], list[Finding]]:
    """One row per catalog of every translation; catalogs that cannot be read come back as findings."""
    result: list[Row] = []
    problems: list[Finding] = []
    for lang in cfg.translations:
        for po in po_files(cfg, lang):
            name = display_path(po, cfg.root)
            try:
                catalog = read_catalog(po, name)
            except CatalogUnreadable as exc:
                problems.append(Finding(name, 1, ERROR, "syntax", str(exc)))
                continue
            except PoSyntaxError as exc:
                problems.append(Finding(name, exc.line, ERROR, "syntax", exc.message))
                continue
            result.append(count(lang, name, catalog))
    return result, problems


def table(data: list[Row]):  # -> rich.table.Table
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    out = Table(title="Translation status (fuzzy counts as not translated)")
    for name, justify in (
        ("language", "left"),
        ("catalog", "left"),
        ("messages", "right"),
        ("fuzzy", "right"),
    ):
        out.add_column(name, justify=justify)  # type: ignore[arg-type]
    out.add_column("untranslated", justify="right")
    out.add_column("words", justify="right")
    out.add_column("done", justify="right")
    out.add_column("", min_width=20)
    for row in data:
        out.add_row(
            row.language,
            row.catalog,
            f"{row.translated}/{row.total}",
            str(row.fuzzy),
            str(row.untranslated),
            f"{row.words_translated}/{row.words_total}",
            f"{row.percent:.0f}%",
            ProgressBar(total=max(row.total, 1), completed=row.translated, width=20),
        )
    return out
