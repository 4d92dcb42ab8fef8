"""Format strings, as `msgfmt --check` compares them: an entry flagged `c-format`, `python-format` or
`python-brace-format` must use in its msgstr the arguments its msgid uses (a translation that drops,
adds or retypes one makes the program fail or print the wrong value: Sphinx formats its interface
strings with `str.format` and `%`).

Each parser returns a Spec (the arguments, by position or name) or raises FormatInvalid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FLAGS = ("c-format", "python-format", "python-brace-format")


class FormatInvalid(ValueError):
    pass


@dataclass
class Spec:
    positional: list[str] = field(default_factory=list)  # argument types in order
    named: dict[str, str] = field(default_factory=dict)  # name -> type


_C_DIRECTIVE = re.compile(
    r"%(?:(?P<arg>[0-9]+)\$)?[-+ #0'I]*+"
    r"(?P<width>\*(?:(?P<warg>[0-9]+)\$)?|[0-9]++)?"
    r"(?:\.(?P<precision>\*(?:(?P<parg>[0-9]+)\$)?|[0-9]*+))?"
    r"(?P<size>hh|h|ll|l|L|q|j|z|Z|t)?"
    r"(?P<conversion><PRI(?:[diouxX](?:8|16|32|64|LEAST8|LEAST16|LEAST32|LEAST64|FAST8|FAST16|FAST32|FAST64|MAX|PTR))>|.?)",
    re.DOTALL,
)
_C_TYPES = {
    **dict.fromkeys("di", "int"),
    **dict.fromkeys("ouxX", "unsigned"),
    **dict.fromkeys("eEfFgGaA", "double"),
    "c": "char",
    "C": "wchar",
    "s": "string",
    "S": "wstring",
    "p": "pointer",
    "n": "count",
}


def parse_c(text: str) -> Spec:
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []
    position = 0
    while (start := text.find("%", position)) >= 0:
        directive = _C_DIRECTIVE.match(text, start)
        assert directive is not None  # the pattern matches any "%"
        position = directive.end()
        conversion = directive.group("conversion")
        if conversion in ("%", "m"):
            continue
        if conversion == "":
            raise FormatInvalid("the string ends in the middle of a directive")
        size = directive.group("size") or ""
        if conversion.startswith("<PRI"):
            kind = "int" if conversion[4] in "di" else "unsigned"
            size = conversion[5:-1]
        elif conversion in _C_TYPES:
            kind = _C_TYPES[conversion]
        else:
            raise FormatInvalid(f"the character {conversion!r} is not a valid conversion specifier")
        if kind in ("char", "string") and size == "l":
            kind, size = "w" + kind, ""
        for star, arg in ((directive.group("width"), "warg"), (directive.group("precision"), "parg")):
            if star and star.startswith("*"):
                _c_argument(numbered, unnumbered, directive.group(arg), "int")
        _c_argument(numbered, unnumbered, directive.group("arg"), f"{kind}{size}")
    if numbered and unnumbered:
        raise FormatInvalid("numbered (%1$s) and unnumbered (%s) arguments are mixed")
    if numbered:
        for expected in range(1, max(numbered) + 1):
            if expected not in numbered:
                raise FormatInvalid(f"argument number {expected} is never used")
        return Spec([numbered[n] for n in sorted(numbered)])
    return Spec(unnumbered)


def _c_argument(numbered: dict[int, str], unnumbered: list[str], number: str | None, kind: str) -> None:
    if number is None:
        unnumbered.append(kind)
        return
    position = int(number)
    if position == 0:
        raise FormatInvalid("argument number 0")
    if numbered.get(position, kind) != kind:
        raise FormatInvalid(f"argument number {position} is used with two types")
    numbered[position] = kind


_PY_DIRECTIVE = re.compile(
    r"%(?:\((?P<name>[^)]*+)\))?[-+ #0]*+(?P<width>\*|[0-9]++)?(?:\.(?P<precision>\*|[0-9]*+))?"
    r"[hlL]?(?P<conversion>.?)",
    re.DOTALL,
)
_PY_TYPES = {
    "%": "",
    "c": "char",
    **dict.fromkeys("sra", "string"),
    **dict.fromkeys("iduoxX", "int"),
    **dict.fromkeys("eEfFgG", "float"),
}


def parse_python(text: str) -> Spec:
    spec = Spec()
    position = 0
    while (start := text.find("%", position)) >= 0:
        directive = _PY_DIRECTIVE.match(text, start)
        assert directive is not None
        position = directive.end()
        conversion = directive.group("conversion")
        if conversion not in _PY_TYPES:
            if not conversion:
                raise FormatInvalid("the string ends in the middle of a directive")
            raise FormatInvalid(f"the character {conversion!r} is not a valid conversion specifier")
        kind = _PY_TYPES[conversion]
        if kind == "string" and directive.group("precision") and not directive.group("precision").strip("0"):
            kind = "any"  # %.0s prints nothing: any argument fits
        name = directive.group("name")
        stars = [g for g in (directive.group("width"), directive.group("precision")) if g == "*"]
        if stars:
            if spec.named:
                raise FormatInvalid("named and unnamed arguments are mixed")
            spec.positional.extend("int" for _ in stars)
        if name is not None:
            if spec.positional:
                raise FormatInvalid("named and unnamed arguments are mixed")
            old = spec.named.get(name)
            if old is not None and kind != old and "any" not in (kind, old):
                raise FormatInvalid(f"the argument {name!r} is used in incompatible ways")
            spec.named[name] = old if kind == "any" and old else kind
        elif conversion != "%":
            if spec.named:
                raise FormatInvalid("named and unnamed arguments are mixed")
            spec.positional.append(kind)
    return spec


_NAME = r"[A-Za-z_][A-Za-z0-9_]*+"
_BRACE_FIELD = re.compile(rf"(?:{_NAME}|[0-9]++)(?:\.{_NAME}|\[(?:{_NAME}|[0-9]++)\])*+")
_BRACE_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?#?0?[0-9]*+(?:\.[0-9]*+)?[bcdoxXneEfFgG%]?")


def parse_python_brace(text: str) -> Spec:
    """str.format fields as gettext reads them: a field's whole text, with its format spec, is its name."""
    spec = Spec()
    position = 0
    while (start := text.find("{", position)) >= 0:
        if text.startswith("{{", start):
            position = start + 2
            continue
        end = _brace_field(text, start + 1, top=True)
        spec.named[text[start + 1 : end]] = ""
        position = end + 1
    return spec


