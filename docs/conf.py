# Sphinx configuration: declarative; the languages and names come from [tool.booklet] in pyproject.toml.
from pathlib import Path

from booklet.config import load

_booklet = load(Path(__file__).resolve().parent.parent)

project = _booklet.name
version = release = _booklet.version
language = _booklet.source_language  # each edition overrides it: one Sphinx process per language

extensions = ["myst_parser", "booklet.sphinxext"]
# `{{ name }}` (the colophon's values, booklet.sphinxext.colophon) is replaced as plain text by booklet.sphinxext.transforms, not
# by MyST's substitution extension, which would evaluate translated text as a Jinja template.
booklet_appendices = ["colophon"]  # appended to index's toctree at build time: index.md stays the source
root_doc = "index"
booklet_emblem = _booklet.book.emblem  # [tool.booklet.cover]: an image in docs/_static (cover, site)
booklet_emblem_alt = _booklet.book.emblem_alt  # its text alternative (a message of each sphinx.po)
booklet_date = _booklet.book.date  # [tool.booklet.cover]: the print cover shows it in each language (Babel)
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_static/fonts/README.md"]

locale_dirs = ["../locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = True
gettext_last_translator = "Booklet translators"

html_theme = "booklet"
html_static_path = ["_static"]
html_title = ""
html_copy_source = False
html_show_sourcelink = False
html_show_sphinx = False
html_last_updated_fmt = None
html_use_index = False  # a single text has no index entries: no empty index page
