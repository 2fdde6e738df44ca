"""Exact money: currencies and minor units, exact arithmetic, one rounding, exact allocation."""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from points.money import (
    CONTEXT,
    CurrencyMismatchError,
    Money,
    RoundingMode,
    UnknownCurrencyError,
    allocate,
    currency,
    exact_decimal,
    known_currency_codes,
    round_payable,
    split,
    to_decimal,
    total,
)

# --- currencies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "minor_unit"),
    [("JPY", 0), ("USD", 2), ("EUR", 2), ("BHD", 3), ("KWD", 3), ("IQD", 3), ("CLF", 4)],
)
def test_minor_units_come_from_iso_4217(code: str, minor_unit: int) -> None:
    assert currency(code).code == code
    assert currency(code).minor_unit == minor_unit


@pytest.mark.parametrize("code", ["usd", "Usd", " jpy "])
def test_codes_are_case_insensitive(code: str) -> None:
    assert currency(code).code == code.strip().upper()


@pytest.mark.parametrize("code", ["XYZ", "US", ""])
def test_unknown_codes_are_refused(code: str) -> None:
    with pytest.raises(UnknownCurrencyError):
        currency(code)


@pytest.mark.parametrize("code", [None, 840, b"USD"])
def test_a_code_that_is_not_text_is_refused_as_unknown(code: object) -> None:
    """A YAML ``currency: 840`` (the numeric ISO code) reaches ``currency`` as an int."""
    with pytest.raises(UnknownCurrencyError, match="is not an ISO 4217 currency code"):
        currency(code)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["XAU", "XXX"])
def test_codes_without_a_minor_unit_are_refused(code: str) -> None:
    with pytest.raises(UnknownCurrencyError):
        currency(code)


def test_unknown_currency_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not an ISO 4217 currency"):
        currency("XYZ")


def test_quantum_is_the_smallest_payable_amount() -> None:
    assert currency("JPY").quantum == Decimal("1")
    assert currency("USD").quantum == Decimal("0.01")
    assert currency("BHD").quantum == Decimal("0.001")
    assert currency("CLF").quantum == Decimal("0.0001")


# --- to_decimal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [(0.1, "float 0.1"), (1.0, "float 1.0"), (float("nan"), "float nan"), (True, "bool True"),
     (False, "bool False")],
)  # fmt: skip
def test_to_decimal_refuses_floats_and_bools(value: object, words: str) -> None:
    with pytest.raises(TypeError, match=f"^money must be exact: got {words}$"):
        to_decimal(value)


@pytest.mark.parametrize(
    ("value", "words"), [(None, "NoneType None"), ([1], r"list \[1\]"), (b"1", "bytes b'1'")]
)
def test_to_decimal_refuses_other_types(value: object, words: str) -> None:
    with pytest.raises(TypeError, match=f"^cannot read a number from {words}$"):
        to_decimal(value)


@pytest.mark.parametrize(
    ("total", "exact"),
    [("10.01", ["3.33", "3.33"]), ("6.69", ["3.33", "3.33"]), ("6.665", ["3.33", "3.335"])],
)
def test_allocate_to_date_refuses_a_total_that_is_not_the_rounded_sum(
    total: str, exact: list[str]
) -> None:
    """10.01 and 6.69 are more than the cents of 6.66 can be cut into, and 6.665 is not whole
    cents."""
    from points.money import allocate_to_date

    amounts = [Decimal(e) for e in exact]
    with pytest.raises(
        ValueError,
        match=re.escape(f"{total} is not the sum of {amounts} rounded to 0.01") + "$",
    ):
        allocate_to_date(Decimal(total), amounts, Decimal("0.01"))


@pytest.mark.parametrize(
    "value",
    ["NaN", "Infinity", "-Infinity", "sNaN", Decimal("NaN"), Decimal("Infinity")],
)
def test_to_decimal_refuses_nan_and_infinity(value: object) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        to_decimal(value)


