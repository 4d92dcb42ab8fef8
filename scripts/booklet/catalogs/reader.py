"""A strict reader of gettext PO text: every entry with the line numbers a translator needs.

polib and Babel are lenient: an unterminated string or an unknown escape is silently accepted or an entry
is dropped. Catalogs are untrusted input, so this reader reads PO as `msgfmt` does (GNU gettext's
token grammar: keywords, strings, comments, `#~` obsolete and `#|` previous markers, anywhere on a line)
and rejects what `msgfmt --check` rejects at the line msgfmt names; it never raises anything but
PoSyntaxError. Time and memory are linear in the input: one pass of a tokenizer whose patterns cannot
backtrack, and it stops at the first error.

Decided differences from msgfmt (each refuses a catalog msgfmt would compile): the text must be UTF-8,
also after escapes (`\\377` makes bytes no reader of the build can decode); a `\\0` escape (gettext
silently cuts the string there) and a `domain` directive (one catalog is one domain here) are refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


class PoSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


@dataclass(slots=True)
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
    comments: list[str] = field(default_factory=list)  # extracted comments (`#.`), for the translator
    references: list[str] = field(default_factory=list)  # source references (`#:`), file:line each
    translator_comments: list[str] = field(default_factory=list)  # `# ...` lines, as written
    comment_line: int = 0  # line of the entry's first comment (0: none)

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
    header_entry: Entry | None = None
    header_malformed: list[str] = field(default_factory=list)  # header lines that are not `Name: value`


# The tokens of msgfmt's lexer. Every repetition is possessive: no input makes a pattern backtrack.
_TOKEN = re.compile(
    r"""(?P<space>(?:[ \t\r\f\v]++|\\\n)++)
    |(?P<newline>\n[ \t\r\f\v\n]*+)
    |(?P<comments>(?:\#(?![~|])(?:[^\\\n]++|\\\n|\\)*+(?:\n|\Z)[ \t]*+)++)
    |\#(?P<marker>~\|?|\|)
    |"(?P<string>(?:[^"\\\n]++|\\[^\n]|\\\n)*+)(?P<close>"?)
    |(?P<word>[A-Za-z_$][A-Za-z0-9_$]*+)
    |(?P<number>[0-9]++)
    |(?P<bracket>[\[\]])""",
    re.VERBOSE,
)
_KEYWORDS = {"domain", "msgid", "msgid_plural", "msgstr", "msgctxt"}
_PREVIOUS_KEYWORDS = {"msgid", "msgid_plural", "msgctxt"}
_ESCAPE = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]++)|(\n)|(.?))', re.DOTALL)
_SIMPLE = {"n": b"\n", "t": b"\t", "b": b"\b", "r": b"\r", "f": b"\f", "v": b"\v", "a": b"\a"}
_SIMPLE.update({"\\": b"\\", '"': b'"'})
# The comment lines an entry keeps: flags, extracted comments, references, translator comments.
_COMMENT_OF_INTEREST = re.compile(r"^[ \t]*+(\#(?:[,.:]|[ \t]++[^\s])[^\n]*+)", re.MULTILINE)


@dataclass(slots=True)
class _Token:
    kind: str  # keyword name, "previous " + keyword, "string", "previous string", "number", "[", "]", "junk"
    line: int
    obsolete: bool
    value: str = ""
    number: int = 0
    end: int = 0  # where the text after the token starts
    previous: bool = False  # read after `#|` on its line
    end_line: int = 0  # the line of `end`


# The usual shape of an entry (comments, msgctxt, msgid, msgstr, each keyword starting a line, strings
# continued on the next lines) in one match: most catalogs are read without the token loop. Anything else
# (plural forms, #| and #~ lines, two keywords on a line, a backslash at a line's end) takes the tokens.
_STRING = r'"(?:[^"\\\n]++|\\[^\n])*+"'
_STRINGS = rf"{_STRING}[ \t]*+(?:\n[ \t]*+{_STRING}[ \t]*+)*+"
_PLAIN_ENTRY = re.compile(
    rf"""[ \t]*+(?:\n[ \t]*+)*+
    (?P<comments>(?:\#(?![~|])[^\n]*+(?<!\\)\n[ \t]*+(?:\n[ \t]*+)*+)*+)
    (?:msgctxt[ \t]++(?P<msgctxt>{_STRINGS})\n[ \t]*+)?
    msgid[ \t]++(?P<msgid>{_STRINGS})\n[ \t]*+
    msgstr[ \t]++(?P<msgstr>{_STRINGS})(?=\n|\Z)(?![ \t\n]*+")""",
    re.VERBOSE,
)
_STRING_BODY = re.compile(r'"((?:[^"\\\n]++|\\[^\n])*+)"')


def unquote(body: str, line: int) -> str:
    """The value of one string token's body (between the quotes), escapes resolved as bytes, as msgfmt
    does (`\\303\\251` is é), then read as UTF-8."""
    if "\\" not in body:
        return body
    out = bytearray()
    last = 0
    for match in _ESCAPE.finditer(body):
        out += body[last : match.start()].encode("utf-8")
        last = match.end()
        simple, octal, hexa, newline, bad = match.groups()
        if simple:
            out += _SIMPLE[simple]
        elif octal:
            out.append(int(octal, 8) & 0xFF)
        elif hexa:
            out.append(int(hexa[-2:], 16))  # the value is kept in one byte, as in msgfmt
        elif newline is None:
            where = line + body.count("\n", 0, match.start())
            shown = bad if bad and bad.isprintable() else f"U+{ord(bad):04X}" if bad else ""
            raise PoSyntaxError(where, f"invalid escape sequence \\{shown} (invalid control sequence)")
    out += body[last:].encode("utf-8")
    if 0 in out:
        raise PoSyntaxError(line, "a \\0 escape in a string: gettext would cut the string there")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise PoSyntaxError(line, "escapes in a string make bytes that are not UTF-8") from None


def _tokens(text: str, position: int, line: int, obsolete: bool, previous: bool) -> Iterator[_Token]:
    """msgfmt's tokens from `position`; a run of comment lines is one token ("comments", its text)."""
    end = len(text)
    match_at = _TOKEN.match
    while position < end:
        match = match_at(text, position)
        if match is None:
            yield _Token("junk", line, obsolete, text[position], end=position + 1)
            return
        kind = match.lastgroup
        chunk = match.group()
        position = match.end()
        if kind == "space":
            if "\n" in chunk:
                line += chunk.count("\n")
        elif kind == "newline":
            line += chunk.count("\n")
            obsolete = previous = False
        elif kind == "comments":
            if not (obsolete or previous):  # `#~ # ...` is a comment inside an obsolete line: nothing to keep
                yield _Token("comments", line, False, chunk, end=position)
            line += chunk.count("\n")
            obsolete = previous = False
        elif kind == "marker":
            marker = match.group("marker")
            obsolete = obsolete or marker.startswith("~")
            previous = previous or marker.endswith("|")
        elif kind == "close":  # a string (the last group of its pattern)
            if not match.group("close"):
                at = line + chunk.count("\n")
                ending = "end-of-file" if match.end() >= end else "end-of-line"
                raise PoSyntaxError(at, f"{ending} within string (a string needs its closing quote)")
            body = match.group("string")
            value = _value(body, line)
            kind = "previous string" if previous else "string"
            after = line + body.count("\n") if "\n" in body else line
            yield _Token(kind, line, obsolete, value, end=position, previous=previous, end_line=after)
            line = after
        elif kind == "word":
            if chunk not in (_PREVIOUS_KEYWORDS if previous else _KEYWORDS):
                raise PoSyntaxError(line, f"keyword {chunk!r} unknown")
            kind = ("previous " if previous else "") + chunk
            yield _Token(kind, line, obsolete, end=position, previous=previous)
        elif kind == "number":
            yield _Token("number", line, obsolete, number=int(chunk), end=position, previous=previous)
        else:
            yield _Token(chunk, line, obsolete, end=position, previous=previous)


def _value(body: str, line: int) -> str:
    value = unquote(body, line)
    if "\x04" in value:
        raise PoSyntaxError(line, "context separator <EOT> (\\x04) within string")
    return value


class _Parser:
    """msgfmt's grammar (read-po-gram.y) over the token stream, one token of look-ahead; an entry of the
    usual shape is read by one match of _PLAIN_ENTRY instead."""

    def __init__(self, text: str, shortcut: bool = True) -> None:
        self.text = text
        self.shortcut = shortcut
        self.lines = text.count("\n") + 1
        self.token: _Token | None = None
        self.comments: list[tuple[str, int]] = []
        # Where the text not yet taken by an entry starts, and the lexer's state there.
        self.position, self.line, self.obsolete, self.previous = 0, 1, False, False
        self.stream: Iterator[_Token] = iter(())
        self.in_message = False
        self.after_entry = False  # the last thing read is an entry that is not obsolete

    def restart(self) -> None:
        """Read tokens again from the end of the last entry (the look-ahead token is read again)."""
        self.comments = []
        self.stream = _tokens(self.text, self.position, self.line, self.obsolete, self.previous)
        self.advance()

    def advance(self) -> None:
        for item in self.stream:
            if item.kind == "comments" and not self.in_message:
                self._collect(item.value, item.line)
                continue
            self.token = item  # inside an entry a comment is a token that ends it, as in msgfmt's grammar
            return
        self.token = None

    def consumed(self, token: _Token) -> None:
        """`token` is the last one of an entry: the next entry is read from its end."""
        self.position = token.end
        self.line = token.end_line
        self.obsolete, self.previous = token.obsolete, token.previous

    def _collect(self, chunk: str, line: int) -> None:
        if not self.comments:
            self.comments.append(("", line))  # remembers where the entry's comments start
        self.comments.extend((match.group(1), 0) for match in _COMMENT_OF_INTEREST.finditer(chunk))

    def plain_entry(self) -> Entry | None:
        """The entry at the current position if it has the usual shape (see _PLAIN_ENTRY), else None."""
        if self.obsolete or self.previous or not self.shortcut:
            return None
        match = _PLAIN_ENTRY.match(self.text, self.position)
        if match is None:
            return None
        text, start, line = self.text, self.position, self.line

        def line_of(group: str) -> int:
            return line + text.count("\n", start, match.start(group))

        def strings(group: str) -> str:
            at, block, values, last = line_of(group), match.group(group), [], 0
            for string in _STRING_BODY.finditer(block):
                at += block.count("\n", last, string.start())
                last = string.start()
                values.append(_value(string.group(1), at))
            return "".join(values)

        msgctxt = strings("msgctxt") if match.group("msgctxt") is not None else None
        entry = Entry(strings("msgid"), strings("msgstr"), line_of("msgid"), line_of("msgstr"), msgctxt)
        comments = match.group("comments")
        if comments:
            found = [("", line_of("comments"))]
            found.extend((m.group(1), 0) for m in _COMMENT_OF_INTEREST.finditer(comments))
            _attach(entry, found)
        self.position = match.end()
        self.line = line + text.count("\n", start, self.position)
        return entry

    def error(self, message: str = "syntax error") -> PoSyntaxError:
        token = self.token
        return PoSyntaxError(token.line if token else self.lines, message)

    def expect(self, kind: str, what: str) -> _Token:
        token = self.token
        if token is None or token.kind != kind:
            found = "the end of the file" if token is None else _describe(token)
            raise self.error(f"syntax error: expected {what}, found {found}")
        self.advance()
        return token

    def strings(self, first: _Token, kind: str = "string") -> str:
        token = self.token
        if token is None or token.kind != kind:
            found = "the end of the file" if token is None else _describe(token)
            raise self.error(f"syntax error: expected a string after {first.kind.split()[-1]}, found {found}")
        parts = []
        while token is not None and token.kind == kind:
            _same_obsolete(first, token)
            parts.append(token.value)
            self.consumed(token)
            self.advance()
            token = self.token
        return "".join(parts)

    def messages(self) -> Iterator[tuple[Entry, bool]]:
        """Each message and whether it is obsolete (`#~`)."""
        while True:
            entry = self.plain_entry()
            if entry is not None:
                self.after_entry = True
                yield entry, False
                continue
            self.restart()
            token = self.token
            if token is None:
                return
            if token.kind in ("msgid", "msgctxt", "previous msgid", "previous msgctxt"):
                message = self.message()
                self.after_entry = not message[1]
                yield message
            elif token.kind == "domain":
                raise self.error("a `domain` directive: one catalog is one domain here")
            elif token.kind == "string" and token.obsolete and self.after_entry:
                raise self.error(INCONSISTENT_OBSOLETE)  # `#~ "..."` after an entry: Babel appends it
            else:
                raise self.error(f"syntax error: {_describe(token)} where an entry should start")

    def message(self) -> tuple[Entry, bool]:
        self.in_message = True
        try:
            return self._message()
        finally:
            self.in_message = False

    def _message(self) -> tuple[Entry, bool]:
        comments, self.comments = self.comments, []
        start = self.token
        assert start is not None
        previous = None
        if start.kind.startswith("previous"):
            if start.kind == "previous msgctxt":
                self.advance()
                self.strings(start, "previous string")
            first = self.expect("previous msgid", "#| msgid")
            previous = self.strings(first, "previous string")
            if self.token is not None and self.token.kind == "previous msgid_plural":
                plural_start = self.token
                self.advance()
                self.strings(plural_start, "previous string")
        context = None
        if self.token is not None and self.token.kind == "msgctxt":
            ctx_token = self.token
            self.advance()
            context = self.strings(ctx_token)
        msgid_token = self.expect("msgid", "msgid")
        if previous is not None or context is not None:
            _same_obsolete(start, msgid_token)
        msgid = self.strings(msgid_token)
        entry = Entry(msgid, "", msgid_token.line, msgid_token.line, msgctxt=context, previous_msgid=previous)
        token = self.token
        if token is not None and token.kind == "msgid_plural":
            _same_obsolete(msgid_token, token)
            self.advance()
            entry.msgid_plural = self.strings(token)
            self._plural_forms(entry, msgid_token)
        elif token is not None and token.kind == "msgstr":
            _same_obsolete(msgid_token, token)
            self.advance()
            if self.token is not None and self.token.kind == "[":
                raise PoSyntaxError(msgid_token.line, "missing 'msgid_plural' section (msgstr[n] without it)")
            entry.msgstr_line = token.line
            entry.msgstr = self.strings(token)
        else:
            raise PoSyntaxError(msgid_token.line, "missing 'msgstr' section")
        _attach(entry, comments)
        return entry, start.obsolete

    def _plural_forms(self, entry: Entry, msgid_token: _Token) -> None:
        if self.token is None or self.token.kind != "msgstr":
            raise PoSyntaxError(msgid_token.line, "missing 'msgstr[]' section")
        while self.token is not None and self.token.kind == "msgstr":
            keyword = self.token
            _same_obsolete(msgid_token, keyword)
            self.advance()
            self.expect("[", "[ after msgstr in a plural entry")
            number = self.expect("number", "a plural form's number")
            self.expect("]", "]")
            if number.number != len(entry.plurals):
                wrong = "wrong index" if entry.plurals else "a nonzero index as the first form"
                raise PoSyntaxError(keyword.line, f"plural form with {wrong} (msgstr[{number.number}])")
            if not entry.plurals:
                entry.msgstr_line = keyword.line
            entry.plurals[number.number] = self.strings(keyword)
        entry.msgstr = entry.plurals[0]


INCONSISTENT_OBSOLETE = "inconsistent use of #~ (part of an entry is obsolete, part is not)"


def _same_obsolete(first: _Token, token: _Token) -> None:
    if first.obsolete != token.obsolete:
        raise PoSyntaxError(token.line, INCONSISTENT_OBSOLETE)


def _describe(token: _Token) -> str:
    if token.kind in ("string", "previous string"):
        return f"a string {_show(token.value)}"
    if token.kind == "comments":
        return "a comment"
    if token.kind == "junk":
        shown = token.value if token.value.isprintable() and not token.value.isspace() else ""
        return f"the character U+{ord(token.value):04X} {shown}".rstrip()
    if token.kind == "number":
        return f"the number {token.number}"
    return token.kind.replace("previous ", "#| ")


def _attach(entry: Entry, comments: list[tuple[str, int]]) -> None:
    for text, line in comments:
        mark = text[1:2]
        if not text:
            entry.comment_line = line
        elif mark == ",":
            entry.flags.update(f.strip() for f in text[2:].split(",") if f.strip())
        elif mark == ".":
            entry.comments.append(text[2:].strip())
        elif mark == ":":
            entry.references.extend(text[2:].split())
        else:
            entry.translator_comments.append(text.rstrip())


def _show(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")


def parse(text: str, shortcut: bool = True) -> PoCatalog:
    """Parse PO text (already decoded, newlines normalised to \\n). Raises PoSyntaxError.

    `shortcut=False` reads every entry through the token grammar (the tests compare both ways)."""
    entries: list[Entry] = []
    seen: dict[tuple[str | None, str], int] = {}
    header_entry: Entry | None = None
    header_comments: list[str] = []
    parser = _Parser(text, shortcut)
    for entry, obsolete in parser.messages():
        key = (entry.msgctxt, entry.msgid)
        if key in seen:  # obsolete entries too, as in msgfmt
            raise PoSyntaxError(
                entry.line, f"duplicate message definition (first defined at line {seen[key]})"
            )
        seen[key] = entry.line
        if obsolete:
            continue  # msgfmt parses obsolete entries and does not compile them
        if entry.msgid == "" and entry.msgctxt is None:
            header_entry = entry
            header_comments = entry.translator_comments
        else:
            entries.append(entry)
    catalog = PoCatalog({}, 0, False, header_comments, entries, header_entry)
    if header_entry is not None:
        catalog.header_line = header_entry.line
        catalog.header_fuzzy = header_entry.fuzzy
        catalog.header, catalog.header_malformed = _parse_header(header_entry.msgstr)
    return catalog


def _parse_header(text: str) -> tuple[dict[str, str], list[str]]:
    header: dict[str, str] = {}
    malformed: list[str] = []
    for item in text.split("\n"):
        if not item.strip():
            continue
        name, sep, value = item.partition(":")
        if not sep or not name.strip():
            malformed.append(item)
            continue
        header[name.strip()] = value.strip()
    return header, malformed


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
