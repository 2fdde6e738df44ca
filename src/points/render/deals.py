"""Restate a contract in plain English, from the model alone.

``points demo`` prints these sentences, and agreement drafts (issue 6) will reuse them, so the
document people sign and the numbers the engine computes cannot disagree. Each term becomes one
clause; clauses are joined with semicolons after the payee's name, e.g.

    Jane Doe: $2,500 fee on delivery; 3% of PPD on physical, 4% of net receipts on streaming
    and downloads; …
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from points.model import (
    Advance,
    Channel,
    Contract,
    Escalation,
    FlatFee,
    Milestone,
    Multiplier,
    RecordOne,
    Reserve,
    RoyaltyBase,
    RoyaltyRate,
    Workspace,
)
from points.model.contracts import CostKind, EscalationCounter, EscalationMode, RecordOneGate
from points.money import Money
from points.render.text import format_count, format_money, format_percent, format_plain

__all__ = ["DealSummary", "DealTerms", "describe_contract", "describe_terms", "describe_workspace"]

CHANNEL_WORDS = {
    Channel.STREAM: "streaming",
    Channel.DOWNLOAD: "downloads",
    Channel.PHYSICAL: "physical",
    Channel.SYNC: "sync licences",
    Channel.OTHER: "other income",
}
BASE_WORDS = {
    RoyaltyBase.NET_RECEIPTS: "net receipts",
    RoyaltyBase.PPD: "PPD",
    RoyaltyBase.SRLP: "SRLP less packaging",
}
MILESTONE_WORDS = {
    Milestone.SIGNING: "on signing",
    Milestone.DELIVERY: "on delivery",
    Milestone.RELEASE: "on release",
}
PERIOD_WORDS = {"monthly": "monthly", "quarterly": "quarterly", "semi_annual": "semi-annually"}


@dataclass(frozen=True, slots=True)
class DealSummary:
    contract: str
    payee: str
    title: str
    clauses: tuple[str, ...]

    @property
    def sentence(self) -> str:
        return f"{self.payee}: " + "; ".join(self.clauses)


@dataclass(frozen=True, slots=True)
class DealTerms:
    """A contract's terms in words, by kind: the pieces ``DealSummary.clauses`` is made of, so
    a draft's sections quote exactly what ``points demo`` prints."""

    fees: tuple[str, ...]
    advances: tuple[str, ...]
    profit_share: str | None
    royalties: tuple[str, ...]  # one per royalty rate, in the contract's order
    record_one: str | None
    pro_ration: str | None
    multipliers: tuple[str, ...]
    costs: str | None
    reserve: str | None
    pool: str | None
    payees: str | None
    letter_of_direction: str | None
    accounting: str

    @property
    def clauses(self) -> tuple[str, ...]:
        """The clauses in the order a summary reads them; royalties and record one are one."""
        clauses = [*self.fees, *self.advances]
        if self.profit_share:
            clauses.append(self.profit_share)
        if self.royalties:
            clauses.append(
                ", ".join(self.royalties) + (f", {self.record_one}" if self.record_one else "")
            )
        if self.pro_ration:
            clauses.append(self.pro_ration)
        clauses += self.multipliers
        for clause in (self.costs, self.reserve, self.pool, self.payees):
            if clause:
                clauses.append(clause)
        if self.letter_of_direction:
            clauses.append(self.letter_of_direction)
        clauses.append(self.accounting)
        return tuple(clauses)


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _channels(channels: Iterable[Channel]) -> str:
    return _and([CHANNEL_WORDS[c] for c in channels])


