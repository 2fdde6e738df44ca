"""The bulk reader (DuckDB) and the per-line reader give the same answer for any file the bulk
reader answers for, and the bulk reader does answer for clean files.

Files are DistroKid-style TSVs drawn from cells that are clean and cells that are not: spaced,
lower-case or hyphenated codes, country names, 'UK', blank-ish values, bad amounts, quoted
values with delimiters or line breaks, blank lines and totals rows, in UTF-8 or Latin-1, with
CRLF or LF line ends. Some of those values cost the line a warning (a UPC a spreadsheet wrote
as 8.59712E+11, an unknown country): the bulk reader must then leave the file to the
per-line reader, which names each one. A line may be followed by its return (the same key,
the amount negated), which the sums must keep apart from the sale.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from points.ingest import bulk as bulk_module
from points.ingest.aggregate import Amounts
from points.ingest.read import StatementRead, read_statement

HEADER = [
    "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC", "Quantity",
    "Team Percentage", "Song/Album", "Country of Sale", "Songwriter Royalties Withheld",
    "Earnings (USD)",
]  # fmt: skip

CLEAN = {
    "reporting": ["2026-06-01", "2026-07-01", "2026-06"],
    "sale": ["2026-05", "2026-04", ""],
    "store": ["Spotify", "iTunes", "Amazon (downloads)", "Apple Music", "Google Play"],
    "title": ["Glass Harbor", "Night Transit", "Café, Live", 'The "Long" One'],
    "isrc": ["QZRLR2600001", "QZRLR2600002", "QZRLR2600003", ""],
    "upc": ["198724001509", "198724001516", ""],
    "quantity": ["1", "0", "-2", "12", "", "3.50"],
    "country": ["US", "GB", "DE", "OU", "", "us", "UK"],
    "earnings": ["0.00031410", "-1.25", ".5", "12.", "0", "-0.00", "7.000000000000000001"],
}
MESSY = {
    "reporting": [" 2026-06-01", "2026-6-1", "n/a", "06/01/2026", "2026-13-01"],
    "sale": ["bad", " 2026-05 ", "-"],
    "store": [" itunes ", "ITUNES\x0b", "Straße"],
    "title": ["Line\nbreak", "Total", "Totals:"],
    "isrc": ["qzrlr2600001", "QZ-RLR-26-00001", " QZRLR2600001", "n/a", "BAD", "\xa0"],
    "upc": ["12345", "n/a", "198724001509 ", "0198724001509", "8.59712E+11", "no upc", "4"],
    "quantity": ["1,000", "x", " 2"],
    "country": ["Germany", "XX", " US", "n/a", "Côte d’Ivoire", "Deutschland", "Türkiye"],
    "earnings": ["1e-3", "$1.00", "", "(2.50)", "1,234.50", " 1.5"],
}


@st.composite
def rows(draw: st.DrawFn, messy: str | None) -> list[str]:
    """One line; only the field named ``messy`` draws from the messy cells too, so each quirk
    is met alone and not always beside another that sends the file to the per-line reader."""

    def cell(name: str) -> str:
        choices = CLEAN[name] + (MESSY[name] if name == messy else [])
        return draw(st.sampled_from(choices))

    kind = draw(st.sampled_from(["line", "line", "line", "blank", "totals"]))
    if kind == "blank":
        return []
    if kind == "totals":
        return [
            "",
            "",
            "",
            "",
            "Total",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            draw(st.sampled_from(CLEAN["earnings"])),
        ]
    isrc, upc = cell("isrc"), cell("upc")
    if not (isrc or upc) and messy != "isrc":
        isrc = "QZRLR2600009"
    return [
        cell("reporting"), cell("sale"), cell("store"), "Ava Stone", cell("title"), isrc, upc,
        cell("quantity"), "100", "Song" if isrc else "Album", cell("country"), "0",
        cell("earnings"),
    ]  # fmt: skip


def _returned(earnings: str) -> str:
    return earnings[1:] if earnings.startswith("-") else f"-{earnings}"


@st.composite
def statements(draw: st.DrawFn, messy: str | None, min_size: int = 0) -> list[list[str]]:
    """Lines, each income line perhaps followed by its return or refund: the same key with
    the amount negated."""
    lines = []
    for cells in draw(st.lists(rows(messy=messy), min_size=min_size, max_size=25)):
        lines.append(cells)
        if cells and cells[4] != "Total" and draw(st.booleans()):
            lines.append([*cells[:-1], _returned(cells[-1])])
    return lines


def _write(path: Path, lines: list[list[str]], encoding: str, newline: str) -> None:
    text = io.StringIO()
    writer = csv.writer(text, delimiter="\t", lineterminator=newline)
    writer.writerow(HEADER)
    for cells in lines:
        if cells:
            writer.writerow(cells)
        else:
            text.write(newline)
    path.write_bytes(text.getvalue().encode(encoding, errors="replace"))


def _both(path: Path) -> tuple[StatementRead, StatementRead]:
    bulk = read_statement(path, keep_lines=False, bulk_min_bytes=0)
    per_line = read_statement(path, keep_lines=False, bulk_min_bytes=2**62)
    return bulk, per_line


def _printed(read: StatementRead) -> tuple[dict[object, tuple[str, str, int]], ...]:
    """The sums, and the totals per currency and per recording (which the bulk reader adds
    up in SQL), as they print: equal Decimals written differently would show."""

    def printed(amounts: Amounts) -> tuple[str, str, int]:
        return str(amounts.units), str(amounts.net), amounts.lines

    return (
        {key: printed(a) for key, a in read.sums.items()},
        {code: printed(a) for code, a in read.totals().items()},
        {
            (recording, code): printed(a)
            for recording, per_currency in read.by_recording().items()
            for code, a in per_currency.items()
        },
    )


FILES = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


messy_files = st.sampled_from(sorted(MESSY)).flatmap(lambda name: statements(messy=name))


@FILES
@given(
    messy_files,
    st.sampled_from(["utf-8", "latin-1"]),
    st.sampled_from(["\r\n", "\n"]),
    st.sampled_from([0, 1, 3, 10_000]),
)
def test_bulk_never_disagrees_with_the_per_line_reader(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lines: list[list[str]],
    encoding: str,
    newline: str,
    sample_lines: int,
) -> None:
    """``sample_lines``: how many first lines give the stores' spellings matched as written;
    the stores of the others are lowered and trimmed in SQL."""
    monkeypatch.setattr(bulk_module, "_SAMPLE_LINES", sample_lines)
    path = tmp_path / "statement.tsv"
    _write(path, lines, encoding, newline)
    bulk, per_line = _both(path)
    assert bulk.counts == per_line.counts
    assert bulk.skipped == per_line.skipped
    assert _printed(bulk) == _printed(per_line)
    assert bulk.rejected == per_line.rejected
    assert bulk.warnings == per_line.warnings
    if bulk.bulk:  # it answered: then nothing can have been rejected or warned about
        assert not per_line.rejected
        assert not per_line.warnings


@FILES
@given(
    statements(messy=None, min_size=1),
    st.sampled_from(["utf-8", "latin-1"]),
    st.sampled_from(["\r\n", "\n"]),
)
def test_bulk_answers_for_clean_files(
    tmp_path: Path, lines: list[list[str]], encoding: str, newline: str
) -> None:
    path = tmp_path / "statement.tsv"
    _write(path, lines, encoding, newline)
    bulk, per_line = _both(path)
    assert bulk.bulk
    assert not per_line.bulk
    assert bulk.counts == per_line.counts
    assert bulk.skipped == per_line.skipped
    assert _printed(bulk) == _printed(per_line)
