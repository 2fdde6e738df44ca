"""Shared building blocks of the deal model: the frozen base class and validated domain strings.

Every validator raises ``PydanticCustomError`` with a stable kebab-case code and a ``hint`` in its
context; the loader turns those into ``Problem`` records with the YAML file, line and column.
Numbers are exact: the YAML loader hands in ``Decimal`` for every decimal literal, and a ``float``
passed through the library API is refused rather than converted. Every number is also bounded
(``points.model.limits``: digits before the point, decimal places, the range of a percentage),
so what ``points check`` accepts, the engine's exact arithmetic can carry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator
from pydantic_core import PydanticCustomError

from points import money
from points.model.limits import (
    MAX_AMOUNT_PLACES,
    MAX_INTEGER_DIGITS,
    MAX_PERCENT_PLACES,
    MAX_SHARE_DENOMINATOR,
    MAX_SHARE_PLACES,
    MAX_UNIT_PRICE_DIGITS,
    MAX_UNIT_PRICE_PLACES,
    integer_digits,
    places,
)

__all__ = [
    "Amount",
    "CurrencyCode",
    "Frozen",
    "Identifier",
    "Ipi",
    "Isrc",
    "Iswc",
    "Percent",
    "PositiveAmount",
    "PositiveUnitPrice",
    "Share",
    "Territory",
    "UnitPrice",
    "Upc",
    "bounded",
    "gtin_check_digit",
    "invalid",
    "number_text",
    "percent_text",
    "require_total_100",
    "territory_codes",
]


T = TypeVar("T")
_Number = TypeVar("_Number", Decimal, Fraction)
_THOUSANDS = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?\Z")


class Frozen(BaseModel, extra="forbid", frozen=True):
    """Base of every model: immutable, and an unknown key is an error (a typo must not vanish)."""


def invalid(code: str, message: str, hint: str | None = None) -> PydanticCustomError:
    """A validation error with a stable code and a hint for the person editing the YAML."""
    return PydanticCustomError(code, message, {"hint": hint} if hint else None)


def _exact_number(value: Any) -> Any:
    """Refuse floats (they have already lost digits); accept Decimal, int and numeric text."""
    if isinstance(value, bool):
        raise invalid("not-a-number", f"expected a number, found {value!r}")
    if isinstance(value, float):
        raise invalid(
            "inexact-number",
            f"{value!r} is a binary float; money and rates must be exact",
            "pass a Decimal or a string such as '12.50'",
        )
    if isinstance(value, str):
        text = value.strip()
        if _THOUSANDS.match(text):  # "2,500.00"; a decimal comma ("2,5") is not guessed at
            text = text.replace(",", "")
        try:
            return money.to_decimal(text)
        except ValueError:
            raise invalid("not-a-number", f"expected a number, found {value!r}") from None
    return value


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise invalid(
            "negative-amount",
            f"amount must not be negative, found {value}",
            "write the amount as a positive number; returns and charges are separate terms",
        )
    return value


def number_text(value: Decimal | Fraction) -> str:
    """A number for a message, exactly as it is, but shortened when long (a pasted number of
    85 digits is shown by its first digits and its length)."""
    if isinstance(value, Fraction):
        text = percent_text(value)
    else:
        text = str(value) if abs(value.adjusted()) > 40 else format(value, "f")
    return text if len(text) <= 48 else f"{text[:40]}… ({len(text)} characters)"


def bounded(value: Decimal, what: str, before_point: int, after_point: int) -> Decimal:
    """``value`` if it has at most ``before_point`` digits before the point and
    ``after_point`` decimal places (``points.model.limits``), else a validation error naming
    the number and the limit.

    Args:
        what: the kind of number, for the message ("an amount", "a percentage").
    """
    digits = integer_digits(value)
    if digits > before_point:
        raise invalid(
            "number-too-large",
            f"{number_text(value)} has {digits} digits before the point; {what} may have at "
            f"most {before_point}",
            f"below 10^{before_point} is the most a workspace can compute with; check for a "
            "typo or a pasted number",
        )
    decimals = places(value)
    if decimals is not None and decimals > after_point:
        raise invalid(
            "number-too-precise",
            f"{number_text(value)} has {decimals} decimal places; {what} may have at most "
            f"{after_point}",
            f"round it to {after_point} decimal places",
        )
    return value


def _amount_bounds(value: Decimal) -> Decimal:
    return bounded(value, "an amount", MAX_INTEGER_DIGITS, MAX_AMOUNT_PLACES)


def _unit_price_bounds(value: Decimal) -> Decimal:
    return bounded(value, "a price per unit", MAX_UNIT_PRICE_DIGITS, MAX_UNIT_PRICE_PLACES)


def _positive(value: Decimal) -> Decimal:
    _non_negative(value)
    if value == 0:
        raise invalid("not-positive", "amount must be greater than 0", "remove the term instead")
    return value


def _percent_text(value: Any) -> Any:
    """Let people write ``33.33%`` as well as ``33.33``."""
    if isinstance(value, str) and value.strip().endswith("%"):
        value = value.strip()[:-1]
    return _exact_number(value)


def _percent_range(value: Decimal) -> Decimal:
    _within_100(value, "a percentage", "write 3 points as 3 and half as 50")
    return bounded(value, "a percentage", 3, MAX_PERCENT_PLACES)


def _within_100(value: _Number, what: str, hint: str) -> _Number:
    if not 0 <= value <= 100:
        found = number_text(value)
        raise invalid(
            "percent-out-of-range", f"{what} must be between 0 and 100, found {found}", hint
        )
    return value


# Amounts: fees, advances, costs, prices, thresholds; bounded as points.model.limits says.
Amount = Annotated[
    Decimal,
    BeforeValidator(_exact_number),
    AfterValidator(_non_negative),
    AfterValidator(_amount_bounds),
]
PositiveAmount = Annotated[
    Decimal,
    BeforeValidator(_exact_number),
    AfterValidator(_positive),
    AfterValidator(_amount_bounds),
]
# A price or royalty per unit (PPD, SRLP, per_unit): multiplied by a statement's units.
UnitPrice = Annotated[
    Decimal,
    BeforeValidator(_exact_number),
    AfterValidator(_non_negative),
    AfterValidator(_unit_price_bounds),
]
PositiveUnitPrice = Annotated[
    Decimal,
    BeforeValidator(_exact_number),
    AfterValidator(_positive),
    AfterValidator(_unit_price_bounds),
]
Percent = Annotated[Decimal, BeforeValidator(_percent_text), AfterValidator(_percent_range)]

_FRACTION = re.compile(r"(?:(?P<whole>[0-9]+)\s+)?(?P<num>[0-9]+)\s*/\s*(?P<den>[0-9]+)\Z")


def _share_text(value: Any) -> Any:
    """A share as people write it, exactly: ``33.33`` or ``33.33%`` (a percentage), ``1/3``
    (a fraction of the whole: 33⅓%), ``33 1/3%`` or ``100/3%`` (a percentage with a
    fraction in it). A third is kept as a third, never as 33.33 or 33.333…"""
    if isinstance(value, Fraction):
        return value
    if not isinstance(value, str):
        return _share_fraction(_exact_number(value))
    text = value.strip()
    percent = text.endswith("%")
    text = text.removesuffix("%").strip()
    match = _FRACTION.match(text)
    if match is None:
        return _share_fraction(_exact_number(text))
    if len(text) > 40:  # no split among people needs more; int() of 5,000 digits is refused
        raise invalid(
            "number-too-precise",
            f"the share {text[:24]}… is {len(text)} characters long",
            "write a share as a percentage such as 33.33, or a fraction such as 1/3",
        )
    numerator, denominator = int(match["num"]), int(match["den"])
    if denominator == 0:
        raise invalid("not-a-number", f"{value!r} divides by zero")
    share = int(match["whole"] or 0) + Fraction(numerator, denominator)
    if percent or match["whole"]:
        return share
    return share * 100  # "1/3": a third of the whole


def _share_fraction(value: Any) -> Any:
    """A share written as a decimal, as an exact fraction: its range and places are checked
    on the decimal first, so a share of 1e999999999 is refused before it is ever expanded."""
    if not isinstance(value, Decimal):
        return Fraction(value) if isinstance(value, int) else value
    _within_100(value, "a share", _SHARE_HINT)
    bounded(value, "a share", 3, MAX_SHARE_PLACES)
    return Fraction(value)


_SHARE_HINT = "write half as 50 or 1/2, a third as 1/3"


def _share_range(value: Fraction) -> Fraction:
    """Shares are compared exactly: 100.00000000000000000000000000001 is over 100, and 100
    written with 85 zeros is 100. A decimal share has at most ``MAX_SHARE_PLACES`` places; a
    share no decimal holds (a third) a denominator of at most ``MAX_SHARE_DENOMINATOR``."""
    _within_100(value, "a share", _SHARE_HINT)
    decimals = places(value)
    if decimals is None and value.denominator > MAX_SHARE_DENOMINATOR:
        raise invalid(
            "number-too-precise",
            f"{number_text(value)} is a fraction with denominator {value.denominator}; a share "
            f"may have a denominator of at most {MAX_SHARE_DENOMINATOR:,}",
            "write the share as a simple fraction such as 1/3, or a percentage such as 33.33",
        )
    if decimals is not None and decimals > MAX_SHARE_PLACES:
        raise invalid(
            "number-too-precise",
            f"{number_text(value)} has {decimals} decimal places; a share may have at most "
            f"{MAX_SHARE_PLACES}",
            f"round it to {MAX_SHARE_PLACES} decimal places, or write it as a fraction (1/3)",
        )
    return value


# A payee's or contributor's share as an exact percentage: thirds stay thirds.
Share = Annotated[Fraction, BeforeValidator(_share_text), AfterValidator(_share_range)]

_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


def _identifier(value: str) -> str:
    if not _IDENTIFIER.match(value):
        raise invalid(
            "bad-identifier",
            f"{value!r} is not a valid id",
            "use letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. jane-doe)",
        )
    return value


Identifier = Annotated[str, AfterValidator(_identifier)]


def _currency_code(value: str) -> str:
    try:
        return money.currency(value).code
    except money.UnknownCurrencyError:
        raise invalid(
            "unknown-currency",
            f"{value!r} is not an ISO 4217 currency code",
            "use a three-letter code such as USD, EUR, GBP or JPY",
        ) from None


CurrencyCode = Annotated[str, AfterValidator(_currency_code)]


@cache
def territory_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, with XK (Kosovo), which statements use though ISO has not
    assigned it."""
    import iso3166

    return frozenset(iso3166.countries_by_alpha2) | {"XK"}


