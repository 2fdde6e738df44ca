"""The bulk reader answers only for files it proves clean, and then exactly as the per-line
reader would; for any other file the per-line reader answers, with its line-level report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from points.ingest import bulk as bulk_module
from points.ingest.bulk import bulk_eligible
from points.ingest.formats import DISTROKID, Field
from points.ingest.formats.base import ChannelRule, TextFormat
from points.ingest.read import StatementRead, read_statement
from points.ingest.sniff import Dialect
from points.model.contracts import Channel

DK_HEADER = (
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)"
)
LINE = (
    "2026-06-01\t2026-05\t{store}\tAva Stone\t{title}\t{isrc}\t198724001509\t{units}\t100\tSong\t"
    "{country}\t0\t{net}"
)


def _line(store: str = "Spotify", title: str = "Glass Harbor", isrc: str = "QZRLR2600001",
          country: str = "US", net: str = "0.00931410", units: str = "3") -> str:  # fmt: skip
    return LINE.format(store=store, title=title, isrc=isrc, country=country, net=net, units=units)


def _read(path: Path, fmt: list[TextFormat] | None = None) -> tuple[StatementRead, StatementRead]:
    bulk = read_statement(path, keep_lines=False, bulk_min_bytes=0, formats=fmt)
    per_line = read_statement(path, keep_lines=False, bulk_min_bytes=2**62, formats=fmt)
    assert bulk.counts == per_line.counts
    assert bulk.skipped == per_line.skipped
    assert bulk.sums == per_line.sums
    assert {k: str(v.net) for k, v in bulk.sums.items()} == {
        k: str(v.net) for k, v in per_line.sums.items()
    }
    assert _printed_totals(bulk) == _printed_totals(per_line)
    return bulk, per_line


def _printed_totals(read: StatementRead) -> tuple[object, ...]:
    """The totals per currency and per recording as they print (the bulk reader totals them
    in SQL, the per-line reader from its sums)."""
    totals = {code: (str(a.units), str(a.net), a.lines) for code, a in read.totals().items()}
    per_recording = {
        (recording, code): (str(a.units), str(a.net), a.lines)
        for recording, per_currency in read.by_recording().items()
        for code, a in per_currency.items()
    }
    return totals, per_recording


def test_a_clean_file_is_read_in_bulk_with_blank_lines_and_totals_skipped(tmp_path: Path) -> None:
    path = tmp_path / "dk.tsv"
    lines = [DK_HEADER, _line(), "", _line(store="iTunes", country="UK"), _line(country="GB"),
             "\t\t\t\tTotal\t\t\t\t\t\t\t\t0.01", ""]  # fmt: skip
    path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    bulk, _ = _read(path)
    assert bulk.bulk
    assert (bulk.counts.read, bulk.counts.accepted, bulk.counts.skipped) == (6, 3, 3)
    assert [(s.source.line, s.reason) for s in bulk.skipped] == [
        (3, "blank line"), (6, "totals row"), (7, "blank line"),
    ]  # fmt: skip
    gb = [key for key in bulk.sums if key.territory == "GB"]
    assert [(key.channel, bulk.sums[key].lines) for key in gb] == [
        (Channel.DOWNLOAD, 1),
        (Channel.STREAM, 1),
    ] or [(key.channel, bulk.sums[key].lines) for key in gb] == [
        (Channel.STREAM, 1),
        (Channel.DOWNLOAD, 1),
    ]


@pytest.mark.parametrize(
    "line",
    [
        _line(isrc="qzrlr2600001"),  # codes, names and stores are read by Python's parsers,
        _line(isrc="QZ-RLR-26-00001"),  # once per distinct value
        _line(country="Germany"),
        _line(country=" de "),
        _line(store=" iTunes "),
        _line(store="iTunes\x0b"),  # a spelling of the first lines: read as Python reads it
    ],
)
def test_values_the_parsers_read_are_read_in_bulk(tmp_path: Path, line: str) -> None:
    path = tmp_path / "dk.tsv"
    path.write_text("\r\n".join([DK_HEADER, _line(), line]) + "\r\n", encoding="utf-8")
    bulk, _ = _read(path)
    assert bulk.bulk


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (_line(net="$1.00"), "an amount with a currency mark"),
        (_line(net="1,234.50"), "an amount with a thousands separator"),
        (_line(title='"Line\r\nbreak"'), "a quoted value over two lines"),
        (_line(net="x"), "a line the per-line reader rejects"),
        (_line(net=""), "a line without an amount (SQL's NULL must not pass as clean)"),
        (_line(isrc="BAD"), "a line the per-line reader rejects"),
    ],
)
def test_any_other_file_is_read_line_by_line(tmp_path: Path, line: str, why: str) -> None:
    path = tmp_path / "dk.tsv"
    path.write_text("\r\n".join([DK_HEADER, _line(), line]) + "\r\n", encoding="utf-8")
    bulk, per_line = _read(path)
    assert not bulk.bulk, why
    assert bulk.rejected == per_line.rejected


def test_a_store_beyond_the_first_lines_with_white_space_only_python_trims_is_read_line_by_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stores spelled otherwise than in the first lines are lowered and trimmed in SQL, which
    trims less than Python: Python's reading of each distinct store must then disagree."""
    monkeypatch.setattr(bulk_module, "_SAMPLE_LINES", 1)
    path = tmp_path / "dk.tsv"
    lines = [DK_HEADER, _line(), _line(store="iTunes\x0b")]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    bulk, per_line = _read(path)
    assert not bulk.bulk
    assert bulk.counts == per_line.counts
    monkeypatch.setattr(bulk_module, "_SAMPLE_LINES", 2)
    bulk, _ = _read(path)
    assert bulk.bulk


