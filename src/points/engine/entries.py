"""What the engine returns: ledger entries with their provenance, a summary per payee and
period, and the state a later run carries on from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from points.engine.period import Period
from points.engine.revenue import Revenue
from points.engine.royalties import Counter
from points.model.contracts import Channel
from points.model.periods import Month

__all__ = [
    "SUMMARY_FIGURES",
    "Charge",
    "EngineState",
    "Entry",
    "EntryKind",
    "Held",
    "PayeeSummary",
    "RecoupItem",
    "RunResult",
    "ToDate",
    "Tranche",
    "held_totals",
]


class EntryKind(StrEnum):
    EARNED = "earned"  # a royalty on a row of income (or a retroactive escalation)
    FEE = "fee"  # a flat fee falling due, added to what is payable
    ADVANCE = "advance"  # an advance paid, to be recouped
    COST = "cost"  # a cost charged to the account, at its recoupable share
    RECOUPED = "recouped"  # royalties applied to an advance or cost
    RESERVE_HELD = "reserve_held"  # physical royalties held against returns
    RESERVE_RELEASED = "reserve_released"  # a held reserve paid out on its schedule
    RESERVE_CHARGED = "reserve_charged"  # returns charged against reserves held
    DEFICIT = "deficit"  # returns beyond the period's royalties and fees: a balance to recoup
    ACCRUED = "accrued"  # royalties held until record one's recording costs are recouped
    RELEASED = "released"  # accrued royalties paid retroactively to record one
    FORFEITED = "forfeited"  # accrued royalties a contract without retro does not pay
    PAYABLE = "payable"  # rounded, paid this period
    CARRIED = "carried"  # owed but not paid: below the minimum, or a sub-cent remainder
    DROPPED = "dropped"  # a sub-cent remainder the contract says to drop (kept by the payer)


_Tuple = TypeVar("_Tuple", bound=tuple[Any, ...])


def _equal_to_own_kind(cls: type[_Tuple]) -> type[_Tuple]:  # pragma: no mutate block
    """A named tuple equal only to its own kind (a plain tuple compares equal to any tuple of
    the same items), hashed as its items.

    Not mutated: a class decorator runs once, at import, before mutmut can switch a mutant on,
    so its mutants would survive whatever the tests say (``test_entries.py`` tests it)."""

    def __eq__(self: Any, other: object) -> bool:
        return type(other) is cls and tuple.__eq__(self, other)

    def __ne__(self: Any, other: object) -> bool:
        return not __eq__(self, other)

    cls.__eq__ = __eq__  # type: ignore[method-assign]
    cls.__ne__ = __ne__  # type: ignore[method-assign]
    cls.__hash__ = tuple.__hash__  # type: ignore[method-assign]
    return cls


@_equal_to_own_kind
class Entry(NamedTuple):
    """One line of the ledger. ``party`` is '' for entries on the contract as a whole;
    ``amount`` is exact, in ``currency``; ``how`` says in words where it came from.

    A named tuple, not a frozen dataclass: a run over thousands of contracts makes an entry
    per row and contract, and a tuple is built in a seventh of the time (the engine's inner
    loop builds them with ``tuple.__new__(Entry, fields)``). Equal only to entries."""

    kind: EntryKind
    period: str
    contract: str
    party: str
    currency: str
    amount: Decimal
    term: str
    how: str
    revenue: Revenue | None = None


@dataclass(frozen=True, slots=True)
class RecoupItem:
    """An advance, a recoupable fee or a cost still to be recouped, from the royalties of the
    channels named, across its pool."""

    ref: str
    contract: str
    channels: frozenset[Channel]
    remaining: Decimal


@dataclass(frozen=True, slots=True)
class Tranche:
    """A reserve held in one period on one channel's royalties, and how much has gone out
    (released on schedule, or charged with returns)."""

    held_in: Period
    channel: Channel
    amount: Decimal
    out: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.out


@dataclass(frozen=True, slots=True)
class Charge:
    """What a producer was paid under a letter of direction or record one, to be charged to
    the artist's account in the period it was paid (DOMAIN.md, "Record one", rule 5)."""

    ref: str
    artist_contract: str
    paid_in: Month
    amount: Decimal
    how: str