def _territory(value: str) -> str:
    code = value.strip().upper()
    if code not in territory_codes():
        raise invalid(
            "unknown-territory",
            f"{value!r} is not an ISO 3166-1 alpha-2 territory code",
            "use two letters such as US, GB, DE or JP",
        )
    return code


Territory = Annotated[str, AfterValidator(_territory)]

_ISRC = re.compile(r"[A-Z]{2}[A-Z0-9]{3}[0-9]{2}[0-9]{5}\Z")


def _isrc(value: str) -> str:
    code = value.replace("-", "").replace(" ", "").upper()
    if not _ISRC.match(code):
        raise invalid(
            "bad-isrc",
            f"{value!r} is not an ISRC",
            "an ISRC is 12 characters: country (2 letters), registrant (3), year (2 digits), "
            "designation (5 digits), e.g. US-RDL-26-00001",
        )
    return code


Isrc = Annotated[str, AfterValidator(_isrc)]


def gtin_check_digit(body: str) -> int:
    """GS1 check digit: weights 3,1,3,1… from the rightmost digit of the body."""
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - weighted % 10) % 10


def _upc(value: Any) -> str:
    code = str(value).replace("-", "").replace(" ", "")
    if not code.isdigit() or len(code) not in (12, 13, 14):
        raise invalid(
            "bad-upc",
            f"{value!r} is not a UPC or EAN",
            "a UPC has 12 digits, an EAN 13; quote it in YAML so leading zeros are kept",
        )
    expected = gtin_check_digit(code[:-1])
    if int(code[-1]) != expected:
        raise invalid(
            "bad-upc",
            f"{value!r} has check digit {code[-1]}, but its digits give {expected}",
            "check the code against the release's barcode",
        )
    return code


