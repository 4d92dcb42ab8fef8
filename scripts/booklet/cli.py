"""The `booklet` command: a thin click layer over the pipeline's functions."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from booklet.config import Config, ConfigError, load
from booklet.engine import build as build_mod
from booklet.engine.jobs import stop_signals
from booklet.engine.lock import LockError


def _config(build_dir: str | None = None) -> Config:
    try:
        return load(build_dir=Path(build_dir) if build_dir else None)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C (or SIGTERM, SIGHUP: engine/jobs.stop_signals): say so and leave at once, with 128 + the
    signal's number. The workers die with this process (the kernel ends them: engine/jobs.py), every output
    is written atomically, and the last good ones stay published; what the workers made in the temporary
    folder goes on the way out (engine/pools.py)."""
    got = [signal.SIGINT]

    def stop(signum: int, _frame: object) -> None:
        got[0] = signal.Signals(signum)
        raise KeyboardInterrupt

    before = {stop_signal: signal.signal(stop_signal, stop) for stop_signal in stop_signals()}
    try:
        yield
    except KeyboardInterrupt:
        click.echo("interrupted: the last good outputs are kept", err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + got[0])
    finally:
        for stop_signal, handler in before.items():
            signal.signal(stop_signal, handler)


class _Commands(click.Group):
    """Every command: a file or folder the system refuses (a file where a folder must be, no permission, a
    full disk), or a build lock that is not one to use (engine/lock.py), is an error that names it, never a
    traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # the reader of the output went away (`booklet status | head`): nothing to say to them
        except LockError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            names = [str(name) for name in (exc.filename, exc.filename2) if name is not None]
            reason = exc.strerror or str(exc)
            raise click.ClickException(f"{' -> '.join(names)}: {reason}" if names else reason) from exc


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Build the January 20 booklet: HTML site and PDF editions in every configured language."""


@main.command("config")
@click.argument("key", type=click.Choice(["languages", "translations", "name", "source-language", "version"]))
def config_cmd(key: str) -> None:
    """Print one configuration value (space-separated for lists), for the Makefile."""
    cfg = _config()
    value = {
        "languages": " ".join(cfg.languages),
        "translations": " ".join(cfg.translations),
        "name": cfg.name,
        "source-language": cfg.source_language,
        "version": cfg.version,
    }[key]
    click.echo(value)


@main.command("build")
@click.option("--html/--no-html", default=True, help="Build the HTML sites.")
@click.option("--pdf/--no-pdf", default=True, help="Build the PDF reading editions (and the parallel one).")
@click.option("--epub/--no-epub", default=True, help="Build the e-books (EPUB 3).")
@click.option(
    "--print/--no-print", "print_", default=True, help="Build the print editions and imposed booklets."
)
@click.option("-l", "--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option("-j", "--jobs", type=int, default=None, help="Parallel language workers (default: CPU count).")
@click.option(
    "--build-dir", type=click.Path(file_okay=False), default=None, help="Output folder (default _build)."
)
def build_cmd(
    html: bool,
    pdf: bool,
    epub: bool,
    print_: bool,
    langs: tuple[str, ...],
    jobs: int | None,
    build_dir: str | None,
) -> None:
    """Build the editions, one process per language."""
    cfg = _config(build_dir)
    unknown = [lang for lang in langs if lang not in cfg.languages]
    if unknown:
        raise click.UsageError(
            f"unknown language(s): {', '.join(unknown)}; configured: {', '.join(cfg.languages)}"
        )
    wanted = {"html": html, "pdf": pdf, "epub": epub, "print": print_}
    stages = [name for name in build_mod.STAGES if wanted[name]]
    if not stages:
        raise click.UsageError("nothing to build: --no-html, --no-pdf, --no-epub and --no-print given")
    with interruptible():
        report = build_mod.build(cfg, langs or cfg.languages, stages, jobs=jobs)
    sys.exit(build_mod.main_report(report))


@main.command("dist")
@click.option("--build-dir", type=click.Path(file_okay=False), help="Built outputs (default _build).")
@click.option("--dist-dir", type=click.Path(file_okay=False), help="Release folder (default dist).")
def dist_cmd(build_dir: str | None, dist_dir: str | None) -> None:
    """Assemble dist/<name>-<version>/: the site as a zip, every PDF, SHA256SUMS (run after build).

    Refused while any language has an error, or is incomplete and not marked draft."""
    from booklet.release.dist import DistError, make_dist
    from booklet.release.policy import release_problems

    cfg = _config(build_dir)
    problems = release_problems(cfg)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"no release: {len(problems)} problem(s) above")
    try:
        target = make_dist(cfg, Path(dist_dir) if dist_dir else cfg.root / "dist")
    except DistError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"release in {target}")


