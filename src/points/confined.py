"""Opening files that other people sent: only regular files, and only inside their folder.

A statement, a contract or a template that is a FIFO or a device (a link to ``/dev/zero``)
would block or never end; one that is a symbolic link leading out of its folder (to
``~/.ssh/id_rsa`` or ``/etc/passwd``) would copy a private file into a report, a paper or an
error message. Both are refused by name before a byte is read. Ingest (statements), the
workspace loader (YAML and ``rates.csv``) and the template loader share these two checks.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

from points.errors import Problem, Source

__all__ = [
    "NotRegularFile",
    "OutsideFolder",
    "TooLarge",
    "leads_outside",
    "open_regular_file",
    "read_confined",
    "refused",
]


class NotRegularFile(ValueError):
    """The path is not a regular file: ``kind`` says what it is (``a named pipe (FIFO)``),
    ``link`` where the symbolic link it was named by leads, if it was one."""

    def __init__(self, path: Path, kind: str, link: str | None) -> None:
        self.path, self.kind, self.link = path, kind, link
        through = f", through a link to {link}" if link else ""
        super().__init__(f"it is {kind}{through}; only regular files are read")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def open_regular_file(path: Path) -> IO[bytes]:
    """The file opened for reading if it is a regular file (a link is followed to what it
    names). Opened without blocking and checked on the open descriptor, so a FIFO cannot hang
    the open and nothing can be swapped in between the check and the read.

    Raises:
        NotRegularFile: a FIFO, device, socket or folder.
        OSError: the file cannot be opened.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            link = os.path.realpath(path) if path.is_symlink() else None
            raise NotRegularFile(path, _kind(mode), link)
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def leads_outside(path: Path, folder: Path) -> Path | None:
    """Where ``path`` really is, if that is outside ``folder`` (both resolved, links and
    ``..`` followed); ``None`` if it is inside. A link within the folder is fine."""
    real = path.resolve()
    return None if real.is_relative_to(folder.resolve()) else real


class OutsideFolder(ValueError):
    """The path leads (through a symbolic link) out of the folder it must be read from."""

    def __init__(self, path: Path, real: Path, folder: Path) -> None:
        self.path, self.real, self.folder = path, real, folder
        super().__init__(f"it leads outside {folder} (to {real}); files are read only from inside")


class TooLarge(ValueError):
    """The file holds more than the bytes it may: ``size`` is what it holds (at least)."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        self.path, self.size, self.limit = path, size, limit
        super().__init__(f"{size:,} bytes, more than the {limit:,} it may hold")


def read_confined(path: Path, folder: Path | None, limit: int) -> bytes:
    """The bytes of a regular file inside ``folder`` (if one is given), of at most ``limit``
    bytes: read no further than the limit, should the file grow while it is read.

    Raises:
        NotRegularFile, OutsideFolder, TooLarge: refused, unread; OSError: unreadable.
    """
    with open_regular_file(path) as stream:
        real = leads_outside(path, folder) if folder is not None else None
        if real is not None and folder is not None:
            raise OutsideFolder(path, real, folder)
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise TooLarge(path, size, limit)
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise TooLarge(path, len(raw), limit)
    return raw


def refused(shown: str, error: NotRegularFile | OutsideFolder) -> Problem:
    """The problem for a file refused unread, as a workspace's reports say it."""
    if isinstance(error, NotRegularFile):
        return Problem(
            Source(shown), "not-a-file", f"not read: {error}", "save it as a file in its place"
        )
    return Problem(
        Source(shown),
        "outside-folder",
        f"not read: a symbolic link leading out of {error.folder} (to {error.real})",
        "files are read only from inside it: copy the file in",
    )
