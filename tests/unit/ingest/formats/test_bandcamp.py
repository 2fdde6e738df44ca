"""Bandcamp: UTF-16, per-line currencies, payouts skipped, merch kept as unclaimed income."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from points.ingest.aggregate import aggregate, totals_by_currency
from points.ingest.read import read_statement
from points.model.contracts import Channel

FIXTURE = Path(__file__).parents[3] / "fixtures" / "statements" / "bandcamp.csv"


def test_bandcamp_lines() -> None:
    result = read_statement(FIXTURE)
    assert result.format.name == "bandcamp"
    assert (result.counts.read, result.counts.accepted, result.counts.skipped) == (5, 4, 1)
    assert [(s.source.line, s.reason) for s in result.skipped] == [(5, "payout, not income")]
    track, album, vinyl, refund = result.lines
    assert (track.isrc, track.channel, track.net, track.currency) == (
        "QZRLR2600002", Channel.DOWNLOAD, Decimal("0.92"), "USD",
    )  # fmt: skip
    assert (album.upc, album.currency, album.territory) == ("198724001509", "EUR", "DE")
    # No identifier and net 'n/a': kept, with the amount received standing in.
    assert (vinyl.isrc, vinyl.upc, vinyl.channel, vinyl.net) == (
        None, None, Channel.PHYSICAL, Decimal("26.3"),
    )  # fmt: skip
    assert refund.net == Decimal("-1.29")
    totals = totals_by_currency(aggregate(result.lines))
    assert {code: a.net for code, a in totals.items()} == {
        "EUR": Decimal("15.2"),
        "USD": Decimal("25.93"),  # 0.92 + 26.30 - 1.29
    }


def test_buyers_personal_data_is_never_read() -> None:
    for line in read_statement(FIXTURE).lines:
        assert "Fan" not in repr(line)
        assert "@example.com" not in repr(line)
