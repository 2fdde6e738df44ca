"""TuneCore: the earned amount in its currency, rates kept, ISRC fallback, quoted thousands."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from points.ingest.read import read_statement
from points.model.contracts import Channel
from points.model.periods import Month

FIXTURE = Path(__file__).parents[3] / "fixtures" / "statements" / "tunecore.csv"


def test_tunecore_lines() -> None:
    result = read_statement(FIXTURE)
    assert result.format.name == "tunecore"
    usd, gbp, album, zero = result.lines
    assert (usd.units, usd.net, usd.currency, usd.exchange_rate) == (
        Decimal(1200), Decimal("3.72"), "USD", None,
    )  # fmt: skip
    assert (usd.reporting_period, usd.sale_period) == (Month(2026, 3), Month(2026, 1))
    # Optional ISRC wins over TC Song ID; UK is GB; the GBP sale was converted at 1.25.
    assert (gbp.isrc, gbp.territory, gbp.territory_reported) == ("QZRLR2600007", "GB", "UK")
    assert (gbp.gross, gbp.exchange_rate, gbp.net) == (
        Decimal("1.20"),
        Decimal("1.25"),
        Decimal("1.50"),
    )
    assert (album.isrc, album.upc, album.channel) == (None, "198724001509", Channel.DOWNLOAD)
    assert zero.net == 0
    # 3.72 + 1.50 + 13.608 + 0.00
    assert sum(line.net for line in result.lines) == Decimal("18.828")
