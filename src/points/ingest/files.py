"""Opening statement files: plain, or gzip-compressed (``.gz``), as DSRs and YouTube reports
often are."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO, cast

__all__ = ["open_binary"]


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed if its name ends in ``.gz``."""
    if path.suffix.casefold() == ".gz":
        return cast(IO[bytes], gzip.GzipFile(path, "rb"))  # typeshed types it apart from IO
    return path.open("rb")
