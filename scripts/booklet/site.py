"""The site's front door: `_build/html/index.html`, a plain chooser linking to each edition."""

from __future__ import annotations

from html import escape

from babel import Locale

from booklet.config import Config


def language_name(lang: str) -> str:
    """The language's own name for itself (an endonym), capitalised as a menu item."""
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def chooser_html(cfg: Config) -> str:
    items = "\n".join(
        f'    <li><a href="{lang}/index.html" hreflang="{lang}" lang="{lang}">{escape(language_name(lang))}</a></li>'
        for lang in cfg.languages
    )
    return f"""<!DOCTYPE html>
<html lang="{cfg.source_language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(cfg.name)}</title>
</head>
<body>
<main>
  <ul>
{items}
  </ul>
</main>
</body>
</html>
"""
