"""Opening statement files (plain, or gzip-compressed as DSRs and YouTube reports often are)
and the raw records read from them, within the bounds of ``points.ingest.limits``.

Only regular files are read: a statement that is a FIFO, a device or a link to ``/dev/zero``
would block or never end, so it is refused by name before a byte is read. Lines are read at
most ``MAX_LINE_CHARS`` at a time, so no line, however long, is held whole.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple, TextIO, cast

from points.errors import Source
from points.ingest.limits import (
    INFLATE_RATIO_FLOOR_BYTES,
    MAX_FIELDS,
    MAX_INFLATE_RATIO,
    MAX_LINE_CHARS,
)

__all__ = [
    "InflationError",
    "NotRegularFileError",
    "Record",
    "StatementRefusal",
    "bounded_lines",
    "check_fields",
    "open_binary",
    "open_regular",
]


class StatementRefusal(ValueError):
    """A statement file that is not read at all, with why and what to do; the other files of
    the same command are still read."""


class NotRegularFileError(StatementRefusal):
    """The path is not a regular file (a FIFO, a device, a link to one)."""


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


def open_regular(path: Path) -> IO[bytes]:
    """The file opened for reading if it is a regular file (a link is followed to what it
    names). Opened without blocking and checked on the open descriptor, so a FIFO cannot hang
    the open and nothing can be swapped in between the check and the read.

    Raises:
        NotRegularFileError: a FIFO, device, socket or folder.
        OSError: the file cannot be opened.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            target = f", through a link to {os.path.realpath(path)}" if path.is_symlink() else ""
            raise NotRegularFileError(
                f"not a statement file: it is {_kind(mode)}{target}; only regular files are "
                "read: save the statement as a file and name that"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed if its name ends in ``.gz``; only a regular file.

    A ``.gz`` file is inflated at most ``MAX_INFLATE_RATIO`` times its size, and a damaged
    stream is a ``StatementRefusal``, as soon as either is met.
    """
    raw = open_regular(path)
    if path.suffix.casefold() != ".gz":
        return raw
    try:
        size = os.fstat(raw.fileno()).st_size
        inflated = _Inflated(gzip.GzipFile(fileobj=raw, mode="rb"), raw, size)
    except BaseException:
        raw.close()
        raise
    return cast(IO[bytes], io.BufferedReader(inflated, _GZIP_BUFFER))


_GZIP_BUFFER = 256 * 1024


class InflationError(StatementRefusal):
    """A compressed statement that is damaged, or inflates past ``MAX_INFLATE_RATIO``."""


class _Inflated(io.RawIOBase):
    """A gzip stream's bytes, counted: refused past ``MAX_INFLATE_RATIO`` times the file's
    size (once past ``INFLATE_RATIO_FLOOR_BYTES``), and when the stream is damaged."""

    def __init__(self, stream: gzip.GzipFile, raw: IO[bytes], size: int) -> None:
        super().__init__()
        self.stream, self.raw, self.size, self.out = stream, raw, size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            count = self.stream.readinto(buffer)
        except (EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise InflationError(
                f"the compressed file is damaged ({error}); ask the sender for a new copy"
            ) from None
        self.out += count
        if self.out > INFLATE_RATIO_FLOOR_BYTES and self.out > MAX_INFLATE_RATIO * self.size:
            raise InflationError(
                f"the compressed file inflates more than {MAX_INFLATE_RATIO} times its "
                f"{self.size:,} bytes; no real statement compresses so far, so it is refused "
                "as a zip bomb: ask the sender for the statement as exported"
            )
        return count

    def tell(self) -> int:
        """Bytes inflated so far (for the progress bar)."""
        return self.out

    def close(self) -> None:
        try:
            self.stream.close()
        finally:
            self.raw.close()
            super().close()


class LineTooLongError(StatementRefusal):
    """A physical line longer than ``MAX_LINE_CHARS``."""


class TooManyFieldsError(StatementRefusal):
    """A record with more than ``MAX_FIELDS`` cells."""


def bounded_lines(text: TextIO) -> Iterator[str]:
    """The text's physical lines (line ends kept), each read at most ``MAX_LINE_CHARS`` far.

    Raises:
        LineTooLongError: naming the file and line, as soon as a line passes the bound.
    """
    number = 0
    while line := text.readline(MAX_LINE_CHARS + 2):  # the longest line, and \r\n
        number += 1
        if len(line) > MAX_LINE_CHARS and len(line.rstrip("\r\n")) > MAX_LINE_CHARS:
            raise LineTooLongError(
                f"line {number}: the line is longer than {MAX_LINE_CHARS:,} characters "
                "(statement lines are a few hundred); the file is not a statement export, or "
                "it is damaged: export it again from the source"
            )
        yield line


def check_fields(cells: list[str], where: Source) -> list[str]:
    """The cells, if there are at most ``MAX_FIELDS`` of them.

    Raises:
        TooManyFieldsError: naming the file and line.
    """
    if len(cells) > MAX_FIELDS:
        raise TooManyFieldsError(
            f"line {where.line}: the line has {len(cells):,} cells, more than the {MAX_FIELDS:,} a "
            "statement may have (real layouts have under 60); check the delimiter, or export "
            "the statement again from the source"
        )
    return cells


class Record(NamedTuple):
    """One record read from a statement: where it starts, and its cells.

    A quoted value may run over several physical lines (a title with a line break, or a stray
    quote such as ``12" Vinyl``). Then ``unquoted`` holds each of those lines split without
    quote handling, so a reader can fall back to them line by line if the joined record makes
    no sense, and never lose the valid lines a stray quote swallowed.
    """

    source: Source
    cells: list[str]
    unquoted: tuple[list[str], ...] = ()

    @property
    def lines(self) -> int:
        """How many physical lines of the file the record covers."""
        return len(self.unquoted) or 1
