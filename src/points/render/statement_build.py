"""Build a payee's statement from a run: the engine's summaries and entries, the payments
recorded and the workspace's names and titles.

It computes nothing the engine did not: each figure is an engine figure, the payee's share of
one (``_part``, exactly as the engine takes it), or a sum of them, kept exact in the money
context. See ``points.render.statement`` for what the figures mean.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from decimal import Decimal, localcontext
from fractions import Fraction

from babel import Locale, UnknownLocaleError

from points.engine import Entry, EntryKind, Held, PayeeSummary, held_totals
from points.engine.pay import payee_part
from points.engine.period import last_month_of
from points.model.contracts import Channel, Contract
from points.model.periods import Month
from points.model.workspace import Workspace
from points.money import CONTEXT, Money
from points.render.explain import UnknownPayeeError
from points.render.statement import (
    Account,
    ChargeLine,
    ContractAccount,
    PayeeStatement,
    PaymentMade,
    PeriodPoint,
    PoolAccount,
    RecordingRow,
    RoyaltyLine,
    TerritoryRow,
)
from points.render.text import format_amount

__all__ = ["UnknownPayeeError", "build_statement", "period_bounds", "recording_title"]

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period named ``2026-06``, ``2026-Q2`` or ``2026-H1``.

    Raises:
        ValueError: not a period name.
    """
    last = last_month_of(period)
    name = period.strip().upper()
    size = 6 if "-H" in name else 3 if "-Q" in name else 1
    first = dt.date(last.year, last.month - size + 1, 1)
    return first, dt.date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])


def _ends_before(period: str, start: dt.date) -> bool:
    return last_month_of(period) < Month(start.year, start.month)


def _payment_words(workspace: Workspace, payee: str) -> str | None:
    """How the payee is paid, without account numbers in full."""
    party = workspace.parties_by_id.get(payee)
    details = party.payment if party else None
    if details is None:
        return None
    method = str(details.method).replace("_", " ").capitalize() if details.method else ""
    if details.account_name:
        method = f"{method} to {details.account_name}" if method else details.account_name
    words = [method] if method else []
    number = details.iban or details.account_number
    if number:
        words.append(f"account ending {number.replace(' ', '')[-4:]}")
    if details.email:
        words.append(details.email)
    if details.reference:
        words.append(f"reference {details.reference}")
    return ", ".join(words) or None


def recording_title(workspace: Workspace, code: str) -> str:
    """A recording's title (with its version), an album's title, or '' when the catalog has
    neither."""
    if code.startswith("upc:"):
        release = workspace.releases_by_upc.get(code.removeprefix("upc:"))
        return f"{release.title} (album)" if release else ""
    recording = workspace.recordings_by_isrc.get(code)
    if recording is None:
        return ""
    return recording.title + (f" ({recording.version})" if recording.version else "")


def _country(code: str, locale: str) -> str:
    if not code:
        return "Not stated"
    try:
        names = Locale.parse(locale).territories
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en_US").territories
    return str(names.get(code, code))


def _share_of(contract: Contract, payee: str) -> Fraction:
    return next(s.percent for s in contract.payee_shares if s.party == payee)


def _payer(workspace: Workspace, contract: Contract) -> str:
    """Who pays: the payer named in a letter of direction, else the contract's payer."""
    direction = contract.letter_of_direction
    party = workspace.parties_by_id.get(direction.paid_by if direction else contract.payer)
    return party.legal_name if party else contract.payer


def _sum(entries: Iterable[Entry], *kinds: EntryKind) -> Decimal:
    return sum((e.amount for e in entries if e.kind in kinds), ZERO)


def _previous(summaries: Iterable[PayeeSummary], start: dt.date) -> PayeeSummary | None:
    earlier = [s for s in summaries if _ends_before(s.period, start)]
    return max(earlier, key=lambda s: last_month_of(s.period), default=None)


