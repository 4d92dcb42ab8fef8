"""Where private APIs of pinned libraries are touched: one small module per library, with a version check.

A patch is made for one version of its library (the pin in requirements.lock): with another, `PatchError`
says so before anything is built, instead of a patch silently doing nothing or the wrong thing.
"""

from __future__ import annotations


class PatchError(RuntimeError):
    """A patched library is not the version its patch was made for."""


def require(library: str, found: str, made_for: str) -> None:
    if found != made_for:
        raise PatchError(
            f"{library} {found} is installed; booklet.patches.{library.lower()} was made for {made_for} "
            "(the version requirements.lock pins): check the patch against the new version, then update it"
        )
