"""Accounting periods (DOMAIN.md, "Periods and statements"): a contract accounts monthly,
quarterly or semi-annually; a period is named as statements name it (``2026-03``,
``2026-Q1``, ``2026-H1``) and runs from its first month for 1, 3 or 6 months."""

from __future__ import annotations

from dataclasses import dataclass

from points.model.contracts import AccountingPeriod
from points.model.periods import Month

LENGTH = {
    AccountingPeriod.MONTHLY: 1,
    AccountingPeriod.QUARTERLY: 3,
    AccountingPeriod.SEMI_ANNUAL: 6,
}


@dataclass(frozen=True, order=True)
class Period:
    """An accounting period: its first month and how many months it has."""

    start: Month
    months: int

    @property
    def name(self) -> str:
        year, month = self.start.year, self.start.month
        if self.months == 1:
            return f"{year}-{month:02d}"
        if self.months == 3:
            return f"{year}-Q{(month - 1) // 3 + 1}"
        return f"{year}-H{(month - 1) // 6 + 1}"

    def next(self) -> Period:
        index = self.start.year * 12 + self.start.month - 1 + self.months
        return Period(Month(index // 12, index % 12 + 1), self.months)


def period_of(month: Month, kind: AccountingPeriod) -> Period:
    """The period of ``kind`` that ``month`` falls in."""
    months = LENGTH[kind]
    first = (month.month - 1) // months * months + 1
    return Period(Month(month.year, first), months)


def periods_from(first: Period, last: Period) -> list[Period]:
    """Every period from ``first`` to ``last``, both included: each is run, income or not."""
    periods = []
    period = first
    while period <= last:
        periods.append(period)
        period = period.next()
    return periods
