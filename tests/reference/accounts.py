"""The account of a contract and of its recoupment pool, period by period: terms falling due,
reserves, record one, recoupment, deficits and payment (DOMAIN.md, "Advances, costs,
recoupment", "Reserves", "Record one and the net artist rate", "Periods and statements",
"Money"; README, "The engine", "Money").

Each stage is a plain function over one contract's (or one pool's) figures for one period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from points.engine.entries import EntryKind
from points.model.catalog import Release
from points.model.contracts import (
    Accounting,
    Advance,
    Channel,
    Contract,
    DealKind,
    FlatFee,
    Milestone,
    RecordOneGate,
    RecoupableCost,
    ReserveBase,
)
from points.money import RoundingMode, allocate_to_date, currency, round_amount, split
from reference.royalties import exact

ALL_CHANNELS = frozenset(Channel)
ZERO = Decimal(0)


@dataclass
class Item:
    """An advance, a recoupable fee, a cost or a deficit, still to recoup from the royalties
    of the channels it names, across its pool."""

    ref: str
    channels: frozenset[Channel]
    amount: Decimal
    remaining: Decimal = ZERO

    def __post_init__(self) -> None:
        self.remaining = self.amount


@dataclass
class Tranche:
    """A reserve held in one period (its index in the pool's run) on one channel."""

    held_in: int
    channel: Channel
    amount: Decimal
    out: Decimal = ZERO

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.out


@dataclass
class ToDate:
    """A payee's exact share of everything the contract owed it to date, and what was paid."""

    exact: Decimal = ZERO
    paid: Decimal = ZERO


@dataclass
class Account:
    """One contract's running account: what carries from one period to the next."""

    contract: Contract
    counters: dict[tuple[int, str], Fraction] = field(default_factory=dict)
    reached: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    rated: dict[tuple[int, str], dict[Channel, Decimal]] = field(default_factory=dict)
    tranches: list[Tranche] = field(default_factory=list)
    gate: Decimal = ZERO  # record one: the artist account's royalties toward the costs
    triggered: bool = False
    accrued: dict[Channel, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    to_date: dict[str, ToDate] = field(default_factory=dict)


@dataclass
class Book:
    """One contract's figures in one period, stage by stage."""

    earned: dict[Channel, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    sales: dict[Channel, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    returns: dict[Channel, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    gate: Decimal = ZERO  # what the artist account earned at the gate's rate
    fees: Decimal = ZERO
    available: dict[Channel, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    held: Decimal = ZERO
    released: Decimal = ZERO
    recouped: Decimal = ZERO
    net: Decimal = ZERO
    payable: dict[str, Decimal] = field(default_factory=dict)
    due: dict[str, Decimal] = field(default_factory=dict)  # before the minimum payment

    def earn(self, channel: Channel, amount: Decimal) -> None:
        self.earned[channel] += amount
        if amount > 0:
            self.sales[channel] += amount
        else:
            self.returns[channel] -= amount


class Ledger:
    """Entry totals per contract, period and kind."""

    def __init__(self) -> None:
        self.totals: dict[tuple[str, str, EntryKind], Decimal] = defaultdict(Decimal)

    def add(self, contract: str, period: str, kind: EntryKind, amount: Decimal) -> None:
        self.totals[contract, period, kind] += amount


# Terms falling due ----------------------------------------------------------------------


def due_date(
    contract: Contract,
    term: FlatFee | Advance | RecoupableCost,
    releases: Mapping[str, Release],
) -> dt.date | None:
    """When a term falls due (README, "The engine"): its own date; signing: the contract's
    date; release: the release date; None (the first period run) where there is none."""
    if term.date is not None:
        return term.date
    if isinstance(term, RecoupableCost):
        return None
    if term.due is Milestone.SIGNING:
        return contract.date
    if term.due is Milestone.RELEASE:
        dates = [d for u in contract.releases if (d := releases[u].release_date) is not None]
        return min(dates) if dates else None
    return None


def terms_of(contract: Contract) -> list[tuple[str, FlatFee | Advance | RecoupableCost]]:
    """The scheduled terms, with their place in the contract."""
    return [
        *((f"fees[{i}]", fee) for i, fee in enumerate(contract.fees)),
        *((f"advances[{i}]", advance) for i, advance in enumerate(contract.advances)),
        *((f"costs[{i}]", cost) for i, cost in enumerate(contract.costs)),
    ]


def book_term(
    contract: Contract,
    ref: str,
    term: FlatFee | Advance | RecoupableCost,
    book: Book,
    items: list[Item],
    ledger: Ledger,
    period: str,
) -> None:
    """A fee is paid with the period's payable, and is an advance too where recoupable; an
    advance is recouped from the channels it names; a cost is charged at its recoupable
    share (video 50% unless stated), and in a profit-share deal at the payee's share of it
    ("Flat fee", "Advances, costs, recoupment", "Profit-share deals")."""
    name = f"{contract.id}/{ref}"
    if isinstance(term, FlatFee):
        ledger.add(contract.id, period, EntryKind.FEE, term.amount)
        book.fees += term.amount
        if term.recoupable:
            items.append(Item(name, ALL_CHANNELS, term.amount))
    elif isinstance(term, Advance):
        ledger.add(contract.id, period, EntryKind.ADVANCE, term.amount)
        items.append(Item(name, frozenset(term.recoups_from), term.amount))
    else:
        charged = term.amount * term.effective_recoupable_percent / 100
        if contract.kind is DealKind.PROFIT_SHARE:
            assert contract.profit_share is not None
            charged = charged * contract.profit_share.percent / 100
        ledger.add(contract.id, period, EntryKind.COST, charged)
        items.append(Item(name, ALL_CHANNELS, charged))


# Reserves --------------------------------------------------------------------------------


def due_out(contract: Contract, tranche: Tranche, age: int) -> Decimal:
    """How much of a tranche is due out ``age`` periods after it was held: equal parts of it
    over the liquidation periods, or the schedule's shares, to date (so returns charged
    against it come out of what is released next); all of it from the last one on."""
    reserve = contract.reserve
    assert reserve is not None
    steps = min(age, reserve.liquidation_periods)
    if reserve.schedule is None or steps == reserve.liquidation_periods:
        share = Fraction(steps, reserve.liquidation_periods)
    else:
        share = Fraction(sum(reserve.schedule[:steps], ZERO)) / 100
    return exact(Fraction(tranche.amount) * share)


def run_reserves(account: Account, book: Book, index: int, ledger: Ledger, period: str) -> None:
    """DOMAIN.md, "Reserves": each tranche is released over the periods after it was held;
    where the contract says so, the period's returns on a channel are charged first against
    the reserves still held on it (oldest first); then a share of the period's royalties on
    the channels named is held (on its positive sales, or on its net sales)."""
    contract = account.contract
    reserve = contract.reserve
    if reserve is None:
        return
    for tranche in account.tranches:
        release = min(
            max(due_out(contract, tranche, index - tranche.held_in) - tranche.out, ZERO),
            tranche.outstanding,
        )
        if release:
            tranche.out += release
            book.available[tranche.channel] += release
            book.released += release
            ledger.add(contract.id, period, EntryKind.RESERVE_RELEASED, release)
    for channel in reserve.channels:
        returns = book.returns[channel]
        if reserve.returns_against_reserve:
            for tranche in account.tranches:
                if tranche.channel is channel and returns > 0 and tranche.outstanding > 0:
                    charged = min(returns, tranche.outstanding)
                    tranche.out += charged
                    returns -= charged
                    book.available[channel] += charged
                    ledger.add(contract.id, period, EntryKind.RESERVE_CHARGED, charged)
        if reserve.base is ReserveBase.POSITIVE_SALES:
            base = book.sales[channel]
        else:
            base = max(ZERO, book.earned[channel])
        held = base * reserve.percent / 100
        if held:
            account.tranches.append(Tranche(index, channel, held))
            book.available[channel] -= held
            book.held += held
            ledger.add(contract.id, period, EntryKind.RESERVE_HELD, held)


# Record one ------------------------------------------------------------------------------


def run_record_one(account: Account, book: Book, ledger: Ledger, period: str) -> None:
    """DOMAIN.md, "Record one": royalties accrue from the first unit and are held until the
    recording costs are recouped at the gate's rate; in that period what accrued is paid
    (retroactive) or forfeited, and from then on royalties are paid as earned."""
    contract = account.contract
    record_one = contract.record_one
    if record_one is None or record_one.gate is RecordOneGate.NONE or account.triggered:
        return
    if record_one.recording_costs is None:
        raise NotImplementedError("recording costs from the artist's contract are not modelled")
    account.gate += book.gate
    if account.gate >= record_one.recording_costs:
        account.triggered = True
        accrued = sum(account.accrued.values(), ZERO)
        if record_one.retroactive:
            for channel, amount in account.accrued.items():
                book.available[channel] += amount
            ledger.add(contract.id, period, EntryKind.RELEASED, accrued)
        else:
            ledger.add(contract.id, period, EntryKind.FORFEITED, accrued)
        account.accrued.clear()
        return
    ledger.add(contract.id, period, EntryKind.ACCRUED, sum(book.available.values(), ZERO))
    for channel, amount in book.available.items():
        account.accrued[channel] += amount
    book.available.clear()


# Recoupment and deficits -----------------------------------------------------------------


def recoup(
    item: Item,
    accounts: list[Account],
    books: dict[str, Book],
    ledger: Ledger,
    period: str,
    skip: str = "",
) -> None:
    """Royalties of the channels the item names go to reduce it, contract by contract in id
    order across the pool ("Advances, costs, recoupment", "Cross-collateralization"). A
    deficit (``skip``: the contract it arose in) takes from the others no more than each
    one's net, so none is left with a deficit of its own."""
    for account in accounts:
        if account.contract.id == skip:
            continue
        book = books[account.contract.id]
        for channel in Channel:
            available = book.available[channel]
            if skip:
                available = min(available, sum(book.available.values(), ZERO) + book.fees)
            if channel in item.channels and available > 0 and item.remaining > 0:
                taken = min(available, item.remaining)
                book.available[channel] -= taken
                book.recouped += taken
                item.remaining -= taken
                ledger.add(account.contract.id, period, EntryKind.RECOUPED, taken)


def run_deficits(
    accounts: list[Account],
    books: dict[str, Book],
    items: list[Item],
    ledger: Ledger,
    period: str,
) -> None:
    """README, "The engine": returns beyond a contract's royalties and fees in a period are a
    deficit, charged to its pool as a balance to recoup: first from the pool's other
    contracts, then from later royalties. The contract owes its payees nothing that period."""
    in_deficit = set()
    for account in accounts:
        book = books[account.contract.id]
        net = sum(book.available.values(), ZERO) + book.fees
        if net < 0:
            in_deficit.add(account.contract.id)
            ledger.add(account.contract.id, period, EntryKind.DEFICIT, -net)
            item = Item(f"{account.contract.id}/deficit/{period}", ALL_CHANNELS, -net)
            items.append(item)
            recoup(item, accounts, books, ledger, period, skip=account.contract.id)
    for account in accounts:
        book = books[account.contract.id]
        if account.contract.id not in in_deficit:
            book.net = sum(book.available.values(), ZERO) + book.fees


# Payment ---------------------------------------------------------------------------------


def shares_of(contract: Contract) -> list[Fraction]:
    return [Fraction(payee.percent) / 100 for payee in contract.payee_shares]


def rounding_of(accounting: Accounting) -> RoundingMode:
    """The contract's rounding as written, or DOMAIN.md's default, half-up (the table of
    variants: "rounding | half-up; half-even (banker's) … | half-up, remainder carried"),
    read here from the domain rather than from the model's default, so a changed default is
    caught."""
    if "rounding" in accounting.model_fields_set:
        return accounting.rounding
    return RoundingMode.HALF_UP


def pay(account: Account, book: Book, ledger: Ledger, period: str) -> None:
    """README, "Money": the period's net is split exactly among the payees and added to each
    one's total to date; the contract's total to date is rounded once (half-up, or half-even)
    and cut among the payees by largest remainder on their exact totals; a payee is paid what
    that gives beyond what it was paid, unless it is under the minimum payment (``at_least``:
    paid when ≥ the minimum; ``more_than``: when >); a cent paid ahead and taken back is
    booked, minimum or not. The sub-cent remainder is carried; or, where the contract drops
    it, the period's net is rounded and what rounding leaves is dropped."""
    contract = account.contract
    accounting = contract.accounting
    quantum = currency(accounting.currency).quantum
    rounding = rounding_of(accounting)
    net = book.net
    if accounting.rounding_remainder == "drop":
        net, dropped = round_amount(net, quantum, rounding)
        ledger.add(contract.id, period, EntryKind.DROPPED, dropped)
    payees = [payee.party for payee in contract.payee_shares]
    for party, part in zip(payees, split(net, shares_of(contract)), strict=True):
        account.to_date.setdefault(party, ToDate()).exact += part
    exact = [account.to_date[party].exact for party in payees]
    total, _ = round_amount(sum(exact, ZERO), quantum, rounding)
    parts = allocate_to_date(total, exact, quantum)
    for party, part in zip(payees, parts, strict=True):
        to_date = account.to_date[party]
        payable = part - to_date.paid
        book.due[party] = payable
        minimum = accounting.minimum_payment
        held = payable < minimum if accounting.minimum_rule == "at_least" else payable <= minimum
        if payable > 0 and held:
            payable = ZERO
        to_date.paid += payable
        book.payable[party] = payable
        ledger.add(contract.id, period, EntryKind.PAYABLE, payable)
        ledger.add(contract.id, period, EntryKind.CARRIED, to_date.exact - to_date.paid)
