"""The reference run: every pool of contracts through every accounting period, stage by stage
(README, "The engine": book what falls due, earn, hold and release reserves, apply record
one's gate, recoup, charge deficits, pay).

Left out: letters of direction and record one's ``artist_contract`` (what a producer is paid
charged to the artist's account), accounting by sale period, terms in a currency other than
the contract's, composition income. A deal that needs them raises ``NotModelledError``, and
the strategies do not draw one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from points.engine.entries import EntryKind, PayeeSummary
from points.engine.revenue import ExchangeRates, MissingRateError, Revenue
from points.model.catalog import Release
from points.model.contracts import (
    AccountingPeriod,
    Channel,
    Contract,
    DealKind,
    EscalationMode,
    RecordOneGate,
    RoyaltyBase,
    RoyaltyRate,
)
from points.model.periods import Month
from points.money import exact_decimal, split
from reference.accounts import (
    ZERO,
    Account,
    Book,
    Item,
    Ledger,
    book_term,
    due_date,
    pay,
    recoup,
    run_deficits,
    run_record_one,
    run_reserves,
    shares_of,
    terms_of,
)
from reference.periods import Period, period_of, periods_from
from reference.royalties import (
    NotModelledError,
    base_of,
    counted,
    multiplier_of,
    net_of,
    points_reached,
    pro_rate,
    prospective_parts,
    royalty,
    scope_of,
    share_of_row,
    split_base,
)


@dataclass
class Result:
    """What the reference computes: a summary per payee, contract and period, the entries'
    totals per contract, period and kind, and the rows held for want of a rate."""

    summaries: list[PayeeSummary] = field(default_factory=list)
    totals: dict[tuple[str, str, EntryKind], Decimal] = field(default_factory=dict)
    held: list[tuple[str, Revenue]] = field(default_factory=list)
    # The figures a threshold can be placed on, as they went (test_reference.py's strategies
    # put a deal's thresholds exactly at, one below and one above them): each escalation
    # counter after each row, record one's gate and each item's recoupment after each period,
    # and each payee's payable.
    trace: dict[str, list[Decimal]] = field(default_factory=dict)

    def note(self, key: str, value: Decimal | Fraction) -> None:
        if isinstance(value, Fraction):
            found = exact_decimal(value)
            if found is None:
                return  # no threshold can be written there
            value = found
        self.trace.setdefault(key, []).append(value)


Batch = tuple[Sequence[Revenue], Month | None]


def run(
    contracts: Sequence[Contract],
    releases: Mapping[str, Release],
    batches: Sequence[Batch],
    rates: ExchangeRates,
) -> Result:
    """Each batch is one run of the engine: the income it is given and the month it runs
    through (None: the last month of its income). Pools never touch each other."""
    result = Result()
    ledger = Ledger()
    pools: dict[str, list[Contract]] = {}
    for contract in contracts:
        pools.setdefault(contract.pool, []).append(contract)
    for members in pools.values():
        run_pool(sorted(members, key=lambda c: c.id), releases, batches, rates, ledger, result)
    result.totals = dict(ledger.totals)
    return result


def run_pool(
    contracts: list[Contract],
    releases: Mapping[str, Release],
    batches: Sequence[Batch],
    rates: ExchangeRates,
    ledger: Ledger,
    result: Result,
) -> None:
    """A pool's periods, run after run: every period from its first dated term or income to
    the last month asked for, income or not; income for a period already run is booked in
    the next one (README, "The engine")."""
    kinds = {c.accounting.period for c in contracts}
    if len(kinds) != 1 or len({c.accounting.currency for c in contracts}) != 1:
        raise NotModelledError("a pool's contracts share an accounting period and currency")
    kind = kinds.pop()
    for contract in contracts:
        check_modelled(contract)
    accounts = [Account(contract) for contract in contracts]
    items: list[Item] = []
    run_so_far: list[Period] = []
    waiting: list[Revenue] = []  # late income a run through an earlier month could not book
    for rows, through in batches:
        ours = [r for r in rows if any(share_of_row(c, r, releases) is not None for c in contracts)]
        if run_so_far:
            first = run_so_far[-1].next()
        else:
            dated = [
                period_of(Month.of(day), kind)
                for contract in contracts
                for _, term in terms_of(contract)
                if (day := due_date(contract, term, releases)) is not None
            ]
            starts = dated + [period_of(row.month, kind) for row in ours]
            if not starts:
                continue
            first = min(starts)
        booked_in = [(max(period_of(row.month, kind), first), row) for row in waiting + ours]
        if through is not None:
            last: Period | None = period_of(through, kind)
        else:
            # the last month of income, or the next period if new income came for one run
            ends = [period for period, row in booked_in if row in ours]
            ends += [period_of(row.month, kind) for row in rows]
            last = max(ends, default=None)
        periods = [] if last is None else periods_from(first, last)
        if not periods:
            waiting += ours
            continue
        waiting = []
        for period in periods:
            income = sorted((row for p, row in booked_in if p == period), key=Revenue.sort_key)
            run_period(
                accounts,
                items,
                kind,
                period,
                len(run_so_far),
                income,
                releases,
                rates,
                ledger,
                result,
            )
            run_so_far.append(period)


def check_modelled(contract: Contract) -> None:
    if contract.letter_of_direction is not None:
        raise NotModelledError("letters of direction")
    if contract.accounting.period_basis == "sale":
        raise NotModelledError("accounting by sale period")
    for _, term in terms_of(contract):
        if term.currency not in (None, contract.accounting.currency):
            raise NotModelledError("a term in another currency")
    for rate in contract.royalties:
        if rate.escalation is not None and (
            rate.base is RoyaltyBase.PER_UNIT or rate.share_of_artist
        ):
            raise NotModelledError("an escalation of a per-unit or share-of-artist rate")


def run_period(
    accounts: list[Account],
    items: list[Item],
    kind: AccountingPeriod,
    period: Period,
    index: int,
    income: list[Revenue],
    releases: Mapping[str, Release],
    rates: ExchangeRates,
    ledger: Ledger,
    result: Result,
) -> None:
    """One period of a pool, in the README's stage order."""
    name = period.name
    books = {account.contract.id: Book() for account in accounts}
    for account in accounts:
        contract = account.contract
        for ref, term in terms_of(contract):
            day = due_date(contract, term, releases)
            due = index == 0 if day is None else period_of(Month.of(day), kind) == period
            if due:
                book_term(contract, ref, term, books[contract.id], items, ledger, name)
    for account in accounts:
        for row in income:
            earn(account, books[account.contract.id], row, releases, rates, ledger, name, result)
    for account in accounts:
        book = books[account.contract.id]
        for channel, amount in book.earned.items():
            book.available[channel] += amount
        run_reserves(account, book, index, ledger, name)
        run_record_one(account, book, ledger, name)
    for item in list(items):
        recoup(item, accounts, books, ledger, name)
    run_deficits(accounts, books, items, ledger, name)
    balance = sum((item.remaining for item in items), ZERO)
    for account in accounts:
        book = books[account.contract.id]
        pay(account, book, ledger, name)
        summarise(account, book, balance, name, result)
        result.note(f"gate:{account.contract.id}", account.gate)
        for party, owed in book.due.items():
            result.note(f"payable:{account.contract.id}:{party}", owed)
    for item in items:
        result.note(f"recouped:{item.ref}", item.amount - item.remaining)


