"""Sum canonical lines into the amounts the engine needs, exactly.

The key is recording (ISRC; the UPC for album lines that carry none) × channel × territory ×
reporting period × currency (DESIGN.md, "Data flow"), whether the lines are returns, and the
second currency the statement states their net in. A return (a line whose net is below zero)
is never summed with the sales of its key, so a reserve held on positive sales sees what was
sold (DOMAIN.md, "Reserves"). Units and net
amounts are summed in ``points.money.CONTEXT`` (exact, or an error), so totals never depend on
line order or on how a statement was split into files; each aggregate counts the lines it came
from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from points.ingest.lines import StatementLine
from points.model.contracts import Channel
from points.model.periods import Month
from points.money import CONTEXT

__all__ = [
    "NO_AMOUNTS",
    "AggregateKey",
    "Amounts",
    "add_line",
    "aggregate",
    "by_recording",
    "merge",
    "recording_of",
    "sorted_sums",
    "totals_by_currency",
]


def recording_of(line: StatementLine) -> str:
    """What the income belongs to: the ISRC; for album lines, and lines whose ISRC could not
    be read, the UPC (``upc:…``); for lines with neither, the artist and title as the source
    wrote them (``title:…``), kept as unmatched income rather than dropped (DOMAIN.md,
    "Income nobody claims")."""
    if line.isrc:
        return line.isrc
    if line.upc:
        return f"upc:{line.upc}"
    return f"title:{line.artist or ''} — {line.title or ''}"


@dataclass(frozen=True, slots=True, order=True)
class AggregateKey:
    """What a group of lines has in common. ``returns``: the lines' net is below zero (all of
    them, or none). ``other_currency``: the second currency the statement gives their net in
    ('' for none), whose sum is ``Amounts.other_net``."""

    recording: str
    channel: Channel
    territory: str
    period: Month
    currency: str
    returns: bool = False
    other_currency: str = ""

    @classmethod
    def of(cls, line: StatementLine) -> AggregateKey:
        """'' stands for 'no single country' so keys sort."""
        return cls(
            recording=recording_of(line),
            channel=line.channel,
            territory=line.territory or "",
            period=line.reporting_period,
            currency=line.currency,
            returns=line.net < 0,
            other_currency=line.other_currency or "",
        )

    def sort_key(self) -> tuple[str, str, str, int, int, str, bool, str]:
        """The key's fields as plain values: sorting by these is many times quicker than by
        the dataclass order, which compares in Python (a 10 M-line file has 10^5 keys)."""
        period = self.period
        return (
            self.recording,
            self.channel.value,
            self.territory,
            period.year,
            period.month,
            self.currency,
            self.returns,
            self.other_currency,
        )


@dataclass(frozen=True, slots=True)
class Amounts:
    """Sums of a group of lines, and where in the file they lie: the first and the last of
    their line numbers (0: not known). The span is provenance, not an amount: two sums are
    equal when their amounts and line counts are. ``other_net`` is the net in the key's
    ``other_currency`` (0 where there is none), summed like ``net``."""

    units: Decimal
    net: Decimal
    lines: int
    first_line: int = field(default=0, compare=False)
    last_line: int = field(default=0, compare=False)
    other_net: Decimal = Decimal(0)

    def __add__(self, other: Amounts) -> Amounts:
        firsts = [n for n in (self.first_line, other.first_line) if n]
        return Amounts(
            CONTEXT.add(self.units, other.units),
            CONTEXT.add(self.net, other.net),
            self.lines + other.lines,
            min(firsts, default=0),
            max(self.last_line, other.last_line),
            CONTEXT.add(self.other_net, other.other_net),
        )

    def in_one_currency(self) -> Amounts:
        """The sums without ``other_net``, for totals over keys whose second currencies may
        differ (never one figure across currencies)."""
        return Amounts(self.units, self.net, self.lines, self.first_line, self.last_line)

    @property
    def line_span(self) -> str:
        """``'12'`` or ``'2-51'`` (the lines between may belong to other groups); ``''`` if
        not known."""
        if not self.first_line:
            return ""
        if self.first_line == self.last_line:
            return str(self.first_line)
        return f"{self.first_line}-{self.last_line}"


NO_AMOUNTS = Amounts(Decimal(0), Decimal(0), 0)


def add_line(sums: dict[AggregateKey, Amounts], line: StatementLine) -> None:
    """Add one line to running sums, so a file can be aggregated as it streams past."""
    key = AggregateKey.of(line)
    number = line.source.line or 0
    other_net = Decimal(0) if line.other_net is None else line.other_net
    amounts = Amounts(line.units, line.net, 1, number, number, other_net)
    sums[key] = sums.get(key, NO_AMOUNTS) + amounts


def aggregate(lines: Iterable[StatementLine]) -> dict[AggregateKey, Amounts]:
    """Sum lines per key; the result is sorted by key, so equal inputs print identically."""
    sums: dict[AggregateKey, Amounts] = {}
    for line in lines:
        add_line(sums, line)
    return sorted_sums(sums)


def sorted_sums(sums: dict[AggregateKey, Amounts]) -> dict[AggregateKey, Amounts]:
    """The sums in key order, so equal inputs print identically."""
    return dict(sorted(sums.items(), key=lambda item: item[0].sort_key()))


def merge(*parts: dict[AggregateKey, Amounts]) -> dict[AggregateKey, Amounts]:
    """Combine aggregates of several files (or chunks of one) into one."""
    sums: dict[AggregateKey, Amounts] = {}
    for part in parts:
        for key, amounts in part.items():
            sums[key] = sums.get(key, NO_AMOUNTS) + amounts
    return sorted_sums(sums)


def totals_by_currency(sums: dict[AggregateKey, Amounts]) -> dict[str, Amounts]:
    """Units and net per currency (sales and returns together): never one figure across
    currencies."""
    totals: dict[str, Amounts] = {}
    for key, amounts in sums.items():
        totals[key.currency] = totals.get(key.currency, NO_AMOUNTS) + amounts.in_one_currency()
    return dict(sorted(totals.items()))


def by_recording(sums: dict[AggregateKey, Amounts]) -> dict[str, dict[str, Amounts]]:
    """Units and net per recording (ISRC, ``upc:…``, ``title:…``), per currency, sales and
    returns together."""
    result: dict[str, dict[str, Amounts]] = {}
    for key, amounts in sums.items():
        per_currency = result.setdefault(key.recording, {})
        one = amounts.in_one_currency()
        per_currency[key.currency] = per_currency.get(key.currency, NO_AMOUNTS) + one
    return dict(sorted(result.items()))
