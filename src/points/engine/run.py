"""Run contracts over income, pool by pool and period by period, carrying state.

For each recoupment pool (one contract, or the contracts cross-collateralized under one name) and
each accounting period in order:

1. terms falling due are booked: flat fees (payable now), advances and costs (to recoup);
2. each covered row of income earns its royalty (``royalties.earn``);
3. royalties recoup what is outstanding, oldest first, each item from the channels it names,
   across every contract of the pool (in contract id order);
4. each contract's earnings less recoupment plus fees are split among its payees exactly, then
   each payee's amount (with what was carried in) is paid if it reaches the minimum, rounded
   once to the minor unit, the remainder carried or dropped as the contract says.

Income for a period already run becomes an adjustment in the next period run; runs never
change a period already run. Nothing touches files: the caller passes models and income in.
"""

from __future__ import annotations

import datetime as dt
import gc
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from itertools import chain, repeat
from typing import Any

from points.engine.account import Account
from points.engine.entries import (
    Charge,
    EngineState,
    Entry,
    EntryKind,
    Held,
    PayeeSummary,
    RecoupItem,
    RunResult,
    ToDate,
    Tranche,
)
from points.engine.pay import Payment, settle
from points.engine.period import Period, period_of
from points.engine.revenue import NO_RATES, ExchangeRates, MissingRateError, Revenue
from points.engine.royalties import (
    WHOLE,
    Counter,
    Cover,
    NoPriceError,
    Prices,
    Rating,
    RowTerms,
    count_of,
    counter_key,
    earn,
    gate_royalty,
    one_band,
    takes_statement_rate,
    times_share,
)
from points.model.catalog import Release
from points.model.contracts import (
    AccountingPeriod,
    Advance,
    Channel,
    Contract,
    CostKind,
    DealKind,
    EscalationMode,
    FlatFee,
    Milestone,
    RecordOneGate,
    Reserve,
    ReserveBase,
    RoyaltyRate,
    ScheduledPayment,
)
from points.model.periods import Month
from points.money import CONTEXT

__all__ = ["run"]

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_CHANNEL_ORDER = {channel: i for i, channel in enumerate(Channel)}  # the order recoupment takes
_UNKNOWN: Any = object()  # a channel and territory a contract's rating has not seen yet


def _as_royalty(contract: Contract) -> Contract:
    """A profit-share deal as the royalty machinery computes it. The payee's share of (income
    less costs) is the share of income less the same share of costs, so a 50% share of net
    profit is 50 points on every channel's net receipts, with the costs charged at 50% and a
    deficit carried as the unrecouped balance (DOMAIN.md, "Profit-share deals")."""
    if contract.kind is not DealKind.PROFIT_SHARE or contract.profit_share is None:
        return contract
    percent = contract.profit_share.percent
    share = CONTEXT.divide(percent, HUNDRED)
    rate = RoyaltyRate(channels=tuple(Channel), points=percent)
    costs = tuple(
        cost.model_copy(
            update={
                "recoupable_percent": CONTEXT.multiply(cost.effective_recoupable_percent, share)
            }
        )
        for cost in contract.costs
    )
    return contract.model_copy(update={"royalties": (rate,), "costs": costs})


def _charged_to(contracts: Sequence[Contract]) -> dict[str, Contract]:
    """The artist contract each producer's payments are charged to: record one's
    ``artist_contract``, or under a letter of direction the artist's contract with the payer
    (the first by id). Indexed once: a run may hold thousands of contracts."""
    by_id = {c.id: c for c in contracts}
    by_parties: dict[tuple[str, str], list[Contract]] = defaultdict(list)
    for c in sorted(contracts, key=lambda c: c.id):
        by_parties[c.payee, c.payer].append(c)
    charged: dict[str, Contract] = {}
    for contract in contracts:
        artist: Contract | None = None
        direction = contract.letter_of_direction
        if contract.record_one is not None and contract.record_one.artist_contract:
            artist = by_id.get(contract.record_one.artist_contract)
        elif direction is not None:
            candidates = by_parties.get((direction.artist, direction.paid_by), ())
            artist = next((c for c in candidates if c is not contract), None)
        if artist is not None:
            charged[contract.id] = artist
    return charged


