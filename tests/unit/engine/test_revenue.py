"""Income rows and their conversion to the accounting currency."""

from __future__ import annotations

from decimal import Decimal

import pytest

from points.engine.revenue import ExchangeRates, MissingRateError, Revenue
from points.model.contracts import Channel
from points.model.periods import Month

JUNE = Month(2026, 6)


def test_conversion_is_exact_and_prefers_the_month_s_own_rate() -> None:
    rates = ExchangeRates(
        {("EUR", "USD", JUNE): Decimal("1.0850"), ("EUR", "USD", None): Decimal("1.1")}
    )
    assert rates.convert(Decimal("0.00031410"), "EUR", "USD", JUNE) == Decimal("0.000340798500")
    assert rates.convert(Decimal(10), "EUR", "USD", Month(2026, 7)) == 11
    assert rates.convert(Decimal(10), "USD", "USD", JUNE) == 10
    with pytest.raises(MissingRateError, match="no GBP→USD rate for 2026-06"):
        rates.convert(Decimal(1), "GBP", "USD", JUNE)


def test_album_lines_name_their_upc() -> None:
    album = Revenue("upc:198724001509", Channel.DOWNLOAD, "", JUNE, "USD", Decimal(1), Decimal(9))
    track = Revenue("QZRLR2600001", Channel.STREAM, "US", JUNE, "USD", Decimal(1), Decimal(0))
    assert (album.upc, track.upc) == ("198724001509", None)


def test_a_row_s_net_in_a_currency_takes_the_statement_s_own_conversion_first() -> None:
    """TuneCore states Net Sales in the store's currency beside Total Earned in the account's:
    a contract in euros takes the statement's 9.20 EUR, not 10.00 USD at some other rate,
    unless it accounts at the rates file's rates (``exchange_rate: rates_file``)."""
    row = Revenue(
        "QZRLR2600001",
        Channel.STREAM,
        "DE",
        JUNE,
        "USD",
        Decimal(1000),
        Decimal("10.00"),
        other_currency="EUR",
        other_net=Decimal("9.20"),
    )
    rates = ExchangeRates({("USD", "EUR", JUNE): Decimal("0.9")})
    assert row.net_in("USD", rates) == Decimal("10.00")
    assert row.net_in("EUR", rates) == Decimal("9.20")
    assert row.net_in("EUR", rates, statement_rate=False) == Decimal("9.000")
    with pytest.raises(MissingRateError, match="no USD→GBP rate"):
        row.net_in("GBP", rates)
