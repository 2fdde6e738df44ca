"""Paying a contract's payees: the last stage of a period.

The contract's net for the period (royalties left after reserves, record one and recoupment,
plus fees) is split among its payees exactly, and added to what each is owed to date. The
contract's total to date is rounded once, to the minor unit, and cut among the payees by
largest remainder on what each is owed to date (``money.allocate_to_date``). So what the payees
are paid to date always sums to the contract's rounded total to date (less what the minimum
payment holds back), no payee is ever a minor unit or more from its exact share, and no cent
is made or lost: three payees at thirds of 0.02 are paid 0.01, 0.01 and 0.00, and the third is
paid first next time (DOMAIN.md, "Splits" and "Money").

Rounding the total to date can, rarely, take back a cent a payee was paid ahead of the others
(largest remainder is not monotone: the "Alabama paradox"); that is booked as a payable of
minus one minor unit, so the parts still sum to the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from points.engine.account import Account
from points.engine.entries import Entry, EntryKind, PayeeSummary, ToDate
from points.model.common import percent_text
from points.model.contracts import Contract
from points.money import (
    CONTEXT,
    RoundingMode,
    allocate_to_date,
    exact_decimal,
    round_amount,
    split,
)
from points.money import currency as iso_currency

__all__ = ["Payment", "payee_part", "settle"]

ZERO = Decimal(0)
NOTHING_YET = ToDate(ZERO, ZERO)


class _Payee(NamedTuple):
    party: str
    key: tuple[str, str]  # (contract, party): what is owed to date is kept under it
    words: str  # how a payable entry explains itself


@dataclass(frozen=True, slots=True)
class Payment:
    """A contract's payees and the rules its payments follow, worked out once per run."""

    payees: tuple[_Payee, ...]
    shares: tuple[Fraction, ...]  # each payee's share of the whole, summing to 1
    factors: tuple[Decimal, ...] | None  # the same as decimals, where every one is exact
    minimum: Decimal
    at_least: bool
    quantum: Decimal
    rounding: RoundingMode
    drop: bool

    @classmethod
    def of(cls, contract: Contract) -> Payment:
        accounting = contract.accounting
        shares = tuple(share.percent / 100 for share in contract.payee_shares)
        payees = tuple(
            _Payee(
                share.party,
                (contract.id, share.party),
                f"{percent_text(share.percent)}% of the contract's net, rounded",
            )
            for share in contract.payee_shares
        )
        factors = tuple(exact_decimal(share) for share in shares)
        return cls(
            payees,
            shares,
            None if any(f is None for f in factors) else tuple(f for f in factors if f is not None),
            accounting.minimum_payment,
            accounting.minimum_rule == "at_least",
            iso_currency(accounting.currency).quantum,
            accounting.rounding,
            accounting.rounding_remainder == "drop",
        )

    def parts(self, amount: Decimal) -> list[Decimal]:
        """``amount`` split among the payees, the parts summing exactly to it: one payee takes
        it whole; decimal shares multiply exactly; thirds go through ``money.split``."""
        if len(self.shares) == 1:
            return [amount]
        if self.factors is not None:
            return [CONTEXT.multiply(amount, factor) for factor in self.factors]
        return split(amount, self.shares)


def payee_part(contract: Contract, payee: str, amount: Decimal) -> Decimal:
    """A payee's part of one of the contract's figures, exactly as ``settle`` takes it (for
    statements that show a payee's share of a contract-wide entry)."""
    parties = [share.party for share in contract.payee_shares]
    return Payment.of(contract).parts(amount)[parties.index(payee)]


def settle(
    payment: Payment,
    account: Account,
    accrued: Decimal,
    balance: Decimal,
    period_name: str,
    currency: str,
    to_date: dict[tuple[str, str], ToDate],
    entries: list[Entry],
    summaries: list[PayeeSummary],
) -> None:
    """Split one contract's net for the period among its payees and pay what each is owed to
    date, if it reaches the minimum; book the entries and a summary per payee.

    Args:
        accrued: record one's royalties held for the contract, to date (shown as carried).
        balance: the pool's unrecouped balance after the period.
        to_date: what each (contract, payee) was owed and paid to date; updated.
    """
    cid = account.contract.id
    base = account.net()
    if payment.drop:  # the contract's own sub-cent remainder goes, each period
        base, dropped = round_amount(base, payment.quantum, payment.rounding)
        if dropped:
            entries.append(
                Entry(
                    EntryKind.DROPPED,
                    period_name,
                    cid,
                    "",
                    currency,
                    dropped,
                    "accounting.rounding_remainder",
                    "sub-cent remainder dropped, as the contract says",
                )
            )
    figures = (
        base,
        account.earned,
        account.recouped,
        account.held,
        account.released,
        account.fees,
        accrued,
    )
    per_payee = list(zip(*(payment.parts(figure) for figure in figures), strict=True))
    before = [to_date.get(payee.key, NOTHING_YET) for payee in payment.payees]
    exact = [CONTEXT.add(was.exact, parts[0]) for was, parts in zip(before, per_payee, strict=True)]
    total, _ = round_amount(sum(exact, ZERO), payment.quantum, payment.rounding)
    due_to_date = allocate_to_date(total, exact, payment.quantum)
    for payee, was, owed, due_total, parts in zip(
        payment.payees, before, exact, due_to_date, per_payee, strict=True
    ):
        _, earned, recouped, held, released, fees, accrued_part = parts
        payable = _payable(payment, CONTEXT.subtract(due_total, was.paid))
        paid = CONTEXT.add(was.paid, payable)
        to_date[payee.key] = ToDate(owed, paid)
        carried = CONTEXT.subtract(owed, paid)
        if payable:
            how = payee.words if payable > 0 else _TAKEN_BACK
            entries.append(
                Entry(
                    EntryKind.PAYABLE,
                    period_name,
                    cid,
                    payee.party,
                    currency,
                    payable,
                    "payees",
                    how,
                )
            )
        if carried:
            entries.append(
                Entry(
                    EntryKind.CARRIED,
                    period_name,
                    cid,
                    payee.party,
                    currency,
                    carried,
                    "accounting.minimum_payment",
                    "owed, carried to the next period",
                )
            )
        summaries.append(
            PayeeSummary(
                period_name,
                payee.party,
                cid,
                currency,
                earned,
                recouped,
                held,
                released,
                fees,
                payable,
                carried + accrued_part,  # carried forward
                balance,  # unrecouped
            )
        )


_TAKEN_BACK = (
    "rounding: a cent paid ahead of the other payees earlier, taken back so the payees' "
    "parts to date sum to the contract's rounded total"
)


def _payable(payment: Payment, due: Decimal) -> Decimal:
    """What is paid now of ``due`` (what the payee's part of the rounded total to date exceeds
    what was paid): all of it if it reaches the minimum; a minor unit taken back, always."""
    if due < 0:
        return due if -due <= payment.quantum else ZERO  # larger: a deficit of an old ledger
    reaches = due >= payment.minimum if payment.at_least else due > payment.minimum
    return due if due > 0 and reaches else ZERO