def _count_scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The main queries the bulk reader runs, as it runs them."""
    queries: list[str] = []
    scan = bulk_module._scan

    def counted(connection: Any, query: str, *args: Any) -> tuple[bool, int]:
        queries.append(query)
        return scan(connection, query, *args)

    monkeypatch.setattr(bulk_module, "_scan", counted)
    return queries


def test_whole_units_and_amounts_of_ten_places_are_read_in_64_bits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = _count_scans(monkeypatch)
    path = tmp_path / "dk.tsv"
    lines = [DK_HEADER, _line(), _line(units="-2", net="12345678.0123456789")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bulk, _ = _read(path)
    assert bulk.bulk
    assert len(queries) == 1
    assert "DECIMAL(18, 10)" in queries[0]


@pytest.mark.parametrize(
    ("units", "net"),
    [
        ("3.50", "1.25"),  # units with places
        ("3", "0.12345678901"),  # eleven places
        ("3", "123456789.5"),  # nine digits before the point
        ("123456789012345678", "1.5"),  # eighteen digits of units
    ],
)
def test_amounts_64_bits_cannot_hold_beyond_the_first_lines_are_read_again_in_128(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, units: str, net: str
) -> None:
    """The first lines chose 64-bit decimals; a later line they cannot hold exactly is not
    clean in that reading, and the file is read again, in bulk, with 128-bit decimals."""
    monkeypatch.setattr(bulk_module, "_SAMPLE_LINES", 1)
    queries = _count_scans(monkeypatch)
    path = tmp_path / "dk.tsv"
    lines = [DK_HEADER, _line(), _line(units=units, net=net)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bulk, _ = _read(path)
    assert bulk.bulk
    assert ["DECIMAL(18, 10)" in query for query in queries] == [True, False]
    monkeypatch.setattr(bulk_module, "_SAMPLE_LINES", 2)  # the first lines show it: 128 bits
    queries.clear()
    bulk, _ = _read(path)
    assert bulk.bulk
    assert ["DECIMAL(38, 18)" in query for query in queries] == [True]


def test_a_line_without_codes_that_is_no_totals_row_is_read_line_by_line(tmp_path: Path) -> None:
    """Lines without an ISRC or UPC are checked by a second scan of every column: a totals
    row is skipped in bulk, any other is income by title, which only the per-line reader keys."""
    path = tmp_path / "dk.tsv"
    no_codes = _line(isrc="", title="Untitled").replace("198724001509", "")
    totals = "\t\t\t\t\t\t\t\t\t\tSubtotal:\t\t1.5"
    path.write_text("\n".join([DK_HEADER, _line(), totals, no_codes]) + "\n")
    bulk, per_line = _read(path)
    assert not bulk.bulk
    assert per_line.counts.accepted == 2
    path.write_text("\n".join([DK_HEADER, _line(), totals]) + "\n")
    bulk, _ = _read(path)
    assert bulk.bulk
    assert bulk.counts.skipped == 1


def test_a_rejected_line_is_still_reported_by_line_number(tmp_path: Path) -> None:
    path = tmp_path / "dk.tsv"
    path.write_text("\n".join([DK_HEADER, _line(), _line(net="12,5O"), _line()]) + "\n")
    bulk, _ = _read(path)
    assert [(r.source.line, r.column) for r in bulk.rejected] == [(3, "Earnings (USD)")]
    assert bulk.counts.accepted == 2


LABEL = TextFormat(
    name="label",
    title="A label's CSV",
    columns={
        Field.REPORTING_DATE: ("Period",),
        Field.ISRC: ("ISRC",),
        Field.TERRITORY: ("Territory", "Country"),
        Field.PRODUCT_KIND: ("Type",),
        Field.SALES_TYPE: ("Sales Type",),
        Field.UNITS: ("Units",),
        Field.NET: ("Royalty",),
        Field.CURRENCY: ("Currency",),
    },
    required=(Field.REPORTING_DATE, Field.NET),
    date_formats=("%Y-%m",),
    channel=ChannelRule(Field.SALES_TYPE, {"stream": Channel.STREAM}, Channel.OTHER),
    not_income={Field.PRODUCT_KIND: {"withdrawal": "withdrawal, not income"}},
)


@pytest.mark.parametrize(
    ("kind", "territory", "read_in_bulk"),
    [
        ("Withdrawal", "", True),
        ("Sale", "n/a", True),
        (" withdrawal\x0b", "", False),  # Python strips the \x0b: only it can tell
        ("Sale", "\x0b", False),
    ],
)
def test_not_income_lines_and_columns_tried_in_order(
    tmp_path: Path, kind: str, territory: str, read_in_bulk: bool
) -> None:
    path = tmp_path / "label.csv"
    rows = [
        "Period,ISRC,Territory,Country,Type,Sales Type,Units,Royalty,Currency",
        "2026-06,QZRLR2600001,,FR,Sale,Stream,2,1.50,eur",
        f"2026-06,QZRLR2600001,{territory},DE,{kind},stream,1,-0.25,EUR",
    ]
    path.write_text("\n".join(rows) + "\n")
    bulk, _ = _read(path, [LABEL])
    assert (bulk.bulk is not None) is read_in_bulk


def test_eligibility(tmp_path: Path) -> None:
    path = tmp_path / "dk.tsv"
    path.write_text(DK_HEADER + "\n")
    plain = Dialect("utf-8", "\t", 0)
    assert bulk_eligible(path, DISTROKID, plain, 0)
    assert not bulk_eligible(path, DISTROKID, plain, 10**9)  # small files: per line
    assert not bulk_eligible(path, DISTROKID, Dialect("utf-16", "\t", 0), 0)
    assert not bulk_eligible(path, DISTROKID, Dialect("utf-8", "\t", 3), 0)  # a title block
    gz = tmp_path / "dk.tsv.gz"
    gz.write_bytes(b"")
    assert not bulk_eligible(gz, DISTROKID, plain, 0)
