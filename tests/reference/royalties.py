"""What one row of income earns under one contract: which rows a contract takes, the base,
pro-ration, multipliers, share-of-artist rates and escalations (DOMAIN.md, "Royalty bases",
"Escalations"; README, "The engine", "Money").

Each function takes one row (or one row's figures); nothing is indexed or cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from points.engine.revenue import ExchangeRates, Revenue
from points.model.catalog import Price, ProductFormat, Release
from points.model.contracts import (
    Channel,
    Contract,
    Escalation,
    EscalationCounter,
    EscalationScope,
    RoyaltyBase,
    RoyaltyRate,
)
from points.money import CONTEXT, SHARE_PLACES, exact_decimal

PHYSICAL_FORMATS = (ProductFormat.CD, ProductFormat.VINYL, ProductFormat.CASSETTE)


class NotModelledError(Exception):
    """A deal or row outside what the reference models (the strategies do not draw it)."""


def exact(value: Fraction) -> Decimal:
    """A figure that cannot always be an exact decimal, taken at 20 places where it cannot
    (README, "Money": an album line pro-rated by tracks, a row split between escalation
    steps); exact where it can."""
    found = exact_decimal(value)
    if found is not None:
        return found
    return CONTEXT.scaleb(Decimal(round(value * 10**SHARE_PLACES)), -SHARE_PLACES)


def share_of_row(
    contract: Contract, row: Revenue, releases: Mapping[str, Release]
) -> Fraction | None:
    """The share of a row the contract takes, or None if it does not cover the row.

    A track line (an ISRC) is credited to that track alone: covered by a contract naming the
    ISRC, or naming no recordings and a release that carries it (the whole release). An album
    line (``upc:``) is shared by a contract naming the release, pro-rated by the tracks it
    produced ("Pro-ration": 3 of 12 tracks earn on 3/12), or whole where it names no
    recordings or says ``pro_ration: none``; naming recordings but none of the release's, it
    takes none of it.
    """
    if row.upc is None:
        if contract.recordings:
            return Fraction(1) if row.recording in contract.recordings else None
        carried = any(row.recording in releases[upc].tracks for upc in contract.releases)
        return Fraction(1) if carried else None
    if row.upc not in contract.releases:
        return None
    release = releases[row.upc]
    if contract.pro_ration == "none" or not contract.recordings:
        return Fraction(1)
    produced = [track for track in release.tracks if track in contract.recordings]
    return Fraction(len(produced), len(release.tracks)) if produced else None


def pro_rate(amount: Decimal, share: Fraction) -> Decimal:
    """``amount`` × ``share``, exact, or at 20 places where the division does not end."""
    return exact(Fraction(amount) * share)


def price_of(release: Release, channel: Channel) -> Price:
    """The release's dealer and list price for physical sales (the one physical format)."""
    if channel is not Channel.PHYSICAL:
        raise NotModelledError("PPD and SRLP are modelled on physical sales only")
    prices = [p for p in release.prices if p.format in PHYSICAL_FORMATS]
    if len(prices) != 1:
        raise NotModelledError("one physical price per release")
    return prices[0]


def convert(
    amount: Decimal, source: str, contract: Contract, row: Revenue, rates: ExchangeRates
) -> Decimal:
    """An amount in the contract's currency at the rate for the row's month (DOMAIN.md,
    "Money"); raises MissingRateError where no rate is given."""
    return rates.convert(amount, source, contract.accounting.currency, row.month)


def net_of(contract: Contract, row: Revenue, rates: ExchangeRates) -> Decimal:
    """The row's net receipts in the contract's currency: as the statement converted it for a
    contract taking the statement's rate, else at the rates given (README, "Exchange rates")."""
    statement = contract.accounting.exchange_rate == "statement"
    return row.net_in(contract.accounting.currency, rates, statement)


def base_of(
    contract: Contract,
    rate: RoyaltyRate,
    row: Revenue,
    releases: Mapping[str, Release],
    rates: ExchangeRates,
) -> Decimal:
    """The row's royalty base in the contract's currency, before pro-ration ("Royalty bases"):
    net receipts; PPD × units; SRLP less the packaging deduction × units; an amount per unit."""
    if rate.base is RoyaltyBase.NET_RECEIPTS:
        return net_of(contract, row, rates)
    if rate.base is RoyaltyBase.PER_UNIT:
        assert rate.per_unit is not None
        return row.units * rate.per_unit
    if row.upc is None:
        raise NotModelledError("PPD and SRLP are modelled on album lines only")
    price = price_of(releases[row.upc], row.channel)
    if rate.base is RoyaltyBase.PPD:
        assert price.ppd is not None
        return row.units * convert(price.ppd, price.currency, contract, row, rates)
    assert price.srlp is not None
    deduction = (
        rate.packaging_deduction
        if rate.packaging_deduction is not None
        else price.effective_packaging_deduction
    )
    srlp = convert(price.srlp, price.currency, contract, row, rates)
    return row.units * srlp * (100 - deduction) / 100


