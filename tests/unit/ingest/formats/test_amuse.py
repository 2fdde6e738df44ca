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
