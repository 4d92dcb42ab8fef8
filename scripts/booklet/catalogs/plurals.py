"""A catalog's `Plural-Forms`: read it as both of its readers do, msgfmt and Python's gettext.

msgfmt takes `nplurals=` and `plural=` from anywhere in the header, the expression up to `;`; Python's
GNUTranslations (what Sphinx uses at run time) takes the expression from the second `;`-separated part and
compiles it with gettext.c2py. A rule either of them refuses, or one that gives a form outside
0..nplurals-1 for some n, is refused here too (Sphinx would publish the language in English, or stop).
"""

from __future__ import annotations

import contextlib
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

SAMPLE = range(1001)  # msgfmt evaluates a rule for n = 0 .. 1000
OFTEN = 5  # a form taken at least this often is taken for infinitely many n (as msgfmt assumes)


class PluralError(ValueError):
    """The rule is refused; the message says why."""


@dataclass(frozen=True)
class Rule:
    nplurals: int
    expression: str
    forms: tuple[int, ...]  # the form for each n of SAMPLE

    def often(self, index: int) -> bool:
        """Whether form `index` stands for many numbers (a translation must then show the number)."""
        return self.forms.count(index) > OFTEN

    def same_as(self, other: Rule) -> bool:
        return self.nplurals == other.nplurals and self.forms == other.forms


def _python_plural(value: str) -> Callable[[int], int]:
    """What Python's gettext does with the header value (GNUTranslations._parse)."""
    parts = value.split(";")
    if len(parts) < 2 or "plural=" not in parts[1]:
        raise PluralError("Python's gettext reads the rule after the first `;` and finds no `plural=` there")
    try:
        return gettext.c2py(parts[1].split("plural=")[1])
    except (ValueError, SyntaxError, RecursionError, OverflowError) as exc:
        raise PluralError(f"Python's gettext refuses the plural expression: {exc}") from None


def _c_plural(expression: str) -> Callable[[int], int]:
    try:
        return gettext.c2py(expression)
    except (ValueError, SyntaxError, RecursionError, OverflowError) as exc:
        raise PluralError(f"invalid plural expression: {exc}") from None


@lru_cache(maxsize=64)
def parse_rule(value: str, python: bool = True) -> Rule:
    """The rule of a Plural-Forms value. Raises PluralError when msgfmt or (`python`) Python's gettext
    refuses it. (Kept for the next catalog: a language's catalogs share one value, and the rule is evaluated
    for each n of SAMPLE.)"""
    number = re.search(r"nplurals=\s*(\d*)", value)
    if number is None:
        raise PluralError("no `nplurals=` in Plural-Forms")
    if not number.group(1):
        raise PluralError("invalid nplurals value")
    nplurals = int(number.group(1))
    expression = re.search(r"plural=([^;\n]*)", value)
    if expression is None:
        raise PluralError("no `plural=` in Plural-Forms")
    if re.search(r"[^n0-9\s?:|&!=<>+\-*/%()]", expression.group(1)):
        raise PluralError("invalid plural expression (msgfmt takes n, numbers and C operators only)")
    function = _python_plural(value) if python else _c_plural(expression.group(1))
    forms = []
    for n in SAMPLE:
        try:
            form = int(function(n))
        except ZeroDivisionError:
            raise PluralError("plural expression can produce division by zero") from None
        except (ArithmeticError, ValueError, TypeError, RecursionError) as exc:
            raise PluralError(f"plural expression fails for n = {n}: {exc}") from None
        if form < 0:
            raise PluralError("plural expression can produce negative values")
        if form >= nplurals:
            raise PluralError(
                f"nplurals = {nplurals} but plural expression can produce values as large as {form} (n = {n})"
            )
        forms.append(form)
    return Rule(nplurals, expression.group(1).strip(), tuple(forms))


def cldr_rule(lang: str) -> Rule | None:
    """The rule CLDR gives (through Babel's table), or None when Babel does not know the language."""
    from babel.core import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        plural = get_plural(lang)
    except (UnknownLocaleError, ValueError, LookupError, TypeError):
        return None
    return parse_rule(f"nplurals={plural.num_plurals}; plural={plural.plural_expr};")


@cache
def transifex_rules() -> dict[str, str]:
    """Plural-Forms as Transifex writes them, taken from Sphinx's own catalogs (made on Transifex): the
    rules Sphinx's translators, and so this project's `sphinx.po` files, use."""
    import sphinx

    rules: dict[str, str] = {}
    for po in sorted((Path(sphinx.__file__).parent / "locale").glob("*/LC_MESSAGES/sphinx.po")):
        text = po.read_text(encoding="utf-8", errors="replace")[:4000]
        match = re.search(r'"Plural-Forms: ((?:[^"\\]|\\.)*)\\n"', text)
        if match:
            rules[po.parent.parent.name] = match.group(1)
    return rules


@cache
def known_rules(lang: str) -> tuple[Rule, ...]:
    """The rules a translation tool may have written for `lang`: CLDR's (Babel), then Transifex's."""
    rules = []
    cldr = cldr_rule(lang)
    if cldr is not None:
        rules.append(cldr)
    for code in dict.fromkeys((lang, lang.replace("-", "_"), lang.split("_")[0].split("-")[0])):
        value = transifex_rules().get(code)
        if value is not None:
            with contextlib.suppress(PluralError):
                rules.append(parse_rule(value))
            break
    return tuple(rules)
