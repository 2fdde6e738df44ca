"""Reading statements line by line: canonical lines, and an account of every line."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from points.ingest.aggregate import recording_of
from points.ingest.read import UnknownFormatError, detect_format, read_statement
from points.model.contracts import Channel
from points.model.periods import Month

FIXTURES = Path(__file__).parents[2] / "fixtures" / "statements"


def test_a_distrokid_statement_in_latin_1() -> None:
    result = read_statement(FIXTURES / "distrokid.tsv")
    assert result.format.name == "distrokid"
    assert result.reason.startswith("DistroKid (Excruciating Detail): detected from the header")
    assert (result.counts.read, result.counts.accepted, result.problems) == (8, 8, [])
    first, second, apple, instagram, album, refund, zero, tidal = result.lines
    assert str(first.source).endswith("distrokid.tsv:2")
    assert (first.isrc, first.upc, first.units, first.net) == (
        "QZRLR2600002", "198724001509", Decimal(1200), Decimal("3.74400000"),
    )  # fmt: skip
    assert (first.reporting_period, first.sale_period) == (Month(2026, 3), Month(2026, 1))
    assert (first.channel, first.currency, first.territory) == (Channel.STREAM, "USD", "US")
    assert second.upc is None  # DistroKid often leaves the UPC blank on song lines
    assert apple.territory == "NO"  # Norway, not False
    assert (instagram.title, instagram.territory, instagram.territory_reported) == (
        "Café Lights", None, "OU",
    )  # fmt: skip
    assert (album.isrc, album.upc, album.channel) == (None, "198724001509", Channel.DOWNLOAD)
    assert (refund.units, refund.net) == (Decimal(-1), Decimal("-0.70000000"))
    assert (zero.units, zero.net) == (Decimal(0), Decimal(0))
    assert tidal.net == Decimal("0.000313712922")


def test_bad_lines_are_reported_and_the_rest_imported() -> None:
    """Only a line whose amount, currency or reporting date cannot be read is rejected; a bad
    quantity, ISRC or country is a warning on a line that is kept."""
    result = read_statement(FIXTURES / "distrokid-bad-lines.tsv")
    counts = result.counts
    assert (counts.read, counts.accepted, counts.skipped, counts.rejected) == (11, 5, 3, 3)
    assert counts.read == counts.accepted + counts.skipped + counts.rejected
    assert [line.source.line for line in result.lines] == [3, 4, 6, 10, 11]
    assert [(s.source.line, s.reason) for s in result.skipped] == [
        (5, "blank line"), (12, "totals row"), (13, "blank line"),
    ]  # fmt: skip
    assert [(p.source.line, p.source.column, p.code, p.message) for p in result.problems] == [
        (4, 8, "bad-units",
         "column 'Quantity': 'ten' is not an amount; the line is kept with 0 units"),
        (6, 6, "bad-isrc", "column 'ISRC': 'QZRLR26002' is not an ISRC; its income is kept "
         "under its UPC or title"),
        (7, None, "rejected-line", "column 'Earnings (USD)': no amount"),
        (8, None, "rejected-line",
         "column 'Reporting Date': '03/05/2026' is not a date written as %Y-%m-%d or %Y-%m"),
        (9, None, "rejected-line", "the line has 9 cells, fewer than the header"),
        (10, 11, "bad-territory", "column 'Country of Sale': 'Atlantis' is not a country code "
         "or name; the line is kept with no country"),
    ]  # fmt: skip
    assert {p.severity for p in result.warnings} == {"warning"}
    bad_isrc, unknown_country = result.lines[2], result.lines[3]
    assert (bad_isrc.isrc, bad_isrc.isrc_reported, bad_isrc.upc) == (
        None, "QZRLR26002", "198724001509",
    )  # fmt: skip
    assert recording_of(bad_isrc) == "upc:198724001509"  # unmatched income, not lost
    assert (unknown_country.territory, unknown_country.territory_reported) == (None, "Atlantis")


def test_a_file_of_no_known_format_says_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Date,Song,Plays,Revenue\n2026-01-01,x,1,0.01\n", encoding="utf-8")
    with pytest.raises(UnknownFormatError, match="distrokid needs Reporting Date, Store"):
        read_statement(path)


def test_a_format_can_be_forced_by_name() -> None:
    header = (FIXTURES / "distrokid.tsv").read_text(encoding="latin-1").splitlines()[0]
    fmt, _, reason = detect_format(header.split("\t"), "distrokid")
    assert fmt.name == "distrokid"
    assert "forced with --format" in reason
    with pytest.raises(UnknownFormatError, match="no format named 'spotify'"):
        detect_format(header.split("\t"), "spotify")
    with pytest.raises(UnknownFormatError, match="nearest: tunecore, which lacks Posted Date"):
        detect_format(header.split("\t"), "tunecore")


def test_no_format_names_the_header_found_the_nearest_format_and_what_it_lacks() -> None:
    """A shop's own export: its header quoted with its line, the nearest format (Believe
    lacks two columns, every other format more), what the others need, and how to go on."""
    with pytest.raises(UnknownFormatError) as raised:
        detect_format(["Date", "Shop", "Qty", "Amount"], where="line 4")
    message = str(raised.value)
    assert message.startswith(
        "line 4: the header (Date, Shop, Qty, Amount) matches no known statement format; "
        "nearest: believe, which lacks Reporting month, Net Revenue (others: "
    )
    assert "tunecore needs Posted Date, Store Name, # Units Sold, Total Earned, Currency" in message
    assert message.endswith(
        'write a mapping that names its columns (README, "Reading statements") and pass '
        "--mapping FILE"
    )


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"PK\x03\x04\x14\x00", "it is a zip archive; unzip it"),
        (b"%PDF-1.7\n", "it is a PDF document; points reads the CSV, TSV or Excel export"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "it is an Excel 97-2003 workbook (.xls)"),
        (b"\x89PNG\r\n\x1a\n\x00", "it is a PNG image"),
        (b"\xff\xd8\xff\xe0", "it is a JPEG image"),
    ],
)
def test_a_file_that_is_not_a_text_export_is_named_for_what_it_is(
    tmp_path: Path, head: bytes, what: str
) -> None:
    path = tmp_path / "q1-statement.csv"  # named like a statement; its bytes say otherwise
    path.write_bytes(head + bytes(range(256)))
    with pytest.raises(UnknownFormatError, match=f"^not a statement export: {re.escape(what)}"):
        read_statement(path)


@pytest.mark.parametrize(
    ("fixture", "name"),
    [
        ("distrokid.tsv", "distrokid"),
        ("tunecore.csv", "tunecore"),
        ("cdbaby.txt", "cdbaby"),
        ("bandcamp.csv", "bandcamp"),
    ],
)
def test_auto_detection_picks_each_format(fixture: str, name: str) -> None:
    assert read_statement(FIXTURES / fixture).format.name == name


def test_progress_reports_lines_and_bytes_and_lines_need_not_be_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("points.ingest.read.PROGRESS_EVERY", 2)
    seen: list[tuple[int, int]] = []
    result = read_statement(
        FIXTURES / "distrokid.tsv", keep_lines=False, progress=lambda n, b: seen.append((n, b))
    )
    assert [n for n, _ in seen] == [2, 4, 6, 8]
    assert all(b > 0 for _, b in seen)
    assert result.lines == []
    assert sum(a.lines for a in result.sums.values()) == 8  # aggregated as it streamed


def _distrokid(tmp_path: Path, *rows: str) -> Path:
    header = (FIXTURES / "distrokid.tsv").read_bytes().decode("latin-1").splitlines()[0]
    path = tmp_path / "quotes.tsv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


ROW = "2026-03-05\t2026-01\tSpotify\tAva Stone\t{title}\tQZRLR2600002\t\t10\t100\tSong\tUS\t0\t0.05"


def test_a_stray_quote_does_not_swallow_the_lines_after_it(tmp_path: Path) -> None:
    path = _distrokid(tmp_path, ROW.format(title='"12 Inch'), ROW.format(title="Next"))
    result = read_statement(path)
    assert (result.counts.read, result.counts.accepted) == (2, 2)
    assert [(line.source.line, line.title) for line in result.lines] == [
        (2, '"12 Inch'),
        (3, "Next"),
    ]


def test_a_quoted_title_with_a_line_break_is_one_line_covering_two(tmp_path: Path) -> None:
    path = _distrokid(tmp_path, ROW.format(title='"Glass\nHarbor"'), ROW.format(title="Next"))
    result = read_statement(path)
    assert (result.counts.read, result.counts.accepted) == (3, 3)  # physical lines
    assert [line.title for line in result.lines] == ["Glass\nHarbor", "Next"]


def test_a_quote_never_closed_gives_its_lines_back(tmp_path: Path) -> None:
    rows = [ROW.format(title='"Open')] + [ROW.format(title=f"T{i}") for i in range(80)]
    result = read_statement(_distrokid(tmp_path, *rows))
    assert (result.counts.read, result.counts.accepted) == (81, 81)
    assert result.lines[-1].source.line == 82