@dataclass
class _Charges:
    """What producers were paid, to be charged to artists' accounts: in the order they were
    paid, and by artist contract (a pool looks up its own among thousands)."""

    paid: list[Charge]
    by_artist: dict[str, list[tuple[int, Charge]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for seq, charge in enumerate(self.paid):
            self.by_artist.setdefault(charge.artist_contract, []).append((seq, charge))

    def add(self, charge: Charge) -> None:
        self.by_artist.setdefault(charge.artist_contract, []).append((len(self.paid), charge))
        self.paid.append(charge)

    def to(self, contracts: Iterable[str], booked: set[str]) -> list[Charge]:
        """The charges to these contracts not booked yet, in the order they were paid. Those
        booked are let go: an artist's pool asks again every period."""
        found = []
        for c in contracts:
            if c in self.by_artist:
                pending = [pair for pair in self.by_artist[c] if pair[1].ref not in booked]
                self.by_artist[c] = pending
                found += pending
        if len(found) > 1:
            found.sort(key=_first)
        return [charge for _, charge in found]

    def months(self, contracts: Iterable[str], booked: set[str]) -> list[Month]:
        """When the charges to these contracts not booked yet were paid."""
        return [
            charge.paid_in
            for c in contracts
            for _, charge in self.by_artist.get(c, ())
            if charge.ref not in booked
        ]


@dataclass(frozen=True, slots=True)
class _Scheduled:
    """A fee, advance or cost of a contract, with when it falls due (``None``: unknown)."""

    contract: Contract
    term: str
    payment: ScheduledPayment | None
    due: dt.date | None
    due_period: Period | None
    amount: Decimal
    currency: str | None
    ref: str


@dataclass
class _Pool:
    """The mutable working state of one pool while its periods run."""

    contracts: list[Contract]
    items: list[RecoupItem]
    booked: set[str]
    counters: dict[str, Counter]
    to_date: dict[tuple[str, str], ToDate]
    reserves: dict[str, tuple[Tranche, ...]]
    gates: dict[str, Decimal]
    triggered: set[str]
    accrued: dict[str, dict[Channel, Decimal]]
    record_one_costs: dict[str, Decimal]
    charges: _Charges
    prices: Prices
    entries: list[Entry] = field(default_factory=list)
    summaries: list[PayeeSummary] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    # Retroactive lifts of the row being earned, on the channels they lift (_earn_by_rule),
    # for _earn_rows to add to those channels' royalties.
    lifts: list[tuple[Channel, Decimal]] = field(default_factory=list)
    ratings: dict[str, Rating] = field(default_factory=dict)
    by_slot: dict[str, list[Any]] = field(default_factory=dict)
    payments: dict[str, Payment] = field(default_factory=dict)
    schedule: list[_Scheduled] | None = None  # terms not booked yet, once worked out
    currency: str = field(init=False)
    reserving: bool = field(init=False)  # some contract holds reserves
    recording_one: bool = field(init=False)  # some contract is paid on record one

    def __post_init__(self) -> None:
        self.currency = self.contracts[0].accounting.currency  # one per pool
        self.reserving = any(c.reserve is not None for c in self.contracts)
        self.recording_one = any(c.record_one is not None for c in self.contracts)

    def payment(self, contract: Contract) -> Payment:
        """How the contract pays its payees (worked out once)."""
        found = self.payments.get(contract.id)
        if found is None:
            found = self.payments[contract.id] = Payment.of(contract)
        return found

    def rating(self, contract: Contract) -> Rating:
        rating = self.ratings.get(contract.id)
        if rating is None:
            gates = {i: _gate_points(contract, i) for i in range(len(contract.royalties))}
            rating = self.ratings[contract.id] = Rating(contract, gates)
        return rating

    def slot_terms(self, contract: Contract, slots: int) -> list[Any]:
        """The contract's terms per channel × territory slot of the income (``_UNKNOWN`` until a
        row of the slot asks): a list read by index in the inner loop."""
        terms = self.by_slot.get(contract.id)
        if terms is None:
            terms = self.by_slot[contract.id] = [_UNKNOWN] * slots
        return terms

    def add(
        self,
        kind: EntryKind,
        period: Period,
        contract: str,
        amount: Decimal,
        term: str,
        how: str,
        party: str = "",
    ) -> None:
        """An entry on the contract as a whole or a payee: none comes from one row."""
        self.entries.append(
            Entry(kind, period.name, contract, party, self.currency, amount, term, how)
        )


def _due_period(
    payment: ScheduledPayment | None,
    day: dt.date | None,
    contract: Contract,
    releases: Mapping[str, Release],
) -> dt.date | None:
    """When a scheduled term falls due: its date; signing: the contract's date; release: the
    earliest release date of its releases; otherwise (delivery with no date) unknown, and it
    falls due in the first period run."""
    if day is not None:
        return day
    if payment is None:
        return None
    if payment.due is Milestone.SIGNING:
        return contract.date
    if payment.due is Milestone.RELEASE:
        dates = [
            r.release_date for u in contract.releases if (r := releases.get(u)) and r.release_date
        ]
        return min(dates, default=None)
    return None


def _schedule(pool: _Pool, releases: Mapping[str, Release]) -> list[_Scheduled]:
    """Every fee, advance and cost of the pool's contracts, in the order they are booked, with
    when each falls due: worked out once per run."""
    kind = pool.contracts[0].accounting.period
    items = []
    for contract in pool.contracts:
        scheduled: list[
            tuple[str, ScheduledPayment | None, dt.date | None, Decimal, str | None]
        ] = []
        scheduled += [
            (f"fees[{i}]", f, f.date, f.amount, f.currency) for i, f in enumerate(contract.fees)
        ]
        scheduled += [
            (f"advances[{i}]", a, a.date, a.amount, a.currency)
            for i, a in enumerate(contract.advances)
        ]
        scheduled += [
            (
                f"costs[{i}]",
                None,
                c.date,
                CONTEXT.multiply(c.amount, CONTEXT.divide(c.effective_recoupable_percent, HUNDRED)),
                c.currency,
            )
            for i, c in enumerate(contract.costs)
        ]
        for term, payment, day, amount, currency in scheduled:
            due = _due_period(payment, day, contract, releases)
            due_period = None if due is None else period_of(Month.of(due), kind)
            ref = f"{contract.id}/{term}"
            items.append(
                _Scheduled(contract, term, payment, due, due_period, amount, currency, ref)
            )
    return items


def _book_terms(pool: _Pool, period: Period, rates: ExchangeRates) -> None:
    """Fees, advances and costs due by the end of ``period`` and not booked before (the pool's
    schedule, worked out once before its periods run); and what producers were paid out of an
    artist's royalties, charged to the artist's account."""
    charged = pool.charges.by_artist
    if pool.schedule == [] and not any(charged.get(c.id) for c in pool.contracts):
        return  # everything booked, and nothing to charge: most periods of most pools
    for charge in pool.charges.to((c.id for c in pool.contracts), pool.booked):
        if period_of(charge.paid_in, period.kind) <= period:
            pool.booked.add(charge.ref)
            pool.add(
                EntryKind.COST, period, charge.artist_contract, charge.amount, "charges", charge.how
            )
            pool.items.append(
                RecoupItem(charge.ref, charge.artist_contract, frozenset(Channel), charge.amount)
            )
    assert pool.schedule is not None, "worked out before the periods run"  # pragma: no mutate
    later = []
    for item in pool.schedule:  # none booked: the schedule leaves out what was
        ref = item.ref
        if item.due_period is not None and item.due_period > period:
            later.append(item)
            continue
        contract, term, payment, amount, due = (
            item.contract,
            item.term,
            item.payment,
            item.amount,
            item.due,
        )
        pool.booked.add(ref)
        code = item.currency or pool.currency
        value = rates.convert(amount, code, pool.currency, period.months[0])
        when = f"due {due}" if due else "due (no date: booked in the first period run)"
        if term.startswith("fees"):
            kind, words = EntryKind.FEE, "flat fee"
            if isinstance(payment, FlatFee) and payment.recoupable:
                pool.items.append(RecoupItem(ref, contract.id, frozenset(Channel), value))
        elif term.startswith("advances"):
            assert isinstance(payment, Advance)
            kind, words = EntryKind.ADVANCE, "advance"
            pool.items.append(RecoupItem(ref, contract.id, frozenset(payment.recoups_from), value))
        else:
            kind, words = EntryKind.COST, "recoupable cost"
            pool.items.append(RecoupItem(ref, contract.id, frozenset(Channel), value))
        pool.entries.append(
            Entry(
                kind,
                period.name,
                contract.id,
                "",
                pool.currency,
                value,
                term,
                f"{words} {amount} {code}, {when}",
            )
        )
    pool.schedule = later


def _gate_points(contract: Contract, index: int) -> Decimal | None:
    """The rate record one's recoupment is measured at, for one of the contract's rates."""
    term = contract.record_one
    if term is None or term.gate is RecordOneGate.NONE:
        return None
    if term.gate is RecordOneGate.ALL_IN_RATE:
        return term.artist_all_in_points
    own = contract.royalties[index].points or ZERO
    return term.artist_all_in_points - own - term.other_producer_points


@dataclass(slots=True)
class _Income:
    """The run's rows in the order they are taken, indexed once: by recording (a contract
    reads only its own recordings' rows), by month (rows are in month order, so a period is a
    range of indices) and by channel × territory, numbered (what a contract's rates depend on).
    """

    rows: list[Revenue]
    slots: list[int]  # each row's channel × territory, numbered from 0
    slot_count: int
    by_recording: dict[str, list[int]]  # recording → its rows' indices, in order
    month_starts: list[tuple[int, Month]]  # the first row of each month
    held_for: dict[str, list[int]]  # rows offered to one contract only, by contract
    _periods: dict[AccountingPeriod, tuple[list[int], list[Period]]] = field(default_factory=dict)

    @classmethod
    def of(cls, revenue: Iterable[Revenue]) -> _Income:
        """The rows in ``Revenue.sort_key``'s order, indexed.

        Sorted by one integer per row: the month, then the recording's rank among the
        recordings, then the rank of its channel, territory and currency among theirs (a tuple
        key per row took seconds on a large statement in no particular order); rows with the
        same integer, by units and net."""
        given = list(revenue)
        recordings = sorted({row.recording for row in given})
        ranks = {recording: i for i, recording in enumerate(recordings)}
        combos = sorted(
            {(row.channel, row.territory, row.currency) for row in given},
            key=lambda c: (c[0].value, c[1], c[2]),
        )
        combo_rank = {combo: i for i, combo in enumerate(combos)}
        width, depth = len(ranks), len(combos)
        months: dict[int, Month] = {}
        keys: list[int] = []
        for row in given:  # the one loop that reads the rows themselves
            month = row.month
            ordinal = month.year * 12 + month.month
            if ordinal not in months:
                months[ordinal] = month
            combo = combo_rank[row.channel, row.territory, row.currency]
            keys.append((ordinal * width + ranks[row.recording]) * depth + combo)
        in_order = iter(keys)  # ``sorted`` asks for the keys in the order of ``given``
        rows = sorted(given, key=lambda _: next(in_order))
        keys.sort()
        if len(set(keys)) < len(keys):  # rows sharing a key: by units, then net
            _settle_ties(rows, keys)
        slot_of: dict[tuple[Channel, str], int] = {}
        combo_slot = [slot_of.setdefault((c[0], c[1]), len(slot_of)) for c in combos]
        slots = [combo_slot[key % depth] for key in keys]
        indices: list[list[int]] = [[] for _ in recordings]
        held_for: dict[str, list[int]] = {}
        restricted = any(row.held_for for row in given)
        for index, key in enumerate(keys):
            if restricted and rows[index].held_for:
                held_for.setdefault(rows[index].held_for, []).append(index)
            else:
                indices[key // depth % width].append(index)
        by_recording = dict(zip(recordings, indices, strict=True))
        month_starts: list[tuple[int, Month]] = []
        per_month = depth * width
        for ordinal, month in sorted(months.items()):  # each month's first row: a bisection
            first = ordinal * per_month
            month_starts.append((bisect_left(keys, first), month))
        return cls(rows, slots, len(slot_of), by_recording, month_starts, held_for)

    def periods(self, kind: AccountingPeriod) -> tuple[list[int], list[Period]]:
        """The first row of each period of ``kind``, and the periods."""
        found = self._periods.get(kind)
        if found is None:
            starts: list[int] = []
            periods: list[Period] = []
            for index, month in self.month_starts:
                period = period_of(month, kind)
                if not periods or period != periods[-1]:
                    starts.append(index)
                    periods.append(period)
            found = self._periods[kind] = (starts, periods)
        return found

    def by_period(
        self, indices: list[int], shares: list[Fraction] | None, kind: AccountingPeriod
    ) -> Iterator[tuple[Period, _Batch]]:
        """Rows (indices in order, with their shares) cut at the periods' boundaries."""
        starts, periods = self.periods(kind)
        position, count = 0, len(indices)
        while position < count:
            at = bisect_right(starts, indices[position]) - 1
            end = count if at + 1 == len(starts) else bisect_left(indices, starts[at + 1], position)
            part = None if shares is None else shares[position:end]
            yield periods[at], (indices[position:end], part)
            position = end


def _settle_ties(rows: list[Revenue], keys: list[int]) -> None:
    """Order each run of rows sharing a key (``keys`` sorted, in step with ``rows``) by units,
    then net, in place."""
    start = 0
    for end in range(1, len(keys) + 1):
        if end == len(keys) or keys[end] != keys[start]:
            if end - start > 1:
                rows[start:end] = sorted(rows[start:end], key=lambda r: (r.units, r.net))
            start = end


_Batch = tuple[list[int], list[Fraction] | None]
"""A contract's rows in a period: indices into ``_Income.rows``, in order, and the share of each
(``None``: every row whole)."""


def _earn_rows(
    pool: _Pool,
    period: Period,
    batches: Mapping[str, _Batch],
    income: _Income,
    rates: ExchangeRates,
) -> list[Account]:
    """Royalties per contract and channel for the period's rows, with an entry for each; and
    record one's recoupment, at the net artist rate, on the same rows.

    Plain points on net receipts are computed here, with what ``Rating`` worked out once per
    channel and territory, in the same operations and words as ``earn``; other rows go to
    ``_earn_row``. This is the engine's inner loop: one pass per row and contract, and a
    property test checks it against ``earn`` (tests/property/test_engine.py)."""
    accounts = []
    name, currency, append = period.name, pool.currency, pool.entries.append
    new_entry, earned_kind, multiply, gates = (
        tuple.__new__,
        EntryKind.EARNED,
        CONTEXT.multiply,
        pool.gates,
    )
    rows, slots = income.rows, income.slots
    for contract in pool.contracts:
        cid = contract.id
        total: dict[Channel, Decimal] = defaultdict(Decimal)
        amounts: dict[Channel, list[Decimal]] = {}
        accounts.append(Account(contract, total, amounts))
        batch = batches.get(cid)
        if batch is None:
            continue
        indices, shares = batch
        rating = pool.rating(contract)
        by_slot = pool.slot_terms(contract, income.slot_count)
        gated = cid not in pool.triggered
        statement_rate = takes_statement_rate(contract)
        every = repeat(WHOLE) if shares is None else shares
        for index, share in zip(indices, every, strict=False):  # ``repeat`` never ends
            revenue = rows[index]
            terms = by_slot[slots[index]]
            if terms is _UNKNOWN:
                terms = by_slot[slots[index]] = rating.terms(revenue)
            if terms is None:
                continue  # the deal pays nothing on this channel
            if terms.plain and share is WHOLE:
                net = revenue.net
                if revenue.currency != currency:
                    try:
                        net = revenue.net_in(currency, rates, statement_rate)
                    except MissingRateError as error:
                        pool.held.append(Held(revenue, cid, str(error)))
                        continue
                amount = multiply(net, terms.per_base)
                if terms.gate_per_base is not None and gated:
                    gates[cid] = gates.get(cid, ZERO) + multiply(net, terms.gate_per_base)
                how = "net receipts " + str(net) + terms.net_words
                append(
                    new_entry(
                        Entry,
                        (earned_kind, name, cid, "", currency, amount, terms.term, how, revenue),
                    )
                )
            else:
                other = _earn_row(pool, name, contract, terms, revenue, share, rates)
                if other is None:
                    continue
                amount = other
            channel_amounts = amounts.get(revenue.channel)
            if channel_amounts is None:
                channel_amounts = amounts[revenue.channel] = []
            channel_amounts.append(amount)
            if pool.lifts:  # each its own line, as a positive-sales reserve sees it
                for channel, lift in pool.lifts:
                    amounts.setdefault(channel, []).append(lift)
                pool.lifts.clear()
        for channel, values in amounts.items():
            total[channel] = sum(values, ZERO)
        accounts[-1].earned = sum(total.values(), ZERO)
    return accounts


def _earn_row(
    pool: _Pool,
    period_name: str,
    contract: Contract,
    terms: RowTerms,
    revenue: Revenue,
    share: Fraction,
    rates: ExchangeRates,
) -> Decimal | None:
    """A row the inner loop's plain case leaves: converted, pro-rated, on another base, or
    escalating (``_earn_escalated``); or, for per-unit rates, through ``earn``. Its entry, and
    its royalty (``None`` if the row is held)."""
    if not terms.simple:
        return _earn_by_rule(pool, period_name, contract, terms, revenue, share, rates)
    cid, currency, multiply = contract.id, pool.currency, CONTEXT.multiply
    try:
        if terms.net_receipts:
            whole = revenue.net_in(currency, rates, takes_statement_rate(contract))
            base_how = ""
        else:
            whole, base_how = pool.rating(contract).base(terms, revenue, pool.prices, rates)
    except (NoPriceError, MissingRateError) as error:
        pool.held.append(Held(revenue, cid, str(error)))
        return None
    if terms.escalates:
        return _earn_escalated(
            pool, period_name, contract, terms, revenue, share, whole, base_how, rates
        )
    if share is WHOLE or share == 1:
        amount = multiply(whole, terms.per_base)
        how = base_how + terms.tail if base_how else "net receipts " + str(whole) + terms.net_words
    else:  # the share is applied last, so an exact amount stays exact
        amount = times_share(multiply(whole, terms.per_base), share)
        if not base_how:
            base_how = "net receipts " + str(whole) + " " + currency
        how = base_how + pool.rating(contract).share_words(share) + terms.tail
    return _book_row(pool, period_name, contract, terms, revenue, whole, amount, how)


def _book_row(
    pool: _Pool,
    period_name: str,
    contract: Contract,
    terms: RowTerms,
    revenue: Revenue,
    whole: Decimal,
    amount: Decimal,
    how: str,
) -> Decimal:
    """Book a row's royalty (its entry), and record one's recoupment on the whole row at the
    net artist rate; the royalty again, for the caller's sums."""
    cid = contract.id
    if terms.gate_per_base is not None and cid not in pool.triggered:
        pool.gates[cid] = pool.gates.get(cid, ZERO) + CONTEXT.multiply(whole, terms.gate_per_base)
    pool.entries.append(
        Entry(
            EntryKind.EARNED, period_name, cid, "", pool.currency, amount, terms.term, how, revenue
        )
    )
    return amount


def _earn_escalated(
    pool: _Pool,
    period_name: str,
    contract: Contract,
    terms: RowTerms,
    revenue: Revenue,
    share: Fraction,
    whole: Decimal,
    base_how: str,
    rates: ExchangeRates,
) -> Decimal | None:
    """A row's royalty under an escalating rate, given its whole base (and its words, if not
    net receipts): computed here when the row stays in one band, as ``earn`` would; otherwise
    by ``earn`` (``_earn_by_rule``). ``None`` if the row is held."""
    rate, currency = terms.rate, pool.currency
    key = terms.counter or counter_key(contract, terms.index, rate, revenue)
    state = pool.counters.get(key)
    if state is None:
        assert rate.points is not None
        state = Counter(ZERO, ZERO, rate.points)
    base = times_share(whole, share)
    try:
        counted = count_of(contract, rate, revenue, base, share, rates)
    except MissingRateError as error:
        pool.held.append(Held(revenue, contract.id, str(error)))
        return None
    points = one_band(rate, state, counted)
    if points is None:
        return _earn_by_rule(pool, period_name, contract, terms, revenue, share, rates)
    rated = CONTEXT.multiply(base, terms.factor)
    amount = CONTEXT.multiply(rated, CONTEXT.divide(points, HUNDRED))
    if not base_how:
        base_how = "net receipts " + str(whole) + " " + currency
    if not (share is WHOLE or share == 1):
        base_how += pool.rating(contract).share_words(share)
    how = f"{base_how}{terms.lead} × {points}%"
    retro = rate.escalation is not None and rate.escalation.mode is EscalationMode.RETROACTIVE
    pool.counters[key] = state.after(counted, rated, points, revenue.channel, retro)
    return _book_row(pool, period_name, contract, terms, revenue, whole, amount, how)


def _earn_by_rule(
    pool: _Pool,
    period_name: str,
    contract: Contract,
    terms: RowTerms,
    revenue: Revenue,
    share: Fraction,
    rates: ExchangeRates,
) -> Decimal | None:
    """A row's royalty under an escalation or a per-unit rate, by ``earn``: its entries, and
    their sum (``None`` if the row is held)."""
    index, rate = terms.index, terms.rate
    key = counter_key(contract, index, rate, revenue) if rate.escalation else None
    gate = pool.rating(contract).gates[index]  # worked out once per contract
    try:
        earnings, counter = earn(
            contract, index, revenue, share, pool.counters.get(key or ""), pool.prices, rates
        )
        if gate is not None and contract.id not in pool.triggered:
            toward = gate_royalty(contract, index, revenue, gate, pool.prices, rates)
            pool.gates[contract.id] = pool.gates.get(contract.id, ZERO) + toward
    except (NoPriceError, MissingRateError) as error:
        pool.held.append(Held(revenue, contract.id, str(error)))
        return None
    if key is not None and counter is not None:
        pool.counters[key] = counter
    amount = ZERO
    for earning in earnings:
        if earning.channel is None:
            amount += earning.amount
        else:  # a retroactive lift, on the channel whose royalties it lifts
            pool.lifts.append((earning.channel, earning.amount))
        pool.entries.append(
            Entry(
                EntryKind.EARNED,
                period_name,
                contract.id,
                "",
                pool.currency,
                earning.amount,
                earning.term,
                earning.how,
                revenue,
            )
        )
    return amount


def _periods_between(earlier: Period, later: Period) -> int:
    per_year = {AccountingPeriod.MONTHLY: 12, AccountingPeriod.QUARTERLY: 4}.get(earlier.kind, 2)
    return (later.year - earlier.year) * per_year + later.index - earlier.index


def _released_share(reserve: Reserve, elapsed: int) -> Fraction:
    """The share of a reserve due out ``elapsed`` periods after it was held: equal parts over
    the liquidation periods, or the stated schedule."""
    steps = min(elapsed, reserve.liquidation_periods)
    if reserve.schedule is not None and steps < reserve.liquidation_periods:
        return Fraction(sum(reserve.schedule[:steps], ZERO)) / 100
    return Fraction(steps, reserve.liquidation_periods)


def _reserves(pool: _Pool, period: Period, accounts: list[Account]) -> None:
    """Hold a share of the period's physical royalties, release earlier reserves on their
    schedule, and (where the contract says so) charge returns against reserves held."""
    for account in accounts if pool.reserving else ():
        contract = account.contract
        reserve = contract.reserve
        if reserve is None:
            continue
        tranches = list(pool.reserves.get(contract.id, ()))
        totals = account.total
        for i, tranche in enumerate(tranches):  # release what the schedule says is now due
            due = times_share(
                tranche.amount, _released_share(reserve, _periods_between(tranche.held_in, period))
            )
            out = min(max(due - tranche.out, ZERO), tranche.outstanding)
            if out:
                tranches[i] = Tranche(
                    tranche.held_in, tranche.channel, tranche.amount, tranche.out + out
                )
                totals[tranche.channel] += out
                account.released += out
                pool.add(
                    EntryKind.RESERVE_RELEASED,
                    period,
                    contract.id,
                    out,
                    "reserve",
                    f"reserve held in {tranche.held_in} on {tranche.channel}, released",
                )
        for channel in reserve.channels:
            returns = account.returns(channel)
            if reserve.returns_against_reserve and returns < 0:
                charge = -returns
                for i, tranche in enumerate(tranches):
                    if tranche.channel is not channel or not charge or tranche.outstanding <= 0:
                        continue
                    take = min(charge, tranche.outstanding)
                    tranches[i] = Tranche(
                        tranche.held_in, channel, tranche.amount, tranche.out + take
                    )
                    charge -= take
                    totals[channel] += take
                    pool.add(
                        EntryKind.RESERVE_CHARGED,
                        period,
                        contract.id,
                        take,
                        "reserve",
                        f"returns on {channel} charged against the reserve held in "
                        f"{tranche.held_in}",
                    )
            if reserve.base is ReserveBase.NET_SALES:
                base = max(account.sales(channel) + returns, ZERO)
            else:
                base = account.sales(channel)
            hold = CONTEXT.multiply(base, CONTEXT.divide(reserve.percent, HUNDRED))
            if hold > 0:
                tranches.append(Tranche(period, channel, hold, ZERO))
                totals[channel] -= hold
                account.held += hold
                pool.add(
                    EntryKind.RESERVE_HELD,
                    period,
                    contract.id,
                    hold,
                    "reserve",
                    f"{reserve.percent}% of {base} {channel} royalties held against returns",
                )
        pool.reserves[contract.id] = tuple(t for t in tranches if t.outstanding)


def _record_one(pool: _Pool, period: Period, accounts: list[Account]) -> None:
    """Hold a record-one producer's royalties until the recording costs are recouped at the net
    artist rate; then pay what accrued (retroactively to record one) and from then on as
    earned. A contract without retro forfeits what accrued before (DOMAIN.md, "Record one")."""
    for account in accounts if pool.recording_one else ():
        contract = account.contract
        term = contract.record_one
        if term is None or contract.id in pool.triggered:
            continue
        totals = account.total
        costs = pool.record_one_costs.get(contract.id, ZERO)
        recouped = pool.gates.get(contract.id, ZERO)
        if term.gate is RecordOneGate.NONE or costs <= 0 or recouped >= costs:
            pool.triggered.add(contract.id)
            pool.gates.pop(contract.id, None)
            for channel, amount in sorted(pool.accrued.pop(contract.id, {}).items()):
                if term.retroactive:
                    totals[channel] += amount
                    pool.add(
                        EntryKind.RELEASED,
                        period,
                        contract.id,
                        amount,
                        "record_one",
                        f"{channel} royalties accrued since record one, paid now that the "
                        f"recording costs ({costs}) are recouped",
                    )
                else:
                    pool.add(
                        EntryKind.FORFEITED,
                        period,
                        contract.id,
                        amount,
                        "record_one",
                        f"{channel} royalties accrued before recoupment: no retro",
                    )
            continue
        accrued = pool.accrued.setdefault(contract.id, {})
        for channel, amount in list(totals.items()):
            if amount:
                accrued[channel] = accrued.get(channel, ZERO) + amount
                totals[channel] = ZERO
                pool.add(
                    EntryKind.ACCRUED,
                    period,
                    contract.id,
                    amount,
                    "record_one",
                    f"{channel} royalties held: {pool.gates.get(contract.id, ZERO)} of "
                    f"{costs} recording costs recouped at the net artist rate",
                )


def _recoup(pool: _Pool, period: Period, accounts: list[Account], within_net: bool = False) -> None:
    """Apply the period's positive royalties to what is outstanding, oldest item first;
    ``within_net``: from each contract no more than its net for the period (so recouping a
    deficit from the pool's other contracts leaves none of them owing its payees)."""
    remaining_items = []
    name, currency, entries = period.name, pool.currency, pool.entries
    for item in pool.items:
        remaining, channels = item.remaining, item.channels
        for account in accounts:
            if remaining <= 0:
                break
            by_channel = account.total
            present = sorted(by_channel, key=_CHANNEL_ORDER.__getitem__) if by_channel else ()
            for channel in present:
                available = by_channel[channel]
                if within_net:
                    available = min(available, account.net())
                if available <= 0 or channel not in channels:
                    continue
                take = min(available, remaining)
                by_channel[channel] = CONTEXT.subtract(by_channel[channel], take)
                remaining = CONTEXT.subtract(remaining, take)
                account.recouped = CONTEXT.add(account.recouped, take)
                entries.append(
                    Entry(
                        EntryKind.RECOUPED,
                        name,
                        account.contract.id,
                        "",
                        currency,
                        take,
                        item.ref,
                        f"{channel} royalties applied to {item.ref}",
                    )
                )
                if remaining <= 0:
                    break
        if remaining > 0:
            unchanged = remaining is item.remaining
            remaining_items.append(
                item if unchanged else RecoupItem(item.ref, item.contract, channels, remaining)
            )
    pool.items = remaining_items


def _deficits(pool: _Pool, period: Period, accounts: list[Account]) -> None:
    """Returns beyond a contract's royalties and fees for the period: the deficit is charged
    to the pool as a balance to recoup (like a cost), never carried as a negative amount owed
    to the payees (DOMAIN.md, "Reserves"; "Carry-forward"). Other contracts of the pool
    recoup it from what they have left this period, as cross-collateralization says."""
    found = False
    for account in accounts:
        net = account.net()
        if net >= 0:
            continue
        cid = account.contract.id
        account.deficit = -net
        ref = f"{cid}/deficit/{period.name}"
        pool.items.append(RecoupItem(ref, cid, frozenset(Channel), -net))
        pool.add(
            EntryKind.DEFICIT,
            period,
            cid,
            -net,
            "deficit",
            f"returns beyond the period's royalties and fees ({net}), carried as a balance "
            "to recoup",
        )
        found = True
    if found and len(accounts) > 1:
        others = [account for account in accounts if not account.deficit]
        _recoup(pool, period, others, within_net=True)


def _pay(pool: _Pool, period: Period, accounts: list[Account]) -> None:
    """Split each contract's net among its payees; pay what reaches the minimum, rounded once
    on what the contract owes to date (``points.engine.pay``)."""
    balance = sum((item.remaining for item in pool.items), ZERO)
    for account in accounts:
        cid = account.contract.id
        accrued = sum(pool.accrued[cid].values(), ZERO) if cid in pool.accrued else ZERO
        settle(
            pool.payment(account.contract),
            account,
            accrued,
            balance,
            period.name,
            pool.currency,
            pool.to_date,
            pool.entries,
            pool.summaries,
        )


def _run_period(
    pool: _Pool,
    period: Period,
    batches: Mapping[str, _Batch],
    income: _Income,
    rates: ExchangeRates,
) -> None:
    """Book what falls due, earn, hold and release reserves, apply record one's gate, recoup,
    then pay: in that order, which is the order a royalty statement reads."""
    start = len(pool.entries)
    _book_terms(pool, period, rates)
    booked = pool.entries[start:] if len(pool.entries) > start else ()
    accounts = _earn_rows(pool, period, batches, income, rates)
    for entry in booked:
        if entry.kind is EntryKind.FEE:
            for account in accounts:
                if account.contract.id == entry.contract:
                    account.fees += entry.amount
    _reserves(pool, period, accounts)
    _record_one(pool, period, accounts)
    _recoup(pool, period, accounts)
    _deficits(pool, period, accounts)
    _pay(pool, period, accounts)


def _record_one_costs(
    contracts: Sequence[Contract], problems: list[str]
) -> tuple[dict[str, Decimal], set[str]]:
    """Each record-one contract's recording costs: stated, or the artist contract's recording
    costs at their recoupable share. Contracts whose costs cannot be found are named."""
    by_id = {c.id: c for c in contracts}
    costs: dict[str, Decimal] = {}
    missing: set[str] = set()
    for contract in contracts:
        term = contract.record_one
        if term is None or term.gate is RecordOneGate.NONE:
            continue
        if term.recording_costs is not None:
            costs[contract.id] = term.recording_costs
            continue
        artist = by_id.get(term.artist_contract or "")
        currency = contract.accounting.currency
        items = [c for c in artist.costs if c.kind is CostKind.RECORDING] if artist else []
        if artist is None or any(
            (c.currency or artist.accounting.currency) != currency for c in items
        ):
            problems.append(
                f"contract {contract.id}: record one needs the recording costs of "
                f"{term.artist_contract} in {currency}; its income is held"
            )
            missing.add(contract.id)
            continue
        costs[contract.id] = sum(
            (c.amount * c.effective_recoupable_percent / HUNDRED for c in items), ZERO
        )
    return costs, missing


def _first(pair: tuple[int, Charge]) -> int:
    return pair[0]


def _rows_of(keys: list[tuple[str, Fraction]], income: _Income, held: list[int]) -> _Batch:
    """A contract's rows, in order, from the recordings it covers and its share of each, with
    the ``held`` rows offered to it alone."""
    if len(keys) == 1 and not held:
        indices = income.by_recording[keys[0][0]]
    else:
        indices = sorted([*(i for key, _ in keys for i in income.by_recording[key]), *held])
    if all(share is WHOLE for _, share in keys):
        return indices, None
    share_of = dict(keys)
    rows = income.rows
    return indices, [share_of[rows[i].recording] for i in indices]


def _merged(parts: list[dict[str, _Batch]]) -> dict[str, _Batch]:
    """Several periods' rows as one period's, each contract's in order."""
    merged: dict[str, _Batch] = {}
    for part in parts:
        for contract_id, (indices, shares) in part.items():
            before, before_shares = merged.get(contract_id, ([], None))
            if before_shares is None and shares is None:
                merged[contract_id] = (before + indices, None)
            else:
                merged[contract_id] = (
                    before + indices,
                    (before_shares or [WHOLE] * len(before)) + (shares or [WHOLE] * len(indices)),
                )
    return merged


def _pools(contracts: Iterable[Contract]) -> dict[str, list[Contract]]:
    pools: dict[str, list[Contract]] = defaultdict(list)
    for contract in sorted(contracts, key=lambda c: c.id):
        pools[contract.pool].append(contract)
    return dict(sorted(pools.items()))


def run(
    contracts: Sequence[Contract],
    releases: Mapping[str, Release],
    revenue: Iterable[Revenue],
    rates: ExchangeRates = NO_RATES,
    state: EngineState | None = None,
    through: Month | None = None,
) -> RunResult:
    """Run every contract over the income, each pool through every period the income (or a
    dated term) falls in, up to ``through``; carry on from ``state`` if given.

    All arithmetic runs in the money context (120 digits, an inexact result is an error), so
    ``+`` and ``sum`` here are as exact as ``CONTEXT.add``. The cyclic garbage collector is
    paused for the run (and restored as it was): a run builds an entry per row and contract,
    all alive until it returns, and the collector's passes over them found nothing to free
    while taking a fifth of the time of a 10,000-contract run (benchmarks/README.md).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        with localcontext(CONTEXT):
            return _run(contracts, releases, revenue, rates, state, through)
    finally:
        if collecting:
            gc.enable()


def _run(
    contracts: Sequence[Contract],
    releases: Mapping[str, Release],
    revenue: Iterable[Revenue],
    rates: ExchangeRates,
    state: EngineState | None,
    through: Month | None,
) -> RunResult:
    state = state or EngineState()
    ids = {contract.id for contract in contracts}
    held_before: dict[int, Held] = {}  # a row held before, offered again: why it was held
    carried = list(state.unmatched)  # what earlier runs could not book, offered again
    for h in state.held:
        row = replace(h.revenue, held_for=h.contract if h.contract in ids else "")
        held_before[id(row)] = h
        carried.append(row)
    carried_ids = {id(row) for row in carried}
    given = chain(revenue, carried)
    income = _Income.of(given if through is None else (r for r in given if r.month <= through))
    rows = income.rows
    last_month = through or (income.month_starts[-1][1] if income.month_starts else None)
    covered: set[str] = set()  # recordings some contract covers
    taken: set[int] = set()  # rows held for a contract and offered to it
    result = RunResult([], [], state, [], [], [])
    last_period = dict(state.last_period)
    recoup = dict(state.recoup)
    booked = set(state.booked)
    counters = dict(state.counters)
    to_date = dict(state.to_date)
    reserves = dict(state.reserves)
    gates = dict(state.gates)
    triggered = set(state.triggered)
    accrued = {c: dict(by_channel) for c, by_channel in state.accrued.items()}
    costs, no_costs = _record_one_costs(contracts, result.problems)
    charged_to = {c: a.id for c, a in _charged_to(contracts).items()}
    currency_of: dict[str, str] = {}
    for contract in contracts:
        currency_of.setdefault(contract.id, contract.accounting.currency)
    charges = _Charges(list(state.charges))  # with charges earlier runs could not book yet
    prices = Prices(releases)
    pools = _pools(map(_as_royalty, contracts))
    # Producers' pools first, so what they are paid is known when the artist's pool runs.
    order = sorted(pools, key=lambda name: not any(c.id in charged_to for c in pools[name]))
    for name, members in ((name, pools[name]) for name in order):
        skipped_ids = set(no_costs)
        if len({(c.accounting.period, c.accounting.currency) for c in members}) > 1:
            result.problems.append(
                f"pool {name}: its contracts must account in one period and currency; "
                "its income is held"
            )
            skipped_ids.update(c.id for c in members)
        for contract in members:  # income is aggregated by reporting month only, for now
            if contract.accounting.period_basis == "sale":
                skipped_ids.add(contract.id)
                result.problems.append(
                    f"contract {contract.id}: accounting by sale period is not computed yet; "
                    "its income is held"
                )
        kind = members[0].accounting.period
        per_period: dict[Period, dict[str, _Batch]] = defaultdict(dict)
        done = _done(last_period.get(name), state.closed_through, kind)
        unrun: list[tuple[int, int, str]] = []  # rows of contracts not computed, and which
        for position, contract in enumerate(members):
            cover = Cover(contract, releases)
            keys = [
                (key, share)
                for key in cover.keys
                if key in income.by_recording and (share := cover.share_of(key)) is not None
            ]
            covers = dict(keys)
            held = [i for i in income.held_for.get(contract.id, ()) if rows[i].recording in covers]
            taken.update(held)
            if not keys:
                continue
            covered.update(covers)
            indices, shares = _rows_of(keys, income, held)
            if contract.id in skipped_ids:
                unrun += ((index, position, contract.id) for index in indices)
                continue
            for period, batch in income.by_period(indices, shares, kind):
                per_period[period][contract.id] = batch
        for index, _, contract_id in sorted(unrun):  # in the order of the rows
            reason = "contract not computed (see problems)"
            result.held.append(Held(rows[index], contract_id, reason))
        if len(skipped_ids.intersection(c.id for c in members)) == len(members):
            continue
        pool = _Pool(
            [c for c in members if c.id not in skipped_ids],
            list(recoup.get(name, ())),
            booked,
            counters,
            to_date,
            reserves,
            gates,
            triggered,
            accrued,
            costs,
            charges,
            prices,
        )
        pool.schedule = [item for item in _schedule(pool, releases) if item.ref not in booked]
        pays_artists = any(c.id in charged_to for c in members)  # see the loop below
        late = sorted(p for p in per_period if done is not None and p <= done)
        ran_before = name in last_period
        open_periods = _periods_to_run(pool, per_period, done, ran_before, last_month, kind)
        if late and not open_periods and done is not None:
            # Late income is booked in the next period, not lost: run it, unless it lies
            # beyond ``through``, or all there is is what earlier runs could not book (held
            # for a rate, or unmatched), which waits for the next period run for a reason.
            news = (
                id(rows[i]) not in carried_ids
                for p in late
                for indices, _ in per_period[p].values()
                for i in indices
            )
            beyond = through is not None and done.next() > period_of(through, kind)
            if not beyond and any(news):
                open_periods = [done.next()]
        if not open_periods and not ran_before:
            result.problems += [
                f"contract {item.contract.id}: {item.term} has no date, and the contract has "
                "no income yet: it falls due in its first period with income (give it a date "
                "to book it in its own period)"
                for item in pool.schedule or ()
                if item.due_period is None
            ]
        if late and not open_periods:  # kept, and offered to the next run with a period
            for period in late:
                for cid, (indices, _) in per_period[period].items():
                    for i in indices:
                        why = held_before.get(id(rows[i]))
                        reason = why.reason if why else "income for a period already run"
                        result.held.append(Held(rows[i], cid, reason))
        for period in open_periods:
            batches = per_period.get(period, {})
            if late and period is open_periods[0]:  # late income becomes this period's adjustment
                batches = _merged([per_period[p] for p in late] + [batches])
            start = len(pool.entries)
            _run_period(pool, period, batches, income, rates)
            last_period[name] = period
            for entry in pool.entries[start:] if pays_artists else ():
                artist = charged_to.get(entry.contract)
                if entry.kind is not EntryKind.PAYABLE or artist is None:
                    continue
                target = currency_of[artist]
                try:
                    amount = rates.convert(entry.amount, entry.currency, target, period.months[-1])
                except MissingRateError as error:
                    result.problems.append(
                        f"{entry.contract}: cannot charge {artist} what {entry.party} was paid: "
                        f"{error}"
                    )
                    continue
                how = f"paid to {entry.party} under {entry.contract} in {period}"
                ref = f"{entry.contract}/paid/{period}/{entry.party}"
                charges.add(Charge(ref, artist, period.months[-1], amount, how))
        recoup[name] = tuple(pool.items)
        result.entries += pool.entries
        result.summaries += pool.summaries
        result.held += pool.held
    uncovered = chain(
        (i for key, found in income.by_recording.items() if key not in covered for i in found),
        (i for found in income.held_for.values() for i in found if i not in taken),
    )
    result.unmatched = [replace(rows[i], held_for="") for i in sorted(uncovered)]
    result.state = EngineState(
        last_period,
        recoup,
        frozenset(booked),
        counters,
        to_date,
        reserves,
        gates,
        frozenset(triggered),
        accrued,
        tuple(charge for charge in charges.paid if charge.ref not in booked),
        tuple(sorted(result.held, key=_held_order)),
        tuple(result.unmatched),
        state.closed_through,
    )
    return result


def _held_order(held: Held) -> tuple[Any, ...]:
    return (*held.revenue.sort_key(), held.contract, held.reason)


def _done(
    last: Period | None, closed_through: Month | None, kind: AccountingPeriod
) -> Period | None:
    """The last period a pool may no longer book in: the last it ran, or the period of the
    last close (a pool new since then books nothing in a closed period)."""
    closed = None if closed_through is None else period_of(closed_through, kind)
    if last is None or closed is None:
        return last or closed
    return max(last, closed)


def _periods_to_run(
    pool: _Pool,
    per_period: Mapping[Period, object],
    done: Period | None,
    ran_before: bool,
    last_month: Month | None,
    kind: AccountingPeriod,
) -> list[Period]:
    """Every period from the pool's first to the last asked for (``through``, else the last
    month of income in the run), income or not: a fee falls due, a reserve is released, in its
    own period. A pool that ran before goes on after ``done``; a new one starts at its first
    income, dated term or charge (not before a closed period: after ``done``), and a pool with
    none of these has nothing to run."""
    if last_month is None:
        return []
    last = period_of(last_month, kind)
    if ran_before:
        assert done is not None
        first = done.next()
    else:
        dated = [item.due_period for item in pool.schedule or () if item.due_period is not None]
        paid = pool.charges.months((c.id for c in pool.contracts), pool.booked)
        candidates = [*per_period, *dated, *(period_of(month, kind) for month in paid)]
        if not candidates:
            return []
        first = min(candidates)
        if done is not None and first <= done:
            first = done.next()
    periods = []
    while first <= last:
        periods.append(first)
        first = first.next()
    return periods
