"""TuneCore: the earned amount in its currency, the amount before conversion beside it, rates
kept, ISRC fallback, quoted thousands."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from points.ingest.aggregate import AggregateKey, Amounts
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
    # Net Sales in Net Sales Currency, where it is not the line's currency, is kept as is.
    assert (usd.other_currency, usd.other_net) == (None, None)
    assert (gbp.other_currency, gbp.other_net) == ("GBP", Decimal("1.20"))
    assert (album.other_currency, album.other_net) == ("EUR", Decimal("12.60"))
    # 3.72 + 1.50 + 13.608 + 0.00
    assert sum(line.net for line in result.lines) == Decimal("18.828")


HEADER = (
    "Sales Period,Posted Date,Store Name,Country Of Sale,Artist,Release Type,Release Title,"
    "Song Title,Label,UPC,Optional UPC,TC Song ID,Optional ISRC,Sales Type,# Units Sold,"
    "Per Unit Price,Net Sales,Net Sales Currency,Exchange Rate,Total Earned,Currency"
)
SONG = "2026-01-01,2026-03-14,{store},{country},Ava Stone,Song,Glass Harbor,Glass Harbor,Redline,"
SONG += "198724001516,,QZRLR2600007,,Streaming,{units},0.003,{net_sales},{currency},{rate},"
SONG += "{earned},USD"


def test_the_amount_before_conversion_is_summed_per_second_currency(tmp_path: Path) -> None:
    """Three UK Spotify lines of one song, March 2026, paid in USD: two sold in GBP at 1.25,
    one in EUR at 1.08, and a USD line in the US::

        GBP  400 units  1.20 GBP × 1.25 = 1.50 USD
        GBP  200 units  0.64 GBP × 1.25 = 0.80 USD   → 600 units, 2.30 USD, 1.84 GBP
        EUR  100 units  0.50 EUR × 1.08 = 0.54 USD   → its own sum: 0.54 USD, 0.50 EUR
        USD  300 units  0.93 USD (no rate)           → no second currency: other_net 0

    The totals add the USD only: 2.30 + 0.54 + 0.93 = 3.77 USD, 1,000 units.
    """
    rows = [
        SONG.format(store="Spotify", country="UK", units=400, net_sales="1.20", currency="GBP",
                    rate="1.25", earned="1.50"),
        SONG.format(store="Spotify", country="UK", units=200, net_sales="0.64", currency="GBP",
                    rate="1.25", earned="0.80"),
        SONG.format(store="Spotify", country="UK", units=100, net_sales="0.50", currency="EUR",
                    rate="1.08", earned="0.54"),
        SONG.format(store="Spotify", country="US", units=300, net_sales="0.93", currency="USD",
                    rate="", earned="0.93"),
    ]  # fmt: skip
    path = tmp_path / "tunecore.csv"
    path.write_text("\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8")
    result = read_statement(path)
    march = Month(2026, 3)
    uk = AggregateKey("QZRLR2600007", Channel.STREAM, "GB", march, "USD")
    assert result.sums == {
        dataclasses.replace(uk, other_currency="EUR"): Amounts(
            Decimal(100), Decimal("0.54"), 1, other_net=Decimal("0.50")
        ),
        dataclasses.replace(uk, other_currency="GBP"): Amounts(
            Decimal(600), Decimal("2.30"), 2, other_net=Decimal("1.84")
        ),
        dataclasses.replace(uk, territory="US"): Amounts(Decimal(300), Decimal("0.93"), 1),
    }
    assert result.totals() == {"USD": Amounts(Decimal(1000), Decimal("3.77"), 4)}
