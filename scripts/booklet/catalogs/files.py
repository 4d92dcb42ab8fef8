"""Where the catalogs are (`locales/<lang>/LC_MESSAGES/*.po`, the sphinx-intl layout, and the templates), and
how one is opened: a regular file inside the project, never through a symlink, never a device or a FIFO,
never more than MAX_BYTES read.

Catalogs are untrusted: a contributed `index.po` can be a symlink to `~/.ssh/id_rsa` or to `/dev/zero`. A
refused file is named, its contents never echoed (not in a message, not in a hint).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from booklet.config import Config

LINE_WIDTH = 79  # as sphinx-intl writes catalogs: `make update-po` leaves a catalog it did not change alone
MAX_BYTES = 5 * 1024 * 1024  # a whole book's catalog is a few hundred kB; bigger is a mistake or an attack


class CatalogRefused(Exception):
    """The file is not a catalog the build may read: the message says why (not which file: the caller
    names it), never what it holds."""


def pot_dir(cfg: Config) -> Path:
    return cfg.build_dir / "gettext"


def po_files(cfg: Config, lang: str | None = None) -> list[Path]:
    """Every `*.po` entry of the languages' LC_MESSAGES folders, whatever its type: a symlink or a FIFO
    named `index.po` is listed too, so that opening it is refused by name rather than skipped unseen."""
    langs = [lang] if lang else list(cfg.translations)
    files: list[Path] = []
    for code in langs:
        files.extend(sorted((cfg.locales_dir / code / "LC_MESSAGES").glob("*.po")))
    return files


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _inside(path: Path, within: Path) -> bool:
    # The last component is never followed (O_NOFOLLOW); the folders above it are resolved.
    return path.parent.resolve().is_relative_to(within.resolve())


def open_catalog(path: Path, within: Path | None = None, limit: int = MAX_BYTES) -> int:
    """A read-only descriptor of `path`, which must be a regular file of at most `limit` bytes (inside the
    folder `within`, when given). Raises CatalogRefused (nothing read) or OSError (it cannot be opened)."""
    if within is not None and not _inside(path, within):
        raise CatalogRefused(f"outside the project folder {within}: not read")
    before = os.lstat(path)  # a device is never opened: opening one can have effects (a tape, a terminal)
    if not stat.S_ISREG(before.st_mode):
        raise CatalogRefused(_not_regular(before.st_mode))
    try:
        # O_NONBLOCK: a FIFO swapped in after the lstat would block the open; O_NOFOLLOW: so would a link.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CatalogRefused(_not_regular(stat.S_IFLNK)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != (before.st_dev, before.st_ino):
            raise CatalogRefused(_not_regular(info.st_mode))
        if info.st_size > limit:
            raise CatalogRefused(_too_big(info.st_size, limit))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _not_regular(mode: int) -> str:
    return f"{_kind(mode)}, not a regular file: not read (a catalog is a plain file in the project)"


def _too_big(size: int, limit: int) -> str:
    return f"over the {limit / 1048576:g} MB catalog limit ({size / 1048576:.1f} MB or more): not read"


def read_catalog_bytes(path: Path, within: Path | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the catalog at `path` (see open_catalog); never more than `limit` bytes are read, even
    from a file that grows while it is read."""
    fd = open_catalog(path, within, limit)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise CatalogRefused(_too_big(len(data), limit))
    return data


def check_catalog_file(path: Path, within: Path | None = None, limit: int = MAX_BYTES) -> None:
    """Raise CatalogRefused unless `path` is a catalog the build may read (opened, closed, nothing read)."""
    os.close(open_catalog(path, within, limit))


def input_digest(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The SHA-256 a build stamp can hash for a file under `locales/`: of the contents of a regular file
    (at most `limit` + 1 bytes read), else of a marker of what it is (a link is not followed, a device or a
    FIFO never read), so that the stamp changes when the file does and costs no more than the preflight."""
    import hashlib

    try:
        return hashlib.sha256(b"catalog\0" + read_catalog_bytes(path, None, limit)).digest()
    except CatalogRefused as exc:
        return hashlib.sha256(b"refused\0" + str(exc).encode()).digest()
    except OSError as exc:
        return hashlib.sha256(b"unreadable\0" + str(exc.errno).encode()).digest()
