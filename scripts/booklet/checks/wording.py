"""Checks of a translation's wording against its source message: `unchanged` (the source text left as it is,
so published in the source language), `doubled-word` (the same word twice in a row where the source has no
such repetition) and `forbidden` (a form the glossary rejects: a rejected spelling, a transliteration the
style does not use)."""

from __future__ import annotations

import re

from booklet.catalogs.reader import Entry
from booklet.checks import glossary as glossary_mod
from booklet.checks.entries import NOT_PROSE
from booklet.checks.findings import Context, Finding, q
from booklet.checks.structure import SUBSTITUTION
from booklet.languages import data as langdata

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _prose(text: str) -> str:
    """The words a reader reads: no substitution, role, target, URL or code span."""
    return NOT_PROSE.sub(" ", SUBSTITUTION.sub(" ", text))


def check_unchanged(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    """A translation equal to its source where the source has words to translate: gettext and Sphinx take
    it as translated and publish the source language. Names kept by the glossary, acronyms and one-letter
    words are not words to translate."""
    if text != entry.msgid or not ctx.lang or ctx.lang == ctx.source_lang:
        return []
    kept = {
        langdata.lower(word, ctx.source)
        for term in ctx.terms
        if term.forms.get(ctx.lang) and term.forms.get(ctx.lang) == term.forms.get(ctx.source_lang)
        for word in glossary_mod.words(term.forms[ctx.lang])
    }
    to_translate = [
        word
        for word in glossary_mod.words(_prose(text))
        if len(word) > 1 and not word.isupper() and langdata.lower(word, ctx.source) not in kept
    ]
    if not to_translate:
        return []
    message = f"the translation is the source text unchanged (published untranslated): {q(entry.msgid)}"
    return [ctx.error(entry.msgstr_line, "unchanged", message)]


def _doubled(text: str, language: langdata.Language | None) -> list[str]:
    """Words written twice in a row, separated by white space only (not "и, и"), in order."""
    found = []
    previous: re.Match[str] | None = None
    for match in WORD.finditer(_prose(text)):
        if (
            previous is not None
            and not match.string[previous.end() : match.start()].strip()
            and langdata.lower(previous.group(), language) == langdata.lower(match.group(), language)
        ):
            found.append(match.group())
        previous = match
    return found


def check_doubled_word(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    if _doubled(entry.msgid, ctx.source):
        return []  # the source repeats a word itself: a translation may too
    return [
        ctx.warning(
            entry.msgstr_line, "doubled-word", f"{q(word + ' ' + word)}: the same word twice in a row"
        )
        for word in dict.fromkeys(_doubled(text, ctx.language))
    ]


def check_forbidden(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    """A form the glossary lists as rejected for this language, in any inflection, anywhere in the text."""
    if not ctx.lang:
        return []
    found = []
    prose = _prose(text)
    for term in ctx.terms:
        for form in term.forbidden.get(ctx.lang, ()):
            if glossary_mod.find(prose, form, ctx.language):
                wanted = term.forms.get(ctx.lang) or ""
                instead = f": write {q(wanted)}" if wanted else ""
                message = f"{q(form)} is a form the glossary rejects ({term.id}){instead}"
                found.append(ctx.error(entry.msgstr_line, "forbidden", message))
    return found