Upc = Annotated[str, BeforeValidator(_upc)]

_ISWC = re.compile(r"T[0-9]{10}\Z")


def _iswc(value: str) -> str:
    code = value.replace("-", "").replace(".", "").replace(" ", "").upper()
    if not _ISWC.match(code):
        raise invalid(
            "bad-iswc",
            f"{value!r} is not an ISWC",
            "an ISWC is T followed by 10 digits, e.g. T-034.524.680-1",
        )
    digits = [int(d) for d in code[1:10]]
    expected = (10 - (1 + sum(i * d for i, d in enumerate(digits, start=1))) % 10) % 10
    if int(code[10]) != expected:
        raise invalid(
            "bad-iswc",
            f"{value!r} has check digit {code[10]}, but its digits give {expected}",
            "copy the ISWC from the society's work registration",
        )
    return f"T-{code[1:4]}.{code[4:7]}.{code[7:10]}-{code[10]}"


Iswc = Annotated[str, AfterValidator(_iswc)]


def _ipi(value: Any) -> str:
    code = str(value).replace(" ", "").replace(".", "")
    if not code.isdigit() or not 9 <= len(code) <= 11:
        raise invalid(
            "bad-ipi",
            f"{value!r} is not an IPI/CAE name number",
            "an IPI name number has 9 to 11 digits; quote it in YAML to keep leading zeros",
        )
    return code.zfill(11)


