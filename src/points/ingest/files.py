"""Opening statement files (plain, or gzip-compressed as DSRs and YouTube reports often are)
and the raw records read from them."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO, NamedTuple, cast

from points.errors import Source

__all__ = ["Record", "open_binary"]


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed if its name ends in ``.gz``."""
    if path.suffix.casefold() == ".gz":
        return cast(IO[bytes], gzip.GzipFile(path, "rb"))  # typeshed types it apart from IO
    return path.open("rb")


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
