"""Read one cell's value the way statements write it: amounts, dates, territories, codes.

Each reader returns the value, or raises ``ValueError`` with a message fit for the error report
("'12,5O' is not an amount"). Amounts come back as exact ``Decimal``; nothing passes through
float.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from points.model.common import gtin_check_digit, territory_codes
from points.model.periods import Month

__all__ = [
    "normalise_isrc",
    "normalise_upc",
    "parse_amount",
    "parse_month",
    "parse_territory",
    "territory_spellings",
]

_CURRENCY_MARKS = "$£€¥₩₹"
_ACCOUNTING_NEGATIVE = re.compile(r"\((.*)\)\Z")
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\Z")
_GROUPED_POINT = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?\Z")  # 1,234.56
_GROUPED_COMMA = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?\Z")  # 1.234,56


def parse_amount(text: str, *, decimal_comma: bool = False) -> Decimal:
    """An exact number from statement text.

    Accepts ``0.00031410``, ``.021330``, ``-2``, ``"1,200"``, ``$1,234.50``, ``(7.60)``
    (an accounting negative) and, with ``decimal_comma``, ``1.234,56`` and ``0,5``.

    Raises:
        ValueError: empty text, or text that is not a number in this notation.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").strip(_CURRENCY_MARKS)
    negative = _ACCOUNTING_NEGATIVE.match(cleaned)
    if negative:
        cleaned = "-" + negative[1].strip(_CURRENCY_MARKS)
    if decimal_comma:
        if _GROUPED_COMMA.match(cleaned):
            cleaned = cleaned.replace(".", "")
        cleaned = cleaned.replace(",", ".")
    elif _GROUPED_POINT.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.match(cleaned):
        raise ValueError(f"{text!r} is not an amount")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"{text!r} is not an amount") from None


@lru_cache(maxsize=4096)  # a statement repeats a handful of dates on every line
def parse_month(text: str, formats: tuple[str, ...]) -> Month:
    """The month of a date written in one of ``formats`` (strptime patterns, tried in order),
    or as an ISO date (Excel date cells arrive that way)."""
    value = text.strip()
    formats = tuple(dict.fromkeys((*formats, "%Y-%m-%d")))
    for pattern in formats:
        try:
            parsed = dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return Month(parsed.year, parsed.month)
    raise ValueError(f"{text!r} is not a date written as {' or '.join(formats)}")


# Codes in real statements that are not ISO 3166 countries but are not errors either.
_ALIASES = {"UK": "GB", "EL": "GR"}
_NO_SINGLE_COUNTRY = frozenset({"OU", "WW", "XW", "ZZ", "WORLD", "WORLDWIDE", "MULTI", "ROW"})


@cache
def _territory_names() -> dict[str, str]:
    from babel import Locale

    names = {str(name).casefold(): str(code) for code, name in Locale("en").territories.items()}
    names.update({"usa": "US", "united states of america": "US", "great britain": "GB"})
    return {name: code for name, code in names.items() if code in territory_codes()}


@lru_cache(maxsize=4096)
def parse_territory(text: str) -> str | None:
    """An ISO 3166-1 alpha-2 code from a code or an English country name.

    Returns ``None`` for values that name no single country (worldwide, DistroKid's ``OU``).

    Raises:
        ValueError: a value that is neither.
    """
    value = text.strip()
    upper = value.upper()
    if not value or upper in _NO_SINGLE_COUNTRY:
        return None
    if upper in _ALIASES:
        return _ALIASES[upper]
    if upper in territory_codes():
        return upper
    by_name = _territory_names().get(value.casefold())
    if by_name:
        return by_name
    raise ValueError(f"{text!r} is not a country code or name")


@cache
def territory_spellings() -> dict[str, str | None]:
    """Every ASCII spelling ``parse_territory`` knows (codes, aliases, English names), in lower
    case, with what it reads it as: a table the bulk reader can join on, built by running
    ``parse_territory`` itself so the two cannot disagree."""
    spellings = {*territory_codes(), *_ALIASES, *_NO_SINGLE_COUNTRY, *_territory_names()}
    return {
        spelling.casefold(): parse_territory(spelling)
        for spelling in sorted(spellings)
        if spelling.isascii() and spelling.strip() == spelling
    }


_ISRC = re.compile(r"[A-Z]{2}[A-Z0-9]{3}\d{7}\Z")


@lru_cache(maxsize=65536)
def normalise_isrc(text: str) -> str | None:
    """An ISRC in its 12-character form (``QZRLR2600001``), or ``None`` for a blank cell.

    Raises:
        ValueError: a value that is not an ISRC.
    """
    code = text.strip().replace("-", "").upper()
    if not code:
        return None
    if not _ISRC.match(code):
        raise ValueError(f"{text!r} is not an ISRC")
    return code


@lru_cache(maxsize=65536)
def normalise_upc(text: str) -> str | None:
    """A UPC/EAN as digits, or ``None`` for a blank cell.

    Spreadsheets turn barcodes into numbers (``8.6e+11``, ``198724001509.0``): those are refused,
    since the digits they lost cannot be recovered.

    Raises:
        ValueError: a value that is not a barcode.
    """
    code = text.strip().strip('"').replace(" ", "").replace("-", "")
    if not code or code.casefold() in ("empty:", "n/a"):
        return None
    if not code.isdigit() or not 8 <= len(code) <= 14:
        raise ValueError(f"{text!r} is not a UPC or EAN")
    if 8 < len(code) < 12:  # stored as a number: restore the leading zeros if the check agrees
        for width in (12, 13):
            padded = code.zfill(width)
            if gtin_check_digit(padded[:-1]) == int(padded[-1]):
                return padded
        raise ValueError(f"{text!r} is not a UPC or EAN (leading zeros lost?)")
    return code