@main.command("gettext")
def gettext_cmd() -> None:
    """Extract the source messages into _build/gettext/*.pot."""
    from booklet.catalogs.files import pot_dir
    from booklet.catalogs.update import extract

    cfg = _config()
    warnings = extract(cfg)
    for line in warnings:
        click.echo(line, err=True)
    if warnings:
        sys.exit(1)
    click.echo(f"templates in {pot_dir(cfg)}")


@main.command("update-po")
@click.pass_context
def update_po_cmd(ctx: click.Context) -> None:
    """Extract the messages and create or update every translation catalog."""
    from booklet.catalogs.update import update_catalogs

    ctx.invoke(gettext_cmd)
    cfg = _config()
    status, problems = update_catalogs(cfg)
    click.echo(", ".join(f"{key}: {value}" for key, value in status.items()))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)


@main.command("import-text")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
def import_text_cmd(source: str) -> None:
    """Turn a plain text (title line, one paragraph a line) into docs/index.md, word for word."""
    from booklet.source.text import import_text

    cfg = _config()
    changed = import_text(Path(source), cfg.docs_dir / "index.md")
    click.echo("docs/index.md " + ("updated" if changed else "unchanged"))


@main.command("import-translations")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("-l", "--lang", "langs", multiple=True, help="Only this language (repeatable).")
def import_translations_cmd(source: str, langs: tuple[str, ...]) -> None:
    """Fill the catalogs from a JSON list of {source-language: line, lang: translation} objects."""
    from booklet.catalogs.headers import TranslationFileError
    from booklet.catalogs.importer import import_file

    cfg = _config()
    try:
        reports = import_file(cfg, Path(source), langs or None)
    except TranslationFileError as exc:
        raise click.ClickException(str(exc)) from exc
    for report in reports:
        click.echo(f"{report.lang}: {report.filled} filled, {report.unchanged} unchanged")
        for line in report.untranslated:
            click.echo(f"{line}: warning: no translation", err=True)


@main.command("credit")
@click.argument("lang")
@click.argument("name")
def credit_cmd(lang: str, name: str) -> None:
    """Credit NAME (Last-Translator, Language-Team) in every catalog of LANG."""
    from booklet.catalogs.headers import TranslationFileError, credit

    try:
        written = credit(_config(), lang, name)
    except TranslationFileError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{lang}: credited in {len(written)} catalog(s)")


@main.command("add-language")
@click.argument("lang")
def add_language_cmd(lang: str) -> None:
    """Add a language end to end: [tool.booklet] languages, then its catalogs from the sources."""
    from booklet.catalogs.files import po_files
    from booklet.catalogs.languages import AddLanguageError, add_language
    from booklet.catalogs.update import extract, update_catalogs

    cfg = _config()
    try:
        cfg = add_language(cfg, lang)
    except AddLanguageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"pyproject.toml: languages = {list(cfg.languages)}")
    warnings = extract(cfg)
    for line in warnings:
        click.echo(line, err=True)
    status, problems = update_catalogs(cfg, (lang,))
    for problem in problems:
        click.echo(problem, err=True)
    for po in po_files(cfg, lang):
        click.echo(f"created {po.relative_to(cfg.root)}")
    if warnings or problems or not status["create"]:
        sys.exit(1)
    click.echo(
        f"next: translate locales/{lang}/LC_MESSAGES/*.po (`make preview LANG={lang}` shows each save), "
        f"then `booklet build --lang {lang}`"
    )
    threshold = cfg.book.thresholds.get(lang, 0.0)
    if threshold:
        from booklet.release.policy import percent

        click.echo(
            f"its editions are published once {percent(threshold)} of its messages are translated "
            "([tool.booklet.publish] threshold); until then the chooser lists it as in preparation"
        )


@main.command("remove-language")
@click.argument("lang")
def remove_language_cmd(lang: str) -> None:
    """Remove a language: [tool.booklet] languages (and names) and its catalogs locales/LANG/."""
    from booklet.catalogs.languages import AddLanguageError, remove_language

    cfg = _config()
    try:
        cfg, removed = remove_language(cfg, lang)
    except AddLanguageError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"pyproject.toml: languages = {list(cfg.languages)}")
    for path in removed:
        click.echo(f"removed {path.relative_to(cfg.root)}")
    click.echo(f"{lang}'s site and PDFs leave the published outputs with the next `booklet build`")