def multiplier_of(contract: Contract, row: Revenue) -> Decimal:
    """The product of the multipliers that apply to the row's channel and territory
    ("Multipliers": foreign sales, budget lines, licences). A row with no single territory
    is neither inside nor outside any list of territories."""
    factor = Decimal(1)
    for multiplier in contract.multipliers:
        if multiplier.channels is not None and row.channel not in multiplier.channels:
            continue
        if multiplier.territories is not None and row.territory not in multiplier.territories:
            continue
        if multiplier.outside is not None and (
            row.territory == "" or row.territory in multiplier.outside
        ):
            continue
        factor = factor * multiplier.percent / 100
    return factor


def royalty(rate: RoyaltyRate, points: Decimal, base: Decimal) -> Decimal:
    """``points`` percent of ``base`` (multiplied already); with a share-of-artist rate, the
    artist's royalty on the base × producer points ÷ artist all-in points ("Share-of-artist
    formulation")."""
    if rate.share_of_artist is None:
        return base * points / 100
    artist = base * rate.share_of_artist.artist_points / 100
    return exact(Fraction(artist) * Fraction(points) / Fraction(rate.share_of_artist.artist_points))


# Escalations -----------------------------------------------------------------------------


def counted(
    escalation: Escalation, contract: Contract, row: Revenue, share: Fraction, rates: ExchangeRates
) -> Fraction:
    """What a row adds to an escalation's counter ("Escalations": units, stream-equivalent
    units, or receipts): the units sold (an album's as sold), or the contract's share of the
    net receipts. Returns count below zero."""
    if escalation.counter is EscalationCounter.NET_RECEIPTS:
        return Fraction(pro_rate(net_of(contract, row, rates), share))
    if (
        escalation.counter is EscalationCounter.STREAM_EQUIVALENT_UNITS
        and row.channel is Channel.STREAM
    ):
        assert escalation.streams_per_unit is not None
        # streams ÷ streams per unit, at 20 places where that does not end, as a pro-rated
        # album line is (the README's "Money" names only those two; this is a third)
        return Fraction(exact(Fraction(row.units) / escalation.streams_per_unit))
    return Fraction(row.units)


def scope_of(escalation: Escalation, row: Revenue) -> str:
    """Which counter a row counts in: one per contract, per channel, or per release (each
    album line counts for its release, each track line for its recording)."""
    if escalation.scope is EscalationScope.CONTRACT:
        return ""
    if escalation.scope is EscalationScope.CHANNEL:
        return row.channel.value
    return row.recording


def points_reached(rate: RoyaltyRate, count: Fraction) -> Decimal:
    """The rate once the counter stands at ``count``: a step is reached when the count passes
    its threshold (``above`` is exclusive)."""
    assert rate.points is not None
    assert rate.escalation is not None
    points = rate.points
    for step in rate.escalation.steps:
        if count > step.above:
            points = step.points
    return points


def bands(rate: RoyaltyRate) -> list[tuple[Fraction | None, Fraction | None, Decimal]]:
    """The escalation's bands, lowest first: (from, to, points), each from exclusive, to
    inclusive; None for no bound."""
    assert rate.points is not None
    assert rate.escalation is not None
    edges: list[Fraction | None] = [None, *(Fraction(s.above) for s in rate.escalation.steps), None]
    points = [rate.points, *(s.points for s in rate.escalation.steps)]
    return [(edges[i], edges[i + 1], points[i]) for i in range(len(points))]


def prospective_parts(
    rate: RoyaltyRate, count: Fraction, quantity: Fraction
) -> list[tuple[Fraction, Decimal]]:
    """A row that moves the counter from ``count`` by ``quantity``, cut at the thresholds it
    crosses: (share of the row, points) in the order the counter passes them ("A period whose
    units cross a threshold is split: units below at the old rate, units above at the new").
    A row that counts nothing is at the rate of the next unit."""
    if quantity == 0:
        for low, high, points in bands(rate):
            if (low is None or count >= low) and (high is None or count < high):
                return [(Fraction(1), points)]
        raise AssertionError("bands cover every count")
    low_end, high_end = sorted((count, count + quantity))
    parts = []
    for low, high, points in bands(rate):
        start = low_end if low is None else max(low_end, low)
        end = high_end if high is None else min(high_end, high)
        if end > start:
            parts.append(((end - start) / abs(quantity), points))
    return parts if quantity > 0 else parts[::-1]


def split_base(base: Decimal, shares: list[Fraction]) -> list[Decimal]:
    """A row's base cut by ``shares``: each part at 20 places, the last the rest, so the
    row's base is kept whole (README, "Money")."""
    parts = [exact(base_share) for base_share in (Fraction(base) * s for s in shares[:-1])]
    return [*parts, base - sum(parts, Decimal(0))]
