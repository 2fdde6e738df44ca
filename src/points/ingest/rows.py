"""One row of a statement (its cells under a known header) as a canonical line, or why not.

A row is skipped when it is blank, a totals row, or a line its format knows is not income
(a withdrawal, a payout), each with the reason it is skipped. It is rejected only when its
amount, its currency or its reporting date cannot be read (``Rejected`` names the column), for
then its money cannot be counted. Any other value that cannot be read (an ISRC, a UPC typed
as ``4`` or turned into ``8.59712E+11`` by a spreadsheet, a country, a sale date, units) is
left out of the line, its text kept where it is a code, and reported as a warning naming the
file, line and column: the line's money is counted, as unmatched income if need be. Titles,
artists and stores are free text and always read. The bulk reader asks the same questions of
the lines it skips (``points.ingest.scan``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from points.errors import Problem, Severity, Source
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
    "Layout",
    "Rejected",
    "RejectedLine",
    "SkippedLine",
    "cell",
    "map_row",
    "skip_reason",
    "unreadable",
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


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """A line not taken: where, which column (by its header name, '' for the whole line), why."""

    source: Source
    column: str
    reason: str

    def to_problem(self) -> Problem:
        where = f"column {self.column!r}: " if self.column else ""
        return Problem(self.source, "rejected-line", f"{where}{self.reason}")


class Rejected(Exception):
    """A row that cannot be taken: which column (its header name, '' for the whole row), why."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _first(cells: Sequence[str], positions: Sequence[int]) -> tuple[int, str] | None:
    """The first non-blank cell among these columns, trimmed, with its position ('n/a' and
    '-' count as blank)."""
    for position in positions:
        if position < len(cells):
            text = cells[position].strip()
            if text.casefold() not in BLANK:
                return position, text
    return None


def cell(cells: Sequence[str], index: ColumnIndex, name: Field) -> str | None:
    """The field's value: the first non-blank cell among its columns."""
    found = _first(cells, index.get(name, ()))
    return None if found is None else found[1]


def _texts(cells: Sequence[str], index: ColumnIndex) -> dict[Field, tuple[int, str]]:
    """Each field's first non-blank cell, with its position."""
    return {
        name: found
        for name, positions in index.items()
        if (found := _first(cells, positions)) is not None
    }


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


@dataclass(frozen=True)
class Layout:
    """A format bound to one file's header: where each field is, and what each column is
    called there (for the report)."""

    fmt: TextFormat
    index: ColumnIndex
    header: tuple[str, ...]
    last_column: int  # a row with fewer cells is short

    @classmethod
    def of(cls, fmt: TextFormat, index: ColumnIndex, header: Sequence[str]) -> Layout:
        last = max(max(positions) for positions in index.values())
        return cls(fmt, index, tuple(header), last)

    def name(self, position: int) -> str:
        """The column's name as the header writes it (a BOM left out)."""
        if position >= len(self.header):
            return ""
        return self.header[position].replace("\ufeff", "").strip()


# Fields whose unreadable value keeps the line (its money is counted) with a warning: the
# code, what the line keeps, and a hint. A line is rejected only when its amount, its currency
# or its reporting date cannot be read.
_SOFT: dict[Field, tuple[str, str, str]] = {
    Field.ISRC: (
        "bad-isrc",
        "its income is kept under its UPC or title",
        "correct the ISRC, or match the unmatched income to a recording",
    ),
    Field.UPC: (
        "bad-upc",
        "the line is kept without it",
        "the income is counted without the barcode; if a spreadsheet re-saved the file, "
        "use the one the source exported",
    ),
    Field.TERRITORY: (
        "bad-territory",
        "the line is kept with no country",
        "use an ISO 3166 code (DE) or a country's name (Germany, Deutschland)",
    ),
    Field.SALE_DATE: ("bad-sale-date", "the line is kept without a sale month", ""),
    Field.UNITS: ("bad-units", "the line is kept with 0 units", "unit counts miss this line"),
    Field.GROSS: ("bad-gross", "the line is kept without it", ""),
    Field.EXCHANGE_RATE: ("bad-exchange-rate", "the line is kept without it", ""),
    Field.OTHER_NET: ("bad-other-net", "the line is kept in its own currency only", ""),
}


def unreadable(name: Field, where: Source, column: str, error: ValueError) -> Problem:
    """The warning for a value of ``name`` that cannot be read, on a line that is kept."""
    code, kept, hint = _SOFT[name]
    message = f"column {column!r}: {error}; {kept}"
    return Problem(where, code, message, hint or None, Severity.WARNING)


def map_row(
    layout: Layout, cells: Sequence[str], source: Source
) -> tuple[StatementLine, list[Problem]]:
    """One row as a canonical line, with a warning for each cell that cannot be read but does
    not stop the line; ``Rejected`` naming the column when its amount, currency or reporting
    date cannot be read."""
    fmt = layout.fmt
    if len(cells) <= layout.last_column:
        raise Rejected("", f"the line has {len(cells)} cells, fewer than the header")
    found = _texts(cells, layout.index)  # each field's first non-blank cell, read once
    warnings: list[Problem] = []

    def amount(text: str) -> Decimal:
        return parse_amount(text, decimal_comma=fmt.decimal_comma)

    def month(text: str) -> Month:
        return parse_month(text, fmt.date_formats)

    def text(name: Field) -> str | None:
        position_text = found.get(name)
        return None if position_text is None else position_text[1]

    def required(name: Field, parse: Callable[[str], T], what: str) -> T:
        position_text = found.get(name)
        if position_text is None:
            raise Rejected(fmt.columns[name][0], f"no {what}")
        try:
            return parse(position_text[1])
        except ValueError as error:
            raise Rejected(layout.name(position_text[0]), str(error)) from None

    def optional(name: Field, parse: Callable[[str], T]) -> T | None:
        position_text = found.get(name)
        if position_text is None:
            return None
        position, value = position_text
        try:
            return parse(value)
        except ValueError as error:
            where = Source(source.file, source.line, position + 1, source.sheet)
            warnings.append(unreadable(name, where, layout.name(position), error))
            return None

    reporting_period = required(Field.REPORTING_DATE, month, "reporting date")
    net = required(Field.NET, amount, "amount")
    currency = (text(Field.CURRENCY) or fmt.currency or "").upper()
    if not currency:
        raise Rejected(fmt.columns.get(Field.CURRENCY, ("",))[0], "no currency")
    other_currency = (text(Field.OTHER_CURRENCY) or currency).upper()
    other_net = None
    if other_currency != currency:  # else the statement states one currency
        other_net = optional(Field.OTHER_NET, amount)
    line = StatementLine(
        source=source,
        format=fmt.name,
        reporting_period=reporting_period,
        sale_period=optional(Field.SALE_DATE, month),
        store=text(Field.STORE),
        territory=optional(Field.TERRITORY, parse_territory),
        territory_reported=text(Field.TERRITORY),
        channel=fmt.channel.channel(text(fmt.channel.field)),
        isrc=optional(Field.ISRC, normalise_isrc),
        upc=optional(Field.UPC, normalise_upc),
        title=text(Field.TITLE),
        artist=text(Field.ARTIST),
        units=optional(Field.UNITS, amount) or Decimal(0),
        gross=optional(Field.GROSS, amount),
        net=net,
        currency=currency,
        exchange_rate=optional(Field.EXCHANGE_RATE, amount),
        other_currency=None if other_net is None else other_currency,
        other_net=other_net,
        isrc_reported=text(Field.ISRC),
        upc_reported=text(Field.UPC),
    )
    return line, warnings