def earn(
    account: Account,
    book: Book,
    row: Revenue,
    releases: Mapping[str, Release],
    rates: ExchangeRates,
    ledger: Ledger,
    period: str,
    result: Result,
) -> None:
    """What one row earns under one contract (DOMAIN.md, "Royalty bases", "Escalations",
    "Profit-share deals"), and what it adds to record one's gate."""
    contract = account.contract
    share = share_of_row(contract, row, releases)
    if share is None:
        return

    def credit(channel: Channel | None, amount: Decimal) -> None:
        book.earn(row.channel if channel is None else channel, amount)
        ledger.add(contract.id, period, EntryKind.EARNED, amount)

    if contract.kind is DealKind.PROFIT_SHARE:
        assert contract.profit_share is not None
        try:
            net = net_of(contract, row, rates)
        except MissingRateError:
            result.held.append((contract.id, row))
            return
        credit(None, pro_rate(net, share) * contract.profit_share.percent / 100)
        return
    found = [(i, r) for i, r in enumerate(contract.royalties) if row.channel in r.channels]
    if not found:
        return
    index, rate = found[0]
    escalation = rate.escalation
    try:
        whole = base_of(contract, rate, row, releases, rates)
        quantity = (
            Fraction(0) if escalation is None else counted(escalation, contract, row, share, rates)
        )
    except MissingRateError:  # income (or a price) with no rate: held, never guessed
        result.held.append((contract.id, row))
        return
    factor = multiplier_of(contract, row)
    add_to_gate(contract, rate, whole * factor, book)
    base = pro_rate(whole, share) * factor
    if rate.base is RoyaltyBase.PER_UNIT:
        credit(None, base)
        return
    assert rate.points is not None
    if escalation is None:
        credit(None, royalty(rate, rate.points, base))
        return
    key = (index, scope_of(escalation, row))
    count = account.counters.get(key, Fraction(0))
    account.counters[key] = count + quantity
    result.note(f"counter:{contract.id}:{index}", count + quantity)
    if escalation.mode is EscalationMode.PROSPECTIVE:
        parts = prospective_parts(rate, count, quantity)
        pieces = split_base(base, [share for share, _ in parts])
        for piece, (_, points) in zip(pieces, parts, strict=True):
            credit(None, piece * points / 100)
        return
    # Retroactive: every unit at the highest rate reached, what was earned before lifted to it
    # on each channel (one line per channel: what it earned before, at the step's difference).
    before = account.reached.get(key, rate.points)
    points = max(before, points_reached(rate, count + quantity))
    account.reached[key] = points
    earned_before = account.rated.setdefault(key, {})
    if points != before:
        for channel, rated in earned_before.items():
            credit(channel, rated * (points - before) / 100)
    credit(None, base * points / 100)
    earned_before[row.channel] = earned_before.get(row.channel, ZERO) + base


