"""How amounts and percentages are written for people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from points.money import Money
from points.render.text import (
    format_amount,
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


def test_a_negative_sliver_is_never_minus_zero() -> None:
    # Jane's first half: 2,506.007164 is paid as 2,506.01, so -0.002836 is carried forward
    assert format_money(Money.of("-0.002836", "USD"), whole_if_round=False) == "$0.00"
    assert format_money(Money.of("-0.005", "USD"), whole_if_round=False) == "-$0.01"  # half-up


@pytest.mark.parametrize(
    ("number", "text"), [("3", "3"), ("3.50", "3.5"), ("100", "100"), ("0.0001248", "0.0001248")]
)
def test_format_plain_and_percent(number: str, text: str) -> None:
    assert format_plain(Decimal(number)) == text
    assert format_percent(Decimal(number)) == f"{text}%"


def test_format_count() -> None:
    assert format_count(Decimal(250000)) == "250,000"
    assert format_count(1500, "de_DE") == "1.500"


def test_format_amount_is_how_a_statement_prints_money() -> None:
    assert format_amount(Money.of("-1234.5", "USD")) == "($1,234.50)"
    assert format_amount(Money.of("2500", "USD")) == "$2,500.00"
    assert format_amount(Money.of("-0.0028360000", "USD")) == "$0.00"  # never '-$0.00'
    assert format_amount(Money.of("2506.005", "USD")) == "$2,506.01"  # half-up, as payables are
    assert format_amount(Money.of("5", "JPY"), symbol=False) == "5"
    assert format_amount(Money.of("1.2345", "BHD"), symbol=False) == "1.235"
    assert format_amount(Money.of("-3", "EUR"), symbol=False) == "(3.00)"


def test_format_date_in_the_locale_style() -> None:
    assert format_date(dt.date(2025, 10, 3)) == "October 3, 2025"
    assert format_date(dt.date(2025, 10, 3), "en_GB") == "3 October 2025"
