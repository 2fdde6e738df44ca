"""Amuse: wallet credits are royalties after the split; withdrawals are not income."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from points.ingest.read import read_statement
from points.model.contracts import Channel
from points.model.periods import Month

FIXTURE = Path(__file__).parents[3] / "fixtures" / "statements" / "amuse.xlsx"


def test_amuse_workbook() -> None:
    result = read_statement(FIXTURE)
    assert result.format.name == "amuse"
    counts = result.counts
    assert (counts.read, counts.accepted, counts.skipped, counts.rejected) == (3, 2, 1, 0)
    streams, downloads = result.lines
    assert str(streams.source).endswith("amuse.xlsx[Transactions]:4")
    assert (streams.net, streams.gross, streams.units) == (
        Decimal("8.336"), Decimal("16.672"), Decimal(5210),
    )  # fmt: skip
    assert (streams.reporting_period, streams.sale_period) == (Month(2026, 4), Month(2026, 1))
    assert (streams.channel, downloads.channel) == (Channel.STREAM, Channel.DOWNLOAD)
    assert sum(line.net for line in result.lines) == Decimal("9.386")  # 8.336 + 1.05


SIX_MONTHS = FIXTURE.with_name("amuse-2026-h1.xlsx")


def test_withdrawals_are_skipped_not_taken_as_negative_income() -> None:
    """Amuse's wallet for January–June 2026 (``make_xlsx.amuse_six_months``): twelve credits
    and two withdrawals written ``Type`` "Debit", ``Source`` "Withdrawal"::

        credits      210.40 + 35.12 + 198.77 + 40.05 + 250.00 + 22.31
                   + 180.66 + 31.90 + 205.13 + 28.47 + 170.35 + 38.85 = 1,412.01
        withdrawals  -50.00 (row 10) - 72.35 (row 17)                 =  -122.35

    Taken as income, the withdrawals made the half-year 1,289.66; they are skipped, each
    with its row and reason, and the net is 1,412.01.
    """
    result = read_statement(SIX_MONTHS)
    counts = result.counts
    assert (counts.read, counts.accepted, counts.skipped, counts.rejected) == (14, 12, 2, 0)
    assert [(s.source.sheet, s.source.line, s.reason) for s in result.skipped] == [
        ("Transactions", 10, "withdrawal, not income"),
        ("Transactions", 17, "withdrawal, not income"),
    ]
    assert result.skipped_by_reason == {"withdrawal, not income": 2}
    assert result.totals()["USD"].net == Decimal("1412.01")
    assert sorted({line.reporting_period for line in result.lines}) == [
        Month(2026, month) for month in range(1, 7)
    ]
