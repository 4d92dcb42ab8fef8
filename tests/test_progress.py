"""The progress display: plain `[lang] message` lines in CI or without a terminal, a rich table otherwise."""

from __future__ import annotations

import queue

from booklet.engine import progress


def test_ci_or_no_terminal_means_plain_lines(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert progress.plain_output()
    monkeypatch.setenv("CI", "false")
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    assert progress.plain_output()


def test_plain_display_prints_each_event_as_a_line(monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")
    events: queue.Queue = queue.Queue()
    with progress.Display(events, ["en", "ru"]) as display:
        display.post("ru", "html: building the site")
        display.post("en", "done in 0.1 s")
    assert capsys.readouterr().out.splitlines() == ["[ru] html: building the site", "[en] done in 0.1 s"]


def test_rich_table_shows_language_stage_and_time(monkeypatch):
    from rich.console import Console

    monkeypatch.setenv("CI", "")
    display = progress.Display(queue.Queue(), ["en", "ru"])
    display.state["ru"] = ("pdf: rendering with WeasyPrint", display.start)
    console = Console(record=True, width=100)
    console.print(display._table())
    text = console.export_text()
    assert "pdf: rendering with WeasyPrint" in text and "ru" in text and "en" in text and " s" in text
