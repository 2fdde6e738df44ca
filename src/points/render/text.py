"""How numbers are written for people: money in its currency's style, percentages, counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal

from points.model.common import percent_text
from points.money import Money, round_payable

__all__ = [
    "format_amount",
    "format_count",
    "format_date",
    "format_money",
    "format_percent",
    "format_plain",
]


def format_plain(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 3.50 → '3.5', 100 → '100'."""
    return format(number.normalize(), "f")


def format_money(amount: Money, locale: str = "en_US", *, whole_if_round: bool = True) -> str:
    """'$2,500' for a round amount (when ``whole_if_round``), '$2,500.50' otherwise. Rounded
    to the minor unit as a payable is (half-up), and never '-$0.00' (a carried -0.0028)."""
    amount = round_payable(amount)[0]
    if not amount.amount:
        amount = Money.of(Decimal(0), amount.currency.code)
    if whole_if_round and amount.amount == amount.amount.to_integral_value():
        return str(
            format_currency(
                amount.amount, amount.currency.code, "¤#,##0", locale=locale, currency_digits=False
            )
        )
    return str(format_currency(amount.amount, amount.currency.code, locale=locale))


def format_percent(points: Decimal | Fraction) -> str:
    """Points as a percentage: 3 → '3%', 3.5 → '3.5%', a third of the whole → '33 1/3%'."""
    if isinstance(points, Fraction):
        return f"{percent_text(points)}%"
    return f"{format_plain(points)}%"


def format_count(number: Decimal | int, locale: str = "en_US") -> str:
    """A count with thousands separators: 250000 → '250,000'."""
    return str(format_decimal(number, locale=locale))


def format_amount(amount: Money, locale: str = "en_US", *, symbol: bool = True) -> str:
    """An amount the way a statement prints it: always in the minor unit, a negative in
    parentheses, and a sliver that rounds to nothing as zero: -1234.5 USD → '($1,234.50)',
    -0.0028 → '$0.00', 5 JPY → '¥5'. The exact figure is rounded for display the way a payable
    is (``points.money``, half-up), so a payable and the balance it came from read alike."""
    shown = round_payable(amount)[0].amount
    places = amount.currency.minor_unit
    number = "#,##0" + ("." + "0" * places if places else "")
    if symbol:
        number = "¤" + number
    pattern = f"{number};({number})"
    value = shown if shown else Decimal(0)  # never '-0.00'
    return str(
        format_currency(value, amount.currency.code, pattern, locale=locale, currency_digits=False)
    )


def format_date(day: dt.date, locale: str = "en_US") -> str:
    """A date written out as documents write it: 'October 3, 2025' (en_US), '3 October 2025'
    (en_GB)."""
    return str(babel_format_date(day, format="long", locale=locale))