@main.command("pseudo")
@click.argument("lang")
def pseudo_cmd(lang: str) -> None:
    """Write a pseudo-translation (accented, ~40 % longer) as the catalogs of LANG, e.g. en_001."""
    from booklet.catalogs.headers import TranslationFileError
    from booklet.catalogs.languages import AddLanguageError, add_language
    from booklet.catalogs.pseudo import PseudoError, fill, interface
    from booklet.catalogs.update import extract, update_catalogs

    cfg = _config()
    try:
        if lang not in cfg.languages:
            cfg = add_language(cfg, lang)
            click.echo(f"pyproject.toml: languages = {list(cfg.languages)}")
        warnings = extract(cfg)
        _status, problems = update_catalogs(cfg, (lang,))
        for line in warnings + problems:
            click.echo(line, err=True)
        if warnings or problems:
            sys.exit(1)
        written = fill(cfg, lang)
        ui = interface(cfg, lang)
    except (AddLanguageError, PseudoError, TranslationFileError) as exc:
        raise click.ClickException(str(exc)) from exc
    for po in [*written, *([ui] if ui else [])]:
        click.echo(f"pseudo-translated {po.relative_to(cfg.root)}")
    click.echo(f"next: `booklet build --lang {lang}`; `booklet remove-language {lang}` when done")


@main.command("preview")
@click.argument("lang", required=False)
@click.option("--port", type=int, default=8000, show_default=True)
def preview_cmd(lang: str | None, port: int) -> None:
    """Serve one language's site on 127.0.0.1, rebuilding and reloading when a .po or source file changes."""
    from booklet.engine.watch import PortError, serve

    cfg = _config()
    if not lang or lang not in cfg.languages:
        raise click.UsageError(f"give a language: make preview LANG=<one of {', '.join(cfg.languages)}>")
    with interruptible():
        try:
            serve(cfg, lang, port)
        except PortError as exc:
            raise click.ClickException(str(exc)) from exc


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "junit"]),
    default="text",
    help="Output format (sarif: SARIF 2.1.0, junit: JUnit XML, for CI).",
)
@click.option("--strict", is_flag=True, help="Warnings count as errors.")
@click.option(
    "--glossary",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Glossary CSV (default: locales/glossary.csv).",
)
def check_cmd(paths: tuple[Path, ...], fmt: str, strict: bool, glossary: Path | None) -> None:
    """Check catalogs (files or folders; default: locales/). Exit 0 clean, 1 errors, 2 could not run."""
    import json

    from booklet.checks.findings import ERROR
    from booklet.checks.run import CheckError, run

    cfg = _config()
    if glossary is not None and not glossary.is_file():
        raise click.UsageError(f"{glossary}: no such glossary file")
    checked: list[str] = []
    notes: list[str] = []
    try:
        findings = run(
            list(paths) or [cfg.locales_dir],
            Path.cwd(),
            glossary or cfg.glossary_path,
            cfg.source_language,
            strict=strict,
            checked=checked,
            notes=notes,
        )
    except CheckError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    elif fmt in ("sarif", "junit"):
        from booklet.checks.report import junit, sarif

        click.echo(sarif(findings) if fmt == "sarif" else junit(findings, checked), nl=False)
    else:
        for finding in findings:
            click.echo(str(finding))
    for note in notes:
        click.echo(note, err=True)
    errors = sum(f.severity == ERROR for f in findings)
    if fmt == "text":
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    sys.exit(1 if errors else 0)


@main.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def status_cmd(fmt: str) -> None:
    """Translation progress per language and catalog (fuzzy is not translated)."""
    import json

    from booklet.checks import status

    cfg = _config()
    rows, problems = status.rows(cfg)
    for problem in problems:
        click.echo(str(problem), err=True)
    if fmt == "json":
        click.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        Console(width=None if sys.stdout.isatty() else 140).print(status.table(rows))
    sys.exit(1 if problems else 0)


@main.command("preflight")
@click.argument("pdfs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def preflight_cmd(pdfs: tuple[Path, ...], fmt: str) -> None:
    """Preflight print PDFs: boxes, fonts, image resolution, ink coverage, PDF/X. Exit 1 on a violation."""
    from booklet.verify.preflight import PreflightError, preflight, report

    try:
        findings = preflight(pdfs)
    except PreflightError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    text = report(findings, fmt)
    if text:
        click.echo(text)
    if fmt == "text":
        click.echo(f"{len(findings)} violation(s) in {len(pdfs)} file(s)", err=True)
    sys.exit(1 if findings else 0)


@main.command("verify")
@click.option("--build-dir", type=click.Path(file_okay=False), help="Built outputs (default _build).")
def verify_cmd(build_dir: str | None) -> None:
    """Run every validator over every output of a build; one table; exit 1 on any failure."""
    from booklet.verify.run import table, verify

    cfg = _config(build_dir)
    rows = verify(cfg)
    click.echo(table(rows, cfg.build_dir))
    sys.exit(0 if all(row.ok for row in rows) else 1)


if __name__ == "__main__":
    main()
