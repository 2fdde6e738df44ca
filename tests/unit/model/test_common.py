"""Domain strings and exact numbers: ISRC, UPC/EAN, ISWC, IPI, percentages, amounts, codes."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from points.model.common import (
    Amount,
    CurrencyCode,
    Identifier,
    Ipi,
    Isrc,
    Iswc,
    Percent,
    PositiveAmount,
    Territory,
    Upc,
    gtin_check_digit,
    number_text,
    percent_text,
    require_total_100,
)


def _valid(kind: Any, value: object) -> Any:
    return TypeAdapter(kind).validate_python(value)


def _error(kind: Any, value: object) -> dict[str, Any]:
    """The one validation error ``value`` gives as a ``kind``."""
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    (error,) = caught.value.errors()
    return dict(error)


# ISRC


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("us-rdl-26-00001", "USRDL2600001"),
        ("USRDL2600001", "USRDL2600001"),
        ("QZ RLR 26 00001", "QZRLR2600001"),
        ("gb-a1b-99-12345", "GBA1B9912345"),
    ],
)
def test_isrc_is_normalised(value: str, expected: str) -> None:
    assert _valid(Isrc, value) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("USRDL260000", id="11-characters"),
        pytest.param("US-RDL-26-0001", id="11-characters-with-hyphens"),
        pytest.param("USRDL26000012", id="13-characters"),
        pytest.param("USRDLAB00001", id="letters-in-the-year"),
        pytest.param("USRDL26A0001", id="letter-in-the-designation"),
        pytest.param("1SRDL2600001", id="digit-in-the-country"),
    ],
)
def test_a_malformed_isrc_is_refused(value: str) -> None:
    error = _error(Isrc, value)
    assert error["type"] == "bad-isrc"
    assert "US-RDL-26-00001" in error["ctx"]["hint"]


# UPC / EAN


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("198724001509", "198724001509", id="upc-12"),
        pytest.param(198724001509, "198724001509", id="upc-as-int"),
        pytest.param("4006381333931", "4006381333931", id="ean-13"),
        pytest.param("1-98724-00150-9", "198724001509", id="hyphenated"),
    ],
)
def test_a_upc_or_ean_with_the_right_check_digit_is_accepted(value: object, expected: str) -> None:
    assert _valid(Upc, value) == expected


def test_a_upc_keeps_its_leading_zeros_as_text() -> None:
    upc = _valid(Upc, "012345678905")
    assert isinstance(upc, str)
    assert upc == "012345678905"


def test_a_wrong_upc_check_digit_names_the_expected_digit() -> None:
    error = _error(Upc, "198724001508")
    assert error["type"] == "bad-upc"
    assert error["msg"] == "'198724001508' has check digit 8, but its digits give 9"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("19872400150", id="11-digits"),
        pytest.param("198724001509123", id="15-digits"),
        pytest.param("19872400150X", id="a-letter"),
        pytest.param(12345678905, id="int-that-lost-its-leading-zero"),
    ],
)
def test_a_upc_of_the_wrong_shape_is_refused(value: object) -> None:
    error = _error(Upc, value)
    assert error["type"] == "bad-upc"
    assert "leading zeros" in error["ctx"]["hint"]


@pytest.mark.parametrize(
    ("body", "digit"), [("19872400150", 9), ("400638133393", 1), ("01234567890", 5)]
)
def test_gtin_check_digit(body: str, digit: int) -> None:
    assert gtin_check_digit(body) == digit


# ISWC


@pytest.mark.parametrize(
    "value", ["T-034.524.680-1", "T0345246801", "t-034.524.680-1", "T 034 524 680 1"]
)
def test_iswc_is_normalised_to_the_hyphen_and_dot_form(value: str) -> None:
    assert _valid(Iswc, value) == "T-034.524.680-1"


def test_a_wrong_iswc_check_digit_is_refused() -> None:
    error = _error(Iswc, "T-034.524.680-2")
    assert error["type"] == "bad-iswc"
    assert error["msg"] == "'T-034.524.680-2' has check digit 2, but its digits give 1"


@pytest.mark.parametrize("value", ["0345246801", "T034524680", "T03452468011", "X0345246801"])
def test_a_malformed_iswc_is_refused(value: str) -> None:
    assert _error(Iswc, value)["type"] == "bad-iswc"


# IPI


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("781204552", "00781204552", id="9-digits"),
        pytest.param("1781204552", "01781204552", id="10-digits"),
        pytest.param("00523417988", "00523417988", id="11-digits"),
        pytest.param(781204552, "00781204552", id="int"),
        pytest.param("00.781.204.552", "00781204552", id="dotted"),
    ],
)
def test_ipi_is_zero_padded_to_11_digits(value: object, expected: str) -> None:
    assert _valid(Ipi, value) == expected


@pytest.mark.parametrize("value", ["12345678", "123456789012", "I-00781204552", "78120455X"])
def test_an_ipi_outside_9_to_11_digits_is_refused(value: str) -> None:
    assert _error(Ipi, value)["type"] == "bad-ipi"


# Percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("33.33"), Decimal("33.33")),
        ("33.33", Decimal("33.33")),
        ("33.33%", Decimal("33.33")),
        (" 50 % ", Decimal(50)),
        (0, Decimal(0)),
        (100, Decimal(100)),
        ("100.00", Decimal(100)),
    ],
)
def test_percent_accepts_0_to_100(value: object, expected: Decimal) -> None:
    result = _valid(Percent, value)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize("value", ["100.01", Decimal("100.01"), -1, "-0.01%"])
def test_percent_refuses_values_outside_0_to_100(value: object) -> None:
    error = _error(Percent, value)
    assert error["type"] == "percent-out-of-range"
    assert error["ctx"]["hint"] == "write 3 points as 3 and half as 50"


# Amounts and exact numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("2500.00"), Decimal("2500.00")),
        (2500, Decimal(2500)),
        ("2500.00", Decimal("2500.00")),
        ("2,500.00", Decimal("2500.00")),
        ("1,000,000", Decimal(1000000)),
        (0, Decimal(0)),
    ],
)
def test_amount_accepts_exact_numbers(value: object, expected: Decimal) -> None:
    result = _valid(Amount, value)
    assert isinstance(result, Decimal)
    assert result == expected


def test_thousands_separators_keep_the_written_precision() -> None:
    assert str(_valid(Amount, "2,500.00")) == "2500.00"


@pytest.mark.parametrize("value", [-1, "-0.01", Decimal("-2500"), "-2,500.00"])
def test_amount_refuses_negative_numbers(value: object) -> None:
    error = _error(Amount, value)
    assert error["type"] == "negative-amount"
    assert error["ctx"]["hint"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (0, "not-positive"),
        ("0.00", "not-positive"),
        (-1, "negative-amount"),
        (Decimal("-2500"), "negative-amount"),
    ],
)
def test_positive_amount_refuses_zero_and_negative_numbers(value: object, code: str) -> None:
    assert _error(PositiveAmount, value)["type"] == code


def test_positive_amount_accepts_a_cent() -> None:
    assert _valid(PositiveAmount, "0.01") == Decimal("0.01")


@pytest.mark.parametrize("kind", [Amount, PositiveAmount, Percent])
@pytest.mark.parametrize("value", [0.1, 2500.0, 33.33])
def test_a_float_is_refused_as_inexact(kind: Any, value: float) -> None:
    error = _error(kind, value)
    assert error["type"] == "inexact-number"
    assert "Decimal" in error["ctx"]["hint"]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("2,5", id="decimal-comma-is-not-guessed"),
        pytest.param("2.500,00", id="european-thousands"),
        pytest.param("12,50", id="decimal-comma-two-places"),
        pytest.param("abc", id="text"),
        pytest.param("NaN", id="nan"),
        pytest.param(True, id="bool"),
    ],
)
def test_text_that_is_not_a_plain_number_is_refused(value: object) -> None:
    assert _error(Amount, value)["type"] == "not-a-number"


# Codes


@pytest.mark.parametrize(("value", "expected"), [("usd", "USD"), ("EUR", "EUR"), (" jpy ", "JPY")])
def test_currency_code_is_upper_cased(value: str, expected: str) -> None:
    assert _valid(CurrencyCode, value) == expected


@pytest.mark.parametrize("value", ["USX", "US", "DOLLARS"])
def test_an_unknown_currency_is_refused(value: str) -> None:
    error = _error(CurrencyCode, value)
    assert error["type"] == "unknown-currency"
    assert "USD" in error["ctx"]["hint"]


@pytest.mark.parametrize(("value", "expected"), [("no", "NO"), ("GB", "GB"), (" us ", "US")])
def test_territory_is_upper_cased(value: str, expected: str) -> None:
    assert _valid(Territory, value) == expected


@pytest.mark.parametrize("value", ["XX", "USA", "N"])
def test_an_unknown_territory_is_refused(value: str) -> None:
    assert _error(Territory, value)["type"] == "unknown-territory"


@pytest.mark.parametrize("value", ["jane-doe", "jane_doe.2", "J", "2025-deal"])
def test_identifier_accepts_words_with_dots_dashes_and_underscores(value: str) -> None:
    assert _valid(Identifier, value) == value


@pytest.mark.parametrize("value", ["jane doe", "-jane", ".jane", "", "jane\n", "jané"])
def test_a_bad_identifier_is_refused(value: str) -> None:
    error = _error(Identifier, value)
    assert error["type"] == "bad-identifier"
    assert "jane-doe" in error["ctx"]["hint"]


# Shares totalling 100


def _shares(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


def test_three_equal_shares_on_paper_total_100() -> None:
    thirds = _shares("33.34", "33.33", "33.33")
    assert require_total_100(thirds, lambda s: s, "shares") == thirds


def test_three_times_33_33_is_refused_with_a_hint_to_add_a_hundredth() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        require_total_100(_shares("33.33", "33.33", "33.33"), lambda s: s, "writer shares")
    error = caught.value
    assert error.type == "shares-total"
    assert error.message() == "writer shares total 99.99%, not 100%"
    assert error.context is not None
    assert error.context["hint"].startswith("add 0.01% ")


def test_shares_over_100_are_refused_with_a_hint_to_remove_the_excess() -> None:
    with pytest.raises(PydanticCustomError) as caught:
        require_total_100(_shares("60", "50"), lambda s: s, "shares")
    assert caught.value.context is not None
    assert caught.value.context["hint"].startswith("remove 10% ")


def test_items_without_a_share_are_left_out_of_the_total() -> None:
    items: list[Decimal | None] = [Decimal(100), None]
    assert require_total_100(items, lambda s: s, "shares") == items
    assert require_total_100([None, None], lambda s: s, "shares") == [None, None]


@pytest.mark.parametrize("code", ["EU", "UN", "QO", "ZZ", "EZ"])
def test_regions_that_are_not_countries_are_refused(code: str) -> None:
    """babel's territory list has them; no statement line is ever in 'EU', so a multiplier
    on it would silently never apply."""
    with pytest.raises(ValidationError):
        TypeAdapter(Territory).validate_python(code)


def test_kosovo_is_accepted_as_statements_use_it() -> None:
    assert TypeAdapter(Territory).validate_python("xk") == "XK"


# Exact text for numbers of any length (issue 15): no 28-digit rounding in a message


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("100.00000000000000000000000000001"), "100.00000000000000000000000000001"),
        (Decimal("100." + "0" * 85), "100"),
        (Decimal("33.3300"), "33.33"),
        (Decimal("0.000"), "0"),
        (Fraction(100, 3), "33 1/3"),
        (
            Fraction(Decimal("100.00000000000000000000000000001")),
            "100.00000000000000000000000000001",
        ),
    ],
)
def test_percent_text_is_exact_at_any_length(value: Decimal | Fraction, text: str) -> None:
    assert percent_text(value) == text


def test_a_very_long_number_is_shown_by_its_start_and_length() -> None:
    assert number_text(Decimal("1" * 85)) == "1" * 40 + "… (85 characters)"
    assert number_text(Decimal("1e400")) == "1E+400"