def _contract_account(
    workspace: Workspace,
    payee: str,
    summary: PayeeSummary,
    previous: PayeeSummary | None,
    entries: Sequence[Entry],
) -> ContractAccount:
    contract = workspace.contracts_by_id[summary.contract]
    share = _share_of(contract, payee)
    ours = [e for e in entries if e.contract == contract.id and e.party in ("", payee)]
    whole = [e for e in ours if not e.party]  # the contract's own, of which the payee has a share

    def part(amount: Decimal) -> Decimal:
        return payee_part(contract, payee, amount)

    return ContractAccount(
        contract=contract.id,
        title=contract.title,
        payer=_payer(workspace, contract),
        share=share,
        currency=summary.currency,
        pool=contract.pool,
        minimum_payment=contract.accounting.minimum_payment,
        brought_forward=previous.carried_forward if previous else ZERO,
        earned=summary.earned,
        fees=summary.fees,
        reserve_held=summary.reserve_held,
        reserve_released=summary.reserve_released,
        reserve_charged=part(_sum(whole, EntryKind.RESERVE_CHARGED)),
        recouped=summary.recouped,
        forfeited=part(_sum(whole, EntryKind.FORFEITED)),
        dropped=part(_sum(whole, EntryKind.DROPPED)),
        deficit=part(_sum(whole, EntryKind.DEFICIT)),
        payable=summary.payable,
        carried_forward=summary.carried_forward,
        record_one_held=part(_sum(whole, EntryKind.ACCRUED)),
        record_one_released=part(_sum(whole, EntryKind.RELEASED)),
        unrecouped_balance=summary.unrecouped_balance,
    )


def _is_charge(entry: Entry, workspace: Workspace) -> bool:
    """Does the entry add to what a pool must recoup: an advance, a cost, a recoupable fee, a
    deficit of returns."""
    if entry.kind in (EntryKind.ADVANCE, EntryKind.COST, EntryKind.DEFICIT):
        return True
    if entry.kind is not EntryKind.FEE or not entry.term.startswith("fees["):
        return False
    fees = workspace.contracts_by_id[entry.contract].fees
    index = int(entry.term.removeprefix("fees[").rstrip("]"))
    return index < len(fees) and fees[index].recoupable


def _term(entry: Entry, name: str) -> int | None:
    """The index in ``fees[2]``-style terms, when the entry's term is one of ``name``."""
    prefix = f"{name}["
    if not entry.term.startswith(prefix) or not entry.term.endswith("]"):
        return None
    index = entry.term.removeprefix(prefix).removesuffix("]")
    return int(index) if index.isdigit() else None


def _charge_words(entry: Entry, workspace: Workspace) -> str:
    """A charge as the contract names it: 'Advance (album advance), due 2025-09-01',
    'Recording cost: Blackbird Studio, tracking, 2025-10-14'; else the engine's words."""
    if entry.kind is EntryKind.DEFICIT:
        return f"Returns beyond {entry.period}'s royalties and fees under {entry.contract}"
    contract = workspace.contracts_by_id[entry.contract]
    due = entry.how.rsplit(", due ", 1)[-1] if ", due " in entry.how else None
    when = f", due {due}" if due and due[:1].isdigit() else ""
    index = _term(entry, "advances")
    if index is not None and index < len(contract.advances):
        advance = contract.advances[index]
        about = f" ({advance.description})" if advance.description else ""
        return f"Advance{about}{when}"
    index = _term(entry, "fees")
    if index is not None and index < len(contract.fees):
        fee = contract.fees[index]
        about = f" ({fee.description})" if fee.description else ""
        return f"Fee recoupable as an advance{about}{when}"
    index = _term(entry, "costs")
    if index is not None and index < len(contract.costs):
        cost = contract.costs[index]
        phase = str(cost.phase).replace("_", "-") if cost.phase else None
        words = [w for w in (cost.vendor, phase, cost.description) if w]
        when = f", {cost.date.isoformat()}" if cost.date else ""
        kind = str(cost.kind).replace("_", " ").capitalize()
        share = cost.effective_recoupable_percent
        part = (
            "" if share == HUNDRED else f" ({share.normalize():f}% of {cost.amount:f} recoupable)"
        )
        return f"{kind} cost: {', '.join(words) or 'no description'}{when}{part}"
    paid = _PAID.fullmatch(entry.how) if entry.term == "charges" else None
    if paid:
        party, contract_id, period = paid.groups()
        return f"Paid to {workspace.party_name(party)} under {contract_id}, {period}"
    return entry.how[:1].upper() + entry.how[1:]


_PAID = re.compile(r"paid to (\S+) under (\S+) in (\S+)")


