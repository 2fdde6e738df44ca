"""One contract's figures for one period, filled in stage by stage (earn, reserves, record one,
recoup, pay): what each stage leaves for the next, and the sums the payees' summaries show."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from points.model.contracts import Channel, Contract

__all__ = ["Account"]

ZERO = Decimal(0)


@dataclass(slots=True)
class Account:
    """Royalties per channel (what reserves, record one and recoupment leave of them), each
    row's royalty per channel (reserves take their sales and returns from these), and the sums
    the payees' summaries show. ``deficit`` is what returns took beyond the period's royalties
    and fees: carried as a balance of the pool to recoup, so the payees' net is never below
    nothing (DOMAIN.md, "Reserves": returns "reduce the balance")."""

    contract: Contract
    total: dict[Channel, Decimal]
    rows: dict[Channel, list[Decimal]]
    earned: Decimal = ZERO  # as earned, before reserves, record one and recoupment
    fees: Decimal = ZERO
    held: Decimal = ZERO
    released: Decimal = ZERO
    recouped: Decimal = ZERO
    deficit: Decimal = ZERO

    def net(self) -> Decimal:
        """What the payees share: the royalties left, and the fees, and a deficit made good."""
        return sum(self.total.values(), ZERO) + self.fees + self.deficit

    def sales(self, channel: Channel) -> Decimal:
        return sum((a for a in self.rows.get(channel, ()) if a > 0), ZERO)

    def returns(self, channel: Channel) -> Decimal:
        return sum((a for a in self.rows.get(channel, ()) if a <= 0), ZERO)
