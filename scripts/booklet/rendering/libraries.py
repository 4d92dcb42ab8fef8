"""Import WeasyPrint without running a compiler.

WeasyPrint opens Pango, HarfBuzz and friends through cffi, trying several names per library (one per
platform). cffi hands every name that is not a file to `ctypes.util.find_library`, which on Linux runs
`ldconfig -p`, then `gcc` and `ld` for every name that misses: ~50 processes and ~0.15 s of a renderer's
start-up, on the critical path of every build (Kozea/WeasyPrint#1125). Here the lookup reads `ldconfig -p`
once and answers every name from it, the way `find_library` itself does first.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import importlib
import os
import re
import struct
import subprocess
from collections.abc import Iterator
from types import ModuleType

# The ABI tag ldconfig prints for this interpreter's word size (as ctypes.util does).
_ABI = {
    "x86_64-64": "libc6,x86-64",
    "ppc64-64": "libc6,64bit",
    "sparc64-64": "libc6,64bit",
    "s390x-64": "libc6,64bit",
    "ia64-64": "libc6,IA-64",
}.get(f"{os.uname().machine}-{struct.calcsize('l') * 8}", "libc6")


@functools.cache
def _ldconfig_cache() -> bytes:
    try:
        return subprocess.run(
            ["/sbin/ldconfig", "-p"],
            capture_output=True,
            check=False,
            env={"LC_ALL": "C", "LANG": "C"},
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return b""


def find_library(name: str) -> str | None:
    """`ctypes.util.find_library` answered from one read of the linker's cache."""
    pattern = rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(_ABI)}".encode()
    found = re.search(pattern, _ldconfig_cache())
    return os.fsdecode(found.group(1)) if found else None


@contextlib.contextmanager
def fast_library_lookup() -> Iterator[None]:
    """Within the block, shared libraries are looked up in the linker's cache only. Where it cannot be read,
    or libraries are meant to come from LD_LIBRARY_PATH (which only the slow lookup searches), nothing
    changes."""
    if os.name != "posix" or os.environ.get("LD_LIBRARY_PATH") or not _ldconfig_cache():
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def import_weasyprint() -> ModuleType:
    with fast_library_lookup():
        return importlib.import_module("weasyprint")
