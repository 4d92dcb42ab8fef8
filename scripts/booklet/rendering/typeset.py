"""The layout rules CSS cannot state, kept by laying the document out again until they hold.

WeasyPrint breaks lines and pages by itself; some rules of the book designer need the laid-out pages:

- never hyphenate a page's last line (a word must not be split across a page turn or a spread);
- at most two hyphenated lines in a row;
- never a page that holds only the last lines of a paragraph (the paragraph is kept whole instead, when it
  fits on a page: `.keep`, print.css);
- a block marked `data-keep="turn"` (a language's paragraph in the parallel edition) is not split across a
  page turn, from a right-hand page to the next left-hand one, where it fits on a page; split between the
  two pages of a spread, it is still read at a glance;
- never hyphenate a glossary name or a paragraph's last word (the print HTML lists those words in
  `<meta name="booklet-nohyphen">`, booklet.sphinxext.typesetting).

A hyphenated word that breaks a rule is taken out of the hyphenation dictionary (pyphen, which WeasyPrint
asks for break points) for the whole document; a paragraph whose tail would stand alone gets `.keep`. Both
only ever grow, so the passes end; a document that needs none is laid out once. No markup is put around
words: an inline element in a justified line upsets WeasyPrint's line breaking.

A word that may not be hyphenated (a long name) can leave a justified line very loose. A paragraph with a
line whose spaces stretch by more than LOOSE_EM is tried with each of the `.track-N` settings of print.css
(tighter or looser word and letter spacing, which moves its line breaks), and keeps the one whose loosest
line is least loose. The settings are tried in a small document of those paragraphs alone (their lines break
as they do in the book: page breaks do not move line breaks), so a document needs one more layout of its
own, not one per setting.

The layouts are cheaper than the first: a layout is read as soon as it is paginated, and only the one that
becomes the PDF gets its margin boxes (`_lay_out`); a line already split in the same text, measure and style
is not split again while the words it asked the hyphenation dictionary about are excluded as they were
(`consult`; both in booklet.patches.weasyprint).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from booklet.patches.weasyprint import LineSplits

NOHYPHEN_META = "booklet-nohyphen"
KEEP_CLASS = "keep"
TRACKS = ("track-1", "track-2", "track-3", "track-4")  # print.css: tighter and looser word and letter spacing
LOOSE_EM = 0.9  # extra space per word space, in ems, above which a justified line is too loose
MAX_PASSES = 8
# A document longer than this forgets its line splits after its first layout: they add to what its layouts
# hold, and a long document's memory is what bounds a build.
REMEMBERED_PAGES = 100
T = TypeVar("T")

# Words (case-folded, per language) the hyphenation dictionaries must not split in the current render.
_EXCLUDED: dict[str, set[str]] = {}
# The words (language, case-folded) the dictionaries were asked about, while a line split is made (consult).
_ASKED: list[tuple[str, str]] | None = None


def fold(word: str, lang: str) -> str:
    if lang.split("_")[0].split("-")[0] in ("az", "tr"):
        word = word.replace("İ", "i").replace("I", "ı")
    return word.casefold()


def _excluded(lang: str, folded: str) -> bool:
    return folded in _EXCLUDED.get(lang, ())


class _Guarded:
    """A pyphen dictionary that has no break point for an excluded word of its language."""

    def __init__(self, inner: Any, lang: str) -> None:
        self.inner, self.lang = inner, lang

    def positions(self, word: str) -> list[Any]:
        folded = fold(word, self.lang)
        if _ASKED is not None:
            _ASKED.append((self.lang, folded))
        if _excluded(self.lang, folded):
            return []
        return self.inner.positions(word)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def consult(split: Callable[[], T]) -> tuple[T, Callable[[], bool]]:
    """Make a line split (patches.weasyprint.line_splits_remembered), and tell whether it would be made the
    same way again: while each word it asked the dictionaries about is excluded, or not, as it was."""
    global _ASKED
    _ASKED = []
    try:
        made = split()
    finally:
        asked, _ASKED = _ASKED, None
    was = [(lang, word, _excluded(lang, word)) for lang, word in asked]
    return made, lambda: all(_excluded(lang, word) == out for lang, word, out in was)


def guard(lang: str) -> None:
    """Wrap `lang`'s pyphen dictionary (WeasyPrint asks pyphen, which caches dictionaries by path)."""
    import pyphen

    key = pyphen.language_fallback(lang.replace("-", "_"))
    if key is None:
        return
    path = pyphen.LANGUAGES[key]
    current = pyphen.hdcache.get(path)
    if isinstance(current, _Guarded):
        return
    pyphen.hdcache[path] = _Guarded(current or pyphen.HyphDict(path), key.split("_")[0])


