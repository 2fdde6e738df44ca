"""What the bulk reader learns from a text file's bytes besides DuckDB: how many lines the file
has, and which of them it skips, by number and with the per-line reader's reason.

DuckDB numbers no lines, and passes over empty ones. Lines a bulk read skips (blank lines,
totals rows, lines that are not income) are few, so their numbers are found by one search of
the bytes for the lines that could be skipped (empty, or with a cell reading 'Total' or a
not-income marker), each then read and judged by ``points.ingest.rows.skip_reason`` exactly
as the per-line reader judges it. Only ``\\n`` ends a line: DuckDB's strict mode refuses a
file whose lines end otherwise than all ``\\n`` or all ``\\r\\n``, as ``csv`` reads them.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from points.errors import Source
from points.ingest.formats.base import ColumnIndex, TextFormat
from points.ingest.rows import TOTALS, SkippedLine, skip_reason
from points.ingest.sniff import Dialect

__all__ = ["Skipped", "count_lines", "skipped_lines"]

CHUNK = 16 * 1024 * 1024
# What str.strip() removes from ASCII text, but the line end.
_SPACE_CHAR = rb"[ \t\r\x0b\x0c\x1c\x1d\x1e\x1f]"
_SPACE = _SPACE_CHAR + rb"*"


def count_lines(path: Path) -> int:
    """The file's physical lines; a last line without a line end counts too."""
    newlines = _newlines_by_wc(path)
    if newlines is None:
        newlines = _newlines(path)
    with path.open("rb") as raw:
        raw.seek(max(raw.seek(0, 2) - 1, 0))
        last = raw.read(1)
    return newlines + (1 if last not in (b"", b"\n") else 0)


def _newlines(path: Path) -> int:
    newlines = 0
    with path.open("rb") as raw:
        while chunk := raw.read(CHUNK):
            newlines += chunk.count(b"\n")
    return newlines


def _newlines_by_wc(path: Path) -> int | None:
    """The newlines as ``wc -l`` counts them, where the system has it: about a quarter of the
    CPU ``bytes.count`` takes, which runs beside DuckDB's threads on the same cores."""
    wc = shutil.which("wc")
    if wc is None:
        return None
    with path.open("rb") as raw:
        done = subprocess.run(
            [wc, "-l"], stdin=raw, capture_output=True, env={"LC_ALL": "C"}, check=False
        )
    answer = done.stdout.strip()
    return int(answer) if done.returncode == 0 and answer.isdigit() else None


@dataclass
class Skipped:
    """The lines after the header a reader skips, and how many of them are empty (DuckDB
    passes those over; it gives a row for every other line)."""

    lines: list[SkippedLine] = field(default_factory=list)
    empty: int = 0


def _candidates(fmt: TextFormat, dialect: Dialect) -> re.Pattern[bytes]:
    """Lines that may be skipped: empty or blank, or with a cell (trimmed of ASCII spaces,
    perhaps quoted) reading a totals word or a not-income marker, in any case."""
    codec = "utf-8" if dialect.encoding == "utf-8-sig" else dialect.encoding  # no BOM
    delimiter = re.escape(dialect.delimiter.encode(codec))
    edge_before = rb"(?:^|" + delimiter + rb'|")' + _SPACE
    edge_after = _SPACE + rb"(?:" + delimiter + rb'|"|$)'
    words = [re.escape(word.encode()) + rb":*" for word in TOTALS]
    for reasons in fmt.not_income.values():
        words += [re.escape(mark.encode(codec, "replace")) for mark in reasons]
    blank = rb"^(?:" + delimiter + rb'|"|' + _SPACE_CHAR + rb")*$"
    cell = edge_before + rb"(?:" + b"|".join(words) + rb")" + edge_after
    return re.compile(blank + rb"|" + cell, re.IGNORECASE | re.MULTILINE)


def _blocks(path: Path, chunk_size: int) -> Iterator[bytes]:
    """The file in pieces of whole lines (the last may lack its line end)."""
    rest = b""
    with path.open("rb") as raw:
        while chunk := raw.read(chunk_size):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if cut:
                yield data[:cut]
            rest = data[cut:]
    if rest:
        yield rest


def skipped_lines(
    path: Path, fmt: TextFormat, index: ColumnIndex, dialect: Dialect, chunk_size: int = CHUNK
) -> Skipped:
    """Every line after the header (on line 1) that the per-line reader would skip, with its
    number and reason, found in one search of the file's bytes."""
    pattern = _candidates(fmt, dialect)
    found = Skipped()
    before = 0  # lines before the block
    for block in _blocks(path, chunk_size):
        number, counted_to, last_start = before + 1, 0, -1
        for match in pattern.finditer(block):
            start = block.rfind(b"\n", 0, match.start()) + 1
            if start == last_start or start == len(block):  # seen, or no line there
                continue
            last_start = start
            number += block.count(b"\n", counted_to, start)
            counted_to = start
            end = block.find(b"\n", start)
            raw = block[start : len(block) if end < 0 else end]
            if number > 1:
                _judge(found, raw, number, path, fmt, index, dialect)
        before += block.count(b"\n")
    return found


def _judge(
    found: Skipped,
    raw: bytes,
    number: int,
    path: Path,
    fmt: TextFormat,
    index: ColumnIndex,
    dialect: Dialect,
) -> None:
    """Read one line as the per-line reader does and note it if it is skipped."""
    text = raw.decode(dialect.encoding, errors="replace").removesuffix("\r")
    cells = next(csv.reader([text], delimiter=dialect.delimiter), [])
    reason = skip_reason(fmt, index, cells)
    if reason is not None:
        found.lines.append(SkippedLine(Source(str(path), number), reason))
        found.empty += raw in (b"", b"\r")