def _brace_field(text: str, position: int, top: bool) -> int:
    """The index of the `}` that closes the field starting at `position`."""
    name = _BRACE_FIELD.match(text, position)
    if name is None:
        shown = text[position : position + 1] or "the end"
        raise FormatInvalid(f"{shown!r} cannot start a field name")
    position = name.end()
    if text.startswith(":", position):
        if not top:
            raise FormatInvalid("no more nesting is allowed in a format specifier")
        position += 1
        if text.startswith("{", position):
            position = _brace_field(text, position + 1, top=False) + 1
        else:
            format_spec = _BRACE_SPEC.match(text, position)
            position = format_spec.end() if format_spec else position
    if not text.startswith("}", position):
        raise FormatInvalid("there is an unterminated format directive")
    return position


PARSERS = {"c-format": parse_c, "python-format": parse_python, "python-brace-format": parse_python_brace}


def compare(
    source: Spec, translation: Spec, strict: bool, msgid_name: str, msgstr_name: str, extra_ok: bool = False
) -> str | None:
    """msgfmt's verdict on a translation's arguments (None: they fit). `extra_ok`: a relaxed comparison
    lets the translation use names the source lacks (msgfmt's rule for python-brace-format)."""
    a, b = msgid_name, msgstr_name
    if source.named and translation.positional:
        return f"format specifications in '{a}' expect a mapping, those in '{b}' expect a tuple"
    if source.positional and translation.named:
        return f"format specifications in '{a}' expect a tuple, those in '{b}' expect a mapping"
    for name in sorted(set(source.named) | set(translation.named)):
        if name not in source.named:
            if extra_ok and not strict:
                continue
            return f"a format specification for argument '{name}', as in '{b}', doesn't exist in '{a}'"
        if name not in translation.named:
            if strict:
                return f"a format specification for argument '{name}' doesn't exist in '{b}'"
            continue
        given, wanted = translation.named[name], source.named[name]
        if given != wanted and (strict or "any" not in (given, wanted)):
            return f"format specifications in '{a}' and '{b}' for argument '{name}' are not the same"
    counts = len(source.positional), len(translation.positional)
    if (counts[0] != counts[1]) if strict else counts[1] > counts[0]:
        return f"number of format specifications in '{a}' and '{b}' does not match"
    for index, (wanted, given) in enumerate(zip(source.positional, translation.positional, strict=False)):
        if given != wanted and (strict or "any" not in (given, wanted)):
            return f"format specifications in '{a}' and '{b}' for argument {index + 1} are not the same"
    return None
