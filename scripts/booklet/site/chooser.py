"""The site's front door: `_build/html/index.html`, the language chooser.

It carries the booklet's identity as the cover does: the emblem, the title (the source language's, visible)
and the day ([tool.booklet.cover]). Each edition is named in its own language and titled with its own
(translated) title and date. A small script highlights the edition matching the reader's browser languages;
it never redirects: the reader chooses. Printed, it is a plain list of the editions and their addresses.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from pathlib import Path

from booklet.config import Config


class _FirstHeading(HTMLParser):
    """The text of the first <h1> of a page (without its permalink sign)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.done = False
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "h1":
            self.depth += 1
        elif self.depth and tag == "a" and ("class", "headerlink") in attrs:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.depth:
            self.depth -= 1
            self.done = not self.depth
        elif tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip and not self.done:
            self.parts.append(data)


def edition_title(page: Path) -> str:
    parser = _FirstHeading()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split())


CHOOSER_CSS = """
@font-face { font-family: "Booklet Serif"; src: url("%(fonts)s/NotoSerif-Regular.ttf"); font-weight: 400; }
@font-face { font-family: "Booklet Serif"; src: url("%(fonts)s/NotoSerif-Bold.ttf"); font-weight: 700; }
:root { color-scheme: light; }
body { margin: 0; background: #fbfaf6; color: #1b1b1b; font: 1.125rem/1.5 "Booklet Serif", Georgia, serif; }
main { max-width: 40rem; margin: 0 auto; padding: 8vh 1.25rem 3rem; font-variant-numeric: lining-nums; }
header { text-align: center; margin: 0 0 2.5rem; }
.emblem { width: 2.4rem; height: auto; margin: 0 auto 1.25rem; display: block; }
h1 { font-size: 1.45rem; line-height: 1.3; font-weight: 400; margin: 0 auto 0.75rem; max-width: 30rem;
     text-wrap: balance; }
.date { margin: 0; font-size: 0.85rem; letter-spacing: 0.16em; color: #4a4640; }
.edition-date { display: block; margin-top: 0.3rem; font-size: 0.85rem; letter-spacing: 0.08em;
                 color: #4a4640; }
ul { list-style: none; margin: 0; padding: 0; }
li { border-top: 1px solid #c9c4b8; }
li:last-child { border-bottom: 1px solid #c9c4b8; }
a { display: block; padding: 1.25rem 0.75rem; color: inherit; text-decoration: none;
    border-left: 0.25rem solid transparent; }
a:hover .name, a:focus .name { text-decoration: underline; text-underline-offset: 0.2em; }
a:focus-visible { outline: 3px solid #7a1f1f; outline-offset: 2px; }
.name { display: block; font-size: 1.6rem; font-weight: 700; letter-spacing: 0.01em; }
.title { display: block; margin-top: 0.35rem; color: #4a4640; font-size: 1rem; overflow-wrap: break-word; }
li.suggested a { border-left-color: #7a1f1f; background: #f3efe6; }
li.in-preparation { padding: 1.25rem 1rem; color: #4a4640; }
@media print {
  body { background: #fff; color: #000; font-size: 11pt; }
  main { padding: 0; max-width: none; }
  li.suggested a { background: none; border-left-color: transparent; }
  a::after { content: " — " attr(href); font-size: 9pt; color: #444; }
  li { break-inside: avoid; }
}
"""

# No redirect: the chooser only marks the first edition matching the browser's preferred languages.
CHOOSER_JS = """
(function () {
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-lang]"));
  var wanted = (navigator.languages || [navigator.language || ""]).map(function (l) {
    return String(l).toLowerCase().replace("_", "-");
  });
  for (var i = 0; i < wanted.length; i++) {
    var hit = items.filter(function (li) {
      var code = li.getAttribute("data-lang").toLowerCase().replace("_", "-");
      return wanted[i] === code || wanted[i].split("-")[0] === code.split("-")[0];
    })[0];
    if (hit) { hit.classList.add("suggested"); hit.setAttribute("data-suggested", "true"); return; }
  }
})();
"""


PREPARING = "In preparation"  # a message of each sphinx.po


def preparing_label(cfg: Config, lang: str) -> str:
    """ "In preparation" in `lang`, from its checked catalogs as the build compiled them (else English)."""
    import json

    try:
        ui = json.loads((cfg.locale_dir(lang) / "ui.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return PREPARING
    label = ui.get("messages", {}).get(PREPARING)
    return label if isinstance(label, str) and label.strip() else PREPARING


def chooser_html(cfg: Config, preparing: tuple[str, ...] = ()) -> str:
    """The chooser: each published edition linked; each language in `preparing` named, not linked."""
    # imported here: CLDR's names and dates; preparing_label, which a build with nothing to do may read,
    # needs neither
    from booklet.languages.casing import display_caps
    from booklet.languages.names import language_name
    from booklet.sphinxext.covers import cover_date

    langs = [lang for lang in cfg.languages if (cfg.html_dir(lang) / "index.html").is_file()] or [
        lang for lang in cfg.languages if lang not in preparing
    ]
    titles = {}
    for lang in langs:
        page = cfg.html_dir(lang) / "index.html"
        titles[lang] = edition_title(page) if page.is_file() else ""
    source = cfg.source_language if cfg.source_language in langs else langs[0]
    heading = titles.get(source) or cfg.name
    dates = {lang: cover_date(cfg.book.date, lang) if cfg.book.date else "" for lang in langs}
    items = "\n".join(
        f'    <li data-lang="{lang}" lang="{lang}"><a href="{lang}/index.html" hreflang="{lang}">'
        f'<span class="name">{escape(language_name(lang, cfg.names))}</span>'
        f'<span class="title">{escape(titles[lang])}</span>'
        + (f'<span class="edition-date">{escape(dates[lang])}</span>' if dates[lang] else "")
        + "</a></li>"
        for lang in langs
    )
    items += "".join(
        f'\n    <li class="in-preparation" lang="{lang}"><span class="name">'
        f"{escape(language_name(lang, cfg.names))}</span>"
        f'<span class="title">{escape(preparing_label(cfg, lang))}</span></li>'
        for lang in preparing
    )
    src = f"{langs[0]}/_static/{escape(cfg.book.emblem)}"
    emblem = f'<img class="emblem" src="{src}" alt="" width="38" height="64">' if cfg.book.emblem else ""
    date = f'<p class="date">{escape(display_caps(dates[source], source))}</p>' if dates.get(source) else ""
    alternates = "\n".join(
        f'<link rel="alternate" hreflang="{lang}" href="{lang}/index.html">' for lang in langs
    )
    css = CHOOSER_CSS % {"fonts": f"{langs[0]}/_static/fonts"}
    return f"""<!DOCTYPE html>
<html lang="{source}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(heading)}</title>
{alternates}
<link rel="alternate" hreflang="x-default" href="index.html">
<style>{css}</style>
</head>
<body>
<main>
  <header>
  {emblem}
  <h1>{escape(heading)}</h1>
  {date}
  </header>
  <ul aria-label="{escape(" · ".join(language_name(lang, cfg.names) for lang in langs))}">
{items}
  </ul>
</main>
<script>{CHOOSER_JS}</script>
</body>
</html>
"""
