"""What the bulk reader learns from a text file's bytes besides DuckDB: how many lines the file
has, and which of them it skips, by number and with the per-line reader's reason.

DuckDB numbers no lines, and passes over empty ones. Lines a bulk read skips (blank lines,
totals rows, lines that are not income) are few, so their numbers are found by plain searches
of the bytes for the lines that could be skipped (blank, or holding a totals word or a
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
from points.ingest.limits import MAX_LINE_CHARS, MAX_LISTED_LINES
from points.ingest.rows import SkippedLine, skip_reason
from points.ingest.sniff import Dialect

__all__ = ["Skipped", "count_lines", "skipped_lines"]

CHUNK = 16 * 1024 * 1024


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


def _needles(fmt: TextFormat, dialect: Dialect) -> tuple[list[bytes], re.Pattern[bytes]]:
    """What the lines that may be skipped contain (lower-cased), a totals word or a not-income
    marker; and the first byte of a blank line (a line end, a space, a quote, the delimiter),
    after the line end before it."""
    codec = "utf-8" if dialect.encoding == "utf-8-sig" else dialect.encoding  # no BOM
    words = {b"total", b"sum"}  # every word of rows.TOTALS holds one of them
    for reasons in fmt.not_income.values():
        words |= {mark.encode(codec, "replace").lower() for mark in reasons}
    blank = re.escape(b'\n\r" \t\x0b\x0c\x1c\x1d\x1e\x1f' + dialect.delimiter.encode(codec))
    return sorted(words), re.compile(rb"\n(?=[" + blank + rb"])")


# The most bytes a line of MAX_LINE_CHARS characters takes (4 per character in UTF-8).
MAX_LINE_BYTES = 4 * MAX_LINE_CHARS


class _GiveUp(Exception):
    """A line past ``MAX_LINE_BYTES`` (the per-line reader refuses the file, naming it), or
    more skipped lines than ``MAX_LISTED_LINES`` (the per-line reader counts the rest
    without listing them)."""


def _blocks(path: Path, chunk_size: int) -> Iterator[bytes]:
    """The file in pieces of whole lines (the last may lack its line end).

    Raises:
        _GiveUp: a line longer than any statement's, before it is held whole.
    """
    rest = b""
    with path.open("rb") as raw:
        while chunk := raw.read(chunk_size):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if cut:
                yield data[:cut]
            rest = data[cut:]
            if len(rest) > MAX_LINE_BYTES:
                raise _GiveUp
    if rest:
        yield rest


def _found(haystack: bytes, needle: bytes) -> Iterator[int]:
    position = haystack.find(needle)
    while position != -1:
        yield position
        position = haystack.find(needle, position + 1)


def skipped_lines(
    path: Path, fmt: TextFormat, index: ColumnIndex, dialect: Dialect, chunk_size: int = CHUNK
) -> Skipped | None:
    """Every line after the header (on line 1) that the per-line reader would skip, with its
    number and reason. Lines holding a totals word or a marker, in any case, or starting as
    a blank line does, are found by quick searches of the bytes; each is then judged.
    ``None`` if a line is longer than ``MAX_LINE_BYTES`` (the per-line reader says where), or
    if more than ``MAX_LISTED_LINES`` are skipped (the per-line reader lists no more)."""
    try:
        return _skipped_lines(path, fmt, index, dialect, chunk_size)
    except _GiveUp:
        return None


def _skipped_lines(
    path: Path, fmt: TextFormat, index: ColumnIndex, dialect: Dialect, chunk_size: int
) -> Skipped:
    words, blank_start = _needles(fmt, dialect)
    found = Skipped()
    before = 0  # lines before the block
    for block in _blocks(path, chunk_size):
        lowered = block.lower()
        starts = {block.rfind(b"\n", 0, at) + 1 for word in words for at in _found(lowered, word)}
        starts |= {match.start() + 1 for match in blank_start.finditer(block)}
        if blank_start.match(b"\n" + block[:1]):  # the block's first line
            starts.add(0)
        number, counted_to = before + 1, 0
        for start in sorted(starts):
            if start == len(block):  # what follows the last line end is no line
                continue
            number += block.count(b"\n", counted_to, start)
            counted_to = start
            end = block.find(b"\n", start)
            if number > 1:
                raw = block[start : len(block) if end < 0 else end]
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
        if len(found.lines) >= MAX_LISTED_LINES:
            raise _GiveUp
        found.lines.append(SkippedLine(Source(str(path), number), reason))
        found.empty += raw in (b"", b"\r")
