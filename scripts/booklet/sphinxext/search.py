"""The site's search, in the reader's language: the same folding on the index (Python) and the query (JS).

Sphinx has no search language for Azerbaijani and falls back to English, whose JavaScript lower-casing
turns "İ" into "i̇" (two characters) and "I" into "i" (not "ı"): "ŞƏHİDLƏR" and "İstiqlal" found nothing.
`SearchAzerbaijani` folds every word as Azerbaijani does (İ/i, I/ı) and then to its letters without
diacritics (ş -> s, ə -> e, ı -> i, ğ -> g, ç -> c, ö -> o, ü -> u), on both sides, so "sehidler" and
"ŞƏHİDLƏR" find "şəhidlər". There is no Azerbaijani stemmer; Sphinx's search also matches a query that is
part of an indexed word ("şəhid" finds "şəhidlərin").

`SearchRussianYo` is Sphinx's Russian search with ё folded to е before stemming, on both sides: "все"
finds "всё", "всё" finds "все".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sphinx.search as sphinx_search
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
from sphinx.search import languages as search_languages
from sphinx.search.ru import SearchRussian

AZ_FOLD = str.maketrans(
    {"ş": "s", "ə": "e", "ı": "i", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "\u0307": None}
)
_MINIFIED = Path(sphinx_search.__file__ or "").parent / "minified-js"


def fold_az(word: str) -> str:
    """An Azerbaijani word as the index and the query both hold it: lower case by Azerbaijani rules, then
    without diacritics."""
    return word.replace("İ", "i").replace("I", "ı").lower().translate(AZ_FOLD)


# The query is lower-cased by the browser first (String.toLowerCase: "İ" -> "i" + U+0307, "I" -> "i"),
# so the JS folding drops U+0307 and maps ı to i, as the Python one does after Azerbaijani lower-casing.
AZ_STEMMER_JS = """
/** Azerbaijani: letters without diacritics, dotted and dotless i as one (booklet.sphinxext.search). */
var Stemmer = function () {
  var fold = {"ş": "s", "ə": "e", "ı": "i", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "\\u0307": ""};
  this.stemWord = function (w) {
    return w.toLowerCase().replace(/[şəığçöü\\u0307]/g, function (c) { return fold[c]; });
  };
};
"""


class SearchAzerbaijani(SearchLanguage):
    lang = "az"
    language_name = "Azerbaijani"
    js_stemmer_code = AZ_STEMMER_JS

    def stem(self, word: str) -> str:
        return fold_az(word)


def _russian_js() -> str:
    base = (_MINIFIED / "base-stemmer.js").read_text(encoding="utf-8")
    russian = (_MINIFIED / "russian-stemmer.js").read_text(encoding="utf-8")
    return "\n".join(
        (
            base,
            russian,
            "/** Russian with ё as е (booklet.sphinxext.search). */",
            "window.Stemmer = function () {",
            "  var inner = new RussianStemmer();",
            '  this.stemWord = function (w) { return inner.stemWord(w.replace(/ё/g, "е")); };',
            "};",
        )
    )


class SearchRussianYo(SearchRussian):
    """Sphinx's Russian search, ё folded to е; the stemmer's JavaScript is inlined, wrapped the same way."""

    js_stemmer_rawcode = ""
    js_stemmer_code = _russian_js()

    def stem(self, word: str) -> str:
        return super().stem(word.lower().replace("ё", "е"))


def setup(app: Sphinx) -> dict[str, Any]:
    search_languages["az"] = SearchAzerbaijani
    search_languages["ru"] = SearchRussianYo
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
