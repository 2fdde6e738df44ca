"""How amounts and percentages are written for people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from points.money import Money
from points.render.text import (
    format_count,
    format_date,
    format_money,
    format_percent,
    format_plain,
)


@pytest.mark.parametrize(
    ("amount", "code", "locale", "text"),
    [
        ("2500", "USD", "en_US", "$2,500"),
        ("2500.5", "USD", "en_US", "$2,500.50"),
        ("1234.5", "EUR", "de_DE", "1.234,50\xa0€"),
        ("5000", "JPY", "en_US", "¥5,000"),
        ("1.234", "BHD", "en_US", "BHD1.234"),
        ("-20", "GBP", "en_GB", "-£20"),
    ],
)
def test_format_money(amount: str, code: str, locale: str, text: str) -> None:
    assert format_money(Money.of(amount, code), locale) == text


def test_format_money_can_keep_the_cents() -> None:
    assert format_money(Money.of("2500", "USD"), whole_if_round=False) == "$2,500.00"


@pytest.mark.parametrize(
    ("number", "text"), [("3", "3"), ("3.50", "3.5"), ("100", "100"), ("0.0001248", "0.0001248")]
)
def test_format_plain_and_percent(number: str, text: str) -> None:
    assert format_plain(Decimal(number)) == text
    assert format_percent(Decimal(number)) == f"{text}%"


def test_format_count() -> None:
    assert format_count(Decimal(250000)) == "250,000"
    assert format_count(1500, "de_DE") == "1.500"


def test_format_date_in_the_locale_style() -> None:
    assert format_date(dt.date(2025, 10, 3)) == "October 3, 2025"
    assert format_date(dt.date(2025, 10, 3), "en_GB") == "3 October 2025"
