"""Cell values as statements write them."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from points.ingest.values import (
    normalise_isrc,
    normalise_upc,
    parse_amount,
    parse_month,
    parse_territory,
)
from points.model.periods import Month


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.00031410", "0.00031410"),
        (".021330", "0.021330"),
        ("-2", "-2"),
        ("1,200", "1200"),
        ("$1,234.50", "1234.50"),
        ("(7.60)", "-7.60"),
        ("£(7.60)", "-7.60"),
        (" 12 ", "12"),
        ("0.0032456734567891234", "0.0032456734567891234"),
        ("1e-3", "0.001"),
    ],
)
def test_amounts(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(("text", "value"), [("0,5", "0.5"), ("1.234,56", "1234.56"), ("-3", "-3")])
def test_amounts_with_a_decimal_comma(text: str, value: str) -> None:
    assert parse_amount(text, decimal_comma=True) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,5", "12.5O", "1.234,56", "n/a", "--1"])
def test_not_amounts(text: str) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount(text)


def test_months_from_dates_in_several_notations() -> None:
    assert parse_month("2026-03-05", ("%Y-%m-%d",)) == Month(2026, 3)
    assert parse_month("2026-01", ("%Y-%m-%d", "%Y-%m")) == Month(2026, 1)
    assert parse_month("10/15/2023 12:00:00 AM", ("%m/%d/%Y %I:%M:%S %p",)) == Month(2023, 10)
    with pytest.raises(ValueError, match="not a date written as %Y-%m-%d"):
        parse_month("05/03/2026", ("%Y-%m-%d",))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("US", "US"),
        ("gb", "GB"),
        ("UK", "GB"),
        ("Germany", "DE"),
        ("Allemagne", "DE"),  # Believe's French exports
        ("DEU", "DE"),  # alpha-3, as Beatport writes them
        ("usa", "US"),
        ("Vereinigte Staaten", "US"),
        ("España", "ES"),
        ("sverige", "SE"),
        ("NO", "NO"),
        ("Deutschland", "DE"),  # names in any language CLDR has, accents and marks aside
        ("Côte d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("COTE D IVOIRE", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),  # a former English name
        ("Trinidad & Tobago", "TT"),
        ("Trinidad and Tobago", "TT"),
        ("Korea, Republic of", "KR"),  # ISO 3166's own name
        ("Россия", "RU"),
        ("日本", "JP"),
        ("OU", None),
        ("", None),
        ("Worldwide", None),
    ],
)
def test_territories(text: str, code: str | None) -> None:
    assert parse_territory(text) == code


def test_an_unknown_territory_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a country"):
        parse_territory("Atlantis")
    with pytest.raises(ValueError, match="not a country"):
        parse_territory("EU")  # a region, not a country
    with pytest.raises(ValueError, match="not a country"):
        parse_territory("Kongo")  # either Congo, in different languages: not guessed


def test_identifiers() -> None:
    assert normalise_isrc("usx123000001") == "USX123000001"
    assert normalise_isrc("QZ-RLR-26-00001") == "QZRLR2600001"
    assert normalise_isrc(" ") is None
    assert normalise_upc('"880000000001"') == "880000000001"
    assert normalise_upc("empty:") is None
    assert normalise_upc("12345678905") == "012345678905"  # a spreadsheet dropped the zero
    with pytest.raises(ValueError, match="leading zeros lost"):
        normalise_upc("12345678904")
    with pytest.raises(ValueError, match="not an ISRC"):
        normalise_isrc("QZRLR26")
    with pytest.raises(ValueError, match="a spreadsheet wrote it as a number"):
        normalise_upc("8.6e+11")
    with pytest.raises(ValueError, match="a spreadsheet wrote it as a number"):
        normalise_upc("8.59712E+11")
    with pytest.raises(ValueError, match="not a UPC"):
        normalise_upc("no upc")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("1e400", "'1e400' is too large for an amount (more than 20 digits before the point)"),
        ("1E+20", "'1E+20' is too large for an amount"),
        ("100000000000000000000", "is too large for an amount"),
        ("1e-400", "'1e-400' has more than 20 places after the point"),
        ("0." + "0" * 20 + "1", "has more than 20 places after the point"),
        ("9" * 85, "… (85 characters) is too long for an amount (at most 20 digits before"),
    ],
)
def test_amounts_beyond_exact_sums_are_refused(text: str, why: str) -> None:
    """Every sum of accepted amounts stays exact in the money context (76 digits)."""
    with pytest.raises(ValueError, match=re.escape(why)):
        parse_amount(text)


@pytest.mark.parametrize(
    "text", ["99999999999999999999.5", "0." + "0" * 19 + "1", "-1E+19", "1e-20"]
)
def test_amounts_at_the_bounds_are_read(text: str) -> None:
    assert parse_amount(text) == Decimal(text)