@dataclass
class _Line:
    block: Any  # the etree element of the block (paragraph) the line belongs to
    text: str
    hyphen: str  # the hyphenate-character that ends the line, or ""
    lang: str
    group: Any = None  # the nearest element marked data-keep="turn" around it, if any
    stretch: float = 0.0  # the extra space justification gave each word space, in ems


def _lines(box: Any, block: Any = None, lang: str = "", group: Any = None) -> Iterator[_Line]:
    """The line boxes of the page's flow, in order (margin boxes and the footnote area left out)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return
    if isinstance(box, boxes.LineBox):
        texts = [b for b in box.descendants() if isinstance(b, boxes.TextBox)]
        text = "".join(t.text for t in texts)
        last = texts[-1] if texts else None
        mark = last.style["hyphenate_character"] if last is not None else ""
        ends = bool(
            last is not None and mark and last.text.endswith(mark) and last.style["hyphens"] == "auto"
        )
        style_lang = (last.style["lang"] if last is not None else "") or lang
        extra = max((getattr(t, "justification_spacing", 0) or 0 for t in texts), default=0)
        stretch = extra / float(texts[0].style["font_size"]) if texts else 0.0
        yield _Line(block, text, mark if ends else "", style_lang or "", group, stretch)
        return
    if isinstance(box, boxes.BlockBox) and getattr(box, "element", None) is not None:
        block = box.element
        if block.get("data-keep") == "turn":
            group = block
    for child in getattr(box, "children", ()):
        yield from _lines(child, block, lang, group)


def _pages(document: Any) -> list[list[_Line]]:
    return [list(_lines(page._page_box)) for page in document.pages]


def _lay_out(
    html: Any, options: dict[str, Any], judge: Callable[[list[list[_Line]]], tuple[bool, T]]
) -> tuple[T, Any]:
    """`html.render(**options)`, judged once paginated: `judge(lines of each page)` says whether this layout
    is the document, and what it found. Returns that finding and the document, or None: a layout that is
    only read is not finished (no margin boxes, no page objects; patches.weasyprint.read_when_paginated)."""
    from booklet.patches.weasyprint import Unfinished, read_when_paginated

    found: list[T] = []

    def read(page_boxes: list[Any]) -> bool:
        wanted, finding = judge([list(_lines(box)) for box in page_boxes])
        found.append(finding)
        return wanted

    try:
        with read_when_paginated(read):
            document = html.render(**options)
    except Unfinished:
        document = None
    return found[-1], document


def _word_at_break(line: _Line, following: _Line | None) -> str:
    head = line.text[: -len(line.hyphen)].split()[-1] if line.text[: -len(line.hyphen)].split() else ""
    tail = following.text.split()[0] if following is not None and following.text.split() else ""
    word = head + tail
    return "".join(ch for ch in word if ch.isalpha() or ch in "'’-")


def problems(pages: list[list[_Line]]) -> tuple[dict[str, set[str]], list[Any]]:
    """What breaks the rules: words to keep whole (per language) and paragraphs to keep together."""
    words: dict[str, set[str]] = {}
    keep: list[Any] = []
    flow = [line for page in pages for line in page]
    following = {id(line): flow[i + 1] if i + 1 < len(flow) else None for i, line in enumerate(flow)}

    def exclude(line: _Line) -> None:
        word = _word_at_break(line, following[id(line)])
        if word:
            words.setdefault(line.lang.split("-")[0].split("_")[0], set()).add(fold(word, line.lang))

    sizes: dict[int, int] = {}
    for line in flow:
        sizes[id(line.block)] = sizes.get(id(line.block), 0) + 1
    page_lines = max((len(page) for page in pages), default=0)
    earlier: set[int] = set()  # the blocks of the pages before this one
    for page in pages:
        if page and page[-1].hyphen:
            exclude(page[-1])  # a page's last line
        run = 0
        for line in page:
            run = run + 1 if line.hyphen else 0
            if run > 2:
                exclude(line)  # the third hyphen in a row
        blocks = {id(line.block) for line in page}
        alone = len(blocks) == 1 and page[0].block is not None and id(page[0].block) in earlier
        if alone and sizes[id(page[0].block)] <= page_lines * 0.8:
            keep.append(page[0].block)  # this page holds only the last lines of one paragraph (which fits)
        earlier |= blocks
    # A group split across a page turn: from page n (a right-hand page: n odd, counting from 1) to n + 1.
    spans: dict[int, tuple[Any, set[int], int]] = {}
    for number, page in enumerate(pages, start=1):
        for line in page:
            if line.group is not None:
                element, numbers, count = spans.get(id(line.group), (line.group, set(), 0))
                spans[id(line.group)] = (element, numbers | {number}, count + 1)
    for element, numbers, count in spans.values():
        turns = any(n % 2 == 1 and n + 1 in numbers for n in numbers)
        if turns and count <= page_lines * 0.8:
            keep.append(element)
    return words, keep


@dataclass
class _Findings:
    """What a layout breaks that the last one did not: words to keep whole (per language), paragraphs to keep
    together, loose paragraphs not tried yet."""

    words: dict[str, set[str]]
    keep: list[Any]
    loose: list[tuple[Any, float]]
    pages: int


def _judge(
    pages: list[list[_Line]], excluded: dict[str, set[str]], tracked: set[int], last: bool
) -> tuple[bool, _Findings]:
    """Whether a layout is the document (it breaks nothing new, or is the last one allowed), and why not."""
    words, keep = problems(pages)
    found = _Findings(
        {lang: w - excluded.get(lang, set()) for lang, w in words.items()},
        [el for el in keep if KEEP_CLASS not in (el.get("class") or "").split()],
        [
            (element, worst)
            for key, (element, worst) in loosest(pages).items()
            if worst > LOOSE_EM and key not in tracked
        ],
        len(pages),
    )
    return last or not (any(found.words.values()) or found.keep or found.loose), found


def nohyphen_words(root: Any) -> dict[str, set[str]]:
    """The words the print HTML's <meta name="booklet-nohyphen"> lists, per language of the document."""
    found: dict[str, set[str]] = {}
    lang = (root.get("lang") or "").split("-")[0]
    for meta in root.iter("meta"):
        if meta.get("name") == NOHYPHEN_META:
            meta_lang = (meta.get("lang") or lang).split("-")[0]
            found.setdefault(meta_lang, set()).update(
                fold(w, meta_lang) for w in (meta.get("content") or "").split()
            )
    return found


