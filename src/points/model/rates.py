"""Exchange rates kept in the workspace (``rates.csv``), so every command converts alike.

Income arrives in the currencies stores pay in; a contract accounts in one. Where a statement
states its own rate, a contract takes that by default (``accounting.exchange_rate:
statement``); otherwise, and for ``rates_file`` contracts, the rate comes from here
(DOMAIN.md, "Money"; the "exchange rate" variant). One line per currency and month::

    month,currency,rate,source
    2026-03,EUR,1.0842,ECB reference rate 2026-03-31
    ,GBP,1.27,agreed with the label for 2026

One ``currency`` is worth ``rate`` of the workspace's currency (``points.yaml``), or of the
currency in a ``to`` column; a line with no month applies to every month without its own. The
older header ``from,to,rate[,month]`` is read too. Every bad line is reported by number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from points.confined import NotRegularFile, OutsideFolder, TooLarge, read_confined, refused
from points.errors import Problem, Source
from points.model.limits import (
    MAX_RATE_INTEGER_DIGITS,
    MAX_RATE_PLACES,
    MAX_RATES_BYTES,
    integer_digits,
    places,
)
from points.model.periods import Month
from points.money import UnknownCurrencyError, currency, to_decimal

__all__ = ["RATES_FILE", "ExchangeRate", "read_rates"]

RATES_FILE = "rates.csv"


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    """One unit of ``source`` is worth ``rate`` units of ``target`` in ``month`` (``None``: any
    month without a rate of its own); ``note`` says where the rate came from."""

    source: str
    target: str
    month: Month | None
    rate: Decimal
    note: str
    line: int


def read_rates(
    path: Path, workspace_currency: str | None, workspace: Path | None = None
) -> tuple[list[ExchangeRate], list[Problem]]:
    """The rates in a CSV file, and a problem for each line that cannot be read. A
    workspace's own ``rates.csv`` (``workspace`` given) is read only from inside it."""
    try:
        text = read_confined(path, workspace, MAX_RATES_BYTES).decode("utf-8-sig")
    except TooLarge as error:
        message = f"{error.size:,} bytes, more than the {MAX_RATES_BYTES:,} a rates file may hold"
        hint = "one line per currency and month is a few hundred KB; check the file"
        return [], [Problem(Source(str(path)), "file-too-large", message, hint)]
    except (NotRegularFile, OutsideFolder) as error:
        return [], [refused(str(path), error)]
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(Source(str(path)), "unreadable", str(error))]
    # strict: a quote left open would otherwise swallow every line after it into one cell
    rows = csv.DictReader(io.StringIO(text), strict=True)
    try:
        fieldnames = rows.fieldnames
    except csv.Error as error:
        return [], [_unreadable_line(path, 1, error)]
    header = {name.strip().casefold() for name in fieldnames or () if name}
    source_column = "currency" if "currency" in header else "from"
    missing = {source_column, "rate"} - header
    if not {"to"} & header and workspace_currency is None:
        missing.add("to")
    if missing:
        message = f"the header needs column(s) {', '.join(sorted(missing))}"
        hint = "write: month,currency,rate,source (a rate to the workspace's currency)"
        return [], [Problem(Source(str(path), 1), "rates-header", message, hint)]
    rates: list[ExchangeRate] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str, Month | None], int] = {}
    lines, number = iter(rows), rows.line_num
    while True:
        try:
            raw = next(lines)
        except StopIteration:
            break
        except csv.Error as error:  # the reader cannot find its place again: say where it stopped
            problems.append(_unreadable_line(path, number + 1, error))  # the line after the last
            break
        number = rows.line_num
        row = {(k or "").strip().casefold(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        try:
            if None in raw:
                raise ValueError("the line has more cells than the header")
            rate = _rate(number, row, source_column, workspace_currency)
        except (ValueError, UnknownCurrencyError) as error:
            problems.append(Problem(Source(str(path), number), "bad-rate", str(error)))
            continue
        key = (rate.source, rate.target, rate.month)
        if key in seen:
            message = f"a second {rate.source}→{rate.target} rate for {rate.month or 'any month'}"
            problems.append(
                Problem(
                    Source(str(path), number), "duplicate-rate", message, f"see line {seen[key]}"
                )
            )
            continue
        seen[key] = number
        rates.append(rate)
    return rates, problems


def _rate(
    number: int, row: dict[str, str], source_column: str, workspace_currency: str | None
) -> ExchangeRate:
    month = Month.parse(row["month"]) if row.get("month") else None
    try:
        rate = to_decimal(row.get("rate", ""))
    except (TypeError, ValueError):
        raise ValueError(f"the rate {_shown(row.get('rate', ''))!r} is not a number") from None
    if rate <= 0:
        raise ValueError(f"a rate must be above zero, not {row['rate']}")
    digits, decimals = integer_digits(rate), places(rate)
    if digits > MAX_RATE_INTEGER_DIGITS:
        raise ValueError(
            f"the rate {_shown(row['rate'])} has {digits} digits before the point; an "
            f"exchange rate may have at most {MAX_RATE_INTEGER_DIGITS}"
        )
    if decimals is not None and decimals > MAX_RATE_PLACES:
        raise ValueError(
            f"the rate {_shown(row['rate'])} has {decimals} decimal places; an exchange rate "
            f"may have at most {MAX_RATE_PLACES} (round it)"
        )
    source = currency(row[source_column].upper()).code
    target = currency((row.get("to") or workspace_currency or "").upper()).code
    if source == target:
        raise ValueError(f"a rate from {source} to itself")
    return ExchangeRate(source, target, month, rate, row.get("source", ""), number)


def _unreadable_line(path: Path, line: int, error: csv.Error) -> Problem:
    return Problem(
        Source(str(path), line),
        "rates-syntax",
        f"cannot read this line of CSV ({error}); the lines after it are not read",
        "close the quote, or shorten the cell; a rate line is month,currency,rate,source",
    )


def _shown(text: str) -> str:
    """A cell for a message, shortened when long."""
    return text if len(text) <= 32 else f"{text[:24]}… ({len(text)} characters)"
