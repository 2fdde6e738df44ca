"""A payee statement as a printable HTML page: one self-contained file (inline CSS, an inline
SVG chart, no script, nothing fetched), laid out for A4 and for the screen.

The template (``templates/statement.html.j2``) runs in jinja2's sandbox with autoescaping, so a
name like ``<script>`` prints as text. Amounts are exact until the filters here format them,
rounded for display the way a payable is (``points.render.text.format_amount``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext

from babel.dates import format_date

from points.money import CONTEXT, Money
from points.render.chart import Chart, chart_geometry
from points.render.safety import template_environment
from points.render.statement import (
    Account,
    ContractAccount,
    Line,
    PayeeStatement,
    PoolAccount,
    RecordingRow,
    TerritoryRow,
    account_lines,
    channel_words,
    contract_lines,
    pool_lines,
)
from points.render.text import format_amount, format_count, format_percent

__all__ = ["statement_html"]

TEMPLATE = "statement.html.j2"


@dataclass(frozen=True, slots=True)
class _Totals:
    units: Decimal
    receipts: Decimal | None  # None when rows are in more than one currency
    royalty: Decimal


def _totals(rows: tuple[RecordingRow, ...] | tuple[TerritoryRow, ...]) -> _Totals:
    with localcontext(CONTEXT):
        codes = {r.receipts_currency for r in rows}
        return _Totals(
            sum((r.units for r in rows), Decimal(0)),
            sum((r.receipts for r in rows), Decimal(0)) if len(codes) <= 1 else None,
            sum((r.royalty for r in rows), Decimal(0)),
        )


@dataclass(frozen=True, slots=True)
class _AccountView:
    """What the template shows for one currency."""

    account: Account
    contracts: tuple[tuple[ContractAccount, list[Line]], ...]
    pools: tuple[tuple[PoolAccount, list[Line]], ...]
    lines: list[Line]
    chart: Chart
    recording_totals: _Totals
    territory_totals: _Totals


def _shows(pool: PoolAccount) -> bool:
    """A pool with nothing ever to recoup needs no table."""
    return bool(pool.brought_forward or pool.charges or pool.recouped or pool.carried_forward)


def _view(account: Account, locale: str) -> _AccountView:
    return _AccountView(
        account,
        tuple((c, contract_lines(c)) for c in account.contracts),
        tuple((p, pool_lines(p)) for p in account.pools if _shows(p)),
        account_lines(account),
        chart_geometry(account.history, account.currency, locale),
        _totals(account.by_recording),
        _totals(account.by_territory),
    )


def statement_html(statement: PayeeStatement) -> str:
    """The statement as one HTML page."""
    locale = statement.locale

    def money(amount: Decimal, code: str) -> str:
        return format_amount(Money.of(amount, code), locale, symbol=False)

    def money_symbol(amount: Decimal, code: str) -> str:
        return format_amount(Money.of(amount, code), locale)

    def count(number: Decimal) -> str:
        return format_count(number, locale)

    def long_date(day: dt.date) -> str:
        return str(format_date(day, "d MMMM y", locale=locale))

    environment = template_environment(
        {
            "money": money,
            "money_symbol": money_symbol,
            "count": count,
            "long_date": long_date,
            "percent": format_percent,
            "channel": channel_words,
        }
    )
    views = [_view(account, locale) for account in statement.accounts]
    return environment.get_template(TEMPLATE).render(statement=statement, views=views)
