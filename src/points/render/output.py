"""Writing a paper to disk so that it is either all there or not there at all.

A statement, a draft or an audit export is written to a temporary file beside its
destination, flushed to the disk, and only then moved over the destination's name
(``os.replace``, atomic on one file system). A full disk, a read-only folder or a crash
half-way leaves the destination as it was (absent, or the old file when ``--force`` replaces
one) and removes the temporary file: never a truncated or empty paper that looks finished.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

__all__ = ["OutputError", "write_atomic"]

_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied (the folder is read-only for this user?)",
    errno.EPERM: "permission denied",
    errno.ENOENT: "its folder does not exist",
    errno.ENAMETOOLONG: "the name is too long for the file system",
}


class OutputError(OSError):
    """A paper could not be written; the message names the file, says why, and that nothing
    was left behind."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole, or not at all.

    Raises:
        OutputError: it could not be written; ``path`` is as it was and no temporary file
            is left.
    """
    if path.is_symlink():  # write through a link, as open() would; the guards checked where
        path = path.resolve()
    folder = path.parent
    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{path.name[:40]}.", suffix=".part"
        )
        try:
            os.fchmod(descriptor, 0o666 & ~_umask())  # as a plain open() would make it
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        why = _WHY.get(error.errno or 0, error.strerror or str(error))
        raise OutputError(
            f"cannot write {path}: {why}; nothing was written there (no partial file is left)"
        ) from error
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
