"""pydyf makes a stream's data when the PDF is written: its items (one per drawing operator) joined, then
deflated. `made_now` makes it earlier, the same way, so that the items need not wait in memory
(booklet.patches.weasyprint.streams_made_when_painted); it relies on private parts of pydyf's `Stream`."""

from __future__ import annotations

import zlib
from typing import Any

from booklet.patches import require

MADE_FOR = "0.13.0"


def made_now(stream: Any) -> None:
    """`stream`'s data made now, as `pydyf.Stream.data` would make it: its items joined and, when it is to
    be compressed, deflated (and marked so); pydyf then writes it as it stands."""
    import pydyf

    require("pydyf", pydyf.__version__, MADE_FOR)
    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    if stream.compress:
        compressor = zlib.compressobj(level=9)
        data = compressor.compress(data) + compressor.flush()
        stream.extra["Filter"] = "/FlateDecode"
        stream.compress = False
    stream.stream = [data]
