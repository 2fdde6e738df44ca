"""Calendar months and the accounting periods built from them.

Statements report by month (a reporting month and, often, an earlier sale month); contracts
account monthly, quarterly or semi-annually (DOMAIN.md, "Periods and statements"). A period is
named the way statements and people name it: ``2026-01``, ``2026-Q1``, ``2026-H1``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

__all__ = ["Month"]

_MONTH = re.compile(r"(\d{4})-(\d{1,2})\Z")


@total_ordering
@dataclass(frozen=True, slots=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1900 <= self.year <= 2999:
            raise ValueError(f"not a month: {self.year}-{self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """``Month.parse("2026-01")``; raises ValueError on anything else."""
        match = _MONTH.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a month written YYYY-MM")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    @property
    def half(self) -> int:
        return 1 if self.month <= 6 else 2

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Month):
            return NotImplemented
        return (self.year, self.month) < (other.year, other.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
