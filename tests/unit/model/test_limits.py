"""The limits' helpers count digits exactly, however long the number (no 28-digit rounding)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from points.model.limits import integer_digits, places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("0.5", 0),
        ("7", 1),
        ("100.000", 3),
        ("123456789012345", 15),
        ("1e400", 401),
        ("1E+2", 3),
        ("1e-400", 0),
        ("1" * 85, 85),
    ],
)
def test_integer_digits(text: str, expected: int) -> None:
    assert integer_digits(Decimal(text)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0"), 0),
        (Decimal("2500"), 0),
        (Decimal("1E+3"), 0),
        (Decimal("33.33"), 2),
        (Decimal("100." + "0" * 85), 0),  # trailing zeros carry no places
        (Decimal("100.00000000000000000000000000001"), 29),  # not rounded to 28 digits
        (Decimal("1e-400"), 400),
        (Fraction(1, 8), 3),
        (Fraction(3333, 100), 2),
        (Fraction(100, 3), None),  # a third: no decimal holds it
        (Fraction(7), 0),
    ],
)
def test_places_are_exact(value: Decimal | Fraction, expected: int | None) -> None:
    assert places(value) == expected
