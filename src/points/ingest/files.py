"""Opening statement files (plain, or gzip-compressed as DSRs and YouTube reports often are)
and the raw records read from them, within the bounds of ``points.ingest.limits``.

Only regular files are read, from inside the folder they are named in: a statement that is a
FIFO, a device or a link to ``/dev/zero`` would block or never end, and one that is a link
leading out of its folder could copy a private file into a report, so each is refused by name
before a byte is read (``points.confined``). Lines are read at
most ``MAX_LINE_CHARS`` at a time, so no line, however long, is held whole.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple, TextIO, cast

from points.confined import NotRegularFile, leads_outside, open_regular_file
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
    "OutsideFolderError",
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


class OutsideFolderError(StatementRefusal):
    """The path is a symbolic link leading out of the folder it is named in."""


def open_regular(path: Path) -> IO[bytes]:
    """The statement opened for reading if it is a regular file inside the folder it is named
    in (``points.confined``): a link is followed only within that folder.

    Raises:
        NotRegularFileError: a FIFO, device, socket or folder.
        OutsideFolderError: a symbolic link leading out of its folder.
        OSError: the file cannot be opened.
    """
    try:
        stream = open_regular_file(path)
    except NotRegularFile as error:
        raise NotRegularFileError(
            f"not a statement file: {error}: save the statement as a file and name that"
        ) from None
    real = leads_outside(path, path.parent)
    if real is not None:
        stream.close()
        raise OutsideFolderError(
            f"not read: it is a symbolic link leading out of its folder (to {real}); a "
            "statement is read only from inside the folder it is named in: copy the file "
            "there, or name the file itself"
        )
    return stream


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
