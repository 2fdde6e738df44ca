"""One row of a statement (its cells under a known header) as a canonical line, or why not.

A row is skipped when it is blank, a totals row, or a line its format knows is not income
(a withdrawal, a payout), each with the reason it is skipped; it is rejected when a value it
needs cannot be read (``Rejected`` names the column); otherwise it is mapped. The bulk reader
asks the same questions of the lines it skips (``points.ingest.scan``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from points.errors import Source
from points.ingest.formats.base import ColumnIndex, Field, TextFormat
from points.ingest.lines import StatementLine
from points.ingest.values import (
    normalise_isrc,
    normalise_upc,
    parse_amount,
    parse_month,
    parse_territory,
)
from points.model.periods import Month

__all__ = [
    "BLANK",
    "BLANK_LINE",
    "TOTALS",
    "TOTALS_ROW",
    "Rejected",
    "SkippedLine",
    "cell",
    "map_row",
    "skip_reason",
]

T = TypeVar("T")
BLANK = frozenset({"", "n/a", "-"})  # cell values that say nothing
TOTALS = frozenset({"total", "totals", "grand total", "subtotal", "sub total", "sum"})
BLANK_LINE = "blank line"
TOTALS_ROW = "totals row"


@dataclass(frozen=True, slots=True)
class SkippedLine:
    """A line read but not taken as income, and why: 'blank line', 'totals row', or its
    format's reason ('withdrawal, not income')."""

    source: Source
    reason: str


class Rejected(Exception):
    """A row that cannot be taken: which column (its header name, '' for the whole row), why."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def cell(cells: Sequence[str], index: ColumnIndex, name: Field) -> str | None:
    """The first non-blank value among the field's columns ('n/a' counts as blank)."""
    for position in index.get(name, ()):
        if position < len(cells) and cells[position].strip().casefold() not in BLANK:
            return cells[position].strip()
    return None


def skip_reason(fmt: TextFormat, index: ColumnIndex, cells: Sequence[str]) -> str | None:
    """Why the row is not a line of income: a blank line, a totals row (a cell reads 'Total'
    and the row has no ISRC or UPC), or the format's reason for a marked line (Amuse's
    withdrawals, Bandcamp's payouts); ``None`` for any other row."""
    if not any(text.strip() for text in cells):
        return BLANK_LINE
    no_codes = cell(cells, index, Field.ISRC) is None and cell(cells, index, Field.UPC) is None
    if no_codes and any(text.strip().casefold().rstrip(":") in TOTALS for text in cells):
        return TOTALS_ROW
    for name, reasons in fmt.not_income.items():
        reason = reasons.get((cell(cells, index, name) or "").casefold())
        if reason is not None:
            return reason
    return None


def _parsed(
    fmt: TextFormat,
    index: ColumnIndex,
    cells: Sequence[str],
    name: Field,
    parse: Callable[[str], T],
) -> T | None:
    """The field's cell, parsed; ``None`` when blank or absent; ``Rejected`` when malformed."""
    text = cell(cells, index, name)
    if text is None:
        return None
    try:
        return parse(text)
    except ValueError as error:
        raise Rejected(fmt.columns[name][0], str(error)) from None


def map_row(
    fmt: TextFormat, index: ColumnIndex, last_column: int, cells: Sequence[str], source: Source
) -> StatementLine:
    """One row as a canonical line, or ``Rejected`` naming the column at fault."""

    def amount(text: str) -> Decimal:
        return parse_amount(text, decimal_comma=fmt.decimal_comma)

    def month(text: str) -> Month:
        return parse_month(text, fmt.date_formats)

    def required(value: T | None, name: Field, what: str) -> T:
        if value is None:
            raise Rejected(fmt.columns[name][0], f"no {what}")
        return value

    if len(cells) <= last_column:
        raise Rejected("", f"the line has {len(cells)} cells, fewer than the header")
    reporting = _parsed(fmt, index, cells, Field.REPORTING_DATE, month)
    reporting_period = required(reporting, Field.REPORTING_DATE, "reporting date")
    isrc = _parsed(fmt, index, cells, Field.ISRC, normalise_isrc)
    upc = _parsed(fmt, index, cells, Field.UPC, normalise_upc)
    currency = cell(cells, index, Field.CURRENCY) or fmt.currency
    currency = required(currency, Field.CURRENCY, "currency").upper()
    other_currency = (cell(cells, index, Field.OTHER_CURRENCY) or currency).upper()
    other_net = None
    if other_currency != currency:  # else the statement states one currency
        other_net = _parsed(fmt, index, cells, Field.OTHER_NET, amount)
    return StatementLine(
        source=source,
        format=fmt.name,
        reporting_period=reporting_period,
        sale_period=_parsed(fmt, index, cells, Field.SALE_DATE, month),
        store=cell(cells, index, Field.STORE),
        territory=_parsed(fmt, index, cells, Field.TERRITORY, parse_territory),
        territory_reported=cell(cells, index, Field.TERRITORY),
        channel=fmt.channel.channel(cell(cells, index, fmt.channel.field)),
        isrc=isrc,
        upc=upc,
        title=cell(cells, index, Field.TITLE),
        artist=cell(cells, index, Field.ARTIST),
        units=_parsed(fmt, index, cells, Field.UNITS, amount) or Decimal(0),
        gross=_parsed(fmt, index, cells, Field.GROSS, amount),
        net=required(_parsed(fmt, index, cells, Field.NET, amount), Field.NET, "amount"),
        currency=currency,
        exchange_rate=_parsed(fmt, index, cells, Field.EXCHANGE_RATE, amount),
        other_currency=None if other_net is None else other_currency,
        other_net=other_net,
    )
