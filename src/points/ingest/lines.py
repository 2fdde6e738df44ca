"""The canonical statement line: what every source format is mapped onto.

One line of any export (DistroKid, TuneCore, a label's XLSX, a DDEX DSR record) becomes one
``StatementLine``, with exact ``Decimal`` amounts and its provenance (file and line, or sheet
and row), so every figure downstream can be traced to the line it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from points.errors import Source
from points.model.contracts import Channel
from points.model.periods import Month

__all__ = ["StatementLine"]


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One statement line, mapped.

    ``territory`` is an ISO 3166-1 alpha-2 code, or ``None`` where the source names no single
    country (worldwide, DistroKid's ``OU`` "outside the US"); ``territory_reported`` keeps what
    the source wrote. ``net`` is what the statement pays for the line, in ``currency``;
    ``gross`` and ``exchange_rate`` are kept where the source gives them. ``other_net`` is the
    line's net in a second currency, ``other_currency``, as the statement gives it (TuneCore's
    ``Net Sales`` before conversion), so a contract that accounts in that currency can use the
    statement's own conversion; both are ``None`` when the statement states one currency.
    ``isrc_reported`` and ``upc_reported`` keep the codes as the source wrote them, read or
    not (an unreadable code is ``None`` in ``isrc``/``upc``, and the reader warns).
    """

    source: Source
    format: str
    reporting_period: Month
    sale_period: Month | None
    store: str | None
    territory: str | None
    territory_reported: str | None
    channel: Channel
    isrc: str | None
    upc: str | None
    title: str | None
    artist: str | None
    units: Decimal
    gross: Decimal | None
    net: Decimal
    currency: str
    exchange_rate: Decimal | None
    other_currency: str | None = None
    other_net: Decimal | None = None
    isrc_reported: str | None = None
    upc_reported: str | None = None
