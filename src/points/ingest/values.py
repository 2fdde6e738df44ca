"""Read one cell's value the way statements write it: amounts, dates, territories, codes.

Each reader returns the value, or raises ``ValueError`` with a message fit for the error report
("'12,5O' is not an amount"). Amounts come back as exact ``Decimal``; nothing passes through
float.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from points.ingest.limits import MAX_AMOUNT_INTEGER_DIGITS, MAX_AMOUNT_PLACES
from points.model.common import gtin_check_digit, territory_codes
from points.model.periods import Month

__all__ = [
    "normalise_isrc",
    "normalise_upc",
    "parse_amount",
    "parse_month",
    "parse_territory",
    "territory_key",
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
        raise ValueError(f"{_shown(text)} is not an amount")
    if len(cleaned) > _LONGEST_AMOUNT:
        raise ValueError(
            f"{_shown(text)} is too long for an amount (at most {MAX_AMOUNT_INTEGER_DIGITS} "
            f"digits before the point and {MAX_AMOUNT_PLACES} after)"
        )
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"{text!r} is not an amount") from None
    return _bounded(value, text)


# digits before and after the point, a sign, the point and an exponent: the longest text of an
# amount within bounds (leading and trailing zeros aside, which no statement writes in dozens)
_LONGEST_AMOUNT = MAX_AMOUNT_INTEGER_DIGITS + MAX_AMOUNT_PLACES + 16


def _shown(text: str) -> str:
    """The text as a report quotes it: whole if short, else its start and its length."""
    if len(text) <= 40:
        return repr(text)
    return f"{text[:24]!r}… ({len(text):,} characters)"


def _bounded(value: Decimal, text: str) -> Decimal:
    """The amount, if it is within ``MAX_AMOUNT_INTEGER_DIGITS`` before the point and
    ``MAX_AMOUNT_PLACES`` after (``points.ingest.limits``), so every sum of amounts stays
    exact; ``ValueError`` saying which bound it passes."""
    if value and value.adjusted() >= MAX_AMOUNT_INTEGER_DIGITS:
        raise ValueError(
            f"{_shown(text)} is too large for an amount (more than "
            f"{MAX_AMOUNT_INTEGER_DIGITS} digits before the point)"
        )
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # the pattern admits only finite numbers
    if -exponent > MAX_AMOUNT_PLACES:
        raise ValueError(
            f"{_shown(text)} has more than {MAX_AMOUNT_PLACES} places after the point "
            "(statements write at most 10)"
        )
    return value


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
# English names statements still use that CLDR and ISO 3166 have replaced or never had.
_FORMER_NAMES = {
    "Turkey": "TR", "Czech Republic": "CZ", "Swaziland": "SZ", "Macedonia": "MK",
    "Ivory Coast": "CI", "Cape Verde": "CV", "East Timor": "TL", "Burma": "MM",
    "Holland": "NL", "Great Britain": "GB", "England": "GB", "Scotland": "GB", "Wales": "GB",
    "Northern Ireland": "GB", "USA": "US", "United States of America": "US", "UAE": "AE",
    "Vatican City": "VA", "Macau": "MO", "Hong Kong": "HK", "DR Congo": "CD",
    "Democratic Republic of the Congo": "CD", "Republic of the Congo": "CG",
    "South Korea": "KR", "North Korea": "KP", "Russia": "RU", "Laos": "LA", "Syria": "SY",
    "Palestine": "PS", "Taiwan": "TW", "Vietnam": "VN", "Moldova": "MD", "Bolivia": "BO",
    "Venezuela": "VE", "Tanzania": "TZ", "Iran": "IR", "Brunei": "BN",
}  # fmt: skip
_NOT_LETTERS = re.compile(r"[\W_]+")


def territory_key(name: str) -> str:
    """A country name as the tables are keyed: accents dropped, case folded, '&' read as
    'and', every other mark a space (``"Côte d’Ivoire"`` → ``"cote d ivoire"``)."""
    text = unicodedata.normalize("NFKD", name.replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _NOT_LETTERS.sub(" ", text).strip()


@cache
def _english_names() -> dict[str, str]:
    """Country names in English to ISO 3166-1 alpha-2 codes: CLDR's, ISO 3166's own, and the
    former names above."""
    import iso3166
    from babel import Locale

    codes = territory_codes()
    names = {territory_key(n): c for c, n in Locale("en").territories.items() if c in codes}
    for country in iso3166.countries:
        for name in (country.name, country.apolitical_name):
            names.setdefault(territory_key(name), country.alpha2)
    names.update({territory_key(n): c for n, c in _FORMER_NAMES.items()})
    return names


@cache
def _names_in_every_language() -> dict[str, str]:
    """Country names in every language CLDR (babel) has, but English, to their codes; built
    once, when a name is not English (about three seconds). A name that means two countries
    in two languages ('Kongo') is left out rather than guessed."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    codes, english = territory_codes(), _english_names()
    names: dict[str, str] = {}
    ambiguous: set[str] = set()
    for identifier in locale_identifiers():
        for code, name in Locale.parse(identifier).territories.items():
            key = territory_key(name)
            known = code in codes and key and key not in english
            if known and names.setdefault(key, code) != code:
                ambiguous.add(key)
    return {name: code for name, code in names.items() if name not in ambiguous}


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
    """An ISO 3166-1 alpha-2 code from an alpha-2 or alpha-3 code (``UK`` is GB), or a
    country's name in any common spelling and any language CLDR knows (``Deutschland``,
    ``Côte d'Ivoire``, ``Türkiye``, ``Turkey``).

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
    key = territory_key(value)
    by_name = _english_names().get(key) or _names_in_every_language().get(key)
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


_AS_NUMBER = re.compile(r"\d+(\.\d*)?[eE]\+?\d+\Z|\d+\.\d*\Z")  # 8.59712E+11, 198724001509.0


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
    if _AS_NUMBER.match(code):
        raise ValueError(f"{text!r} is not a UPC or EAN (a spreadsheet wrote it as a number)")
    if not code.isdigit() or not 8 <= len(code) <= 14:
        raise ValueError(f"{text!r} is not a UPC or EAN")
    if 8 < len(code) < 12:  # stored as a number: restore the leading zeros if the check agrees
        for width in (12, 13):
            padded = code.zfill(width)
            if gtin_check_digit(padded[:-1]) == int(padded[-1]):
                return padded
        raise ValueError(f"{text!r} is not a UPC or EAN (leading zeros lost?)")
    return code
