"""A renderer's memory: collected when a layout is dropped, not while it is made; given back to the system.

A layout of a long document takes hundreds of megabytes, most of it in many small Python objects. Once the
document goes, glibc's allocator keeps the freed pages in its arenas for the next allocation, so a renderer
would hold its largest layout's memory until it ends, beside the other renderer's layout. `malloc_trim`
returns them (the next layout takes them again).

While a document is laid out and written, its boxes are all alive, and WeasyPrint makes almost no cyclic
garbage: each automatic collection visits every box made so far, again and again as they grow, and frees
nothing. The collector is off for that time (`uncollected`); `give_back` collects once the document goes.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def uncollected() -> Iterator[None]:
    """No automatic collection within the block (a document laid out and written); an explicit one still
    runs (give_back, between layouts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def give_back() -> None:
    gc.collect()  # a document's boxes hold cycles: they are freed here, not at some later collection
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to give back this way
        ctypes.CDLL(None).malloc_trim(0)