def loosest(pages: list[list[_Line]]) -> dict[int, tuple[Any, float]]:
    """Each paragraph's loosest line: {id(element): (element, stretch in ems)}."""
    found: dict[int, tuple[Any, float]] = {}
    for page in pages:
        for line in page:
            if line.block is not None:
                worst = max(found.get(id(line.block), (None, 0.0))[1], line.stretch)
                found[id(line.block)] = (line.block, worst)
    return found


def _set_track(element: Any, track: str) -> None:
    classes = [c for c in (element.get("class") or "").split() if c not in TRACKS]
    element.set("class", " ".join([*classes, track] if track else classes))


def _shallow(element: Any, keep_id: bool = False, **attributes: str) -> Any:
    """A copy of `element` without its children (and, unless `keep_id`, without its id)."""
    copy = element.makeelement(element.tag, {k: v for k, v in element.attrib.items() if keep_id or k != "id"})
    copy.attrib.update(attributes)
    return copy


def _strip_ids(element: Any) -> Any:
    for el in element.iter():
        el.attrib.pop("id", None)
    return element


SETTINGS = range(len(TRACKS) + 1)  # none, then each of TRACKS


def trial_tree(
    root: Any, elements: list[Any], settings: list[range] | None = None
) -> tuple[Any, dict[int, tuple[int, int]]]:
    """A document that holds, for each of `elements`, a copy with each setting (none, then TRACKS; or those
    of `settings`, one range per element), each under copies of the element's ancestors and after a hidden
    copy of its preceding sibling: so each copy is matched by the same selectors, and set in the same
    measure, as the element in `root`. Its lines break as the element's would with that setting: page
    breaks do not move line breaks. Returns the tree and {id(copy): (index in `elements`, setting)}."""
    import copy as copying

    parents = {child: parent for parent in root.iter() for child in parent}
    clones: dict[int, Any] = {}
    trial = _shallow(root)
    for child in root:
        if child.tag == "head":
            trial.append(copying.deepcopy(child))
    clones[id(root)] = trial
    which: dict[int, tuple[int, int]] = {}

    def clone_of(element: Any) -> Any:
        if id(element) not in clones:
            clones[id(element)] = _shallow(element, keep_id=True)  # each ancestor once: ids stay unique
            clone_of(parents[element]).append(clones[id(element)])
        return clones[id(element)]

    for index, element in enumerate(elements):
        siblings = [c for c in parents[element] if isinstance(c.tag, str)]
        position = siblings.index(element)
        # hidden: it only gives each copy the original's preceding sibling (`p + p`), or none that matches
        before = siblings[position - 1] if position else element.makeelement("span", {})
        home = clone_of(parents[element])
        for setting in settings[index] if settings else SETTINGS:
            home.append(_shallow(before, style="display: none"))
            copy = _strip_ids(copying.deepcopy(element))
            copy.tail = None
            _set_track(copy, TRACKS[setting - 1] if setting else "")
            home.append(copy)
            which[id(copy)] = (index, setting)
    return trial, which


