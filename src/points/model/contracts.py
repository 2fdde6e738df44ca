"""Contracts: every term a producer (or artist) deal can carry, any mix of them in one contract.

The vocabulary follows the trade (DOMAIN.md): flat fees on a milestone, advances recouped from
royalties, royalty *points* on a base (net receipts, PPD, SRLP less packaging, per unit) per
channel, multipliers for channels and territories, pro-ration by tracks produced, escalations by
a cumulative counter, recoupable costs with a recoupable share, record one with the net artist
rate, reserves on physical sales, cross-collateralization pools, payee splits and letters of
direction, and the accounting settings (period, currency, minimum payment, rounding).

Where practice differs, the variant is a setting with the common default (DOMAIN.md, "Variants
that must be settings"); the README lists the defaults.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from points.model.common import (
    Amount,
    CurrencyCode,
    Frozen,
    Identifier,
    Isrc,
    Percent,
    PositiveAmount,
    PositiveUnitPrice,
    Share,
    Territory,
    Upc,
    invalid,
    require_total_100,
)
from points.model.limits import MAX_COUNT, MAX_MULTIPLIERS
from points.model.parties import Role
from points.money import RoundingMode

__all__ = [
    "Accounting",
    "Advance",
    "Channel",
    "Contract",
    "CostKind",
    "DealKind",
    "Escalation",
    "EscalationStep",
    "FlatFee",
    "LetterOfDirection",
    "Milestone",
    "Multiplier",
    "PayeeShare",
    "ProfitShare",
    "RecordOne",
    "RecoupableCost",
    "Reserve",
    "RoyaltyBase",
    "RoyaltyRate",
]


class Channel(StrEnum):
    """How income reached the label or distributor; every statement line maps to one."""

    STREAM = "stream"
    DOWNLOAD = "download"
    PHYSICAL = "physical"
    SYNC = "sync"
    OTHER = "other"

    # Hashed as the text it equals (Enum hashes the name, in Python): the engine keys its
    # per-row dictionaries by channel, a million times in a large run.
    __hash__ = str.__hash__


class RoyaltyBase(StrEnum):
    NET_RECEIPTS = "net_receipts"
    PPD = "ppd"
    SRLP = "srlp"
    PER_UNIT = "per_unit"


class DealKind(StrEnum):
    ROYALTY = "royalty"
    PROFIT_SHARE = "profit_share"


class Milestone(StrEnum):
    SIGNING = "signing"
    DELIVERY = "delivery"
    RELEASE = "release"
    DATE = "date"


class AccountingPeriod(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMI_ANNUAL = "semi_annual"


class CostKind(StrEnum):
    RECORDING = "recording"
    VIDEO = "video"
    TOUR_SUPPORT = "tour_support"
    MARKETING = "marketing"
    MANUFACTURING = "manufacturing"
    DISTRIBUTION = "distribution"
    PRODUCER_ADVANCE = "producer_advance"
    OTHER = "other"


class ProductionPhase(StrEnum):
    PRE_PRODUCTION = "pre_production"
    TRACKING = "tracking"
    EDITING = "editing"
    MIXING = "mixing"
    MASTERING = "mastering"


# DOMAIN.md variants table: video and promotion costs are 50% recoupable unless stated.
DEFAULT_RECOUPABLE_PERCENT: dict[CostKind, Decimal] = {
    kind: Decimal(50) if kind is CostKind.VIDEO else Decimal(100) for kind in CostKind
}


def _one_or_many(value: Any) -> Any:
    """Let ``channels: stream`` stand for ``channels: [stream]``."""
    return [value] if isinstance(value, str) else value


class ScheduledPayment(Frozen):
    """A sum paid once, on a milestone or a date: what fees and advances have in common."""

    amount: PositiveAmount
    currency: CurrencyCode | None = Field(default=None, description="default: the contract's")
    due: Milestone
    date: dt.date | None = None
    description: str | None = None

    @model_validator(mode="after")
    def _date_when_due_on_date(self) -> ScheduledPayment:
        if self.due is Milestone.DATE and self.date is None:
            raise invalid(
                "missing-date", "a payment due on a date needs 'date'", "add date: YYYY-MM-DD"
            )
        return self


class FlatFee(ScheduledPayment):
    """A fixed sum due once on a milestone. Recoupable only if the deal calls it an advance."""

    due: Milestone = Milestone.DELIVERY
    recoupable: bool = False


class Advance(ScheduledPayment):
    """A prepayment of royalties: never paid back in cash, recouped from the royalties named."""

    due: Milestone = Milestone.SIGNING
    recoups_from: tuple[Channel, ...] = Field(
        default=tuple(Channel), description="channels whose royalties recoup it (default: all)"
    )

    _recoups_from_list = field_validator("recoups_from", mode="before")(_one_or_many)


class EscalationCounter(StrEnum):
    UNITS = "units"
    STREAM_EQUIVALENT_UNITS = "stream_equivalent_units"
    NET_RECEIPTS = "net_receipts"


class EscalationScope(StrEnum):
    CONTRACT = "contract"
    RELEASE = "release"
    CHANNEL = "channel"


class EscalationMode(StrEnum):
    PROSPECTIVE = "prospective"
    RETROACTIVE = "retroactive"


class EscalationStep(Frozen):
    """From ``above`` (exclusive) on the counter, the rate is ``points``."""

    above: PositiveAmount
    points: Percent


class Escalation(Frozen):
    """Rate steps by a cumulative counter. Prospective by default (DOMAIN.md, "Escalations")."""

    counter: EscalationCounter = EscalationCounter.UNITS
    streams_per_unit: int | None = Field(default=None, gt=0, le=MAX_COUNT)
    scope: EscalationScope = EscalationScope.CONTRACT
    mode: EscalationMode = EscalationMode.PROSPECTIVE
    steps: tuple[EscalationStep, ...] = Field(min_length=1)

    @field_validator("steps")
    @classmethod
    def _thresholds_ascend(cls, steps: tuple[EscalationStep, ...]) -> tuple[EscalationStep, ...]:
        for earlier, later in pairwise(steps):
            if later.above <= earlier.above:
                raise invalid(
                    "escalation-order",
                    f"escalation thresholds must rise: {later.above} comes after {earlier.above}",
                    "list the steps from the lowest threshold to the highest",
                )
        return steps

    @model_validator(mode="after")
    def _stream_equivalence(self) -> Escalation:
        if self.counter is EscalationCounter.STREAM_EQUIVALENT_UNITS and not self.streams_per_unit:
            raise invalid(
                "missing-streams-per-unit",
                "counting stream-equivalent units needs streams_per_unit",
                "add e.g. streams_per_unit: 1500",
            )
        return self


class ArtistShare(Frozen):
    """Producer royalty = artist royalty × producer points ÷ artist all-in points."""

    artist_points: Percent


class RoyaltyRate(Frozen):
    """Royalty points on a base for one or more channels."""

    channels: tuple[Channel, ...] = Field(min_length=1)
    base: RoyaltyBase = RoyaltyBase.NET_RECEIPTS
    points: Percent | None = None
    per_unit: PositiveUnitPrice | None = Field(
        default=None, description="with base per_unit: the amount per unit, contract currency"
    )
    packaging_deduction: Percent | None = Field(
        default=None, description="with base srlp: overrides the release price's deduction"
    )
    share_of_artist: ArtistShare | None = None
    escalation: Escalation | None = None

    _channels_list = field_validator("channels", mode="before")(_one_or_many)

    @model_validator(mode="after")
    def _rate_fits_base(self) -> RoyaltyRate:
        if self.base is RoyaltyBase.PER_UNIT:
            if self.per_unit is None or self.points is not None:
                raise invalid(
                    "rate-base-mismatch",
                    "a per-unit royalty takes 'per_unit' (an amount), not 'points'",
                    "write per_unit: 0.10",
                )
        elif self.points is None or self.per_unit is not None:
            raise invalid(
                "rate-base-mismatch",
                f"a royalty on {self.base} takes 'points' (a percentage), not 'per_unit'",
                "write points: 3 for 3%",
            )
        if self.packaging_deduction is not None and self.base is not RoyaltyBase.SRLP:
            raise invalid(
                "rate-base-mismatch",
                "packaging_deduction applies only to royalties on srlp",
            )
        if (
            self.share_of_artist is not None
            and self.points is not None
            and self.points > self.share_of_artist.artist_points
        ):
            raise invalid(
                "rate-above-artist",
                f"{self.points} producer points exceed the artist's "
                f"{self.share_of_artist.artist_points} all-in points",
                "the producer's points come out of the artist's all-in rate",
            )
        return self


class Multiplier(Frozen):
    """A reduction of the rate for some channels or territories (foreign, budget, licences…)."""

    percent: Percent = Field(description="the share of the full rate paid, e.g. 50")
    channels: tuple[Channel, ...] | None = None
    territories: tuple[Territory, ...] | None = None
    outside: tuple[Territory, ...] | None = Field(
        default=None, description="applies everywhere except these territories"
    )
    reason: str | None = None

    _channels_list = field_validator("channels", "territories", "outside", mode="before")(
        _one_or_many
    )

    @model_validator(mode="after")
    def _territories_or_outside(self) -> Multiplier:
        if self.territories is not None and self.outside is not None:
            raise invalid(
                "conflicting-keys",
                "a multiplier takes 'territories' or 'outside', not both",
            )
        return self


class RecoupableCost(Frozen):
    """A cost charged to the account, recoupable at a share (video: 50% unless stated)."""

    kind: CostKind
    amount: PositiveAmount
    currency: CurrencyCode | None = None
    recoupable_percent: Percent | None = None
    date: dt.date | None = None
    phase: ProductionPhase | None = None
    vendor: str | None = None
    description: str | None = None

    @property
    def effective_recoupable_percent(self) -> Decimal:
        if self.recoupable_percent is not None:
            return self.recoupable_percent
        return DEFAULT_RECOUPABLE_PERCENT[self.kind]


class RecordOneGate(StrEnum):
    NET_ARTIST_RATE = "net_artist_rate"
    ALL_IN_RATE = "all_in_rate"
    NONE = "none"


class RecordOne(Frozen):
    """Producer royalties from record one, payable once recording costs are recouped.

    Recoupment is measured at the net artist rate (all-in less this and other producers' points)
    by default (DOMAIN.md, "Record one"). Costs are stated here or taken from the artist's
    contract (its ``recording`` costs at their recoupable share).
    """

    gate: RecordOneGate = RecordOneGate.NET_ARTIST_RATE
    artist_all_in_points: Percent
    other_producer_points: Percent = Decimal(0)
    recording_costs: Amount | None = None
    artist_contract: Identifier | None = None
    retroactive: bool = True

    @model_validator(mode="after")
    def _costs_from_one_place(self) -> RecordOne:
        if self.gate is not RecordOneGate.NONE and (
            (self.recording_costs is None) == (self.artist_contract is None)
        ):
            raise invalid(
                "record-one-costs",
                "record one needs the recording costs: give 'recording_costs' or "
                "'artist_contract', exactly one",
                "recording_costs: 90000, or artist_contract: the id of the artist's contract",
            )
        return self


class ReserveBase(StrEnum):
    POSITIVE_SALES = "positive_sales"
    NET_SALES = "net_sales"


class Reserve(Frozen):
    """A share of royalties held against returns, released over later periods."""

    percent: Percent
    channels: tuple[Channel, ...] = (Channel.PHYSICAL,)
    liquidation_periods: int = Field(ge=1, le=12)
    schedule: tuple[Percent, ...] | None = Field(
        default=None, description="share released in each period; default: equal parts"
    )
    base: ReserveBase = ReserveBase.POSITIVE_SALES
    returns_against_reserve: bool = False

    _channels_list = field_validator("channels", mode="before")(_one_or_many)

    @model_validator(mode="after")
    def _schedule_fits(self) -> Reserve:
        if self.schedule is None:
            return self
        if len(self.schedule) != self.liquidation_periods:
            raise invalid(
                "reserve-schedule",
                f"the schedule has {len(self.schedule)} entries for "
                f"{self.liquidation_periods} liquidation periods",
                "give one percentage per liquidation period",
            )
        require_total_100(self.schedule, lambda p: p, "reserve release schedule shares")
        return self


class PayeeShare(Frozen):
    """Who receives what share of this contract's payable (co-producers, loan-out companies):
    a percentage, exact (``33.33``, or ``1/3`` for a third)."""

    party: Identifier
    percent: Share


class LetterOfDirection(Frozen):
    """The artist directs the label to pay the producer directly, out of the artist's royalty."""

    artist: Identifier
    paid_by: Identifier
    date: dt.date | None = None


class Accounting(Frozen):
    currency: CurrencyCode
    period: AccountingPeriod
    minimum_payment: Amount = Decimal(0)
    minimum_rule: Literal["at_least", "more_than"] = "at_least"
    rounding: RoundingMode = RoundingMode.HALF_UP
    rounding_remainder: Literal["carry", "drop"] = "carry"
    period_basis: Literal["reporting", "sale"] = "reporting"
    exchange_rate: Literal["statement", "rates_file"] = "statement"
    statement_due_days: int | None = Field(default=None, ge=0, le=365)


class ProfitShare(Frozen):
    """The payee's share of net profit: income less the costs charged to the release."""

    percent: Percent


class Contract(Frozen):
    """One agreement, from one file in ``contracts/``."""

    id: Identifier
    title: str = Field(min_length=1)
    kind: DealKind = DealKind.ROYALTY
    date: dt.date | None = None
    payer: Identifier = Field(description="party id of who accounts and pays")
    payee: Identifier = Field(description="party id of who is paid")
    role: Role = Role.PRODUCER
    recordings: tuple[Isrc, ...] = Field(default=(), description="ISRCs the deal covers")
    releases: tuple[Upc, ...] = Field(default=(), description="releases whose sales it shares")
    pro_ration: Literal["by_tracks", "none"] = "by_tracks"
    accounting: Accounting
    fees: tuple[FlatFee, ...] = ()
    advances: tuple[Advance, ...] = ()
    royalties: tuple[RoyaltyRate, ...] = ()
    multipliers: tuple[Multiplier, ...] = Field(default=(), max_length=MAX_MULTIPLIERS)
    costs: tuple[RecoupableCost, ...] = ()
    record_one: RecordOne | None = None
    reserve: Reserve | None = None
    profit_share: ProfitShare | None = None
    recoupment_pool: Identifier | None = Field(
        default=None, description="contracts naming the same pool are cross-collateralized"
    )
    payees: tuple[PayeeShare, ...] = ()
    letter_of_direction: LetterOfDirection | None = None
    notes: str | None = None

    @field_validator("payees")
    @classmethod
    def _payees_total_100(cls, payees: tuple[PayeeShare, ...]) -> tuple[PayeeShare, ...]:
        require_total_100(payees, lambda p: p.percent, "payee shares")
        return payees

    @field_validator("royalties")
    @classmethod
    def _one_rate_per_channel(cls, rates: tuple[RoyaltyRate, ...]) -> tuple[RoyaltyRate, ...]:
        seen: set[Channel] = set()
        for rate in rates:
            twice = seen.intersection(rate.channels)
            if twice:
                raise invalid(
                    "duplicate-channel",
                    f"channel {sorted(twice)[0]} has more than one royalty rate",
                    "give each channel one rate; use multipliers for territories",
                )
            seen.update(rate.channels)
        return rates

    @model_validator(mode="after")
    def _terms_fit_kind(self) -> Contract:
        if self.kind is DealKind.PROFIT_SHARE and self.profit_share is None:
            raise invalid(
                "missing-profit-share",
                "a profit_share deal needs 'profit_share: {percent: …}'",
                "add profit_share with the payee's percentage of net profit",
            )
        if self.kind is DealKind.ROYALTY and self.profit_share is not None:
            raise invalid(
                "conflicting-keys",
                "'profit_share' is set but the deal kind is royalty",
                "set kind: profit_share, or remove profit_share",
            )
        if self.record_one is not None:
            if not self.royalties:
                raise invalid("record-one-without-royalty", "record one needs royalty points")
            highest = max((r.points or Decimal(0) for r in self.royalties), default=Decimal(0))
            others = self.record_one.other_producer_points
            if highest + others >= self.record_one.artist_all_in_points:
                raise invalid(
                    "record-one-rates",
                    f"the artist's all-in rate ({self.record_one.artist_all_in_points}%) must "
                    f"exceed the producers' points ({highest + others}%)",
                    "artist_all_in_points includes the producers' points",
                )
        return self

    @property
    def payee_shares(self) -> tuple[PayeeShare, ...]:
        """The payee split; with none stated, all of it goes to the payee."""
        return self.payees or (PayeeShare(party=self.payee, percent=Decimal(100)),)

    @property
    def pool(self) -> str:
        """The recoupment pool: its own unless cross-collateralized with others."""
        return self.recoupment_pool or f"contract:{self.id}"
