"""What the engine is given: aggregated income, and the rates to convert it.

The engine takes income already summed per recording × channel × territory × month × currency
(ingest's aggregates, DESIGN.md "Data flow"), each with the statement files it came from, so any
figure it produces can name its sources. It never reads files itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from points.model.contracts import Channel
from points.model.periods import Month
from points.money import CONTEXT

__all__ = ["ExchangeRates", "MissingRateError", "Revenue"]


@dataclass(frozen=True, slots=True)
class Revenue:
    """Income of one recording (an ISRC, or ``upc:…`` for album lines) in one channel,
    territory ('' for none), month and currency: ``units`` sold or streamed and ``net`` paid
    (sales and returns are separate rows: a return's net is below zero).

    ``other_net`` is the same income in ``other_currency`` as the statement itself converts
    it (TuneCore's ``Net Sales`` beside ``Total Earned``); ``held_for`` names the one contract
    a row held at an earlier close is offered to again ('' for any)."""

    recording: str
    channel: Channel
    territory: str
    month: Month
    currency: str
    units: Decimal
    net: Decimal
    lines: int = 1
    sources: tuple[str, ...] = ()
    other_currency: str = ""
    other_net: Decimal = Decimal(0)
    held_for: str = ""

    @property
    def upc(self) -> str | None:
        return self.recording.removeprefix("upc:") if self.recording.startswith("upc:") else None

    def net_in(self, currency: str, rates: ExchangeRates, statement_rate: bool = True) -> Decimal:
        """The row's net in ``currency``: as it is; as the statement converted it, where it
        did into that currency and the contract takes the statement's rate
        (``accounting.exchange_rate: statement``); else at the rates given.

        Raises:
            MissingRateError: no rate converts it.
        """
        if self.currency == currency:
            return self.net
        if statement_rate and self.other_currency == currency:
            return self.other_net
        return rates.convert(self.net, self.currency, currency, self.month)

    def sort_key(self) -> tuple[int, int, str, str, str, str, Decimal, Decimal]:
        """Rows are taken in this order, so escalations split the same way on every run, in
        whatever order the rows come: two rows of one recording, channel, territory, month
        and currency (from two statements) are taken by units, then net."""
        return (
            self.month.year,
            self.month.month,
            self.recording,
            self.channel.value,
            self.territory,
            self.currency,
            self.units,
            self.net,
        )


class MissingRateError(LookupError):
    """No rate converts a currency to the accounting currency for a month."""


@dataclass(frozen=True)
class ExchangeRates:
    """Rates to the accounting currency, per month: ``(from, to, month) → rate``, where one unit
    of ``from`` is worth ``rate`` units of ``to``. A rate given without a month (``None``)
    applies to every month that has none of its own."""

    rates: Mapping[tuple[str, str, Month | None], Decimal]
    # Each rate found, by year and month: the engine converts row after row of few months.
    _found: dict[tuple[str, str, int, int], Decimal | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def convert(self, amount: Decimal, source: str, target: str, month: Month) -> Decimal:
        """``amount`` of ``source`` in ``target``, exactly (no rounding)."""
        if source == target:
            return amount
        key = (source, target, month.year, month.month)
        try:
            rate = self._found[key]
        except KeyError:
            rate = self.rates.get((source, target, month), self.rates.get((source, target, None)))
            self._found[key] = rate
        if rate is None:
            raise MissingRateError(f"no {source}→{target} rate for {month}")
        return CONTEXT.multiply(amount, rate)


NO_RATES = ExchangeRates({})
