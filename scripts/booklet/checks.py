"""`booklet check`: what a careful reviewer checks in a translation catalog, as plain functions.

Each check takes one entry (or the catalog header) and returns Findings; each has a stable id, documented in
the README. A check never raises: translations are untrusted input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from booklet import glossary as glossary_mod
from booklet import langdata, markup
from booklet.langdata import Language
from booklet.pofile import PLACEHOLDERS, Entry, PoCatalog

ERROR, WARNING = "error", "warning"
# The ids, in output order; the README documents each. Findings of PREFLIGHT stop a build.
CHECKS = (
    "syntax",
    "header",
    "untranslated",
    "fuzzy",
    "numbers",
    "markup",
    "injection",
    "glossary",
    "script",
    "sentences",
    "punctuation",
    "quotes",
    "whitespace",
)
PREFLIGHT = ("syntax", "injection")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.check}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Context:
    """What the checks of one catalog share."""

    path: str
    lang: str | None
    language: Language | None
    source: Language | None
    terms: list[glossary_mod.Term] = field(default_factory=list)
    source_lang: str = "en"

    def error(self, line: int, check: str, message: str) -> Finding:
        return Finding(self.path, line, ERROR, check, message)

    def warning(self, line: int, check: str, message: str) -> Finding:
        return Finding(self.path, line, WARNING, check, message)


def q(text: str, limit: int = 60) -> str:
    """Quote a piece of a message for a finding, shortened and with line breaks shown."""
    text = text.replace("\n", "\\n")
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


# --- header -------------------------------------------------------------------------------------------


def check_header(ctx: Context, catalog: PoCatalog, folder_lang: str | None) -> list[Finding]:
    line = catalog.header_line or 1
    if not catalog.header_line:
        return [ctx.error(1, "header", 'no header entry (msgid "") with Language and Plural-Forms')]
    found: list[Finding] = []
    header = catalog.header
    if catalog.header_fuzzy:
        found.append(ctx.error(line, "header", "the header is marked fuzzy: review it and remove the flag"))
    lang = header.get("Language", "")
    if not lang:
        found.append(ctx.error(line, "header", "no Language in the header"))
    elif folder_lang and lang != folder_lang:
        found.append(
            ctx.error(
                line, "header", f"Language is {lang!r} but the catalog is in the {folder_lang!r} folder"
            )
        )
    charset = re.search(r"charset=([\w.-]+)", header.get("Content-Type", ""))
    if not charset or charset.group(1).lower().replace("_", "-") != "utf-8":
        found.append(ctx.error(line, "header", "Content-Type must be `text/plain; charset=UTF-8`"))
    found.extend(_plural_forms(ctx, line, lang, header.get("Plural-Forms")))
    for name in (
        "Project-Id-Version",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "MIME-Version",
    ):
        if name not in header:
            found.append(
                ctx.warning(line, "header", f"header field {name} is missing (msgfmt --check-header)")
            )
    texts = [f"{k}: {v}" for k, v in header.items()] + catalog.header_comments
    for placeholder in PLACEHOLDERS:
        if any(placeholder in text for text in texts):
            found.append(
                ctx.error(line, "header", f"the template placeholder {q(placeholder)} is still there")
            )
    return found


def _plural_forms(ctx: Context, line: int, lang: str, value: str | None) -> list[Finding]:
    if value is None:
        return [ctx.error(line, "header", "no Plural-Forms in the header")]
    if not lang:
        return []
    from babel.messages.plurals import get_plural

    try:
        expected = get_plural(lang)
    except (ValueError, LookupError):
        return [ctx.warning(line, "header", f"no plural rules known for {lang!r}: Plural-Forms not verified")]
    want = f"nplurals={expected.num_plurals}; plural={expected.plural_expr};"
    if not _same_plurals(value, expected.num_plurals, expected.plural_expr):
        return [ctx.error(line, "header", f"Plural-Forms for {lang} must be `{want}`, found `{value}`")]
    return []


def _same_plurals(value: str, nplurals: int, expr: str) -> bool:
    """Same number of forms and the same form for every n (written differently is fine)."""
    import gettext

    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=(.+?);?\s*", value)
    if not match or int(match.group(1)) != nplurals:
        return False
    try:
        given, wanted = gettext.c2py(match.group(2)), gettext.c2py(expr)
        return all(given(n) == wanted(n) for n in range(1000))
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError, OverflowError):
        return False


# --- entries ------------------------------------------------------------------------------------------


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


def check_markup(ctx: Context, entry: Entry, text: str) -> list[Finding]:
    """Markup of the source survives; added markup is broken (literal markers) or injected."""
    src, dst = markup.analyse(entry.msgid), markup.analyse(text)
    line = entry.msgstr_line
    found: list[Finding] = []

    def compare(kind: str, a: Counter[str], b: Counter[str], added: str = "markup") -> None:
        for item in sorted((a - b).elements()):
            found.append(ctx.error(line, "markup", f"{kind} {q(item)} of the source is missing or changed"))
        for item in sorted((b - a).elements()):
            check = added if added != "role" else ("markup" if ":<" in item else "injection")
            found.append(
                ctx.error(line, check, f"the translation adds a {kind} {q(item)} the source does not have")
            )

    for kind, count_a, count_b in (
        ("**strong**", src.strong, dst.strong),
        ("*emphasis*", src.emphasis, dst.emphasis),
    ):
        if count_a != count_b:
            found.append(
                ctx.error(line, "markup", f"{kind}: {count_a} in the source, {count_b} in the translation")
            )
    compare("code span", src.code, dst.code)
    compare("role", src.roles, dst.roles, added="role")  # a new role name injects; a changed target breaks
    compare("link to", src.links, dst.links, added="injection")
    compare("image", src.images, dst.images, added="injection")
    compare("footnote reference", src.footnotes, dst.footnotes)
    compare("substitution", src.substitutions, dst.substitutions)
    for tag in sorted((dst.html - src.html).elements()):
        found.append(ctx.error(line, "injection", f"raw HTML <{tag}> the source does not have"))
    for tag in sorted((src.html - dst.html).elements()):
        found.append(ctx.error(line, "markup", f"raw HTML <{tag}> of the source is missing"))
    for name in sorted((dst.directives - src.directives).elements()):
        found.append(
            ctx.error(line, "injection", f"a directive or code block {q(name)} the source does not have")
        )
    for name in sorted((dst.blocks - src.blocks).elements()):
        found.append(
            ctx.error(
                line, "markup", f"the translation is parsed as a {name} (block markup) the source is not"
            )
        )
    for marker in markup.MARKERS:
        if dst.literal[marker] > src.literal[marker]:
            found.append(
                ctx.error(line, "markup", f"unbalanced {q(marker)}: markup that does not open or close")
            )
    for pair in ("()", "[]"):
        if text.count(pair[0]) - text.count(pair[1]) != entry.msgid.count(pair[0]) - entry.msgid.count(
            pair[1]
        ):
            found.append(ctx.error(line, "markup", f"unbalanced brackets {q(pair)}"))
    return _unique(found)


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


SENTENCE_END = re.compile(r"([^\s]*?)([.!?…]+)[\"'»”“’)\]]*\s+(?=[\"'«„“‘(\[]?[\w])")


def sentence_count(text: str, language: Language | None) -> int:
    if not text.strip():
        return 0
    count = 1
    abbreviations = language.abbreviations if language else frozenset()
    for match in SENTENCE_END.finditer(text):
        before = match.group(1).lower().strip("(«“\"'")
        nxt = text[match.end() : match.end() + 1]
        if match.group(2) == "." and (before in abbreviations or (len(before) == 1 and before.isalpha())):
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


EntryCheck = Callable[[Context, Entry, str], list[Finding]]
ENTRY_CHECKS: tuple[EntryCheck, ...] = (
    check_numbers,
    check_markup,
    check_glossary,
    check_script,
    check_sentences,
    check_punctuation,
    check_quotes,
    check_whitespace,
)


def check_entry(ctx: Context, entry: Entry, checks: Sequence[EntryCheck] = ENTRY_CHECKS) -> list[Finding]:
    state = check_state(ctx, entry)
    if state:
        return state  # nothing to compare yet
    found = check_newlines(ctx, entry)
    # Compare composed forms: an editor may save "ş" as "s" + combining cedilla.
    entry = replace(entry, msgid=unicodedata.normalize("NFC", entry.msgid))
    for text in (unicodedata.normalize("NFC", t) for t in entry.translations):
        for check in checks:
            try:
                found.extend(check(ctx, entry, text))
            except Exception as exc:  # a checker bug must not hide the other findings or crash the run
                found.append(
                    ctx.error(
                        entry.msgstr_line, check.__name__.removeprefix("check_"), f"could not check: {exc!r}"
                    )
                )
    return found


def check_catalog(
    ctx: Context,
    catalog: PoCatalog,
    folder_lang: str | None = None,
    checks: Sequence[EntryCheck] = ENTRY_CHECKS,
) -> list[Finding]:
    found = check_header(ctx, catalog, folder_lang)
    nplurals = re.search(r"nplurals\s*=\s*(\d+)", catalog.header.get("Plural-Forms", ""))
    for entry in catalog.entries:
        if nplurals and entry.msgid_plural is not None and len(entry.plurals) != int(nplurals.group(1)):
            message = f"{len(entry.plurals)} plural forms where the header says nplurals={nplurals.group(1)}"
            found.append(ctx.error(entry.line, "syntax", message))  # msgfmt --check: a fatal error
        found.extend(check_entry(ctx, entry, checks))
    return sort(found)


def sort(findings: Iterable[Finding]) -> list[Finding]:
    order = {name: i for i, name in enumerate(CHECKS)}
    return sorted(findings, key=lambda f: (f.path, f.line, order.get(f.check, len(order)), f.message))


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


# --- files --------------------------------------------------------------------------------------------


class CheckError(Exception):
    """The check could not run: a path that does not exist, a file that cannot be read."""


def folder_language(path: Path) -> str | None:
    """`locales/<lang>/LC_MESSAGES/x.po` -> lang; None for a catalog outside that layout."""
    parts = path.parts
    if len(parts) >= 3 and parts[-2] == "LC_MESSAGES":
        return parts[-3]
    return None


def check_file(
    path: Path,
    display: str,
    terms: list[glossary_mod.Term],
    source_lang: str = "en",
    checks: Sequence[EntryCheck] = ENTRY_CHECKS,
) -> list[Finding]:
    """Every finding of one catalog; `checks` narrows the per-message checks (the build's preflight needs
    only the markup check, where injections are found)."""
    from booklet.catalogs import CatalogUnreadable, read_catalog

    try:
        catalog, problems = read_catalog(path, display)
    except CatalogUnreadable as exc:
        raise CheckError(str(exc)) from exc
    if catalog is None:
        return problems
    lang = catalog.header.get("Language") or folder_language(path)
    ctx = Context(display, lang, langdata.get(lang), langdata.get(source_lang), terms, source_lang)
    return sort(problems + check_catalog(ctx, catalog, folder_language(path), checks))


def expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.po") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise CheckError(f"{path}: no such file or folder")
    return list(dict.fromkeys(files))


def display_path(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def run(
    paths: Iterable[Path],
    base: Path,
    glossary_path: Path | None,
    source_lang: str = "en",
    strict: bool = False,
) -> list[Finding]:
    """Check every catalog under `paths`. Raises CheckError when it cannot run."""
    findings: list[Finding] = []
    terms: list[glossary_mod.Term] = []
    if glossary_path is not None and glossary_path.is_file():
        try:
            terms = glossary_mod.load(glossary_path)
        except glossary_mod.GlossaryError as exc:
            findings.append(Finding(display_path(exc.path, base), exc.line, ERROR, "glossary", exc.message))
    for path in expand(paths):
        findings.extend(check_file(path, display_path(path, base), terms, source_lang))
    if strict:
        findings = [Finding(f.path, f.line, ERROR, f.check, f.message) for f in findings]
    return findings