@pytest.mark.parametrize("value", ["abc", "", "12,50", "1.2.3", "$5"])
def test_to_decimal_refuses_non_numeric_text(value: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        to_decimal(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, Decimal("12")),
        (-3, Decimal("-3")),
        (Decimal("0.00312"), Decimal("0.00312")),
        ("12.50", Decimal("12.50")),
        (" 12.50 ", Decimal("12.50")),
        ("-0.005", Decimal("-0.005")),
    ],
)
def test_to_decimal_accepts_exact_numbers(value: object, expected: Decimal) -> None:
    result = to_decimal(value)
    assert isinstance(result, Decimal)
    assert result == expected


def test_to_decimal_keeps_the_written_exponent() -> None:
    assert str(to_decimal("12.50")) == "12.50"


# --- Money -----------------------------------------------------------------------------------


def test_money_refuses_float_amounts() -> None:
    with pytest.raises(TypeError):
        Money(0.1, currency("USD"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money.of(0.1, "USD")  # type: ignore[arg-type]


def test_money_refuses_non_finite_amounts() -> None:
    with pytest.raises(ValueError, match="not a finite"):
        Money(Decimal("NaN"), currency("USD"))
    with pytest.raises(ValueError, match="not a finite"):
        Money(Decimal("-Infinity"), currency("USD"))


def test_money_needs_a_currency_object() -> None:
    with pytest.raises(TypeError, match=r"^currency must be a Currency, got 'USD'$"):
        Money(Decimal(1), "USD")  # type: ignore[arg-type]


def test_money_takes_an_exact_number_as_text_or_int_and_keeps_it_a_decimal() -> None:
    usd = currency("USD")
    assert Money("1.10", usd).amount == Decimal("1.10")  # type: ignore[arg-type]
    assert isinstance(Money("1.10", usd).amount, Decimal)  # type: ignore[arg-type]
    assert str(Money(3, usd).amount) == "3"  # type: ignore[arg-type]


def test_money_of_reads_exact_numbers_and_a_code() -> None:
    money = Money.of("12.50", "usd")
    assert money.amount == Decimal("12.50")
    assert money.currency == currency("USD")
    assert Money.of(7, "JPY").amount == Decimal(7)
    assert Money.of(Decimal("0.00312"), "USD").amount == Decimal("0.00312")
    with pytest.raises(UnknownCurrencyError):
        Money.of("1", "XYZ")


def test_money_zero() -> None:
    assert Money.zero("USD").is_zero()
    assert Money.zero(currency("JPY")) == Money.of(0, "JPY")


def test_addition_is_exact() -> None:
    assert Money.of("0.1", "USD") + Money.of("0.2", "USD") == Money.of("0.3", "USD")
    assert (Money.of("0.1", "USD") + Money.of("0.2", "USD")).amount == Decimal("0.3")


def test_thirty_digit_amounts_add_exactly() -> None:
    big = Money.of("123456789012345678901234567890", "USD")
    assert big + Money.of("0.01", "USD") == Money.of("123456789012345678901234567890.01", "USD")
    assert big + big == Money.of("246913578024691357802469135780", "USD")


def test_stream_fractions_are_kept() -> None:
    streams = total([Money.of("0.00312", "USD")] * 1000, "USD")
    assert streams == Money.of("3.12", "USD")


def test_subtraction_negation_and_abs_are_exact() -> None:
    assert Money.of("10", "USD") - Money.of("10.005", "USD") == Money.of("-0.005", "USD")
    assert -Money.of("2.50", "EUR") == Money.of("-2.50", "EUR")
    assert abs(Money.of("-2.50", "EUR")) == Money.of("2.50", "EUR")


def test_multiplying_by_a_number_is_exact_on_either_side() -> None:
    half = Money.of("0.5", "USD")
    assert half * 3 == 3 * half == Money.of("1.5", "USD")
    assert half * Decimal("0.001") == Decimal("0.001") * half == Money.of("0.0005", "USD")


def test_multiplying_by_a_float_is_refused() -> None:
    with pytest.raises(TypeError):
        _ = Money.of("1", "USD") * 1.5  # type: ignore[operator]


def test_multiplying_money_by_money_is_refused() -> None:
    with pytest.raises(TypeError, match=r"^multiplying money by money has no meaning$"):
        _ = Money.of(2, "USD") * Money.of(3, "USD")  # type: ignore[operator]


def test_an_operation_needing_more_than_120_digits_raises_inexact() -> None:
    huge = Money.of("1" * 120, "USD")
    with pytest.raises(decimal.Inexact):
        _ = huge + Money.of("0.01", "USD")
    long = "1." + "2345678901" * 6
    with pytest.raises(decimal.Inexact):
        _ = Money.of(long, "USD") * Decimal(long)
    assert CONTEXT.prec == 120


def test_seventy_six_digits_still_fit() -> None:
    almost = Money.of("1" * 75 + "0", "USD")
    assert almost + Money.of(1, "USD") == Money.of("1" * 76, "USD")


@pytest.mark.parametrize(
    "operation",
    [
        lambda a, b: a + b,
        lambda a, b: a - b,
        lambda a, b: a < b,
        lambda a, b: a <= b,
        lambda a, b: a > b,
        lambda a, b: a >= b,
    ],
    ids=["add", "sub", "lt", "le", "gt", "ge"],
)
def test_usd_and_eur_never_mix(operation: Callable[[Money, Money], object]) -> None:
    usd, eur = Money.of(1, "USD"), Money.of(1, "EUR")
    with pytest.raises(
        CurrencyMismatchError,
        match=r"^cannot combine USD and EUR without converting at a stated exchange rate$",
    ):
        operation(usd, eur)


def test_different_currencies_are_never_equal() -> None:
    assert Money.of(1, "USD") != Money.of(1, "EUR")


def test_money_and_a_bare_number_do_not_add() -> None:
    with pytest.raises(TypeError, match=r"^expected Money, got Decimal$"):
        _ = Money.of(1, "USD") + Decimal(1)  # type: ignore[operator]


def test_comparisons_within_one_currency() -> None:
    small, large = Money.of("1.00", "USD"), Money.of("1.01", "USD")
    assert small < large
    assert small <= large <= large
    assert large > small
    assert large >= small >= small
    assert not small < small
    assert not small > small
    assert not large < small
    assert not small > large
    assert Money.of("1.0", "USD") == Money.of("1.00", "USD")


def test_percent_is_exact() -> None:
    assert Money.of("10.00", "USD").percent(3) == Money.of("0.30", "USD")
    assert Money.of("0.00312", "USD").percent(4) == Money.of("0.0001248", "USD")
    assert Money.of("100", "USD").percent(Decimal("33.33")) == Money.of("33.33", "USD")


def test_percent_refuses_floats_and_money() -> None:
    with pytest.raises(TypeError):
        Money.of("10", "USD").percent(3.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money.of("10", "USD").percent(Money.of(3, "USD"))  # type: ignore[arg-type]


def test_is_whole_in_the_minor_unit_or_given_places() -> None:
    assert Money.of("2.34", "USD").is_whole()
    assert Money.of("2.340000", "USD").is_whole()
    assert not Money.of("2.345", "USD").is_whole()
    assert Money.of("2.345", "USD").is_whole(places=3)
    assert Money.of("1234", "JPY").is_whole()
    assert not Money.of("1234.5", "JPY").is_whole()


def test_str_and_repr() -> None:
    assert str(Money.of("12.50", "USD")) == "12.50 USD"
    assert repr(Money.of("12.50", "USD")) == "Money('12.50', 'USD')"


# --- round_payable ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "code", "half_up", "half_even"),
    [
        ("2.345", "USD", "2.35", "2.34"),
        ("2.355", "USD", "2.36", "2.36"),
        ("-2.345", "USD", "-2.35", "-2.34"),
        ("-2.355", "USD", "-2.36", "-2.36"),
        ("2.3449999", "USD", "2.34", "2.34"),
        ("2.3450001", "USD", "2.35", "2.35"),
        ("0.005", "USD", "0.01", "0.00"),
        ("7", "USD", "7.00", "7.00"),
        ("1234.5", "JPY", "1235", "1234"),
        ("1235.5", "JPY", "1236", "1236"),
        ("-1234.5", "JPY", "-1235", "-1234"),
        ("0.4", "JPY", "0", "0"),
        ("1.0005", "BHD", "1.001", "1.000"),
        ("1.0015", "BHD", "1.002", "1.002"),
        ("-1.0005", "BHD", "-1.001", "-1.000"),
    ],
)
def test_round_payable_in_0_2_and_3_decimal_currencies(
    amount: str, code: str, half_up: str, half_even: str
) -> None:
    exact = Money.of(amount, code)
    for mode, expected in ((RoundingMode.HALF_UP, half_up), (RoundingMode.HALF_EVEN, half_even)):
        payable, remainder = round_payable(exact, mode)
        assert str(payable.amount) == expected, mode
        assert payable.currency == remainder.currency == exact.currency
        assert payable + remainder == exact
        assert payable.is_whole()


def test_half_up_is_the_default() -> None:
    payable, remainder = round_payable(Money.of("0.125", "USD"))
    assert payable == Money.of("0.13", "USD")
    assert remainder == Money.of("-0.005", "USD")


def test_a_whole_amount_rounds_to_itself_with_no_remainder() -> None:
    payable, remainder = round_payable(Money.of("12.50", "USD"), RoundingMode.HALF_EVEN)
    assert payable == Money.of("12.50", "USD")
    assert remainder.is_zero()


def test_rounding_modes_map_to_decimal_roundings() -> None:
    assert RoundingMode.HALF_UP.decimal_rounding == decimal.ROUND_HALF_UP
    assert RoundingMode.HALF_EVEN.decimal_rounding == decimal.ROUND_HALF_EVEN
    assert RoundingMode("half_even") is RoundingMode.HALF_EVEN


# --- allocate --------------------------------------------------------------------------------


def _amounts(parts: list[Money]) -> list[str]:
    return [str(part.amount) for part in parts]


@pytest.mark.parametrize(
    ("whole", "code", "weights", "parts"),
    [
        # ties go to the earlier share
        ("100.00", "USD", [1, 1, 1], ["33.34", "33.33", "33.33"]),
        ("100", "JPY", [1, 1, 1], ["34", "33", "33"]),
        ("10.000", "BHD", [1, 1, 1], ["3.334", "3.333", "3.333"]),
        ("0.01", "USD", [1, 1], ["0.01", "0.00"]),
        ("1", "JPY", [1, 1, 1], ["1", "0", "0"]),
        # 9,999 cents: exact 4,999.5 / 2,999.7 / 1,999.8; the 2 left over go to .8 and .7
        ("99.99", "USD", [50, 30, 20], ["49.99", "30.00", "20.00"]),
        ("10.00", "USD", [1, 0, 1], ["5.00", "0.00", "5.00"]),
        ("-100.00", "USD", [1, 1, 1], ["-33.34", "-33.33", "-33.33"]),
        ("0.00", "USD", [1, 2], ["0.00", "0.00"]),
        ("1.00", "USD", ["33.34", "33.33", "33.33"], ["0.34", "0.33", "0.33"]),
        # the larger dropped fraction wins over the earlier position
        ("0.02", "USD", [1, 2, 2], ["0.00", "0.01", "0.01"]),
        ("5.00", "USD", [7], ["5.00"]),
    ],
)
def test_allocate_worked_examples(
    whole: str, code: str, weights: list[int | str], parts: list[str]
) -> None:
    money = Money.of(whole, code)
    result = allocate(money, [to_decimal(w) for w in weights])
    assert _amounts(result) == parts
    assert all(part.currency == money.currency for part in result)
    assert total(result, code) == money


def test_allocate_weights_50_30_20_of_99_99_sum_exactly() -> None:
    parts = allocate(Money.of("99.99", "USD"), [Decimal(50), Decimal(30), Decimal(20)])
    assert total(parts, "USD") == Money.of("99.99", "USD")


def test_zero_weight_gets_zero() -> None:
    parts = allocate(Money.of("1.00", "USD"), [0, 3, 0, 1])
    assert parts[0].is_zero()
    assert parts[2].is_zero()
    assert _amounts(parts) == ["0.00", "0.75", "0.00", "0.25"]


def test_negative_whole_in_thirds_sums_to_the_whole() -> None:
    parts = allocate(Money.of("-100.00", "USD"), [1, 1, 1])
    assert total(parts, "USD") == Money.of("-100.00", "USD")
    assert _amounts(parts) == ["-33.34", "-33.33", "-33.33"]


def test_allocate_at_a_finer_precision_splits_a_sub_cent_amount() -> None:
    parts = allocate(Money.of("0.0001", "USD"), [1, 1, 1], places=10)
    assert _amounts(parts) == ["0.0000333334", "0.0000333333", "0.0000333333"]
    assert total(parts, "USD") == Money.of("0.0001", "USD")
    assert all(part.is_whole(places=10) for part in parts)


def test_allocate_is_deterministic() -> None:
    whole = Money.of("1000.00", "USD")
    weights = [Decimal("0.3"), Decimal("0.3"), Decimal("0.4")]
    assert allocate(whole, weights) == allocate(whole, weights)


@pytest.mark.parametrize(
    ("whole", "weights", "message"),
    [
        ("1.00", [], "^allocate needs at least one share$"),
        ("1.00", [1, -1], "must not be negative"),
        ("1.00", [Decimal("-0.0001")], "must not be negative"),
        ("1.00", [0, 0], "^shares must not all be zero$"),
        ("1.00", [0], "^shares must not all be zero$"),
        ("1.005", [1, 1], "round it before allocating"),
        ("0.001", [1], "round it before allocating"),
    ],
)
def test_allocate_refuses_what_cannot_be_split_exactly(
    whole: str, weights: list[int | Decimal], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(Money.of(whole, "USD"), weights)


def test_allocate_refuses_a_whole_with_digits_beyond_the_given_places() -> None:
    with pytest.raises(ValueError, match="beyond 0 decimal places"):
        allocate(Money.of("1.5", "JPY"), [1, 1])
    with pytest.raises(ValueError, match="beyond 4 decimal places"):
        allocate(Money.of("0.00001", "USD"), [1, 1], places=4)


def test_allocate_refuses_float_weights() -> None:
    with pytest.raises(TypeError):
        allocate(Money.of("1.00", "USD"), [0.5, 0.5])  # type: ignore[list-item]


# --- total -----------------------------------------------------------------------------------


def test_total_of_nothing_is_zero_in_its_currency() -> None:
    assert total([], "JPY") == Money.zero("JPY")
    assert total([], "JPY").currency == currency("JPY")
    assert str(total([], "JPY")) == "0 JPY"
    assert total([], currency("BHD")) == Money.zero("BHD")


def test_total_sums_one_currency() -> None:
    amounts = [Money.of("0.10", "USD"), Money.of("0.20", "USD"), Money.of("-0.05", "USD")]
    assert total(amounts, "USD") == Money.of("0.25", "USD")


def test_total_of_mixed_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatchError):
        total([Money.of(1, "USD"), Money.of(1, "EUR")], "USD")


def test_total_in_another_currency_than_its_amounts_raises() -> None:
    with pytest.raises(CurrencyMismatchError):
        total([Money.of(1, "USD")], "EUR")


def test_the_known_currency_codes_are_iso_4217_sorted() -> None:
    codes = known_currency_codes()
    assert list(codes) == sorted(codes)
    assert {"USD", "EUR", "GBP", "JPY"} <= set(codes)
    assert all(len(code) == 3 and code.isupper() for code in codes)


def test_allocate_takes_fractions_as_they_are() -> None:
    """Thirds as exact fractions: 1.00 in 1/3 : 2/3 is 0.33 and 0.67 (the larger remainder,
    0.666…, takes the cent left over), the same as weights 1 and 2."""
    usd = Money.of("1.00", "USD")
    assert _amounts(allocate(usd, [Fraction(1, 3), Fraction(2, 3)])) == ["0.33", "0.67"]
    assert allocate(usd, [Fraction(1, 3), Fraction(2, 3)]) == allocate(usd, [1, 2])


def test_split_gives_the_left_over_unit_to_the_largest_remainder_not_the_first() -> None:
    """1 in 1/3 : 2/3 at 20 places: 0.333… (remainder 0.33) and 0.666… (remainder 0.67); the
    one unit left over goes to the second."""
    assert split(Decimal(1), [Fraction(1, 3), Fraction(2, 3)]) == [
        Decimal("0.33333333333333333333"),
        Decimal("0.66666666666666666667"),
    ]


def test_split_of_a_negative_amount_keeps_its_sign_and_sums_to_it() -> None:
    """−1 in thirds: −0.333…34, −0.333…33, −0.333…33 (ties to the earlier share)."""
    parts = split(Decimal(-1), [Fraction(1, 3)] * 3)
    assert parts == [
        Decimal("-0.33333333333333333334"),
        Decimal("-0.33333333333333333333"),
        Decimal("-0.33333333333333333333"),
    ]
    assert sum(parts) == Decimal(-1)


def test_split_keeps_an_amount_s_own_places_beyond_twenty() -> None:
    """An amount with 22 places is cut at 22, not 20: nothing of it is dropped."""
    amount = Decimal("1.0000000000000000000001")
    parts = split(amount, [Fraction(1, 3), Fraction(2, 3)])
    assert parts == [Decimal("0.3333333333333333333334"), Decimal("0.6666666666666666666667")]
    assert sum(parts) == amount


def test_split_is_exact_where_every_part_ends() -> None:
    assert split(Decimal("10.00"), [Fraction(1, 4), Fraction(3, 4)]) == [
        Decimal("2.5"),
        Decimal("7.5"),
    ]


@pytest.mark.parametrize(
    ("fraction", "decimal"),
    [
        (Fraction(1, 8), "0.125"),
        (Fraction(3333, 10000), "0.3333"),
        # 5^30 is past a float's 53 bits: divided as floats it would not come out at 1
        (Fraction(1, 5**30), "1.073741824E-21"),
        (Fraction(7, 2**70 * 5**25), "1.98951966012828052043914794921875E-38"),
    ],
)
def test_exact_decimal_holds_every_fraction_of_twos_and_fives_exactly(
    fraction: Fraction, decimal: str
) -> None:
    assert exact_decimal(fraction) == Decimal(decimal)
    assert Fraction(exact_decimal(fraction)) == fraction  # type: ignore[arg-type]


def test_exact_decimal_has_none_for_a_third() -> None:
    assert exact_decimal(Fraction(1, 3)) is None
    assert exact_decimal(Fraction(1, 3 * 5**30)) is None


def test_allocate_to_date_takes_noise_in_the_20th_place_for_a_tie() -> None:
    """Found by the reference model: a contract owes 250/3 to date, taken at 20 places as
    83.33333333333333333334, split 10/70/10/10: 8.333333333333333333334 each for three payees
    and 58.333333333333333333338 for the one at 70%. Rounded, 83.33; floors 8.33 + 58.33 +
    8.33 + 8.33 = 83.32, so one cent is left. In exact arithmetic every payee drops a third
    of a cent, a tie, so the cent goes to the first payee. The 70% payee's fraction is larger
    only by seven times the rounding of the third (4e-21): at 18 places it is a tie too."""
    from points.money import allocate_to_date

    third, seventy = Decimal("8.333333333333333333334"), Decimal("58.333333333333333333338")
    parts = allocate_to_date(Decimal("83.33"), [third, seventy, third, third], Decimal("0.01"))
    assert parts == [Decimal("8.34"), Decimal("58.33"), Decimal("8.33"), Decimal("8.33")]
    # a real difference, at the 18th place, still decides
    ahead = Decimal("58.333333333333333334")
    parts = allocate_to_date(Decimal("83.33"), [third, ahead, third, third], Decimal("0.01"))
    assert parts == [Decimal("8.33"), Decimal("58.34"), Decimal("8.33"), Decimal("8.33")]
