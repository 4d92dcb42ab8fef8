"""Each language's print conventions: its quotation marks and where a line must not break (U+00A0).

The rules live in typography.toml (beside this module), keyed by language code; a language without a
table is left exactly as written.
They are applied at build time, to every text node, rather than typed into the catalogs: translators
edit plain spaces, and new text (the colophon, a changed paragraph) gets the same treatment. The source
language gets them too (English: "January 20", "Mr. Ilham"): its words stay exactly as written, only a
space becomes a no-break space.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

NBSP = "\u00a0"
DATA = Path(__file__).parent / "typography.toml"


class TypographyError(ValueError):
    """The typography table is malformed; the message names the file and the language."""


@dataclass(frozen=True)
class Rules:
    lang: str
    quotes: str
    short_word: int
    number_token: str
    number_not_before: frozenset[str]
    months: tuple[str, ...]
    dash: bool
    tie_after: tuple[str, ...] = ()  # words tied to the next one (titles: "Mr." before a name)
    break_before: frozenset[str] = frozenset()  # display lines: words a line may well start with
    no_break_after: frozenset[str] = frozenset()  # display lines: words a line must not end with

    def apply(self, text: str) -> str:
        """`text` with U+00A0 where this language does not break a line. Idempotent."""
        if self.dash:
            text = re.sub(r"[ \t]+(?=[—]\s)", NBSP, text)
        if self.number_token:
            token = re.compile(rf"(?<![\w-])({self.number_token})[ \t]+(?=([^\W\d_][\w-]*))")
            text = token.sub(self._number_tie, text)
        if self.months:
            names = "|".join(re.escape(m) for m in sorted(self.months, key=len, reverse=True))
            text = re.sub(rf"(?<![\w-])((?i:{names})\w*)[ \t]+(?=\d)", rf"\1{NBSP}", text)
        if self.short_word:
            text = re.sub(rf"(?<![\w-])([^\W\d_]{{1,{self.short_word}}})[ \t]+(?=\S)", rf"\1{NBSP}", text)
        if self.tie_after:
            words = "|".join(re.escape(w) for w in sorted(self.tie_after, key=len, reverse=True))
            text = re.sub(rf"(?<![\w.-])({words})[ \t]+(?=\S)", rf"\1{NBSP}", text)
        return text

    def _number_tie(self, match: re.Match[str]) -> str:
        following = match.group(2).casefold()
        return match.group(1) + (
            match.group(0)[len(match.group(1)) :] if following in self.number_not_before else NBSP
        )


def _months(lang: str) -> tuple[str, ...]:
    """The month names of `lang` (CLDR via Babel), both the format and the stand-alone forms."""
    from babel import Locale

    locale = Locale.parse(lang)
    names = {
        name.casefold()
        for context in ("format", "stand-alone")
        for name in locale.months[context]["wide"].values()
    }
    return tuple(sorted(names))


@cache
def table(path: Path = DATA) -> dict[str, dict]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TypographyError(f"{path}: {exc}") from exc
    return data


@cache
def rules_for(lang: str | None, path: Path = DATA) -> Rules | None:
    """The rules of `lang` (or of its base language: az_Latn -> az), or None when it has none."""
    if not lang:
        return None
    data = table(path)
    key = lang if lang in data else lang.replace("-", "_").split("_")[0]
    entry = data.get(key)
    if entry is None:
        return None
    try:
        quotes = str(entry.get("quotes", ""))
        if quotes and len(quotes) != 4:
            raise TypographyError(
                f"{path}: [{key}] quotes must be 4 characters (open, close, inner open, inner close)"
            )
        number_token = str(entry.get("number-token", ""))
        if number_token:
            re.compile(number_token)
        return Rules(
            lang=key,
            quotes=quotes,
            short_word=int(entry.get("short-word", 0)),
            number_token=number_token,
            number_not_before=frozenset(w.casefold() for w in entry.get("number-not-before", [])),
            months=_months(key) if entry.get("month-before-number") else (),
            dash=bool(entry.get("dash", False)),
            tie_after=tuple(str(w) for w in entry.get("tie-after", [])),
            break_before=frozenset(str(w).casefold() for w in entry.get("display-break-before", [])),
            no_break_after=frozenset(str(w).casefold() for w in entry.get("display-no-break-after", [])),
        )
    except re.error as exc:
        raise TypographyError(f"{path}: [{key}] number-token: {exc}") from exc
    except (TypeError, ValueError) as exc:
        if isinstance(exc, TypographyError):
            raise
        raise TypographyError(f"{path}: [{key}]: {exc}") from exc


def quote_table(path: Path = DATA) -> dict[str, str]:
    """Language -> its four quotation marks, for docutils' smart quotes."""
    return {lang: str(entry["quotes"]) for lang, entry in table(path).items() if entry.get("quotes")}
