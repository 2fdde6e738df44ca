"""DDEX DSR flat files: summaries, resources and sales lines, every line accounted for."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from points.ingest.aggregate import aggregate, totals_by_currency
from points.ingest.read import read_statement
from points.model.contracts import Channel
from points.model.periods import Month

FIXTURES = Path(__file__).parents[2] / "fixtures" / "statements"
UGC = FIXTURES / "DSR_Redline_VideoSite_AdSupport-music_2026-Q1_NO_1of1_20260421T100000.tsv"
BASIC = FIXTURES / "DSR_Redline_StreamCo_Premium_2026-02_GB_1of1_20260310T080000.tsv.gz"


def test_ugc_profile_lines_carry_their_own_revenue() -> None:
    result = read_statement(UGC)
    assert result.format.name == "ddex-dsr"
    counts = result.counts
    assert (counts.read, counts.accepted, counts.skipped, counts.rejected) == (15, 2, 11, 2)
    first, second = result.lines
    assert (first.isrc, first.title, first.artist, first.store) == (
        "QZRLR2600002", "Glass Harbor", "Ava Stone", "VideoSite",
    )  # fmt: skip
    assert (first.currency, first.territory, first.channel) == ("EUR", "NO", Channel.STREAM)
    assert (first.reporting_period, first.sale_period) == (Month(2026, 3), Month(2026, 1))
    assert (first.units, first.net) == (Decimal(70000), Decimal("49.175"))
    assert first.net + second.net == Decimal("84.30")  # the summary's revenue for Redline
    assert [(r.source.line, r.column, r.reason) for r in result.rejected] == [
        (13, "NetRevenue", "'abc' is not an amount"),
        (14, "SummaryRecordId", "no summary '9'"),
    ]
    assert result.notes == []  # FOOT's 15 lines match the file
    assert result.skipped_by_reason == {
        "comment line": 5,
        "resource record": 2,
        "summary record (its revenue is read through its sales lines)": 2,
        "footer record": 1,
        "header record": 1,
    }


def test_basic_audio_revenue_is_allocated_from_the_summary_exactly() -> None:
    result = read_statement(BASIC)  # gzip-compressed, no '#' layout lines
    assert (result.counts.read, result.counts.accepted, result.counts.skipped) == (10, 3, 7)
    # 10.00 GBP among three equal usages, at 12 decimals: the odd unit goes to the first.
    assert [line.net for line in result.lines] == [
        Decimal("3.333333333334"), Decimal("3.333333333333"), Decimal("3.333333333333"),
    ]  # fmt: skip
    assert totals_by_currency(aggregate(result.lines))["GBP"].net == Decimal("10.00")
    assert {line.isrc for line in result.lines} == {"QZRLR2600001", "QZRLR2600002", "QZRLR2600005"}


def test_a_foot_that_disagrees_is_a_warning(tmp_path: Path) -> None:
    text = UGC.read_text(encoding="utf-8").replace("FOOT\t15\t", "FOOT\t16\t")
    short = tmp_path / "dsr.tsv"
    short.write_text(text, encoding="utf-8")
    (note,) = read_statement(short).notes
    assert (note.code, note.severity) == ("dsr-line-count", "warning")
    assert note.message == "FOOT says the file has 16 lines; it has 15"


def test_a_dsr_can_be_forced_and_escaped_pipes_are_read(tmp_path: Path) -> None:
    text = UGC.read_text(encoding="utf-8").replace("\tabc\t", "\t0.50\t")
    fixed = tmp_path / "report.txt"
    fixed.write_text(text, encoding="utf-8")
    result = read_statement(fixed, "ddex-dsr")
    assert result.reason == "DDEX DSR flat file: forced with --format"
    assert result.lines[2].title == "Northbound | Live"


def test_an_unreadable_code_or_country_is_a_warning_and_the_sales_are_kept(tmp_path: Path) -> None:
    """The UGC report with Northbound's ISRC cut short (AS01, line 12, cell 5) and the
    summary's territory unknown (SY02.01, line 7, cell 7): both sales lines of Glass Harbor
    are still read, 49.175 + 35.125 = 84.30 EUR, now with no country."""
    text = UGC.read_text(encoding="utf-8")
    text = text.replace("QZRLR2600005", "QZRLR26").replace(
        "\tNO\tAdSupport", "\tNowhere\tAdSupport"
    )
    path = tmp_path / "dsr.tsv"
    path.write_text(text, encoding="utf-8")
    result = read_statement(path)
    assert [(w.source.line, w.source.column, w.code) for w in result.warnings] == [
        (7, 7, "bad-territory"), (12, 5, "bad-isrc"),
    ]  # fmt: skip
    assert result.counts.accepted == 2
    assert [(line.territory, line.territory_reported) for line in result.lines] == [
        (None, "Nowhere"), (None, "Nowhere"),
    ]  # fmt: skip
    assert sum(line.net for line in result.lines) == Decimal("84.30")
