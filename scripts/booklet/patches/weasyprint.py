"""WeasyPrint's private functions, patched for one document at a time.

`tagged_document`: WeasyPrint's tagged PDF, completed for PDF/UA.

- /Lang per element: WeasyPrint writes the document's language into the catalog only; in the parallel edition
  every paragraph has its own language, and a screen reader or text-to-speech needs it. The structure tree
  builder (a private function) is wrapped to copy each element's `lang` to the structure element it yields.
- Margin boxes (running heads, page numbers) as artifacts: WeasyPrint marks their text like the body's, with
  MCIDs whose structure elements it then leaves out of the tree ("could be included as Artifact, but that's
  only allowed in PDF 2.0"): content neither in the structure tree nor an artifact, which PDF/UA forbids and a
  screen reader would read on every page. An artifact is allowed in PDF 1.7 content streams: the margin box is
  drawn inside /Artifact BMC ... EMC with tagging off, and its (then empty) tree is not built.

`stylesheets_parsed_once`: a document is laid out several times (rendering/typeset.py, and its trial
document, which has the same <head>); WeasyPrint's `find_stylesheets` parses every <link> and <style> of it at
each layout. Within the block, the sheets found for the same sources are parsed once and given again.

`pseudo_styles_on_demand`: WeasyPrint's own stylesheet gives every element a ::marker, ::footnote-call,
::footnote-marker, ::note-call, ::note-marker and ::note-callback style, and WeasyPrint makes the computed
style of each, for every element, before the layout (each with a cascade of its own); its boxes ask for a few
(a list item's marker, a footnote's call), and a long document's layout holds all of them.
Within the block, a pseudo-element's style is made the first time it is asked for, from the cascade it would
have been made from up front; equal cascades are kept once. One with an anchor is made up front, as its
anchor is collected when it is made.

`page_styles_shared`: WeasyPrint makes the styles of each page and its margin boxes (and adds the @page
declarations that match it to its cascade) for each page of each layout: every page's type is its own, as
it holds the page's number. Within the block, pages whose types match the same @page rules share one set of
styles, made for the first of them; what WeasyPrint changes in them per page (its page-based counters) comes
out the same at each page.

`streams_made_when_painted`: WeasyPrint paints every page into a content stream of its own, a list with an
object per drawing operator, and pydyf joins and deflates each list only when the PDF is written: every
page's operators were in memory at once, beside the laid-out document. Within the block, a page's stream is
made (joined and deflated, booklet.patches.pydyf) as soon as the page is painted (nothing is added to it
after): the PDF is the same.

`read_when_paginated`: a layout of the typesetter (rendering/typeset.py) is read for the rules once its pages
are made; only the one that keeps them becomes the document. WeasyPrint then still lays out every page's
margin boxes and makes its page objects, for each layout and for the trial document. Within the block, the
pages go to a reader first, and a layout the reader does not want stops there (`Unfinished`).

`line_splits_remembered`: the layouts of one document (and its trial document) set mostly the same lines in
the same measure again; WeasyPrint breaks each line anew (`split_first_line`, a third of a layout). Within the
block, a line split is made once for each text, measure and every style property the split reads, and given
again; what else it consulted (the typesetter's hyphenation exclusions) is asked whether it still holds. The
splits are data (`LineSplits`): the watch mode keeps them, with the fonts they were made with, for its next
render of the same edition; the patch still ends with its block.

Each is installed for its block and removed after it: a patch never outlives the document it was made for.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from booklet.patches import require

MADE_FOR = "70.0"
T = TypeVar("T")

# Every style property WeasyPrint's split_first_line reads, itself or through the Pango layout it makes
# (text/line_break.py: Layout.setup, set_text, line_size; text/fonts.py: get_font_description).
SPLIT_PROPERTIES = (
    "font_family", "font_style", "font_stretch", "font_weight", "font_size", "font_kerning",
    "font_variant_ligatures", "font_variant_position", "font_variant_caps", "font_variant_numeric",
    "font_variant_alternates", "font_variant_east_asian", "font_feature_settings",
    "font_variation_settings", "font_language_override", "lang", "direction", "text_decoration_line",
    "white_space", "hyphens", "hyphenate_limit_chars", "hyphenate_limit_zone", "hyphenate_character",
    "overflow_wrap", "word_break", "letter_spacing", "word_spacing", "tab_size",
)  # fmt: skip


@contextlib.contextmanager
def _replaced(owner: Any, **replacements: Any) -> Iterator[None]:
    """Within the block, attributes of `owner` (a module or class of WeasyPrint) are the `replacements`;
    after it, what they were."""
    saved = {name: getattr(owner, name) for name in replacements}
    for name, value in replacements.items():
        setattr(owner, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(owner, name, value)


@contextlib.contextmanager
def tagged_document() -> Iterator[None]:
    """Within the block (the layout and writing of one document): structure elements carry their element's
    `lang`, and margin boxes are artifacts."""
    import pydyf
    import weasyprint
    from weasyprint import draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    build, draw_context = tags._build_box_tree, draw.draw_stacking_context

    def build_with_lang(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for struct in build(box, parent, pdf, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    def draw_as_artifact(stream: Any, stacking_context: Any) -> None:
        saved = getattr(stream, "_tags", None)
        if saved is None or not isinstance(stacking_context.box, boxes.MarginBox):
            draw_context(stream, stacking_context)
            return
        pydyf.Stream.begin_marked_content(stream, "Artifact")
        stream._tags = None  # nothing inside is marked as content or collected for the tree
        try:
            draw_context(stream, stacking_context)
        finally:
            stream._tags = saved
            pydyf.Stream.end_marked_content(stream)

    with (
        _replaced(tags, _build_box_tree=build_with_lang),
        _replaced(draw, draw_stacking_context=draw_as_artifact),
    ):
        yield


@contextlib.contextmanager
def stylesheets_parsed_once() -> Iterator[None]:
    """Within the block, the author stylesheets of documents with the same <style> and <link> elements (and
    the same base URL, fetcher, fonts and colour profiles) are parsed once. A parsed sheet holds no state of
    the layout it was parsed for; what its parse added to that layout's @page rules, layers and counter
    styles is added to each later one's."""
    import weasyprint
    from weasyprint import css

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    find = css.find_stylesheets
    parsed: dict[tuple[Any, ...], tuple[list[Any], list[Any], list[Any], dict[str, Any]]] = {}

    def find_once(
        wrapper_element: Any,
        media_type: str,
        url_fetcher: Any,
        base_url: str,
        font_config: Any,
        counter_style: Any,
        color_profiles: Any,
        page_rules: list[Any],
        layers: list[Any],
    ) -> Iterator[Any]:
        sources = tuple(
            (w.etree_element.tag, tuple(sorted(w.etree_element.attrib.items())), w.etree_element.text)
            for w in wrapper_element.query_all("style", "link")
        )
        key = (sources, media_type, base_url, id(url_fetcher), id(font_config), id(color_profiles))
        if key not in parsed:
            counters = dict(counter_style)
            sheets = list(
                find(
                    wrapper_element, media_type, url_fetcher, base_url, font_config, counter_style,
                    color_profiles, page_rules, layers,
                )
            )  # fmt: skip
            added = {k: v for k, v in counter_style.items() if counters.get(k) is not v}
            parsed[key] = (sheets, list(page_rules), list(layers), added)
        else:
            _sheets, rules, names, added = parsed[key]
            page_rules.extend(rules)
            layers.extend(names)
            counter_style.update(added)
        return iter(parsed[key][0])

    with _replaced(css, find_stylesheets=find_once):
        yield


