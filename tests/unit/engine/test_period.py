"""Accounting periods are named as people name them and sort in time order."""

from __future__ import annotations

import pytest

from points.engine.period import Period, last_month_of, period_of
from points.model.contracts import AccountingPeriod
from points.model.periods import Month


@pytest.mark.parametrize(
    ("kind", "name", "months"),
    [
        (AccountingPeriod.MONTHLY, "2026-08", ["2026-08"]),
        (AccountingPeriod.QUARTERLY, "2026-Q3", ["2026-07", "2026-08", "2026-09"]),
        (AccountingPeriod.SEMI_ANNUAL, "2026-H2", [f"2026-{m:02d}" for m in range(7, 13)]),
    ],
)
def test_a_month_falls_in_its_period(kind: AccountingPeriod, name: str, months: list[str]) -> None:
    period = period_of(Month(2026, 8), kind)
    assert period.name == name
    assert [str(m) for m in period.months] == months


def test_periods_sort_in_time_order_and_names_agree() -> None:
    quarters = [Period(AccountingPeriod.QUARTERLY, y, q) for y in (2025, 2026) for q in (4, 1)]
    assert sorted(quarters) == sorted(quarters, key=lambda p: p.name)
    assert [p.name for p in sorted(quarters)] == ["2025-Q1", "2025-Q4", "2026-Q1", "2026-Q4"]


def test_the_next_period_rolls_over_the_year() -> None:
    assert Period(AccountingPeriod.SEMI_ANNUAL, 2026, 2).next().name == "2027-H1"
    assert Period(AccountingPeriod.MONTHLY, 2026, 11).next().name == "2026-12"


@pytest.mark.parametrize(
    ("name", "last"),
    [("2026-06", "2026-06"), ("2026-q2", "2026-06"), (" 2026-Q4 ", "2026-12"),
     ("2026-H1", "2026-06"), ("2026-h2", "2026-12"), ("2025-01", "2025-01")],
)  # fmt: skip
def test_the_last_month_of_a_period_name(name: str, last: str) -> None:
    assert str(last_month_of(name)) == last


@pytest.mark.parametrize("name", ["2026", "2026-Q5", "2026-H3", "2026-6", "Q2-2026", ""])
def test_a_name_that_is_not_a_period_is_refused_in_words(name: str) -> None:
    with pytest.raises(ValueError, match="is not a period: write 2026-06, 2026-Q2 or 2026-H1"):
        last_month_of(name)


def test_a_period_is_not_before_itself_and_kinds_do_not_compare() -> None:
    """``max(last, closed)`` and the order of late periods rest on a strict order; a quarter
    and a half-year are not in one order at all."""
    q2 = period_of(Month(2026, 5), AccountingPeriod.QUARTERLY)
    assert not q2 < q2
    assert q2 < q2.next()
    with pytest.raises(TypeError):
        _ = q2 < period_of(Month(2026, 5), AccountingPeriod.SEMI_ANNUAL)
