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


# Languages whose country names appear in statements from European labels and distributors
# (Believe writes "Allemagne", German labels "Vereinigte Staaten").
_NAME_LOCALES = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl")


@cache
def _territory_names() -> dict[str, str]:
    """Country names in English and the languages above, case-folded. English wins; a name
    that means different countries in two other languages is left out rather than guessed."""
    from babel import Locale

    def names_in(locale: str) -> dict[str, str]:
        territories = Locale(locale).territories.items()
        return {str(n).casefold(): str(c) for c, n in territories if c in territory_codes()}

    english = names_in("en")
    others: dict[str, str] = {}
    ambiguous: set[str] = set()
    for locale in _NAME_LOCALES[1:]:
        for name, code in names_in(locale).items():
            if name in english:
                continue
            if others.setdefault(name, code) != code:
                ambiguous.add(name)
    names = {**{n: c for n, c in others.items() if n not in ambiguous}, **english}
    names.update({"usa": "US", "united states of america": "US", "great britain": "GB"})
    return names


@cache
def _alpha3() -> dict[str, str]:
    """ISO 3166 alpha-3 codes (Beatport writes ``DEU``) to alpha-2, from CLDR's aliases; a
    code that stood for several countries (``SUN``) is left out."""
    from babel.core import get_global

    aliases = get_global("territory_aliases").items()
    return {
        code: targets[0]
        for code, targets in aliases
        if len(code) == 3
        and code.isalpha()
        and len(targets) == 1
        and targets[0] in territory_codes()
    }


@lru_cache(maxsize=4096)
def parse_territory(text: str) -> str | None:
    """An ISO 3166-1 alpha-2 code from an alpha-2 or alpha-3 code, or a country's name in
    English or another common European language.

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
    by_alpha3 = _alpha3().get(upper)
    if by_alpha3:
        return by_alpha3
    by_name = _territory_names().get(value.casefold())
    if by_name:
        return by_name
    raise ValueError(f"{text!r} is not a country code or name")


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
