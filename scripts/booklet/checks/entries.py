"""The per-message checks of the text itself: state, numbers, script, sentences, punctuation, quotes,
whitespace, and the glossary's terms (checks/glossary.py). Markup is checks/markup.py."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from booklet.catalogs.reader import Entry
from booklet.checks import glossary as glossary_mod
from booklet.checks.findings import Context, Finding, _unique, q
from booklet.languages import data as langdata
from booklet.languages.data import Language


def check_state(ctx: Context, entry: Entry) -> list[Finding]:
    if entry.fuzzy:
        return [
            ctx.error(
                entry.msgstr_line, "fuzzy", f"fuzzy (needs review, is published in English): {q(entry.msgid)}"
            )
        ]
    if not all(entry.translations):
        return [ctx.error(entry.msgstr_line, "untranslated", f"not translated: {q(entry.msgid)}")]
    return []


def check_newlines(ctx: Context, entry: Entry) -> list[Finding]:
    """msgfmt --check: a msgstr starts and ends with a newline exactly when the msgid does."""
    found = []
    for text in entry.translations:
        if text.startswith("\n") != entry.msgid.startswith("\n"):
            found.append(
                ctx.error(entry.msgstr_line, "syntax", "msgid and msgstr differ in a leading newline")
            )
        if text.endswith("\n") != entry.msgid.endswith("\n"):
            found.append(
                ctx.error(entry.msgstr_line, "syntax", "msgid and msgstr differ in a trailing newline")
            )
    return found


NUMBER = re.compile(r"\d+")


def numbers(text: str) -> Counter[str]:
    """Digit runs, as ASCII digits (1,000 and 1 000 both give 1 and 000)."""
    runs = (m.group() for m in NUMBER.finditer(text))
    return Counter("".join(str(unicodedata.decimal(ch, 0)) for ch in run) for run in runs)


def check_numbers(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    source, target = numbers(entry.msgid), numbers(text)
    found = []
    for number in sorted((source - target).elements(), key=_numeric):
        found.append(
            ctx.error(
                entry.msgstr_line, "numbers", f'"{number}" in the source is missing from the translation'
            )
        )
    for number in sorted((target - source).elements(), key=_numeric):
        found.append(
            ctx.error(entry.msgstr_line, "numbers", f'"{number}" in the translation is not in the source')
        )
    return found


def _numeric(text: str) -> tuple[int, str]:
    return (len(text), text)


def _describe(ch: str) -> str:
    return f"{q(ch)} {unicodedata.name(ch, '?')} (U+{ord(ch):04X})"


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ")[0] if name else "UNKNOWN"


ROMAN = re.compile(r"[IVXLCDM]+")

# Not prose: role names, <targets>, link URLs and code spans are checked by `markup`, not for their letters.
NOT_PROSE = re.compile(r"\{[^{}\s]+\}|<[^<>]*>|\]\([^)]*\)|(?<!\})`[^`]*`")


def check_script(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    found = []
    source_words = set(glossary_mod.words(entry.msgid))
    language = ctx.language
    for word in glossary_mod.words(NOT_PROSE.sub(" ", text)):
        letters = [ch for ch in word if ch.isalpha()]
        scripts = Counter(_script(ch) for ch in letters)
        if len(scripts) > 1:
            main = (
                language.script if language and language.script in scripts else scripts.most_common(1)[0][0]
            )
            odd = next(ch for ch in letters if _script(ch) != main)
            found.append(
                ctx.error(
                    entry.msgstr_line,
                    "script",
                    f"{q(word)} mixes scripts: {q(odd)} is {_describe(odd)} in a {main.title()} word",
                )
            )
            continue
        if language is None or word in source_words or ROMAN.fullmatch(word):
            continue  # a name or code kept as in the source, a Roman numeral (XX век) are fine
        outside = [ch for ch in letters if langdata.lower(ch, language) not in language.alphabet]
        if outside:
            found.append(
                ctx.error(
                    entry.msgstr_line,
                    "script",
                    f"{_describe(outside[0])} in {q(word)} is not in the {ctx.lang} alphabet",
                )
            )
    return _unique(found)


# A run of stops (only at its start: no position inside a long run is tried again), then quotes, spaces.
SENTENCE_END = re.compile(r"(?<![.!?…])([.!?…]++)[\"'»”“’)\]]*+\s++(?=[\"'«„“‘(\[]?[\w])")


def sentence_count(text: str, language: Language | None) -> int:
    if not text.strip():
        return 0
    count = 1
    abbreviations = language.abbreviations if language else frozenset()
    for match in SENTENCE_END.finditer(text):
        start = match.start()  # the word before the stops: back to the last space (linear overall)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        before = text[start : match.start()].lower().strip("(«“\"'")
        nxt = text[match.end() : match.end() + 1]
        if match.group(1) == "." and (before in abbreviations or (len(before) == 1 and before.isalpha())):
            continue  # "Mr. Aliyev", "H. Aliyev"
        if nxt.isalpha() and nxt.islower():
            continue
        count += 1
    return count


def check_sentences(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    if ctx.language is None:
        return []
    source, target = sentence_count(entry.msgid, ctx.source), sentence_count(text, ctx.language)
    if source != target:
        return [
            ctx.warning(
                entry.msgstr_line,
                "sentences",
                f"{source} sentences in the source, {target} in the translation",
            )
        ]
    return []


TERMINAL = ".!?…:;"


def _last(text: str) -> str:
    stripped = text.rstrip().rstrip(langdata.DOUBLE_QUOTES + "'’)]*_")
    if stripped.endswith("..."):
        return "…"  # three dots and the ellipsis character end a sentence alike
    return stripped[-1:] if stripped else ""


def check_punctuation(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    found = []
    line = entry.msgstr_line
    end_src, end_dst = _last(entry.msgid), _last(text)
    # A substitution that ends the translation may bring its own stop (ru dates end in "г.").
    own_stop = end_src == "." and text.rstrip().endswith("}}")
    if (end_src in TERMINAL or end_dst in TERMINAL) and end_src != end_dst and not own_stop:
        found.append(
            ctx.warning(
                line,
                "punctuation",
                f"the source ends with {q(end_src or 'no stop')}, the translation {q(end_dst or 'no stop')}",
            )
        )
    for match in re.finditer(r"\s([,.;:!?])(?=\s|$)", text):
        if not re.search(r"\s" + re.escape(match.group(1)) + r"(?=\s|$)", entry.msgid):
            found.append(ctx.warning(line, "punctuation", f"a space before {q(match.group(1))}"))
            break
    return found


def check_quotes(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    language = ctx.language
    if language is None:
        return []
    found = []
    allowed = set(language.quotes)
    wrong = sorted({ch for ch in text if ch in langdata.DOUBLE_QUOTES and ch not in allowed})
    if wrong:
        outer = f"{language.quotes[0]}…{language.quotes[1]}"
        inner = f"{language.quotes[2]}…{language.quotes[3]}"
        found.append(
            ctx.warning(
                entry.msgstr_line,
                "quotes",
                f"quote {q(''.join(wrong))} is not used in {ctx.lang}: write {outer} (inner {inner})",
            )
        )
    opening, closing = language.quotes[0], language.quotes[1]
    if opening != closing and text.count(opening) != text.count(closing):
        found.append(ctx.warning(entry.msgstr_line, "quotes", f"unbalanced quotes {opening}{closing}"))
    return found


def check_whitespace(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    found = []
    line = entry.msgstr_line
    source = entry.msgid
    if text[:1].isspace() and not source[:1].isspace():
        found.append(ctx.warning(line, "whitespace", "leading whitespace the source does not have"))
    if text[-1:].isspace() and not source[-1:].isspace():
        found.append(ctx.warning(line, "whitespace", "trailing whitespace the source does not have"))
    if "  " in text.strip() and "  " not in source.strip():
        found.append(ctx.warning(line, "whitespace", "doubled space"))
    return found


def check_glossary(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    if not ctx.lang:
        return []
    found = []
    usable = [t for t in ctx.terms if t.forms.get(ctx.source_lang) and t.forms.get(ctx.lang)]
    where = {t.id: glossary_mod.spans(entry.msgid, t.forms[ctx.source_lang], ctx.source) for t in usable}
    for term in usable:
        source_form, target_form = term.forms[ctx.source_lang], term.forms[ctx.lang]
        if not where[term.id]:
            continue
        # A term met only inside a longer one ("Karabakh" in "Karabakh Victory") takes the longer one's form.
        if all(_inside_longer(span, where, term.id) for span in where[term.id]):
            continue
        if not glossary_mod.find(text, target_form, ctx.language):
            found.append(
                ctx.error(
                    entry.msgstr_line,
                    "glossary",
                    f"{q(source_form)} must be translated as {q(target_form)} (glossary: {term.id})",
                )
            )
        if source_form.casefold() != target_form.casefold() and glossary_mod.find(
            text, source_form, ctx.source
        ):
            found.append(
                ctx.error(
                    entry.msgstr_line,
                    "glossary",
                    f"source spelling {q(source_form)} left in the translation; {ctx.lang}: {q(target_form)}",
                )
            )
    return found


def _inside_longer(span: range, where: dict[str, list[range]], own: str) -> bool:
    return any(
        other != own and len(o) > len(span) and o.start <= span.start and span.stop <= o.stop
        for other, spans in where.items()
        for o in spans
    )
