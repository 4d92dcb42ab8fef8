"""rendering/heap.py: the memory of a dropped document (objects in reference cycles, as layout boxes are)
goes back to the system, not only to the allocator."""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import gc, os
from booklet.rendering.heap import give_back

def resident():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20

gc.disable()  # a collection must not happen by chance: give_back is what frees the cycles

class Box:
    def __init__(self):
        self.me, self.data = self, bytearray(1000)

boxes = [Box() for _ in range(200_000)]  # about 200 MB
live = [bytearray(100) for _ in range(1000)]  # what a renderer keeps between documents
made = resident()
del boxes
give_back()
print(made, resident())
"""


def test_a_dropped_documents_memory_is_given_back_to_the_system():
    run = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    made, after = map(int, run.stdout.split())
    assert made > 150
    assert after < made / 4, (made, after)


def test_no_automatic_collection_runs_within_the_block_and_an_explicit_one_does():
    import gc

    from booklet.rendering.heap import uncollected

    assert gc.isenabled()
    with uncollected():
        assert not gc.isenabled()

        class Cycle:
            def __init__(self) -> None:
                self.me = self

        Cycle()
        assert gc.collect() >= 1  # give_back's collection between layouts still frees the cycles
    assert gc.isenabled()


def test_a_document_is_laid_out_and_written_without_automatic_collections(cfg, monkeypatch):
    """ru's reading edition is laid out three times (and a trial document once), then written: the collector
    is off at each, and on again after."""
    import gc

    import weasyprint
    from weasyprint.document import Document

    from booklet.rendering.fetcher import allowed_roots
    from booklet.rendering.pdf import pdf_bytes, register_hyphenation

    register_hyphenation(cfg)
    folder = cfg.work_dir("ru") / "print"
    enabled: list[tuple[str, bool]] = []
    render, write = weasyprint.HTML.render, Document.write_pdf

    def rendered(self, *args, **kwargs):
        enabled.append(("layout", gc.isenabled()))
        return render(self, *args, **kwargs)

    def written(self, *args, **kwargs):
        enabled.append(("write", gc.isenabled()))
        return write(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", rendered)
    monkeypatch.setattr(Document, "write_pdf", written)
    pdf_bytes(folder / "index.html", allowed_roots(folder, cfg.docs_dir))
    assert [what for what, _on in enabled] == ["layout"] * 4 + ["write"]
    assert not any(on for _what, on in enabled), enabled
    assert gc.isenabled()
