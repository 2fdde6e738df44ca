"""CD Baby: US dates with a time, lower-case ISRCs, quoted barcodes, implicit USD."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from points.ingest.read import read_statement
from points.model.contracts import Channel
from points.model.periods import Month

FIXTURE = Path(__file__).parents[3] / "fixtures" / "statements" / "cdbaby.txt"


def test_cdbaby_lines() -> None:
    result = read_statement(FIXTURE)
    assert result.format.name == "cdbaby"
    spotify, apple, download, royalty = result.lines
    assert (spotify.isrc, spotify.upc, spotify.currency) == ("QZRLR2300011", "880000000001", "USD")
    assert (spotify.reporting_period, spotify.sale_period) == (Month(2023, 10), Month(2023, 7))
    assert spotify.net == Decimal("0.0998269974")  # the subtotal, not price × quantity
    assert (apple.store, apple.territory) == ("iTunes - Apple Music – US", "GB")
    assert download.channel is Channel.DOWNLOAD
    assert royalty.channel is Channel.OTHER
    assert sum(line.net for line in result.lines) == Decimal("0.8608269974")