@contextlib.contextmanager
def pseudo_styles_on_demand() -> Iterator[None]:
    """Within the block, a pseudo-element's style is computed when WeasyPrint first asks for it, not for
    every element up front; elements whose pseudo-element cascades are equal share one cascade."""
    import weasyprint
    from weasyprint.css import StyleFor

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    init, call, compute = StyleFor.__init__, StyleFor.__call__, StyleFor.set_computed_styles

    def init_deferring(self: Any, html: Any, *args: Any, **kwargs: Any) -> None:
        deferred: dict[tuple[Any, str], dict[str, Any]] = {}
        shared: dict[tuple[Any, ...], dict[str, Any]] = {}

        def defer(element: Any, parent: Any, root: Any = None, pseudo_type: Any = None, **more: Any) -> None:
            cascaded = self._cascaded_styles.get((element, pseudo_type), {})
            # an anchor is collected as the style is made: such a style is made now, as WeasyPrint does
            if pseudo_type is None or parent is not element or "anchor" in cascaded:
                compute(self, element, parent, root, pseudo_type, **more)
                return
            if not deferred:  # the same for every pseudo-element of the document: kept once
                self._deferred_arguments = {"root": root, **more}
            key = tuple((name, id(values), weight) for name, (values, weight) in cascaded.items())
            deferred[element, pseudo_type] = shared.setdefault(key, cascaded)

        self.set_computed_styles = defer
        try:
            init(self, html, *args, **kwargs)
        finally:
            del self.set_computed_styles
        self._deferred = deferred

    def call_computing(self: Any, element: Any, pseudo_type: Any = None) -> Any:
        deferred = self.__dict__.get("_deferred")
        cascaded = deferred.pop((element, pseudo_type), None) if deferred else None
        if cascaded is not None:  # made from its cascade, as WeasyPrint would have made it up front
            self._cascaded_styles[element, pseudo_type] = cascaded
            try:
                compute(self, element, element, pseudo_type=pseudo_type, **self._deferred_arguments)
            finally:
                del self._cascaded_styles[element, pseudo_type]
        return call(self, element, pseudo_type)

    with _replaced(StyleFor, __init__=init_deferring, __call__=call_computing):
        yield


