"""Compressed statements read like plain ones; only regular files are opened, and lines are
read a bounded length at a time."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

from points.errors import Source
from points.ingest.files import (
    InflationError,
    LineTooLongError,
    NotRegularFileError,
    TooManyFieldsError,
    bounded_lines,
    check_fields,
    open_binary,
)
from points.ingest.limits import MAX_FIELDS, MAX_LINE_CHARS


def test_plain_and_gzip(tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.tsv", tmp_path / "a.tsv.gz"
    plain.write_bytes(b"HEAD\tx\n")
    packed.write_bytes(gzip.compress(b"HEAD\tx\n"))
    for path in (plain, packed):
        with open_binary(path) as stream:
            assert stream.read() == b"HEAD\tx\n"


def test_only_regular_files_are_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "statement.csv"
    os.mkfifo(fifo)  # opening it for reading would block until a writer came
    with pytest.raises(NotRegularFileError, match=r"it is a named pipe \(FIFO\)"):
        open_binary(fifo)
    zero = tmp_path / "zero.tsv.gz"
    zero.symlink_to("/dev/zero")
    with pytest.raises(NotRegularFileError, match="a device, through a link to /dev/zero"):
        open_binary(zero)


def test_a_line_is_read_at_most_max_line_chars_far() -> None:
    text = io.StringIO("a\n" + "b" * MAX_LINE_CHARS + "\n" + "c" * (MAX_LINE_CHARS + 1))
    lines = bounded_lines(text)
    assert next(lines) == "a\n"
    assert len(next(lines)) == MAX_LINE_CHARS + 1  # the longest line, with its end
    with pytest.raises(LineTooLongError, match=r"^line 3: the line is longer than 1,048,576"):
        next(lines)


def test_a_record_has_at_most_max_fields_cells() -> None:
    assert check_fields(["x"] * MAX_FIELDS, Source("f", 2)) == ["x"] * MAX_FIELDS
    with pytest.raises(TooManyFieldsError, match=r"^line 9: the line has 4,097 cells"):
        check_fields(["x"] * (MAX_FIELDS + 1), Source("f", 9))


def test_a_damaged_gzip_stream_is_a_refusal(tmp_path: Path) -> None:
    packed = tmp_path / "a.tsv.gz"
    packed.write_bytes(gzip.compress(b"HEAD\tx\n" * 1000)[:-20])
    with open_binary(packed) as stream, pytest.raises(InflationError, match="is damaged"):
        stream.read()