def trial_looseness(
    html: Any, elements: list[Any], options: dict[str, Any], known: list[float | None] | None = None
) -> list[list[float]]:
    """For each of `elements`, the stretch of its loosest line with each setting (none, then TRACKS), all
    laid out in one small document (trial_tree). `known`: an element's stretch with no setting where the
    document's own layout gives it (its lines break there as they would in the trial), None where it does
    not: only the other settings of the former are laid out."""
    import copy as copying

    import cssselect2

    known = known or [None] * len(elements)
    settings = [SETTINGS if stretch is None else SETTINGS[1:] for stretch in known]
    root, which = trial_tree(html.etree_element, elements, settings)
    trial = copying.copy(html)
    trial.etree_element = root
    trial.wrapper_element = cssselect2.ElementWrapper.from_html_root(root)
    results = [[stretch or 0.0] + [0.0] * len(TRACKS) for stretch in known]
    stretches, _none = _lay_out(trial, options, lambda pages: (False, loosest(pages)))
    for key, (_element, worst) in stretches.items():
        if key in which:
            index, setting = which[key]
            results[index][setting] = max(results[index][setting], worst)
    return results


def choose_tracks(
    html: Any, elements: list[Any], options: dict[str, Any], known: list[float | None] | None = None
) -> None:
    """Give each of `elements` the setting (none or one of TRACKS) whose loosest line is least loose
    (`known`: as for trial_looseness)."""
    results = trial_looseness(html, elements, options, known)
    for element, tried in zip(elements, results, strict=True):
        best = min(range(len(tried)), key=tried.__getitem__)
        _set_track(element, TRACKS[best - 1] if best else "")


def _holds(element: Any, words: dict[str, set[str]]) -> bool:
    """Whether any of `words` (per language, folded) may be in the text of `element` (as part of a longer
    word too: a paragraph is never thought free of a word it holds)."""
    text = "".join(element.itertext())
    return any(any(w in fold(text, lang) for w in found) for lang, found in words.items() if found)


def render(html: Any, splits: LineSplits | None = None, **options: Any) -> Any:
    """`html.render(**options)`, again with fixes until the rules hold (at most MAX_PASSES layouts).
    `splits`: the line splits of an earlier render with the same `font_config`, to start from (it holds
    this render's when it returns)."""
    from booklet.patches.weasyprint import line_splits_remembered

    with line_splits_remembered(consult, splits) as forget:
        return _passes(html, options, forget)


def _passes(html: Any, options: dict[str, Any], forget: Callable[[], None]) -> Any:
    import cssselect2
    from weasyprint.text.fonts import FontConfiguration

    from booklet.rendering.heap import give_back

    excluded = nohyphen_words(html.etree_element)
    langs = {(el.get("lang") or "").split("-")[0] for el in html.etree_element.iter() if el.get("lang")}
    for lang in langs - {""}:
        guard(lang)
    # The document's @font-face fonts are loaded once for all its layouts (and the trial's). Only made when
    # not given: each one made costs time, and memory that its native parts never give back.
    if options.get("font_config") is None:
        options["font_config"] = FontConfiguration()
    tracked: set[int] = set()
    document = None
    for attempt in range(MAX_PASSES):
        _EXCLUDED.clear()
        _EXCLUDED.update({lang: set(words) for lang, words in excluded.items()})
        try:
            # the last layout allowed is the document too
            judge = partial(_judge, excluded=excluded, tracked=tracked, last=attempt == MAX_PASSES - 1)
            found, document = _lay_out(html, options, judge)
            if document is not None:
                break
            if found.pages > REMEMBERED_PAGES:
                forget()
            # another layout follows: this one's boxes go before the trial's and the next one's are made,
            # so that one layout is in memory at a time
            give_back()
            for lang, w in found.words.items():
                excluded.setdefault(lang, set()).update(w)
                _EXCLUDED.setdefault(lang, set()).update(w)
            for element in found.keep:
                element.set("class", f"{element.get('class') or ''} {KEEP_CLASS}".strip())
            if found.loose:  # with this pass's fixes, as the next pass sets them
                # a paragraph with none of the words this pass keeps whole breaks its lines as it did in
                # this layout: its stretch with no setting is known
                known = [None if _holds(element, found.words) else worst for element, worst in found.loose]
                choose_tracks(html, [element for element, _worst in found.loose], options, known)
                tracked.update(id(element) for element, _worst in found.loose)
                give_back()  # the trial's layout too
        finally:
            _EXCLUDED.clear()
        html.wrapper_element = cssselect2.ElementWrapper.from_html_root(html.etree_element)
    return document
