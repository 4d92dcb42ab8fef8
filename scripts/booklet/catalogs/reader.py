"""A strict reader of gettext PO text: every entry with the line numbers a translator needs.

polib and Babel are lenient: an unterminated string or an unknown escape is silently accepted or an entry
is dropped. Catalogs are untrusted input, so this reader rejects what `msgfmt --check` rejects (syntax,
duplicates, misplaced keywords, bad escapes) and says where, and it never raises anything but PoSyntaxError.
Obsolete entries (`#~`) are skipped: gettext ignores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Values gettext tools put in a catalog's header until someone fills it in.
PLACEHOLDERS = (
    "FIRST AUTHOR",
    "YEAR-MO-DA",
    "LL@li.org",
    "SOME DESCRIPTIVE TITLE",
    "EMAIL@ADDRESS",
    "PACKAGE VERSION",
    "FULL NAME",
    "CHARSET",
    "LANGUAGE <",
)


def placeholder_in(text: str) -> str | None:
    """The first template placeholder in `text`, or None."""
    return next((p for p in PLACEHOLDERS if p in text), None)


_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d{1,3})\])?)[ \t]*(.*)$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\", '"': '"'}
_ESCAPES.update({"?": "?", "'": "'"})


class PoSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass
class Entry:
    msgid: str
    msgstr: str  # the singular (or only) translation
    line: int  # line of `msgid`
    msgstr_line: int  # line of `msgstr` (or `msgstr[0]`)
    msgctxt: str | None = None
    msgid_plural: str | None = None
    plurals: dict[int, str] = field(default_factory=dict)  # msgstr[n] by n
    flags: set[str] = field(default_factory=set)
    previous_msgid: str | None = None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translations(self) -> list[str]:
        return (
            [self.plurals[i] for i in sorted(self.plurals)]
            if self.msgid_plural is not None
            else [self.msgstr]
        )

    @property
    def translated(self) -> bool:
        return all(t for t in self.translations) and not self.fuzzy


@dataclass
class PoCatalog:
    header: dict[str, str]  # header field name -> value, names as written
    header_line: int  # 0 when there is no header entry
    header_fuzzy: bool
    header_comments: list[str]
    entries: list[Entry]


def unquote(text: str, line: int) -> str:
    """The value of one `"..."` token (the whole remainder of a line after the keyword)."""
    if len(text) < 2 or not text.startswith('"') or not text.endswith('"'):
        raise PoSyntaxError(line, f"expected a quoted string, found {_show(text)}")
    body = text[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == '"':
            raise PoSyntaxError(line, 'unescaped double quote inside a string (write \\")')
        if ch == "\\":
            if i + 1 >= len(body):
                raise PoSyntaxError(line, "a string ends with a lone backslash")
            nxt = body[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            octal = re.match(r"[0-7]{1,3}", body[i + 1 :])
            if octal:
                out.append(chr(int(octal.group(), 8)))
                i += 1 + len(octal.group())
                continue
            raise PoSyntaxError(line, f"invalid escape sequence \\{nxt}")
        if ord(ch) < 0x20 and ch != "\t":
            raise PoSyntaxError(line, f"control character U+{ord(ch):04X} inside a string")
        out.append(ch)
        i += 1
    return "".join(out)


def _show(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


@dataclass
class _Pending:
    """An entry being read: field -> (value, line)."""

    comments: list[tuple[str, int]] = field(default_factory=list)
    fields: dict[str, tuple[str, int]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def empty(self) -> bool:
        return not self.fields


def parse(text: str) -> PoCatalog:
    """Parse PO text (already decoded, newlines normalised to \\n). Raises PoSyntaxError."""
    entries: list[Entry] = []
    header: dict[str, str] = {}
    header_line = 0
    header_fuzzy = False
    header_comments: list[str] = []
    seen: dict[tuple[str | None, str], int] = {}
    pending = _Pending()
    current: str | None = None  # the field continuation lines append to

    def finish(end_line: int) -> None:
        nonlocal pending, header, header_line, header_fuzzy, header_comments, current
        current = None
        if pending.empty():
            if pending.comments:
                pending = _Pending(comments=[])
            return
        entry = _build(pending, end_line)
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise PoSyntaxError(
                entry.line, f"duplicate message definition (first defined at line {seen[key]})"
            )
        seen[key] = entry.line
        if entry.msgid == "" and entry.msgctxt is None:
            if entries:
                raise PoSyntaxError(entry.line, 'the header entry (msgid "") must come first')
            header_line = entry.line
            header_fuzzy = entry.fuzzy
            header_comments = [c for c, _ in pending.comments]
            header = _parse_header(entry.msgstr, entry.msgstr_line)
        else:
            entries.append(entry)
        pending = _Pending()

    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            finish(number)
            continue
        if line.startswith("#"):
            if line.startswith("#~"):
                finish(number)
                continue
            if pending.fields:  # a comment after the fields starts the next entry
                if "msgstr" not in pending.fields and not any(
                    k.startswith("msgstr[") for k in pending.fields
                ):
                    raise PoSyntaxError(number, "comment inside an entry: the entry above has no msgstr")
                finish(number)
            pending.comments.append((line, number))
            continue
        if line.startswith('"'):
            if current is None:
                raise PoSyntaxError(number, "a string continuation line without a keyword before it")
            value, first = pending.fields[current]
            pending.fields[current] = (value + unquote(line, number), first)
            continue
        match = _KEYWORD.match(line)
        if not match:
            raise PoSyntaxError(number, f"unknown keyword or stray text {_show(line)}")
        keyword, rest = match.group(1), match.group(3)
        if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in pending.fields):
            finish(number)  # a new entry without a blank line before it (allowed, as in msgfmt)
        if keyword in pending.fields:
            raise PoSyntaxError(number, f"{keyword} given twice in one entry")
        _check_order(pending, keyword, number)
        pending.fields[keyword] = (unquote(rest, number), number)
        pending.order.append(keyword)
        current = keyword
    finish(len(lines) + 1)
    return PoCatalog(header, header_line, header_fuzzy, header_comments, entries)


def _check_order(pending: _Pending, keyword: str, number: int) -> None:
    have = pending.order
    if keyword == "msgctxt" and have:
        raise PoSyntaxError(number, "msgctxt must come before msgid")
    if keyword == "msgid" and have and have != ["msgctxt"]:
        raise PoSyntaxError(number, "msgid in the wrong place")
    if keyword != "msgctxt" and keyword != "msgid" and "msgid" not in have:
        raise PoSyntaxError(number, f"{keyword} without a msgid before it")
    if keyword == "msgid_plural" and have[-1] != "msgid":
        raise PoSyntaxError(number, "msgid_plural must follow msgid")
    if keyword == "msgstr" and "msgid_plural" in have:
        raise PoSyntaxError(number, "a plural entry needs msgstr[0], msgstr[1], ... not msgstr")
    if keyword.startswith("msgstr[") and "msgid_plural" not in have:
        raise PoSyntaxError(number, f"{keyword} in an entry without msgid_plural")


def _build(pending: _Pending, end_line: int) -> Entry:
    fields = pending.fields
    msgid, line = fields.get("msgid", ("", 0))
    if "msgid" not in fields:
        where = min(n for _, n in fields.values())
        raise PoSyntaxError(where, "an entry without msgid")
    flags: set[str] = set()
    previous: dict[str, str] = {}  # previous msgctxt / msgid / msgid_plural (`#|` lines)
    field_name = ""
    for comment, number in pending.comments:
        if comment.startswith("#,"):
            flags.update(f.strip() for f in comment[2:].split(",") if f.strip())
        elif match := re.match(r"#\|\s*(msgctxt|msgid_plural|msgid)\s+(.*)$", comment):
            field_name = match.group(1)
            previous[field_name] = unquote(match.group(2).strip(), number)
        elif comment.startswith('#| "') and field_name:
            previous[field_name] += unquote(comment[2:].strip(), number)
    plurals: dict[int, str] = {}
    for key, (value, _number) in fields.items():
        if key.startswith("msgstr["):
            plurals[int(key[7:-1])] = value
    plural_id = fields.get("msgid_plural", (None, 0))[0]
    if plural_id is not None:
        if not plurals:
            raise PoSyntaxError(end_line, f"the entry at line {line} has msgid_plural but no msgstr[0]")
        if sorted(plurals) != list(range(len(plurals))):
            raise PoSyntaxError(line, "plural forms must be numbered msgstr[0], msgstr[1], ... without gaps")
        msgstr, msgstr_line = fields["msgstr[0]"]
    else:
        if "msgstr" not in fields:
            raise PoSyntaxError(line, "msgid without msgstr")
        msgstr, msgstr_line = fields["msgstr"]
    return Entry(
        msgid=msgid,
        msgstr=msgstr,
        line=line,
        msgstr_line=msgstr_line,
        msgctxt=fields["msgctxt"][0] if "msgctxt" in fields else None,
        msgid_plural=plural_id,
        plurals=plurals,
        flags=flags,
        previous_msgid=previous.get("msgid"),
    )


def _parse_header(text: str, line: int) -> dict[str, str]:
    header: dict[str, str] = {}
    for item in text.split("\n"):
        if not item.strip():
            continue
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            raise PoSyntaxError(line, f"header line {_show(item)} is not `Name: value`")
        header[name.strip()] = value.strip()
    return header


class CatalogUnreadable(Exception):
    """The file cannot be read at all (missing, a folder, no permission)."""


MAX_BYTES = 5 * 1024 * 1024  # a whole book's catalog is a few hundred kB; bigger is a mistake or an attack


def read_catalog(path: Path, display: str | None = None) -> PoCatalog:
    """Read and strictly parse one catalog; PoSyntaxError names the line of a problem, CatalogUnreadable
    a file that cannot be read at all.

    Decided: CRLF line ends are accepted (gettext, Babel and Sphinx read them; `make update-po` writes LF);
    a UTF-8 byte order mark is rejected (Babel reads it into the first line and the header is lost).
    """
    name = display or str(path)
    problem = PoSyntaxError
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise problem(
                1,
                f"the file is {size / 1048576:.1f} MB, over the {MAX_BYTES // 1048576} MB catalog limit",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogUnreadable(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise problem(1, "the file is empty: a catalog needs at least its header entry")
    if data.startswith(b"\xef\xbb\xbf"):
        raise problem(1, "the file starts with a byte order mark (BOM): save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x}): save the file as UTF-8"
        raise problem(line, message) from None
    text = text.replace("\r\n", "\n")
    if "\r" in text:
        raise problem(
            text.count("\n", 0, text.index("\r")) + 1, "a bare carriage return (CR): use LF or CRLF line ends"
        )
    if "\x00" in text:
        raise problem(text.count("\n", 0, text.index("\x00")) + 1, "a NUL byte: this is not a text file")
    return parse(text)
