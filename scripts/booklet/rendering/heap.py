"""Give freed memory back to the system after a layout.

A layout of a long document takes hundreds of megabytes, most of it in many small Python objects. Once the
document goes, glibc's allocator keeps the freed pages in its arenas for the next allocation, so a renderer
would hold its largest layout's memory until it ends, beside the other renderer's layout. `malloc_trim`
returns them (the next layout takes them again).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc


def give_back() -> None:
    gc.collect()  # a document's boxes hold cycles: they are freed here, not at some later collection
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to give back this way
        ctypes.CDLL(None).malloc_trim(0)
