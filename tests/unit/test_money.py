"""Exact money: currencies and minor units, exact arithmetic, one rounding, exact allocation."""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest

from points.money import (
    CurrencyMismatchError,
    Money,
    RoundingMode,
    UnknownCurrencyError,
    allocate,
    currency,
    round_payable,
    to_decimal,
    total,
)


@pytest.mark.parametrize(
    ("code", "minor_unit"),
    [("JPY", 0), ("USD", 2), ("EUR", 2), ("BHD", 3), ("KWD", 3), ("IQD", 3), ("CLF", 4)],
)
def test_minor_units_come_from_iso_4217(code: str, minor_unit: int) -> None:
    assert currency(code).minor_unit == minor_unit
    assert currency(code.lower()).code == code


@pytest.mark.parametrize("code", ["XYZ", "US", "", "XAU", "XXX"])
def test_unknown_or_unpayable_codes_are_refused(code: str) -> None:
    with pytest.raises(UnknownCurrencyError):
        currency(code)


def test_quantum_is_the_smallest_payable_amount() -> None:
    assert currency("USD").quantum == Decimal("0.01")
    assert currency("JPY").quantum == Decimal("1")
    assert currency("BHD").quantum == Decimal("0.001")


@pytest.mark.parametrize("value", [0.1, 1.0, True])
def test_to_decimal_refuses_floats_and_bools(value: object) -> None:
    with pytest.raises(TypeError):
        to_decimal(value)


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", Decimal("NaN")])
def test_to_decimal_refuses_non_numbers(value: object) -> None:
    with pytest.raises(ValueError, match="not a"):
        to_decimal(value)


def test_to_decimal_accepts_exact_numbers() -> None:
    assert to_decimal(12) == Decimal(12)
    assert to_decimal(" 12.50 ") == Decimal("12.50")
    assert to_decimal(Decimal("0.00312")) == Decimal("0.00312")