def _pool_account(
    workspace: Workspace,
    pool: str,
    accounts: Sequence[ContractAccount],
    summaries: dict[str, PayeeSummary],
    previous: dict[str, PayeeSummary | None],
    entries: Sequence[Entry],
) -> PoolAccount:
    members = {c.id for c in workspace.contracts if c.pool == pool}
    in_pool = [e for e in entries if e.contract in members]
    first = next(a.contract for a in accounts if a.pool == pool)
    before = previous[first]
    return PoolAccount(
        pool=pool,
        contracts=tuple(sorted(members)),
        brought_forward=before.unrecouped_balance if before else ZERO,
        charges=tuple(
            ChargeLine(e.contract, _charge_words(e, workspace), e.amount)
            for e in in_pool
            if _is_charge(e, workspace)
        ),
        recouped=_sum(in_pool, EntryKind.RECOUPED),
        carried_forward=summaries[first].unrecouped_balance,
    )


def _lines(
    workspace: Workspace, payee: str, accounts: Sequence[ContractAccount], entries: Sequence[Entry]
) -> list[RoyaltyLine]:
    lines = []
    for account in accounts:
        contract = workspace.contracts_by_id[account.contract]
        seen: set[int] = set()
        for entry in entries:
            if entry.kind is not EntryKind.EARNED or entry.contract != account.contract:
                continue
            revenue = entry.revenue
            first = revenue is not None and id(revenue) not in seen
            if revenue is not None:
                seen.add(id(revenue))
            lines.append(
                RoyaltyLine(
                    contract=account.contract,
                    month=str(revenue.month) if revenue else "",
                    recording=revenue.recording if revenue else "",
                    title=recording_title(workspace, revenue.recording) if revenue else "",
                    channel=revenue.channel.value if revenue else "",
                    territory=revenue.territory if revenue else "",
                    units=revenue.units if revenue and first else None,
                    receipts=revenue.net if revenue and first else None,
                    receipts_currency=revenue.currency if revenue else account.currency,
                    working=entry.how,
                    royalty=payee_part(contract, payee, entry.amount),
                )
            )
    return lines


def _add(total: Decimal, value: Decimal | None) -> Decimal:
    return total if value is None else CONTEXT.add(total, value)


def _by_recording(lines: Sequence[RoyaltyLine]) -> list[RecordingRow]:
    groups: dict[tuple[str, str, str, str], list[RoyaltyLine]] = {}
    for line in lines:
        key = (line.contract, line.recording, line.channel, line.receipts_currency)
        groups.setdefault(key, []).append(line)
    rows = []
    for (contract, recording, channel, code), members in groups.items():
        units = receipts = royalty = ZERO
        for line in members:
            units, receipts = _add(units, line.units), _add(receipts, line.receipts)
            royalty = CONTEXT.add(royalty, line.royalty)
        rows.append(
            RecordingRow(
                contract, recording, members[0].title, channel, units, receipts, code, royalty
            )
        )
    order = {channel.value: i for i, channel in enumerate(Channel)}
    return sorted(rows, key=lambda r: (r.contract, r.recording, order.get(r.channel, 99)))


def _by_territory(lines: Sequence[RoyaltyLine], locale: str) -> list[TerritoryRow]:
    groups: dict[tuple[str, str, str], list[RoyaltyLine]] = {}
    for line in lines:
        groups.setdefault((line.contract, line.territory, line.receipts_currency), []).append(line)
    rows = []
    for (contract, territory, code), members in groups.items():
        units = receipts = royalty = ZERO
        for line in members:
            units, receipts = _add(units, line.units), _add(receipts, line.receipts)
            royalty = CONTEXT.add(royalty, line.royalty)
        country = _country(territory, locale)
        rows.append(TerritoryRow(contract, territory, country, units, receipts, code, royalty))
    return sorted(rows, key=lambda r: (r.contract, not r.territory, r.country, r.territory))


def _history(
    workspace: Workspace, mine: Sequence[PayeeSummary], currency: str, end: dt.date
) -> list[PeriodPoint]:
    points: dict[str, list[PayeeSummary]] = {}
    for summary in mine:
        if summary.currency == currency and last_month_of(summary.period) <= Month(
            end.year, end.month
        ):
            points.setdefault(summary.period, []).append(summary)
    history = []
    for period in sorted(points, key=lambda p: (last_month_of(p), p)):
        members = points[period]
        pools: dict[str, Decimal] = {}
        for summary in members:
            pools.setdefault(
                workspace.contracts_by_id[summary.contract].pool, summary.unrecouped_balance
            )
        history.append(
            PeriodPoint(
                period,
                sum((s.earned for s in members), ZERO),
                sum((s.payable for s in members), ZERO),
                sum(pools.values(), ZERO),
            )
        )
    return history