def add_to_gate(contract: Contract, rate: RoyaltyRate, base: Decimal, book: Book) -> None:
    """Record one's gate: what the artist account earns on the row at the net artist rate
    (all-in less this producer's and the other producers' points), or at the all-in rate; on
    the whole row, not the producer's share of it, since the artist earns on every record
    that carries the producer's masters (README, "The engine")."""
    record_one = contract.record_one
    if record_one is None or record_one.gate is RecordOneGate.NONE:
        return
    if rate.points is None:
        raise NotModelledError("record one on a per-unit rate")
    points = record_one.artist_all_in_points
    if record_one.gate is RecordOneGate.NET_ARTIST_RATE:
        points = points - rate.points - record_one.other_producer_points
    book.gate += base * points / 100


def summarise(account: Account, book: Book, balance: Decimal, period: str, result: Result) -> None:
    """Each payee's figures: its exact share of the contract's, what it is paid, what is
    carried for it (under the minimum, a sub-cent remainder, royalties held for record one),
    and the pool's unrecouped balance."""
    contract = account.contract
    shares = shares_of(contract)

    def part(amount: Decimal) -> list[Decimal]:
        return split(amount, shares)

    figures = [
        part(sum(book.earned.values(), ZERO)),
        part(book.recouped),
        part(book.held),
        part(book.released),
        part(book.fees),
        part(sum(account.accrued.values(), ZERO)),
    ]
    for i, payee in enumerate(contract.payee_shares):
        to_date = account.to_date[payee.party]
        earned, recouped, held, released, fees, accrued = (f[i] for f in figures)
        result.summaries.append(
            PayeeSummary(
                period,
                payee.party,
                contract.id,
                contract.accounting.currency,
                earned,
                recouped,
                held,
                released,
                fees,
                book.payable[payee.party],
                to_date.exact - to_date.paid + accrued,
                balance,
            )
        )
