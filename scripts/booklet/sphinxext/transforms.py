"""The Sphinx side of booklet.languages.typography, of substitutions and of the appendices.

- Smart quotes: docutils only educates quotes for languages in its table (it has no `az`), and Sphinx
  skips smart quotes for a language docutils does not know; the project's table is added at set-up.
- Non-breaking spaces: a transform applies the language's rules to every text node after the
  translations are in (i18n runs at priority 20) and before smart quotes (750).
- Substitutions: `{{ name }}` in a text (the source's or a translation's) is replaced by the value of
  `name` as plain text, never evaluated as a template nor parsed as Markdown: the values come from catalog
  headers (translator credits), which are untrusted. MyST's own substitutions would run Jinja on them.
- Fallbacks: a message the language's catalog leaves untranslated is published in the source language, and
  marked so (`lang`): a screen reader reads it, and the PDF's tags name it, in that language. Sphinx's i18n
  marks such elements `translated = False`; docutils' HTML writers turn a `language-xx` class into `lang`.
- Appendices (`booklet_appendices`, e.g. the colophon): appended to the root document's toctree as a
  hidden entry at read time, so docs/index.md stays the source text word for word while the site links
  the pages and the single-page print builder inlines them at the end of the PDF.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment.adapters.toctree import note_toctree
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import is_smartquotable

from booklet.languages.typography import quote_table, rules_for

logger = logging.getLogger(__name__)


class NonBreakingSpaces(SphinxTransform):
    default_priority = 740

    def apply(self, **kwargs: Any) -> None:
        rules = rules_for(self.config.language)
        if rules is None:
            return
        for text in list(self.document.findall(nodes.Text)):
            if not is_smartquotable(text) or isinstance(text.parent, nodes.FixedTextElement):
                continue
            new = rules.apply(str(text))
            if new != str(text):
                text.parent.replace(text, nodes.Text(new))


SUBSTITUTION = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class Substitutions(SphinxTransform):
    """`{{ name }}` -> the value of `booklet_substitutions[name]`, as a text node (escaped on output)."""

    default_priority = 30  # after the translations are in (i18n runs at 20), before no-break spaces (740)

    def apply(self, **kwargs: Any) -> None:
        values: dict[str, str] = self.config.booklet_substitutions
        for text in list(self.document.findall(nodes.Text)):
            if "{{" not in text or isinstance(text.parent, nodes.literal | nodes.FixedTextElement):
                continue
            unknown = [name for name in SUBSTITUTION.findall(str(text)) if name not in values]
            if unknown:
                logger.warning("unknown substitution {{ %s }}", unknown[0], location=text.parent)
            new = SUBSTITUTION.sub(lambda m: str(values.get(m.group(1), m.group(0))), str(text))
            if new != str(text):
                text.parent.replace(text, nodes.Text(new))


class Fallbacks(SphinxTransform):
    """Elements left in the source language by the translation get its `lang` (see the module's text)."""

    default_priority = 22  # after the translations are in (i18n: 20) and their contexts gone (21)

    def apply(self, **kwargs: Any) -> None:
        marker = f"language-{self.config.booklet_source_language}"
        for element in self.document.findall(nodes.TextElement):
            untranslated = element.get("translated") is False and marker not in element["classes"]
            if untranslated and any(c.isalpha() for c in element.astext()):
                element["classes"].append(marker)


class Appendices(SphinxTransform):
    """A hidden toctree of `booklet_appendices` at the end of the root document."""

    default_priority = 900

    def apply(self, **kwargs: Any) -> None:
        docnames = [d for d in self.config.booklet_appendices if d != self.config.root_doc]
        if self.env.docname != self.config.root_doc or not docnames:
            return
        toctree = addnodes.toctree(
            parent=self.env.docname,
            entries=[(None, d) for d in docnames],
            includefiles=list(docnames),
            maxdepth=-1,
            caption=None,
            glob=False,
            hidden=True,
            includehidden=False,
            numbered=0,
            titlesonly=False,
        )
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        wrapper += toctree
        sections = list(self.document.findall(nodes.section))
        (sections[0] if sections else self.document).append(wrapper)
        note_toctree(self.env, self.env.docname, toctree)  # what the toctree directive does for its node


def register_quotes() -> None:
    from docutils.utils.smartquotes import smartchars

    for lang, quotes in quote_table().items():
        smartchars.quotes[lang] = quotes


def setup(app: Sphinx) -> None:
    app.add_config_value("booklet_appendices", [], "env", list)
    app.add_config_value("booklet_substitutions", {}, "env", dict)
    app.add_config_value("booklet_credits", {}, "env", dict)  # language -> its translators (the engine's)
    app.add_config_value("booklet_epoch", 0, "env", int)  # the build date (the engine's)
    # The languages published (the engine's; empty: every configured one), and per catalog of this
    # language how many messages are published in the source language.
    app.add_config_value("booklet_published", [], "env", list)
    app.add_config_value("booklet_fallback", {}, "env", dict)
    app.add_config_value("booklet_source_language", "", "env", str)  # set from the configuration
    register_quotes()
    app.add_transform(NonBreakingSpaces)
    app.add_transform(Substitutions)
    app.add_transform(Fallbacks)
    app.add_transform(Appendices)
