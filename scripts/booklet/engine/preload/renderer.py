"""The renderers' fork server imports this once, before it forks the renderers.

WeasyPrint imported, and its first document's set-up (fonts, shaping, hyphenation, CLDR's labels) paid once,
in the project the build names (engine/jobs.PROJECT), while the Sphinx workers write the first print HTML.
Every renderer is forked from here, warm, and shares what was made with the server and with the other
renderers; frozen, it is not visited by the collection after each layout (rendering/heap.py).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from pathlib import Path

from booklet.engine.jobs import PROJECT
from booklet.engine.preload import serving

if serving():
    from booklet.rendering.libraries import import_weasyprint

    import_weasyprint()
    with contextlib.suppress(Exception):  # only a warm-up: a real render reports any real problem
        from booklet.config import load
        from booklet.languages.names import language_name
        from booklet.rendering.pdf import register_hyphenation, warm_up

        root, build_dir = json.loads(os.environ[PROJECT])
        cfg = load(Path(root), Path(build_dir))
        register_hyphenation(cfg)
        warm_up(cfg)
        for lang in cfg.languages:
            language_name(lang, cfg.names)
    gc.collect()
    gc.freeze()
