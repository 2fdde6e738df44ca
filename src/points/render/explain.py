"""The working behind one payee's payable, written out the way a royalty accountant would talk a
manager through it: each royalty with its base, rate and source file, then fees, reserves,
record one, recoupment, the payee's share, what was carried, and the rounding.

Amounts in the working are exact (as the engine keeps them); only the payable is rounded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal, localcontext
from typing import Protocol

from points.engine import Entry, EntryKind, PayeeSummary, RunResult
from points.model.workspace import Workspace
from points.money import CONTEXT, Money
from points.render.text import format_money, format_percent, format_plain

__all__ = ["Results", "UnknownPayeeError", "explain"]

_SECTIONS = (
    (EntryKind.FEE, "Fees falling due"),
    (EntryKind.ADVANCE, "Advances paid (recoupable)"),
    (EntryKind.COST, "Costs charged to the account (recoupable share)"),
    (EntryKind.RESERVE_HELD, "Held in reserve against returns"),
    (EntryKind.RESERVE_RELEASED, "Reserves released"),
    (EntryKind.RESERVE_CHARGED, "Returns charged against reserves"),
    (EntryKind.ACCRUED, "Held for record one"),
    (EntryKind.RELEASED, "Released now that record one's costs are recouped"),
    (EntryKind.FORFEITED, "Forfeited (no retro)"),
    (EntryKind.RECOUPED, "Applied to recoup advances and costs"),
    (EntryKind.DEFICIT, "Returns beyond the period's royalties, charged to the recoupment pool"),
    (EntryKind.DROPPED, "Rounding remainder dropped (the contract's)"),
)


class UnknownPayeeError(LookupError):
    """No figures for that payee in that period."""


def _amount(value: Decimal, currency: str) -> str:
    return f"{format_plain(value)} {currency}"


def _earned_line(entry: Entry, workspace: Workspace) -> str:
    revenue = entry.revenue
    if revenue is None:
        return f"  {entry.how} = {_amount(entry.amount, entry.currency)}"
    recording = workspace.recordings_by_isrc.get(revenue.recording)
    title = f" {recording.title!r}" if recording else ""
    where = revenue.territory or "no single country"
    sources = ", ".join(source.rsplit("/", 1)[-1] for source in revenue.sources)
    origin = f" ({sources}, {revenue.lines} line{'s' * (revenue.lines != 1)})" if sources else ""
    return (
        f"  {revenue.recording}{title}, {revenue.channel}, {where}, {revenue.month}{origin}: "
        f"{entry.how} = {_amount(entry.amount, entry.currency)}"
    )


def explain(
    result: RunResult | Results, workspace: Workspace, payee: str, period: str
) -> list[str]:
    """The working for ``payee``'s figures in ``period``, one contract after another, from a
    run's result or from the figures and entries a ledger kept (earlier periods included,
    for what was carried into this one).

    Raises:
        UnknownPayeeError: the payee has no figures in that period.
    """
    with localcontext(CONTEXT):  # totals as exact as the engine's
        return _explain(result, workspace, payee, period)


class Results(Protocol):
    """What the working is told from: a period's figures per payee and the ledger entries."""

    @property
    def summaries(self) -> Sequence[PayeeSummary]: ...

    @property
    def entries(self) -> Sequence[Entry]: ...


def _explain(
    result: RunResult | Results, workspace: Workspace, payee: str, period: str
) -> list[str]:
    summaries = [s for s in result.summaries if s.payee == payee and s.period == period]
    if not summaries:
        known = sorted({s.period for s in result.summaries if s.payee == payee})
        raise UnknownPayeeError(
            f"no figures for {payee!r} in {period}"
            + (f"; periods with figures: {', '.join(known)}" if known else "")
        )
    contracts = workspace.contracts_by_id
    lines = [f"{workspace.party_name(payee)}, {period}"]
    for summary in summaries:
        contract = contracts[summary.contract]
        code = summary.currency
        entries = [e for e in result.entries if e.contract == contract.id and e.period == period]
        lines += ["", f"Contract {contract.id}: {contract.title} (in {code})"]
        earned = [e for e in entries if e.kind is EntryKind.EARNED]
        if earned:
            lines.append("Royalties earned:")
            lines += [_earned_line(e, workspace) for e in earned]
            total = sum((e.amount for e in earned), Decimal(0))
            lines.append(f"  total earned: {_amount(total, code)}")
        by_kind: dict[EntryKind, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_kind[entry.kind].append(entry)
        for kind, heading in _SECTIONS:
            if by_kind[kind]:
                lines.append(f"{heading}:")
                lines += [f"  {e.how}: {_amount(e.amount, code)}" for e in by_kind[kind]]
        share = next(s.percent for s in contract.payee_shares if s.party == payee)
        if share != 100:
            lines.append(f"{workspace.party_name(payee)}'s share: {format_percent(share)}")
        earlier = [
            e
            for e in result.entries
            if e.contract == contract.id
            and e.party == payee
            and e.kind is EntryKind.CARRIED
            and e.period < period
        ]
        if earlier:
            last = max(e.period for e in earlier)
            carried_in = sum((e.amount for e in earlier if e.period == last), Decimal(0))
            lines.append(f"Carried in from {last}: {_amount(carried_in, code)}")
        payable = format_money(Money.of(summary.payable, code), whole_if_round=False)
        lines.append(
            f"Payable: {payable}, rounded once to the cent "
            f"({contract.accounting.rounding.value.replace('_', '-')}); carried forward: "
            f"{_amount(summary.carried_forward, code)}"
        )
        minimum = contract.accounting.minimum_payment
        if minimum and not summary.payable:
            lines.append(
                f"  (nothing is paid below the minimum payment of "
                f"{format_money(Money.of(minimum, code))}, or while royalties are held)"
            )
        if summary.unrecouped_balance:
            lines.append(
                f"Unrecouped balance after this period: {_amount(summary.unrecouped_balance, code)}"
            )
    return lines
