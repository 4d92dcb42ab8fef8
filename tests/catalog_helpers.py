"""Helpers of the translator-toolkit tests: small catalogs written on the fly."""

from __future__ import annotations

from pathlib import Path

from babel.messages.plurals import get_plural


def header(lang: str, **fields: str) -> str:
    plural = get_plural(lang)
    values = {
        "Project-Id-Version": "january-20 1.0.0",
        "PO-Revision-Date": "2026-11-25 12:00+0000",
        "Last-Translator": "Test Translator <t@example.org>",
        "Language": lang,
        "Language-Team": f"{lang} team <team@example.org>",
        "Plural-Forms": f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    values.update(fields)
    lines = "".join(f'"{key}: {value}\\n"\n' for key, value in values.items() if value is not None)
    return f'msgid ""\nmsgstr ""\n{lines}\n'


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def po_text(lang: str, pairs: list[tuple[str, str]], fuzzy: tuple[int, ...] = (), **fields: str) -> str:
    out = [header(lang, **fields)]
    for i, (msgid, msgstr) in enumerate(pairs):
        flag = "#, fuzzy\n" if i in fuzzy else ""
        out.append(f'#: ../../docs/index.md:{i + 1}\n{flag}msgid "{esc(msgid)}"\nmsgstr "{esc(msgstr)}"\n\n')
    return "".join(out)


def write_po(folder: Path, lang: str, pairs: list[tuple[str, str]], name: str = "index.po", **kw) -> Path:
    path = folder / "locales" / lang / "LC_MESSAGES" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(po_text(lang, pairs, **kw), encoding="utf-8")
    return path


def set_first_msgstr(po: Path, text: str) -> int:
    """Replace the first message's msgstr (translated or not) with `text`, keeping the rest byte for byte.

    Returns the 1-based line of the new msgstr line.
    """
    body = po.read_text(encoding="utf-8")
    entry = body.index("\n#: ")  # the first message's reference comment, after the header
    start = body.index("\nmsgstr ", entry) + 1
    end = body.find("\n", start)
    while body.startswith('"', end + 1):  # continuation lines of a wrapped msgstr
        end = body.find("\n", end + 1)
    po.write_text(body[:start] + f'msgstr "{text}"' + body[end:], encoding="utf-8")
    return body[:start].count("\n") + 1
