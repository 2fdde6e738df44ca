"""Accounting periods: the month a line belongs to, grouped the way the contract accounts.

Distributors account monthly, indies quarterly, labels semi-annually (DOMAIN.md, "Periods and
statements"). A period is named as people name it: ``2026-06``, ``2026-Q2``, ``2026-H1``; names
sort in time order within one kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache, total_ordering

from points.model.contracts import AccountingPeriod
from points.model.periods import Month

__all__ = ["Period", "last_month_of", "period_of"]

_NAME = re.compile(r"(\d{4})-(?:(\d{2})|Q([1-4])|H([12]))\Z")


@total_ordering
@dataclass(frozen=True, slots=True)
class Period:
    """One accounting period of a kind: its year and its index in the year (month 1–12,
    quarter 1–4 or half 1–2)."""

    kind: AccountingPeriod
    year: int
    index: int
    name: str = field(init=False, repr=False, compare=False)  # read once per entry: kept
    months: tuple[Month, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _name(self.kind, self.year, self.index))
        size = {AccountingPeriod.MONTHLY: 1, AccountingPeriod.QUARTERLY: 3}.get(self.kind, 6)
        first = (self.index - 1) * size + 1
        months = tuple(Month(self.year, month) for month in range(first, first + size))
        object.__setattr__(self, "months", months)

    def __str__(self) -> str:
        return self.name

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period) or other.kind is not self.kind:
            return NotImplemented
        return (self.year, self.index) < (other.year, other.index)

    def next(self) -> Period:
        per_year = {AccountingPeriod.MONTHLY: 12, AccountingPeriod.QUARTERLY: 4}.get(self.kind, 2)
        if self.index == per_year:
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.index + 1)


@lru_cache(maxsize=1024)  # called once per row and contract; a statement has few months
def period_of(month: Month, kind: AccountingPeriod) -> Period:
    if kind is AccountingPeriod.MONTHLY:
        return Period(kind, month.year, month.month)
    if kind is AccountingPeriod.QUARTERLY:
        return Period(kind, month.year, month.quarter)
    return Period(kind, month.year, month.half)


def _name(kind: AccountingPeriod, year: int, index: int) -> str:
    if kind is AccountingPeriod.MONTHLY:
        return f"{year:04d}-{index:02d}"
    letter = "Q" if kind is AccountingPeriod.QUARTERLY else "H"
    return f"{year:04d}-{letter}{index}"


def last_month_of(name: str) -> Month:
    """The last month of a period named ``2026-06``, ``2026-Q2`` or ``2026-H1``.

    Raises:
        ValueError: not a period name.
    """
    match = _NAME.match(name.strip().upper())
    if not match:
        raise ValueError(f"{name!r} is not a period: write 2026-06, 2026-Q2 or 2026-H1")
    year, month, quarter, half = match.groups()
    last = int(month) if month else int(quarter) * 3 if quarter else int(half) * 6
    return Month(int(year), last)