def test_money_refuses_floats() -> None:
    with pytest.raises(TypeError):
        Money(0.1, currency("USD"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money.of(0.1, "USD")  # type: ignore[arg-type]


def test_arithmetic_is_exact() -> None:
    assert Money.of("0.1", "USD") + Money.of("0.2", "USD") == Money.of("0.3", "USD")
    big = Money.of("123456789012345678901234567890.12", "USD")
    assert big + Money.of("0.01", "USD") == Money.of("123456789012345678901234567890.13", "USD")
    streams = total([Money.of("0.00312", "USD")] * 1000, "USD")
    assert streams == Money.of("3.12", "USD")
    assert Money.of("10", "USD") - Money.of("10.005", "USD") == Money.of("-0.005", "USD")
    assert -Money.of("2", "EUR") == Money.of("-2", "EUR")
    assert abs(Money.of("-2", "EUR")) == Money.of("2", "EUR")
    assert Money.of("0.5", "USD") * 3 == 3 * Money.of("0.5", "USD") == Money.of("1.5", "USD")


def test_losing_a_digit_raises_instead_of_rounding() -> None:
    huge = Money.of("1" * 38, "USD")
    with pytest.raises(decimal.Inexact):
        _ = huge + Money.of("0.01", "USD")


def test_currencies_never_mix() -> None:
    usd, eur = Money.of(1, "USD"), Money.of(1, "EUR")
    with pytest.raises(CurrencyMismatchError, match="USD and EUR"):
        _ = usd + eur
    with pytest.raises(CurrencyMismatchError):
        _ = usd - eur
    with pytest.raises(CurrencyMismatchError):
        _ = usd < eur
    with pytest.raises(CurrencyMismatchError):
        total([usd, eur], "USD")
    assert usd != eur


def test_money_times_money_has_no_meaning() -> None:
    with pytest.raises(TypeError):
        _ = Money.of(2, "USD") * Money.of(3, "USD")  # type: ignore[operator]


def test_percent_is_exact() -> None:
    assert Money.of("10.00", "USD").percent(3) == Money.of("0.30", "USD")
    assert Money.of("0.00312", "USD").percent(4) == Money.of("0.0001248", "USD")
    assert Money.of("100", "USD").percent(Decimal("33.33")) == Money.of("33.33", "USD")


def test_comparisons_within_one_currency() -> None:
    small, large = Money.of("1.00", "USD"), Money.of("1.01", "USD")
    assert small < large <= large
    assert large > small >= small
    assert Money.of("1.0", "USD") == Money.of("1.00", "USD")
    assert Money.zero("USD").is_zero()


@pytest.mark.parametrize(
    ("amount", "code", "half_up", "half_even"),
    [
        ("2.345", "USD", "2.35", "2.34"),
        ("2.355", "USD", "2.36", "2.36"),
        ("-2.345", "USD", "-2.35", "-2.34"),
        ("2.3449999", "USD", "2.34", "2.34"),
        ("1234.5", "JPY", "1235", "1234"),
        ("1235.5", "JPY", "1236", "1236"),
        ("1.0005", "BHD", "1.001", "1.000"),
        ("1.0015", "BHD", "1.002", "1.002"),
        ("7", "USD", "7.00", "7.00"),
    ],
)
def test_round_payable_in_0_2_and_3_decimal_currencies(
    amount: str, code: str, half_up: str, half_even: str
) -> None:
    exact = Money.of(amount, code)
    for mode, expected in ((RoundingMode.HALF_UP, half_up), (RoundingMode.HALF_EVEN, half_even)):
        payable, remainder = round_payable(exact, mode)
        assert str(payable.amount) == expected
        assert payable + remainder == exact
        assert payable.is_whole()


def test_half_up_is_the_default() -> None:
    payable, remainder = round_payable(Money.of("0.125", "USD"))
    assert payable == Money.of("0.13", "USD")
    assert remainder == Money.of("-0.005", "USD")


def _amounts(parts: list[Money]) -> list[str]:
    return [str(part.amount) for part in parts]


@pytest.mark.parametrize(
    ("whole", "code", "weights", "parts"),
    [
        ("100.00", "USD", [1, 1, 1], ["33.34", "33.33", "33.33"]),
        ("100", "JPY", [1, 1, 1], ["34", "33", "33"]),
        ("10.000", "BHD", [1, 1, 1], ["3.334", "3.333", "3.333"]),
        ("0.01", "USD", [1, 1], ["0.01", "0.00"]),
        # 9,999 cents: exact 4,999.5 / 2,999.7 / 1,999.8; the 2 left over go to .8 and .7
        ("99.99", "USD", [50, 30, 20], ["49.99", "30.00", "20.00"]),
        ("10.00", "USD", [1, 0, 1], ["5.00", "0.00", "5.00"]),
        ("-100.00", "USD", [1, 1, 1], ["-33.34", "-33.33", "-33.33"]),
        ("1.00", "USD", ["33.34", "33.33", "33.33"], ["0.34", "0.33", "0.33"]),
        ("0.02", "USD", [1, 2, 2], ["0.00", "0.01", "0.01"]),
    ],
)
def test_allocate_worked_examples(
    whole: str, code: str, weights: list[int | str], parts: list[str]
) -> None:
    result = allocate(Money.of(whole, code), [to_decimal(w) for w in weights])
    assert _amounts(result) == parts
    assert total(result, code) == Money.of(whole, code)


def test_allocate_at_a_finer_precision() -> None:
    parts = allocate(Money.of("0.0001", "USD"), [1, 1, 1], places=10)
    assert _amounts(parts) == ["0.0000333334", "0.0000333333", "0.0000333333"]


@pytest.mark.parametrize(
    ("whole", "weights", "message"),
    [
        ("1.00", [], "at least one share"),
        ("1.00", [1, -1], "must not be negative"),
        ("1.00", [0, 0], "must not all be zero"),
        ("1.005", [1, 1], "round it before allocating"),
    ],
)
def test_allocate_refuses_what_cannot_be_split_exactly(
    whole: str, weights: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(Money.of(whole, "USD"), weights)


def test_total_of_nothing_is_zero_in_its_currency() -> None:
    assert total([], "JPY") == Money.zero("JPY")
    assert str(total([], "JPY")) == "0 JPY"
