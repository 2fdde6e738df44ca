"""Domain strings and exact numbers: ISRC, UPC/EAN, ISWC, IPI, percentages, amounts, codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

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
    require_total_100,
)


def _valid(kind: Any, value: object) -> Any:
    return TypeAdapter(kind).validate_python(value)


def _error(kind: Any, value: object) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(kind).validate_python(value)
    (error,) = caught.value.errors()
    return dict(error)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        (Isrc, "us-rdl-26-00001", "USRDL2600001"),
        (Isrc, "QZ RLR 26 00001", "QZRLR2600001"),
        (Upc, "198724001509", "198724001509"),
        (Upc, 198724001509, "198724001509"),
        (Upc, "4006381333931", "4006381333931"),
        (Upc, "012345678905", "012345678905"),
        (Iswc, "T0345246801", "T-034.524.680-1"),
        (Iswc, "T-034.524.680-1", "T-034.524.680-1"),
        (Ipi, "781204552", "00781204552"),
        (Ipi, "00523417988", "00523417988"),
        (CurrencyCode, "usd", "USD"),
        (Territory, "no", "NO"),
        (Identifier, "jane-doe_2.0", "jane-doe_2.0"),
    ],
)
def test_codes_are_normalised(kind: Any, value: object, expected: str) -> None:
    assert _valid(kind, value) == expected


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        (Isrc, "USRDL260001", "bad-isrc"),
        (Isrc, "USRDLAB00001", "bad-isrc"),
        (Upc, "19872400150", "bad-upc"),
        (Upc, "ABC724001509", "bad-upc"),
        (Iswc, "T0345246802", "bad-iswc"),
        (Iswc, "0345246801", "bad-iswc"),
        (Ipi, "12345678", "bad-ipi"),
        (Ipi, "123456789012", "bad-ipi"),
        (CurrencyCode, "USX", "unknown-currency"),
        (Territory, "XX", "unknown-territory"),
        (Identifier, "jane doe", "bad-identifier"),
        (Identifier, "-jane", "bad-identifier"),
    ],
)
def test_bad_codes_are_refused_with_a_code(kind: Any, value: object, code: str) -> None:
    error = _error(kind, value)
    assert error["type"] == code
    assert error["ctx"]["hint"]


def test_a_wrong_upc_check_digit_names_the_expected_one() -> None:
    assert _error(Upc, "198724001508")["msg"] == (
        "'198724001508' has check digit 8, but its digits give 9"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("33.33"), Decimal("33.33")),
        ("33.33%", Decimal("33.33")),
        (0, Decimal(0)),
        (100, Decimal(100)),
    ],
)
def test_percent_accepts_0_to_100(value: object, expected: Decimal) -> None:
    assert _valid(Percent, value) == expected


@pytest.mark.parametrize("value", ["100.01", -1])
def test_percent_refuses_values_outside_0_to_100(value: object) -> None:
    assert _error(Percent, value)["type"] == "percent-out-of-range"


def test_amounts_are_exact_and_never_negative() -> None:
    assert _valid(Amount, "2,500.00") == Decimal("2500.00")
    assert _valid(Amount, 0) == 0
    assert _error(Amount, "-1")["type"] == "negative-amount"
    assert _error(PositiveAmount, 0)["type"] == "not-positive"
    assert _error(PositiveAmount, Decimal("-2500"))["type"] == "negative-amount"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (0.1, "inexact-number"),
        (True, "not-a-number"),
        ("2,5", "not-a-number"),
        ("abc", "not-a-number"),
    ],
)
def test_floats_and_non_numbers_are_refused(value: object, code: str) -> None:
    assert _error(Amount, value)["type"] == code


def test_require_total_100() -> None:
    thirds = [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert require_total_100(thirds, lambda s: s, "shares") == thirds
    assert require_total_100([None, None], lambda s: s, "shares") == [None, None]
    with pytest.raises(ValueError, match=r"shares total 99\.99%, not 100%") as caught:
        require_total_100([Decimal("33.33")] * 3, lambda s: s, "shares")
    assert "add 0.01%" in str(caught.value.context)  # type: ignore[attr-defined]