@contextlib.contextmanager
def page_styles_shared() -> Iterator[None]:
    """Within the block, pages matched by the same @page rules share their page's and margin boxes' styles
    (the first page keeps its own: viewport units take their size from it once it is made)."""
    import weasyprint
    from weasyprint.layout import page as pages

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    set_styles = pages.set_page_type_computed_styles

    def set_shared(page_type: Any, html: Any, style_for: Any) -> None:
        if page_type.index == 0:
            set_styles(page_type, html, style_for)
            return
        # a page's styles are made from the @page rules its type matches, and the root element's style
        matched = tuple(
            id(selector)
            for sheet, _origin, _specificity in style_for._sheets
            for _rule, selectors, _declarations in sheet.page_rules
            for selector in selectors
            if style_for._page_type_match(selector[2], page_type)
        )
        made: dict[tuple[int, ...], list[Any]] = style_for.__dict__.setdefault("_shared_pages", {})
        computed = style_for._computed_styles
        if matched not in made:
            set_styles(page_type, html, style_for)
            made[matched] = [(pseudo, style) for (key, pseudo), style in computed.items() if key == page_type]
        for pseudo, style in made[matched]:
            computed[page_type, pseudo] = style

    with _replaced(pages, set_page_type_computed_styles=set_shared):
        yield


@contextlib.contextmanager
def streams_made_when_painted() -> Iterator[None]:
    """Within the block, a page's content stream is made as soon as the page is painted."""
    import weasyprint
    from weasyprint.document import Page

    from booklet.patches.pydyf import made_now

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    paint = Page.paint

    def paint_and_make(self: Any, stream: Any, scale: float = 1) -> None:
        paint(self, stream, scale)
        made_now(stream)

    with _replaced(Page, paint=paint_and_make):
        yield


class Unfinished(Exception):
    """A layout its reader did not want, stopped once paginated (read_when_paginated)."""


@contextlib.contextmanager
def read_when_paginated(read: Callable[[list[Any]], bool]) -> Iterator[None]:
    """Within the block, each layout gives its page boxes to `read` once they are all made (after the last
    repagination, before any margin box); if `read` returns False, `HTML.render` raises Unfinished there."""
    import weasyprint
    from weasyprint import layout

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    make_pages, make_margin_boxes = layout.make_all_pages, layout.make_margin_boxes
    made: list[Any] = []  # the pages of the last pagination, until they are read

    def making(*args: Any) -> Iterator[Any]:
        made[:] = make_pages(*args)
        yield from made

    def reading_first(context: Any, page: Any, state: Any) -> Any:
        if made:  # the first page's margin boxes: the pagination is over
            pages = made[:]
            made.clear()
            if not read(pages):
                raise Unfinished
        return make_margin_boxes(context, page, state)

    with _replaced(layout, make_all_pages=making, make_margin_boxes=reading_first):
        yield


def _frozen(value: Any) -> Any:
    """A style value as a key: a set (text-decoration-line) or list as its frozen equal."""
    if isinstance(value, set | frozenset):
        return frozenset(value)
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


class LineSplits:
    """The line splits `line_splits_remembered` made. A caller may keep them for its next document with the
    same fonts (the same `FontConfiguration`, which every key holds): the watch mode's next render of an
    edition sets most of its lines as the last one did."""

    def __init__(self) -> None:
        self.made: dict[tuple[Any, ...], list[tuple[Any, Callable[[], bool]]]] = {}
        self.styles: dict[tuple[Any, ...], int] = {}  # each distinct style (as far as a split reads it)


@contextlib.contextmanager
def line_splits_remembered(
    consult: Callable[[Callable[[], T]], tuple[T, Callable[[], bool]]],
    splits: LineSplits | None = None,
) -> Iterator[Callable[[], None]]:
    """Within the block, a line split is made once and given again for the same text, measure and style.
    `consult(split)` makes a split and returns it with a test of whether what else it consulted still holds;
    a remembered split is given again only while it does. `splits`: those of an earlier block to start from;
    what the block did not ask for again is dropped from them when it ends. The block is given a `forget()`:
    from then on nothing is remembered, and what was is let go."""
    import weasyprint
    from weasyprint.layout import inline

    require("WeasyPrint", weasyprint.__version__, MADE_FOR)
    split = inline.split_first_line
    splits = splits or LineSplits()
    made, styles = splits.made, splits.styles
    asked: set[tuple[Any, ...]] = set()

    def remembered(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        def make() -> Any:
            return split(text, style, context, max_width, justification_spacing, is_line_start, minimum)

        try:
            look = (id(style.font_config), *(_frozen(style[name]) for name in SPLIT_PROPERTIES))
            styled = styles.setdefault(look, len(styles))
        except TypeError:  # a style value with no frozen form: split as WeasyPrint does
            return make()
        # the text by its digest: a long document's texts (the rest of a paragraph, at each line) are many
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        key = (digest, styled, max_width, justification_spacing, is_line_start, minimum)
        asked.add(key)
        known = made.setdefault(key, [])
        result: Any = next((given for given, holds in known if holds()), None)
        if result is None:
            result, holds = consult(make)
            known.append((result, holds))
        layout, *measures = result
        # a copy: the layout a split gave (done with its Pango objects) is never shared by two text boxes
        return (copy.copy(layout), *measures)

    def forget() -> None:
        made.clear()
        asked.clear()
        inline.split_first_line = split

    with _replaced(inline, split_first_line=remembered):
        yield forget
    for key in made.keys() - asked:
        del made[key]
