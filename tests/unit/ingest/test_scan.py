"""The bytes of a text file: its lines counted, and the lines a reader skips found by number."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from points.ingest import scan
from points.ingest.formats import BANDCAMP, DISTROKID
from points.ingest.rows import SkippedLine
from points.ingest.scan import count_lines, skipped_lines
from points.ingest.sniff import Dialect

TSV = Dialect("utf-8", "\t", 0)


@given(st.text(alphabet="\n\rx", max_size=40))
def test_lines_are_counted_alike_by_wc_and_in_python(text: str) -> None:
    """Lines end at ``\\n`` only; a last line without one counts too."""
    data = text.encode()
    with tempfile.NamedTemporaryFile() as file:
        file.write(data)
        file.flush()
        path = Path(file.name)
        by_wc = count_lines(path)
        if scan.shutil.which("wc"):  # on this system the count is wc's own
            assert scan._newlines_by_wc(path) == data.count(b"\n")
        with mock.patch.object(scan.shutil, "which", return_value=None):
            in_python = count_lines(path)
    assert by_wc == in_python == data.count(b"\n") + (data[-1:] not in (b"", b"\n"))


@given(
    st.lists(st.sampled_from(["x", "\n", "\r\n"]), max_size=30).map("".join),
    st.integers(min_value=1, max_value=6),
)
def test_empty_lines_are_found_across_chunk_seams(text: str, chunk_size: int) -> None:
    """Lines end in LF or CRLF (DuckDB refuses a lone CR, so the bulk reader never asks)."""
    data = ("header\n" + text).encode()
    index = DISTROKID.bind(["Reporting Date", "Store", "Quantity", "Earnings (USD)",
                            "Country of Sale"])  # fmt: skip
    assert index is not None
    with tempfile.NamedTemporaryFile() as file:
        file.write(data)
        file.flush()
        found = skipped_lines(Path(file.name), DISTROKID, index, TSV, chunk_size)
    assert found is not None
    lines = data.split(b"\n")
    if lines[-1] == b"":  # what follows the last line end is no line
        lines.pop()
    expected = [n for n, line in enumerate(lines, start=1) if n > 1 and line in (b"", b"\r")]
    assert [line.source.line for line in found.lines] == expected
    assert found.empty == len(expected)
    assert {line.reason for line in found.lines} <= {"blank line"}


def test_totals_rows_and_lines_not_income_are_found_with_their_reasons(tmp_path: Path) -> None:
    """Only lines the per-line reader skips: a 'Total' beside an ISRC, or 'payout' in a
    title, is income."""
    header = ["date", "item type", "item name", "currency", "net amount", "isrc"]
    index = BANDCAMP.bind(header)
    assert index is not None
    rows = [
        ",".join(header),
        "6/24/23 11:45am,track,Payout Blues,USD,0.92,QZRLR2600002",
        "6/30/23 12:00am, PAYOUT ,,USD,-42.0,",
        '"",,,,,',
        "Total:,,,,0.92,",
        "6/30/23 12:00am,track,Total,USD,0.5,QZRLR2600002",
        "",
    ]
    path = tmp_path / "bandcamp.csv"
    path.write_bytes("\r\n".join(rows).encode() + b"\r\n")
    found = skipped_lines(path, BANDCAMP, index, Dialect("utf-8", ",", 0))
    assert found is not None
    source = str(path)
    assert found.lines == [
        SkippedLine(scan.Source(source, 3), "payout, not income"),
        SkippedLine(scan.Source(source, 4), "blank line"),
        SkippedLine(scan.Source(source, 5), "totals row"),
        SkippedLine(scan.Source(source, 7), "blank line"),
    ]
    assert found.empty == 1


def test_every_totals_word_holds_a_word_the_search_looks_for() -> None:
    from points.ingest.rows import TOTALS

    assert all("total" in word or "sum" in word for word in TOTALS)


def test_a_line_longer_than_any_statements_is_not_held_whole(tmp_path: Path) -> None:
    """The bulk reader gives up on the file (``None``), and the per-line reader names the
    line; the scan never joins more than ``MAX_LINE_BYTES`` of one line."""
    header = ["date", "item type", "item name", "currency", "net amount", "isrc"]
    index = BANDCAMP.bind(header)
    assert index is not None
    path = tmp_path / "bandcamp.csv"
    path.write_bytes(
        b",".join(h.encode() for h in header) + b"\n" + b"x" * (scan.MAX_LINE_BYTES + 2)
    )
    assert skipped_lines(path, BANDCAMP, index, Dialect("utf-8", ",", 0), 1 << 20) is None
