"""The `booklet` command: a thin click layer over the pipeline's functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from booklet import build as build_mod
from booklet.config import Config, ConfigError, load


def _config(build_dir: str | None = None) -> Config:
    try:
        return load(build_dir=Path(build_dir) if build_dir else None)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--pdf/--no-pdf", default=True, help="Build the PDF reading editions.")
@click.option("-l", "--lang", "langs", multiple=True, help="Only this language (repeatable).")
@click.option("-j", "--jobs", type=int, default=None, help="Parallel language workers (default: CPU count).")
@click.option("--build-dir", type=click.Path(file_okay=False), default=None, help="Output folder (default _build).")
def build_cmd(html: bool, pdf: bool, langs: tuple[str, ...], jobs: int | None, build_dir: str | None) -> None:
    """Build the editions, one process per language."""
    cfg = _config(build_dir)
    unknown = [lang for lang in langs if lang not in cfg.languages]
    if unknown:
        raise click.UsageError(f"unknown language(s): {', '.join(unknown)}; configured: {', '.join(cfg.languages)}")
    stages = [name for name, wanted in (("html", html), ("pdf", pdf)) if wanted]
    if not stages:
        raise click.UsageError("nothing to build: both --no-html and --no-pdf given")
    reports = build_mod.build(cfg, langs or cfg.languages, stages, jobs=jobs)
    sys.exit(build_mod.main_report(reports))


@main.command("dist")
@click.option("--build-dir", type=click.Path(file_okay=False), help="Built outputs (default _build).")
@click.option("--dist-dir", type=click.Path(file_okay=False), help="Release folder (default dist).")
def dist_cmd(build_dir: str | None, dist_dir: str | None) -> None:
    """Assemble dist/<name>-<version>/: the site as a zip, every PDF, SHA256SUMS (run after build)."""
    from booklet.dist import DistError, make_dist

    cfg = _config(build_dir)
    try:
        target = make_dist(cfg, Path(dist_dir) if dist_dir else cfg.root / "dist")
    except DistError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"release in {target}")


@main.command("gettext")
def gettext_cmd() -> None:
    """Extract the source messages into _build/gettext/*.pot."""
    from booklet import catalogs

    cfg = _config()
    warnings = catalogs.extract(cfg)
    for line in warnings:
        click.echo(line, err=True)
    if warnings:
        sys.exit(1)
    click.echo(f"templates in {catalogs.pot_dir(cfg)}")


@main.command("update-po")
@click.pass_context
def update_po_cmd(ctx: click.Context) -> None:
    """Extract the messages and create or update every translation catalog."""
    from booklet import catalogs

    ctx.invoke(gettext_cmd)
    cfg = _config()
    status = catalogs.update(cfg)
    click.echo(", ".join(f"{key}: {value}" for key, value in status.items()))


@main.command("import-text")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
def import_text_cmd(source: str) -> None:
    """Turn a plain text (title line, one paragraph a line) into docs/index.md, word for word."""
    from booklet.source import import_text

    cfg = _config()
    changed = import_text(Path(source), cfg.docs_dir / "index.md")
    click.echo("docs/index.md " + ("updated" if changed else "unchanged"))


if __name__ == "__main__":
    main()
