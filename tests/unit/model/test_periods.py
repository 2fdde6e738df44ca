"""Months: parsing, ordering and the quarter and half they fall in."""

from __future__ import annotations

import datetime as dt

import pytest

from points.model.periods import Month


def test_parse_and_print() -> None:
    assert Month.parse("2026-01") == Month(2026, 1)
    assert Month.parse(" 2026-9 ") == Month(2026, 9)
    assert str(Month(2026, 9)) == "2026-09"
    assert Month.of(dt.date(2026, 3, 31)) == Month(2026, 3)
    assert Month(2026, 3).first_day == dt.date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-01", "2026/01", "January 2026", ""])
def test_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="month"):
        Month.parse(text)


def test_order_quarter_and_half() -> None:
    assert sorted([Month(2026, 2), Month(2025, 12), Month(2026, 1)]) == [
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 2),
    ]
    assert [Month(2026, m).quarter for m in (1, 3, 4, 12)] == [1, 1, 2, 4]
    assert [Month(2026, m).half for m in (6, 7)] == [1, 2]
