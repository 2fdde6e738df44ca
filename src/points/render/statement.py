"""A payee's royalty statement for one period, as figures: what every format prints.

The figures are frozen values (``PayeeStatement`` and its parts) built by
``points.render.statement_build`` from the engine's summaries and entries; ``contract_lines``,
``pool_lines`` and ``account_lines`` give the statement's arithmetic as lines, once, for every
format. The renderers (``statement_data``, ``statement_html``, ``statement_xlsx``) only lay
these figures out.

How the statement reads (DOMAIN.md, "Periods and statements"), per contract:

    carried from the previous period        what was owed but not paid at its end
  + royalties earned, + fees
  − reserves held, + reserves released (+ returns charged against reserves)
  − applied to recoup advances and costs (− record-one royalties forfeited, − remainder dropped)
  = due this period = payable now + carried to the next period

per recoupment pool: unrecouped balance brought forward + advances and costs charged − recouped
= unrecouped balance carried forward; and per currency, the payee's statement of account:

    opening balance = payable in earlier periods and not yet paid + carried from the previous period
    closing balance = opening balance + this period's activity − payments in the period
                    = payable and not yet paid + carried to the next period

Payments count in the period whose dates they fall in. Amounts stay exact here; a format
rounds them for display only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from points.model.contracts import Channel
from points.money import CONTEXT
from points.render.deals import CHANNEL_WORDS

__all__ = [
    "Account",
    "ChargeLine",
    "ContractAccount",
    "Line",
    "PayeeStatement",
    "PaymentMade",
    "PeriodPoint",
    "PoolAccount",
    "RecordingRow",
    "RoyaltyLine",
    "TerritoryRow",
    "account_lines",
    "channel_words",
    "contract_lines",
    "pool_lines",
]

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class PaymentMade:
    """Money paid to a payee (the ledger's payments, as the statement needs them)."""

    payee: str
    paid_on: dt.date
    reference: str
    amount: Decimal
    currency: str
    advance: bool = False


@dataclass(frozen=True, slots=True)
class ContractAccount:
    """One contract's figures for the payee in the period: the payee's share of each."""

    contract: str
    title: str
    payer: str
    share: Fraction  # the payee's percentage of the contract, exact (a third stays a third)
    currency: str
    pool: str
    minimum_payment: Decimal
    brought_forward: Decimal  # carried forward at the end of the previous period
    earned: Decimal
    fees: Decimal
    reserve_held: Decimal
    reserve_released: Decimal
    reserve_charged: Decimal  # returns charged against reserves held
    recouped: Decimal
    forfeited: Decimal  # record one without retro: accrued royalties not paid
    dropped: Decimal  # sub-cent remainder the contract drops
    deficit: Decimal  # returns beyond the period's royalties, charged to the pool instead
    payable: Decimal
    carried_forward: Decimal  # owed, not paid: below the minimum, held for record one, remainder
    record_one_held: Decimal  # of this period's royalties, held until record one is recouped
    record_one_released: Decimal  # royalties held before, paid now that record one is recouped
    unrecouped_balance: Decimal  # the contract's pool's, after the period (not a share)

    @property
    def due(self) -> Decimal:
        """What this period leaves owed: the payable plus what is carried on."""
        with localcontext(CONTEXT):
            return self.payable + self.carried_forward

    @property
    def activity(self) -> Decimal:
        """This period's change to what the payee is owed, before payments."""
        with localcontext(CONTEXT):
            return (
                self.earned
                + self.fees
                - self.reserve_held
                + self.reserve_released
                + self.reserve_charged
                - self.recouped
                - self.forfeited
                - self.dropped
                + self.deficit
            )


@dataclass(frozen=True, slots=True)
class ChargeLine:
    """An advance, a cost or a recoupable fee charged to a recoupment pool in the period."""

    contract: str
    description: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PoolAccount:
    """A recoupment pool's balance over the period (the whole pool's, not the payee's share)."""

    pool: str
    contracts: tuple[str, ...]
    brought_forward: Decimal
    charges: tuple[ChargeLine, ...]
    recouped: Decimal  # royalties of every contract in the pool applied this period
    carried_forward: Decimal

    @property
    def charged(self) -> Decimal:
        with localcontext(CONTEXT):
            return sum((c.amount for c in self.charges), ZERO)


@dataclass(frozen=True, slots=True)
class RoyaltyLine:
    """One royalty the engine computed on one row of income, at the payee's share. ``units``
    and ``receipts`` are the row's as the statement reported them, given on the row's first
    line only (a row split between escalation steps has several lines), so they sum."""

    contract: str
    month: str
    recording: str
    title: str
    channel: str
    territory: str
    units: Decimal | None
    receipts: Decimal | None
    receipts_currency: str
    working: str
    royalty: Decimal


@dataclass(frozen=True, slots=True)
class RecordingRow:
    """Royalties on one recording (or album) and channel, summed over the period's rows."""

    contract: str
    recording: str
    title: str
    channel: str
    units: Decimal
    receipts: Decimal
    receipts_currency: str
    royalty: Decimal


@dataclass(frozen=True, slots=True)
class TerritoryRow:
    """Royalties from one territory ('' when the statement named none)."""

    contract: str
    territory: str
    country: str
    units: Decimal
    receipts: Decimal
    receipts_currency: str
    royalty: Decimal


@dataclass(frozen=True, slots=True)
class PeriodPoint:
    """One period of the payee's history in a currency, for the chart."""

    period: str
    earned: Decimal
    payable: Decimal
    unrecouped_balance: Decimal  # summed over the payee's pools


@dataclass(frozen=True, slots=True)
class Account:
    """Everything the statement shows in one currency."""

    currency: str
    contracts: tuple[ContractAccount, ...]
    pools: tuple[PoolAccount, ...]
    unpaid_brought_forward: Decimal  # payable in earlier periods less payments before this one
    payments: tuple[PaymentMade, ...]  # dated in the period
    lines: tuple[RoyaltyLine, ...]
    by_recording: tuple[RecordingRow, ...]
    by_territory: tuple[TerritoryRow, ...]
    history: tuple[PeriodPoint, ...]

    def _sum(self, figure: str) -> Decimal:
        with localcontext(CONTEXT):
            return sum((getattr(c, figure) for c in self.contracts), ZERO)

    def total(self, figure: str) -> Decimal:
        """A ``ContractAccount`` figure summed over the contracts."""
        return self._sum(figure)

    @property
    def paid(self) -> Decimal:
        with localcontext(CONTEXT):
            return sum((p.amount for p in self.payments), ZERO)

    @property
    def opening_balance(self) -> Decimal:
        with localcontext(CONTEXT):
            return self.unpaid_brought_forward + self._sum("brought_forward")

    @property
    def unpaid_carried_forward(self) -> Decimal:
        """Payable (this period or before) and not paid by the end of the period."""
        with localcontext(CONTEXT):
            return self.unpaid_brought_forward + self._sum("payable") - self.paid

    @property
    def closing_balance(self) -> Decimal:
        with localcontext(CONTEXT):
            return self.unpaid_carried_forward + self._sum("carried_forward")


@dataclass(frozen=True, slots=True)
class PayeeStatement:
    payee: str
    payee_name: str
    legal_name: str
    address: str | None
    email: str | None
    payment_details: str | None
    period: str
    period_start: dt.date
    period_end: dt.date
    issued: dt.date | None
    workspace_name: str | None
    locale: str
    accounts: tuple[Account, ...]
    # Income held for the payee's contracts (no exchange rate for it, say): "held: 1,234.56
    # EUR, no rate", kept and booked in the first open period once it can be.
    held: tuple[str, ...] = ()

    @property
    def payers(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for account in self.accounts:
            for contract in account.contracts:
                seen[contract.payer] = None
        return tuple(seen)


def channel_words(channel: str) -> str:
    """'stream' → 'Streaming', as the deal summaries name channels."""
    try:
        words = CHANNEL_WORDS[Channel(channel)]
    except ValueError:
        words = channel
    return words[:1].upper() + words[1:]


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a statement's arithmetic: ``amount`` is signed as it moves the balance (a
    deduction is negative). ``kind``: ``balance`` (a balance at a point in time), ``movement``
    (adds to or takes from it), ``total`` (a result of the movements), ``note`` (explains a
    figure; not part of the sum)."""

    key: str
    label: str
    amount: Decimal
    kind: str


def contract_lines(account: ContractAccount) -> list[Line]:
    """The payee's account under one contract, from what was carried in to what is carried on.
    Lines that are zero and rare (returns charged, forfeited, dropped) are left out."""
    with localcontext(CONTEXT):
        lines = [
            Line(
                "brought_forward",
                "Carried from the previous period",
                account.brought_forward,
                "balance",
            ),
            Line("earned", "Royalties earned", account.earned, "movement"),
            Line("fees", "Fees", account.fees, "movement"),
            Line(
                "reserve_held",
                "Less reserves held against returns",
                -account.reserve_held,
                "movement",
            ),
            Line("reserve_released", "Reserves released", account.reserve_released, "movement"),
            Line(
                "reserve_charged",
                "Returns charged against reserves",
                account.reserve_charged,
                "movement",
            ),
            Line(
                "recouped",
                "Less applied to recoup advances and costs",
                -account.recouped,
                "movement",
            ),
            Line(
                "forfeited",
                "Less record-one royalties forfeited (no retro)",
                -account.forfeited,
                "movement",
            ),
            Line("dropped", "Less rounding remainder dropped", -account.dropped, "movement"),
            Line(
                "deficit",
                "Returns beyond this period's royalties, charged to the recoupment pool",
                account.deficit,
                "movement",
            ),
            Line("due", "Due this period", account.due, "total"),
            Line("payable", "Payable for this period", account.payable, "total"),
            Line(
                "carried_forward", "Carried to the next period", account.carried_forward, "balance"
            ),
            Line(
                "record_one_held",
                "Of the royalties earned, held until record one's recording costs are recouped",
                account.record_one_held,
                "note",
            ),
            Line(
                "record_one_released",
                "Royalties held for record one, released this period",
                account.record_one_released,
                "note",
            ),
            Line(
                "minimum_payment",
                "Minimum payment (a smaller amount is carried)",
                account.minimum_payment,
                "note",
            ),
        ]
    optional = {"reserve_charged", "forfeited", "dropped", "deficit"}
    return [
        line for line in lines if line.amount or (line.key not in optional and line.kind != "note")
    ]


def pool_lines(pool: PoolAccount) -> list[Line]:
    """The recoupment pool's balance: brought forward, each charge, recouped, carried forward."""
    with localcontext(CONTEXT):
        return [
            Line(
                "unrecouped_brought_forward",
                "Unrecouped balance brought forward",
                pool.brought_forward,
                "balance",
            ),
            *(
                Line("charged", charge.description, charge.amount, "movement")
                for charge in pool.charges
            ),
            Line(
                "recouped", "Less recouped from royalties this period", -pool.recouped, "movement"
            ),
            Line(
                "unrecouped_balance",
                "Unrecouped balance carried forward",
                pool.carried_forward,
                "balance",
            ),
        ]


def account_lines(account: Account) -> list[Line]:
    """The payee's statement of account in one currency: opening balance, this period's
    activity, payments, closing balance, and what each balance is made of."""
    with localcontext(CONTEXT):
        payments = [
            Line(
                "payment",
                f"Less {'advance' if p.advance else 'payment'} of {p.paid_on.isoformat()}, "
                f"ref. {p.reference}",
                -p.amount,
                "movement",
            )
            for p in account.payments
        ]
        return [
            Line("opening_balance", "Opening balance", account.opening_balance, "balance"),
            Line(
                "unpaid_brought_forward",
                "of which payable earlier and not yet paid",
                account.unpaid_brought_forward,
                "note",
            ),
            Line(
                "carried_brought_forward",
                "of which carried from the previous period",
                account.total("brought_forward"),
                "note",
            ),
            Line(
                "activity",
                "This period's royalties, fees and reserves, after recoupment",
                account.total("activity"),
                "movement",
            ),
            *payments,
            Line("closing_balance", "Closing balance", account.closing_balance, "balance"),
            Line(
                "unpaid_carried_forward",
                "of which payable and not yet paid",
                account.unpaid_carried_forward,
                "note",
            ),
            Line(
                "carried_forward",
                "of which carried to the next period",
                account.total("carried_forward"),
                "note",
            ),
        ]