class _Writer:
    """Writes the clauses of one contract; holds what every clause needs to know."""

    def __init__(self, contract: Contract, workspace: Workspace) -> None:
        self.contract = contract
        self.workspace = workspace
        self.locale = workspace.settings.locale

    def money(self, amount: Decimal, currency: str | None = None) -> str:
        code = currency or self.contract.accounting.currency
        return format_money(Money.of(amount, code), self.locale)

    def fee(self, fee: FlatFee) -> str:
        when = MILESTONE_WORDS.get(fee.due) or f"on {fee.date}"
        text = f"{self.money(fee.amount, fee.currency)} fee {when}"
        return text + (", recoupable as an advance" if fee.recoupable else "")

    def advance(self, advance: Advance) -> str:
        when = MILESTONE_WORDS.get(advance.due) or f"on {advance.date}"
        whose = f"the {self.contract.role.replace('_', '-')}'s"
        if set(advance.recoups_from) == set(Channel):
            source = f"{whose} royalties"
        else:
            source = f"{whose} {_channels(advance.recoups_from)} royalties"
        amount = self.money(advance.amount, advance.currency)
        return f"{amount} advance {when}, recoupable from {source}"

    def escalation(self, escalation: Escalation) -> str:
        steps = []
        for step in escalation.steps:
            if escalation.counter is EscalationCounter.NET_RECEIPTS:
                threshold = f"{self.money(step.above)} of net receipts"
            elif escalation.counter is EscalationCounter.STREAM_EQUIVALENT_UNITS:
                threshold = f"{format_count(step.above, self.locale)} units (streams counted "
                threshold += (
                    f"{format_count(escalation.streams_per_unit or 0, self.locale)} to a unit)"
                )
            else:
                threshold = f"{format_count(step.above, self.locale)} units"
            steps.append(f"{format_percent(step.points)} above {threshold}")
        mode = (
            " (retroactive to all units)" if escalation.mode is EscalationMode.RETROACTIVE else ""
        )
        return f" rising to {_and(steps)}{mode}"

    def royalty(self, rate: RoyaltyRate) -> str:
        on = f"on {_channels(rate.channels)}"
        if rate.base is RoyaltyBase.PER_UNIT:
            assert rate.per_unit is not None
            text = f"{self.money(rate.per_unit)} per unit {on}"
        elif rate.share_of_artist is not None:
            assert rate.points is not None
            text = (
                f"{format_plain(rate.points)}/{format_plain(rate.share_of_artist.artist_points)} "
                f"of the artist's royalty {on}"
            )
        else:
            assert rate.points is not None
            base = BASE_WORDS[rate.base]
            if rate.base is RoyaltyBase.SRLP and rate.packaging_deduction is not None:
                base = f"SRLP less {format_percent(rate.packaging_deduction)} packaging"
            text = f"{format_percent(rate.points)} of {base} {on}"
        return text + (self.escalation(rate.escalation) if rate.escalation else "")

    def record_one(self, term: RecordOne) -> str:
        if term.gate is RecordOneGate.NONE:
            return "payable from record one with no recoupment gate"
        costs = self.workspace.record_one_costs(self.contract)
        cost_words = f"recording costs ({self.money(costs.amount)})" if costs else "recording costs"
        own = max((r.points or Decimal(0) for r in self.contract.royalties), default=Decimal(0))
        if term.gate is RecordOneGate.NET_ARTIST_RATE:
            producers = own + term.other_producer_points
            net = term.artist_all_in_points - producers
            rate = (
                f"the net artist rate ({format_percent(term.artist_all_in_points)} all-in less "
                f"{format_percent(producers)} producer points = {format_percent(net)})"
            )
        else:
            rate = f"the artist's all-in rate ({format_percent(term.artist_all_in_points)})"
        if term.retroactive:
            return f"retroactive to record one once {cost_words} are recouped at {rate}"
        return f"payable from the period {cost_words} are recouped at {rate}, without retro"

    def multiplier(self, multiplier: Multiplier) -> str:
        where = []
        if multiplier.channels:
            where.append(f"on {_channels(multiplier.channels)}")
        if multiplier.territories:
            where.append(f"in {_and(list(multiplier.territories))}")
        if multiplier.outside:
            where.append(f"outside {_and(list(multiplier.outside))}")
        reason = f" ({multiplier.reason})" if multiplier.reason else ""
        return f"{format_percent(multiplier.percent)} of the rate {' '.join(where)}{reason}"

    def costs(self) -> str:
        by_kind: dict[tuple[CostKind, Decimal, str | None], Decimal] = {}
        for cost in self.contract.costs:
            key = (cost.kind, cost.effective_recoupable_percent, cost.currency)
            by_kind[key] = by_kind.get(key, Decimal(0)) + cost.amount
        parts = []
        for (kind, share, currency), amount in by_kind.items():
            text = f"{kind.replace('_', ' ')} {self.money(amount, currency)}"
            parts.append(text + (f" ({format_percent(share)} recoupable)" if share != 100 else ""))
        return "recoupable costs: " + _and(parts)

    def reserve(self, reserve: Reserve) -> str:
        when = f"released over {reserve.liquidation_periods} period" + (
            "s" if reserve.liquidation_periods > 1 else ""
        )
        if reserve.schedule:
            when += " (" + ", ".join(format_percent(p) for p in reserve.schedule) + ")"
        channels = _channels(reserve.channels)
        return f"{format_percent(reserve.percent)} reserve on {channels} royalties, {when}"

    def pool(self) -> str | None:
        contract = self.contract
        if contract.recoupment_pool is None:
            return None
        others = [
            c.id
            for c in self.workspace.contracts
            if c.recoupment_pool == contract.recoupment_pool and c.id != contract.id
        ]
        if not others:
            return f"recouped in its own pool {contract.recoupment_pool!r}"
        return f"cross-collateralized with {_and(others)} (pool {contract.recoupment_pool!r})"

    def terms(self) -> DealTerms:
        c = self.contract
        payees = None
        if c.payees:
            split = [
                f"{format_percent(p.percent)} to {self.workspace.party_name(p.party)}"
                for p in c.payees
            ]
            payees = "paid " + _and(split)
        direction = None
        if c.letter_of_direction is not None:
            lod = c.letter_of_direction
            direction = (
                f"paid by {self.workspace.party_name(lod.paid_by)} under a letter of direction "
                f"from {self.workspace.party_name(lod.artist)}"
            )
        accounting = c.accounting
        text = f"accounted {PERIOD_WORDS[accounting.period]} in {accounting.currency}"
        if accounting.minimum_payment:
            text += f", minimum payment {self.money(accounting.minimum_payment)}"
        return DealTerms(
            fees=tuple(self.fee(fee) for fee in c.fees),
            advances=tuple(self.advance(advance) for advance in c.advances),
            profit_share=(
                f"{format_percent(c.profit_share.percent)} of net profits"
                if c.profit_share is not None
                else None
            ),
            royalties=tuple(self.royalty(rate) for rate in c.royalties),
            record_one=self.record_one(c.record_one) if c.record_one is not None else None,
            pro_ration=(
                "album sales pro-rated by tracks produced"
                if c.releases and c.recordings and c.pro_ration == "by_tracks"
                else None
            ),
            multipliers=tuple(self.multiplier(m) for m in c.multipliers),
            costs=self.costs() if c.costs else None,
            reserve=self.reserve(c.reserve) if c.reserve is not None else None,
            pool=self.pool(),
            payees=payees,
            letter_of_direction=direction,
            accounting=text,
        )


def describe_terms(contract: Contract, workspace: Workspace) -> DealTerms:
    """Each term of a contract in words, one field per kind of term (for agreement drafts)."""
    return _Writer(contract, workspace).terms()


def describe_contract(contract: Contract, workspace: Workspace) -> DealSummary:
    return DealSummary(
        contract=contract.id,
        payee=workspace.party_name(contract.payee),
        title=contract.title,
        clauses=describe_terms(contract, workspace).clauses,
    )


def describe_workspace(workspace: Workspace) -> list[DealSummary]:
    """One summary per contract, in contract id order."""
    return [
        describe_contract(c, workspace) for c in sorted(workspace.contracts, key=lambda c: c.id)
    ]