@dataclass(frozen=True, slots=True)
class ToDate:
    """A payee's account under one contract, to date: its exact share of everything the
    contract owed it, and what was booked payable. The difference is carried."""

    exact: Decimal
    paid: Decimal

    @property
    def carried(self) -> Decimal:
        return self.exact - self.paid


@dataclass(frozen=True)
class EngineState:
    """Everything a run carries into the next: per pool, the last period run and what is left
    to recoup; the scheduled terms already booked; escalation counters; per contract and payee,
    what was owed and paid to date; and the income no contract could take yet (held for a
    contract, or matching none), offered again to the next run, which books it in its first
    period. ``closed_through``: the month closed last; nothing is booked in a period up to it."""

    last_period: Mapping[str, Period] = field(default_factory=dict)
    recoup: Mapping[str, tuple[RecoupItem, ...]] = field(default_factory=dict)
    booked: frozenset[str] = frozenset()
    counters: Mapping[str, Counter] = field(default_factory=dict)
    to_date: Mapping[tuple[str, str], ToDate] = field(default_factory=dict)
    reserves: Mapping[str, tuple[Tranche, ...]] = field(default_factory=dict)
    gates: Mapping[str, Decimal] = field(default_factory=dict)  # record one: recouped so far
    triggered: frozenset[str] = frozenset()  # record one: contracts whose costs are recouped
    accrued: Mapping[str, Mapping[Channel, Decimal]] = field(default_factory=dict)
    charges: tuple[Charge, ...] = ()  # to artists' accounts, not booked yet
    held: tuple[Held, ...] = ()
    unmatched: tuple[Revenue, ...] = ()
    closed_through: Month | None = None


@_equal_to_own_kind
class PayeeSummary(NamedTuple):
    """One payee's figures under one contract for one period, in the contract's currency.

    A named tuple, as ``Entry`` is: a run makes one per payee and period (85,912 in the
    10,000-contract benchmark), and a frozen dataclass took five times as long to build."""

    period: str
    payee: str
    contract: str
    currency: str
    earned: Decimal
    recouped: Decimal
    reserve_held: Decimal
    reserve_released: Decimal
    fees: Decimal
    payable: Decimal
    carried_forward: Decimal
    unrecouped_balance: Decimal


# The figures of a PayeeSummary, in the order statements and the JSON output show them.
SUMMARY_FIGURES = (
    "earned",
    "recouped",
    "reserve_held",
    "reserve_released",
    "fees",
    "payable",
    "carried_forward",
    "unrecouped_balance",
)


@dataclass(frozen=True, slots=True)
class Held:
    """Income the engine could not compute on, and why: it is reported, never dropped."""

    revenue: Revenue
    contract: str
    reason: str

    @property
    def why(self) -> str:
        """The reason in a word or two, the same for every month and currency: "no rate"."""
        return "no rate" if " rate for " in self.reason else self.reason


def held_totals(held: Iterable[Held]) -> dict[tuple[str, str, str], tuple[Decimal, int]]:
    """Held income summed per contract, currency and ``why``: its net, and how many rows."""
    sums: dict[tuple[str, str, str], tuple[Decimal, int]] = {}
    for item in held:
        key = (item.contract, item.revenue.currency, item.why)
        net, rows = sums.get(key, (Decimal(0), 0))
        sums[key] = (net + item.revenue.net, rows + 1)
    return dict(sorted(sums.items()))


@dataclass
class RunResult:
    entries: list[Entry]
    summaries: list[PayeeSummary]
    state: EngineState
    unmatched: list[Revenue]
    held: list[Held]
    problems: list[str]