def build_statement(
    workspace: Workspace,
    payee: str,
    period: str,
    summaries: Sequence[PayeeSummary],
    entries: Sequence[Entry],
    payments: Sequence[PaymentMade] = (),
    issued: dt.date | None = None,
    held: Sequence[Held] = (),
) -> PayeeStatement:
    """The statement of ``payee`` for ``period`` from a run's summaries and entries (every
    period up to ``period``, for the opening balances and the history), the payments
    recorded, and the income the run held (shown for the payee's contracts).

    Raises:
        UnknownPayeeError: the payee has no figures in that period.
        ValueError: ``period`` is not a period name.
    """
    with localcontext(CONTEXT):
        statement = _build(
            workspace, payee, period.strip().upper(), summaries, entries, payments, issued
        )
    return replace(statement, held=held_notes(workspace, payee, held))


def held_notes(workspace: Workspace, payee: str, held: Iterable[Held]) -> tuple[str, ...]:
    """ "held: 1,234.56 EUR, no rate (jane-doe-producer)": the income held for the payee's
    contracts, summed per contract, currency and reason, in the statement's own words."""
    contracts = workspace.contracts_by_id

    def ours(item: Held) -> bool:
        contract = contracts.get(item.contract)
        return contract is not None and payee in {s.party for s in contract.payee_shares}

    locale = workspace.settings.locale
    return tuple(
        f"held: {format_amount(Money.of(net, code), locale, symbol=False)} {code}, {why} "
        f"({contract})"
        for (contract, code, why), (net, _) in held_totals(filter(ours, held)).items()
    )


def _build(
    workspace: Workspace,
    payee: str,
    period: str,
    summaries: Sequence[PayeeSummary],
    entries: Sequence[Entry],
    payments: Sequence[PaymentMade],
    issued: dt.date | None,
) -> PayeeStatement:
    start, end = period_bounds(period)
    mine = [s for s in summaries if s.payee == payee]
    now = sorted((s for s in mine if s.period == period), key=lambda s: s.contract)
    if not now:
        known = sorted({s.period for s in mine}, key=lambda p: (last_month_of(p), p))
        raise UnknownPayeeError(
            f"no figures for {payee!r} in {period}"
            + (f"; periods with figures: {', '.join(known)}" if known else "")
        )
    in_period = [e for e in entries if e.period == period]
    previous = {
        s.contract: _previous((o for o in mine if o.contract == s.contract), start) for s in now
    }
    accounts = []
    for code in sorted({s.currency for s in now}):
        contracts = [
            _contract_account(workspace, payee, s, previous[s.contract], in_period)
            for s in now
            if s.currency == code
        ]
        pools = [
            _pool_account(
                workspace,
                pool,
                contracts,
                {s.contract: s for s in now},
                previous,
                in_period,
            )
            for pool in dict.fromkeys(c.pool for c in contracts)
        ]
        earlier_payable = sum(
            (s.payable for s in mine if s.currency == code and _ends_before(s.period, start)),
            ZERO,
        )
        ours = [p for p in payments if p.payee == payee and p.currency == code]
        paid_before = sum((p.amount for p in ours if p.paid_on < start), ZERO)
        lines = _lines(workspace, payee, contracts, in_period)
        accounts.append(
            Account(
                currency=code,
                contracts=tuple(contracts),
                pools=tuple(pools),
                unpaid_brought_forward=earlier_payable - paid_before,
                payments=tuple(
                    sorted(
                        (p for p in ours if start <= p.paid_on <= end),
                        key=lambda p: (p.paid_on, p.reference),
                    )
                ),
                lines=tuple(lines),
                by_recording=tuple(_by_recording(lines)),
                by_territory=tuple(_by_territory(lines, workspace.settings.locale)),
                history=tuple(_history(workspace, mine, code, end)),
            )
        )
    party = workspace.parties_by_id.get(payee)
    return PayeeStatement(
        payee=payee,
        payee_name=workspace.party_name(payee),
        legal_name=party.legal_name if party else payee,
        address=party.address if party else None,
        email=party.email if party else None,
        payment_details=_payment_words(workspace, payee),
        period=period,
        period_start=start,
        period_end=end,
        issued=issued,
        workspace_name=workspace.settings.name,
        locale=workspace.settings.locale,
        accounts=tuple(accounts),
    )