Ipi = Annotated[str, BeforeValidator(_ipi)]


def require_total_100(
    items: Sequence[T], share: Callable[[T], Decimal | Fraction | None], what: str
) -> Sequence[T]:
    """Shares must total exactly 100: 33.33 + 33.33 + 33.33 is 99.99 and is refused (three
    thirds, written 1/3, are exactly 100)."""
    shares = [Fraction(s) for s in (share(item) for item in items) if s is not None]
    if not shares:
        return items
    total = sum(shares, Fraction(0))
    if total != 100:
        gap = 100 - total
        raise invalid(
            "shares-total",
            f"{what} total {percent_text(total)}%, not 100%",
            f"{'add' if gap > 0 else 'remove'} {percent_text(abs(gap))}% so they total "
            "exactly 100 (three equal shares: 33.33, 33.33 and 33.34, or 1/3 each)",
        )
    return items


def percent_text(value: Decimal | Fraction) -> str:
    """A percentage as it reads best: ``33.33``, ``50``, and a share no decimal can write
    exactly as a mixed fraction, ``33 1/3``. Exact at any length (no 28-digit rounding)."""
    if isinstance(value, Decimal):
        return format(_without_trailing_zeros(value), "f")
    fraction = Fraction(value)
    decimals = places(fraction)
    if decimals is not None:
        scaled = abs(fraction.numerator) * 10**decimals // fraction.denominator
        digits = tuple(int(d) for d in str(scaled))
        return format(Decimal((int(fraction < 0), digits, -decimals)), "f")
    whole, rest = divmod(fraction, 1)
    return f"{whole} {rest}" if whole else str(rest)


def _without_trailing_zeros(value: Decimal) -> Decimal:
    """``33.3300`` as ``33.33`` and ``100.000`` as ``100``, exactly: ``Decimal.normalize``
    rounds to the default context's 28 digits first (100.00000000000000000000000000001 would
    read as 100)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return Decimal((sign, (0,), max(exponent, 0)))
    count = len(digits)
    while exponent < 0 and count > 1 and digits[count - 1] == 0:
        count, exponent = count - 1, exponent + 1
    return Decimal((sign, digits[:count], exponent))
