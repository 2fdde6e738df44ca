"""What a contract earns on one row of income: which rows it covers and at what share, the base
its rate applies to, the multipliers, and escalations that split a row at a threshold.

Every figure is exact (``points.money.CONTEXT``) but two, which cannot be: a pro-rated amount
that does not end (a third of 10.00) is taken at 20 decimal places, and a row split between
two escalation bands is apportioned at 20 places with the last band taking the rest, so the
row's base is never lost or created. Each earning says in words how it was reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Context, Decimal, Inexact
from fractions import Fraction

from points.engine.revenue import ExchangeRates, Revenue
from points.model.catalog import Price, ProductFormat, Release
from points.model.contracts import (
    Channel,
    Contract,
    DealKind,
    EscalationCounter,
    EscalationMode,
    EscalationScope,
    Multiplier,
    RoyaltyBase,
    RoyaltyRate,
)
from points.money import CONTEXT

__all__ = [
    "Counter",
    "Cover",
    "Earning",
    "NoPriceError",
    "Prices",
    "count_of",
    "coverage",
    "earn",
    "gate_royalty",
    "one_band",
    "takes_statement_rate",
    "times_share",
]

HUNDRED = Decimal(100)
WHOLE = Fraction(1)  # the share of a row a contract usually earns on: compared by identity
_APPORTION = Context(prec=60)
_PLACES = Decimal(1).scaleb(-20)  # inexact figures: far below any minor unit, and room
# left in the money context (120 digits) for the multiplications that follow
_PHYSICAL = (ProductFormat.CD, ProductFormat.VINYL, ProductFormat.CASSETTE)
_DIGITAL = (ProductFormat.DIGITAL_ALBUM, ProductFormat.DIGITAL_TRACK)


class NoPriceError(LookupError):
    """A PPD or SRLP royalty on a row whose release has no single price to apply."""


@dataclass(frozen=True, slots=True)
class Earning:
    """A royalty earned on (part of) one row, in the contract's accounting currency."""

    contract: str
    term: str
    revenue: Revenue
    units: Decimal
    base: Decimal
    points: Decimal
    multiplier: Decimal
    amount: Decimal
    how: str
    channel: Channel | None = None  # a retroactive lift's channel; None: the row's


@dataclass(frozen=True, slots=True)
class Counter:
    """An escalation counter: the count so far, the base earned on it (rated at the points in
    force, for a retroactive step-up) and those points; for a retroactive escalation, that
    base per channel too, so a step lifts each channel's royalties on that channel (an advance
    recoups only from the channels it names, a reserve is held only on its channels). A
    counter kept before ``by_channel`` was has none, and lifts on the row's channel."""

    count: Decimal
    rated_base: Decimal
    points: Decimal
    by_channel: tuple[tuple[Channel, Decimal], ...] = ()

    def after(
        self, counted: Decimal, rated: Decimal, points: Decimal, channel: Channel, retro: bool
    ) -> Counter:
        """The counter once a row counting ``counted``, rated ``rated`` on ``channel``, is
        added at ``points``."""
        by_channel = self.by_channel
        if retro:
            bases = dict(by_channel)
            bases[channel] = CONTEXT.add(bases.get(channel, Decimal(0)), rated)
            by_channel = tuple(sorted(bases.items()))
        return Counter(
            CONTEXT.add(self.count, counted),
            CONTEXT.add(self.rated_base, rated),
            points,
            by_channel,
        )

    @property
    def rated(self) -> bool:
        """Whether a retroactive step has anything to lift."""
        return bool(self.rated_base) or any(base for _, base in self.by_channel)

    def lifted(self, channel: Channel) -> list[tuple[Channel, Decimal]]:
        """The base a retroactive step lifts, per channel (``channel``: where a counter kept
        without them lifts its whole base)."""
        if self.by_channel:
            return [(c, base) for c, base in self.by_channel if base]
        return [(channel, self.rated_base)] if self.rated_base else []


class Cover:
    """Which rows one contract covers, and at what share (sets built once per run: a large
    statement has 10^5 rows and a contract may name thousands of recordings)."""

    def __init__(self, contract: Contract, releases: Mapping[str, Release]) -> None:
        self.recordings = frozenset(contract.recordings)
        self.tracks = frozenset(
            isrc for upc in contract.releases if upc in releases for isrc in releases[upc].tracks
        )
        self.known = self.recordings or self.tracks
        # Every recording key a covered row can carry: its tracks, and its releases' album lines.
        self.keys = self.known | {f"upc:{upc}" for upc in contract.releases}
        self.album_shares: dict[str, Fraction | None] = {}
        for upc in contract.releases:
            release = releases.get(upc)
            if contract.pro_ration == "none" or not contract.recordings or release is None:
                self.album_shares[upc] = WHOLE
                continue
            ours = sum(1 for isrc in release.tracks if isrc in self.recordings)
            self.album_shares[upc] = Fraction(ours, len(release.tracks)) if ours else None

    def share(self, revenue: Revenue) -> Fraction | None:
        """The share of a row's income the contract earns on, or ``None`` if it covers none.

        A track's line is covered if the contract names the ISRC (or, naming no recordings, a
        release that carries it). An album line is covered if it names the release, pro-rated
        by the tracks it covers (3 of 12 tracks earn on 3/12 of the album, DOMAIN.md
        "Pro-ration").
        """
        return self.share_of(revenue.recording)

    def share_of(self, recording: str) -> Fraction | None:
        """The share of any row of ``recording`` (an ISRC, or ``upc:…``) the contract earns on."""
        if not recording.startswith("upc:"):
            return WHOLE if recording in self.known else None
        return self.album_shares.get(recording[4:])


def coverage(
    contract: Contract, revenue: Revenue, releases: Mapping[str, Release]
) -> Fraction | None:
    """``Cover(contract, releases).share(revenue)``, for one row."""
    return Cover(contract, releases).share(revenue)


def times_share(amount: Decimal, share: Fraction) -> Decimal:
    """``amount × share``: exact when it ends (36.042984 × 2/6 = 12.014328), else at 20
    places (a third of 10.00)."""
    if share is WHOLE or share == 1:
        return amount
    product = CONTEXT.multiply(amount, Decimal(share.numerator))
    try:
        return CONTEXT.divide(product, Decimal(share.denominator))  # traps an inexact result
    except Inexact:
        exact = _APPORTION.divide(product, Decimal(share.denominator))
        return exact.quantize(_PLACES, context=_APPORTION)


class Prices:
    """The one price a PPD or SRLP royalty applies to a row: its release's (a track's line: the
    one release carrying the track), in the row's format family. Releases are indexed by track
    once, and each answer kept: a run prices many rows of few releases."""

    def __init__(self, releases: Mapping[str, Release]) -> None:
        self.releases = releases
        self.by_track: dict[str, list[Release]] = {}
        for release in releases.values():
            for isrc in dict.fromkeys(release.tracks):
                self.by_track.setdefault(isrc, []).append(release)
        self._found: dict[tuple[str, str, Channel], Price | str] = {}

    def price(self, rate: RoyaltyRate, revenue: Revenue) -> Price:
        """Raises:
        NoPriceError: no single price to apply."""
        field = "ppd" if rate.base is RoyaltyBase.PPD else "srlp"
        key = (field, revenue.recording, revenue.channel)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._look_up(field, revenue)
        if isinstance(found, str):
            raise NoPriceError(found)
        return found

    def _look_up(self, field: str, revenue: Revenue) -> Price | str:
        upc = revenue.upc
        candidates = self.by_track.get(revenue.recording, []) if upc is None else []
        release = (
            self.releases.get(upc) if upc else (candidates[0] if len(candidates) == 1 else None)
        )
        formats = _PHYSICAL if revenue.channel is Channel.PHYSICAL else _DIGITAL
        prices = [
            p
            for p in (release.prices if release else ())
            if p.format in formats and getattr(p, field) is not None
        ]
        if len(prices) != 1:
            where = f"release {release.upc}" if release else f"recording {revenue.recording}"
            return (
                f"{where} has {len(prices)} {field.upper()} prices for {revenue.channel} sales; "
                "a royalty on it needs exactly one"
            )
        return prices[0]


def _base(
    rate: RoyaltyRate,
    revenue: Revenue,
    contract: Contract,
    prices: Prices,
    rates: ExchangeRates,
) -> tuple[Decimal, str]:
    """The whole row's base in the accounting currency, and how it was reached."""
    currency = contract.accounting.currency
    if rate.base is RoyaltyBase.NET_RECEIPTS:
        net = revenue.net_in(currency, rates, takes_statement_rate(contract))
        return net, f"net receipts {net} {currency}"
    if rate.base is RoyaltyBase.PER_UNIT:
        assert rate.per_unit is not None
        return CONTEXT.multiply(revenue.units, rate.per_unit), f"{revenue.units} units"
    price = prices.price(rate, revenue)
    if rate.base is RoyaltyBase.PPD:
        assert price.ppd is not None
        unit, what = price.ppd, f"PPD {price.ppd} {price.currency}"
    else:
        assert price.srlp is not None
        deduction = rate.packaging_deduction
        if deduction is None:
            deduction = price.effective_packaging_deduction
        unit = CONTEXT.multiply(price.srlp, CONTEXT.subtract(1, CONTEXT.divide(deduction, HUNDRED)))
        what = f"SRLP {price.srlp} {price.currency} less {deduction}% packaging"
    unit = rates.convert(unit, price.currency, currency, revenue.month)
    return CONTEXT.multiply(revenue.units, unit), f"{revenue.units} units × {what}"


def takes_statement_rate(contract: Contract) -> bool:
    """Whether the contract converts income at the rate its statement states, where the
    statement states one (``accounting.exchange_rate: statement``, the default)."""
    return contract.accounting.exchange_rate == "statement"


def _applies(multiplier: Multiplier, revenue: Revenue) -> bool:
    if multiplier.channels is not None and revenue.channel not in multiplier.channels:
        return False
    if multiplier.territories is not None:
        return revenue.territory in multiplier.territories
    if multiplier.outside is not None:  # a line naming no single country is not "outside"
        return bool(revenue.territory) and revenue.territory not in multiplier.outside
    return True


def _multiplier(contract: Contract, revenue: Revenue) -> tuple[Decimal, list[str]]:
    factor, reasons = Decimal(1), []
    for multiplier in contract.multipliers:
        if _applies(multiplier, revenue):
            factor = CONTEXT.multiply(factor, CONTEXT.divide(multiplier.percent, HUNDRED))
            reasons.append(f"{multiplier.percent}% ({multiplier.reason or 'multiplier'})")
    return factor, reasons


def _prices(releases: Mapping[str, Release] | Prices) -> Prices:
    return releases if isinstance(releases, Prices) else Prices(releases)


def gate_royalty(
    contract: Contract,
    index: int,
    revenue: Revenue,
    points: Decimal,
    releases: Mapping[str, Release] | Prices,
    rates: ExchangeRates,
) -> Decimal:
    """What the artist's account earns on a row at ``points`` (record one's net artist rate):
    on the whole row, since the artist earns on every record that carries the masters."""
    whole, _ = _base(contract.royalties[index], revenue, contract, _prices(releases), rates)
    factor, _ = _multiplier(contract, revenue)
    return CONTEXT.multiply(CONTEXT.multiply(whole, factor), CONTEXT.divide(points, HUNDRED))


def counter_key(contract: Contract, index: int, rate: RoyaltyRate, revenue: Revenue) -> str:
    """Which counter an escalation counts on: the contract's rate, per channel or per release."""
    scope = rate.escalation.scope if rate.escalation else EscalationScope.CONTRACT
    key = f"{contract.id}/royalties[{index}]"
    if scope is EscalationScope.CHANNEL:
        return f"{key}/{revenue.channel}"
    if scope is EscalationScope.RELEASE:
        return f"{key}/{revenue.recording}"
    return key


def count_of(
    contract: Contract,
    rate: RoyaltyRate,
    revenue: Revenue,
    base: Decimal,
    share: Fraction,
    rates: ExchangeRates,
) -> Decimal:
    """What a row adds to its escalation counter: its units (or stream-equivalent units), or
    the contract's share of its net receipts (its base, for a rate on net receipts; a PPD,
    SRLP or per-unit base is not receipts).

    Raises:
        MissingRateError: receipts in a currency with no rate to the contract's.
    """
    escalation = rate.escalation
    assert escalation is not None
    if escalation.counter is EscalationCounter.NET_RECEIPTS:
        if rate.base is RoyaltyBase.NET_RECEIPTS:
            return base
        currency = contract.accounting.currency
        return times_share(revenue.net_in(currency, rates, takes_statement_rate(contract)), share)
    if escalation.counter is EscalationCounter.STREAM_EQUIVALENT_UNITS and (
        revenue.channel is Channel.STREAM
    ):
        assert escalation.streams_per_unit is not None
        units = _APPORTION.divide(revenue.units, Decimal(escalation.streams_per_unit))
        return units.quantize(_PLACES, context=_APPORTION)
    return revenue.units


def _points_at(rate: RoyaltyRate, count: Decimal) -> Decimal:
    """The points in force for the unit counted after ``count``: a step ``above: 250000``
    applies from the 250,001st unit (prospective escalation)."""
    assert rate.points is not None
    points = rate.points
    for step in rate.escalation.steps if rate.escalation else ():
        if count >= step.above:
            points = step.points
    return points


def _points_reached(rate: RoyaltyRate, count: Decimal) -> Decimal:
    """The points in force for every unit once ``count`` units are counted (retroactive
    escalation): a step ``above: 250000`` is reached when the count passes 250,000, so at
    exactly 250,000 no unit is above it and the base rate stands, as it does prospectively
    (DOMAIN.md, "Escalations": "once cumulative units pass a threshold")."""
    assert rate.points is not None
    points = rate.points
    for step in rate.escalation.steps if rate.escalation else ():
        if count > step.above:
            points = step.points
    return points


def _retroactive_points(rate: RoyaltyRate, state: Counter, after: Decimal) -> Decimal:
    """The points every unit is paid at once the count is ``after``: the highest reached so
    far. Returns that bring the count back below a step do not take it away (nor lower what
    was earned before): they are charged at it."""
    return max(state.points, _points_reached(rate, after))


def _bands(rate: RoyaltyRate, before: Decimal, added: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Split ``added`` counted units, starting after ``before``, into (amount, points) bands
    at the escalation thresholds. A fall (returns) takes back the last units counted, each at
    the points it was counted at: from ``before`` down, split where it crosses a threshold
    (so a return at exactly 250,000 units is charged at the rate below the step)."""
    if added == 0 or rate.escalation is None:
        return [(added, _points_at(rate, before))]
    bands, position, end = [], before, CONTEXT.add(before, added)
    if added < 0:
        for step in reversed(rate.escalation.steps):
            if end < step.above < position:
                bands.append(
                    (CONTEXT.subtract(step.above, position), _points_reached(rate, position))
                )
                position = step.above
        bands.append((CONTEXT.subtract(end, position), _points_reached(rate, position)))
        return bands
    for step in rate.escalation.steps:
        if position < step.above < end:
            bands.append((CONTEXT.subtract(step.above, position), _points_at(rate, position)))
            position = step.above
    bands.append((CONTEXT.subtract(end, position), _points_at(rate, position)))
    return bands


def _apportion(whole: Decimal, parts: list[Decimal]) -> list[Decimal]:
    """``whole`` in proportion to ``parts``, at 20 places, the last part taking the rest."""
    total = sum(parts, Decimal(0))
    if total == 0 or len(parts) == 1:
        return [whole] + [Decimal(0)] * (len(parts) - 1)
    shares = [
        _APPORTION.divide(_APPORTION.multiply(whole, part), total).quantize(
            _PLACES, context=_APPORTION
        )
        for part in parts[:-1]
    ]
    return [*shares, CONTEXT.subtract(whole, sum(shares, Decimal(0)))]


def one_band(rate: RoyaltyRate, state: Counter, counted: Decimal) -> Decimal | None:
    """The points ``earn`` applies to a row that adds ``counted`` to an escalation counter at
    ``state``, when it books the row as one earning: the count stays within one band (or
    falls) and no retroactive step is due. ``None`` when ``earn`` would split the row or add
    a step, so the caller goes through ``earn``."""
    escalation = rate.escalation
    assert escalation is not None
    if escalation.mode is EscalationMode.RETROACTIVE:
        points = _retroactive_points(rate, state, CONTEXT.add(state.count, counted))
        return None if points != state.points and state.rated else points
    after = CONTEXT.add(state.count, counted)
    if counted > 0:
        if any(state.count < step.above < after for step in escalation.steps):
            return None
    elif counted < 0:  # returns: at the points the last units were counted at
        if any(after < step.above < state.count for step in escalation.steps):
            return None
        return _points_reached(rate, state.count)
    return _points_at(rate, state.count)


def _plain(number: Decimal) -> str:
    """``50000.000…0`` as ``50000``, never as ``5E+4``."""
    return f"{number.normalize():f}"


def earn(
    contract: Contract,
    index: int,
    revenue: Revenue,
    share: Fraction,
    counter: Counter | None,
    releases: Mapping[str, Release] | Prices,
    rates: ExchangeRates,
) -> tuple[list[Earning], Counter | None]:
    """The royalty of rate ``index`` on a row, at ``share`` of it, and the counter after.
    ``releases`` may be given as ``Prices`` over them, built once for many rows.

    Raises:
        NoPriceError: a PPD/SRLP rate with no single price for the row's release.
        MissingRateError: income or a price in a currency with no rate to the contract's.
    """
    rate = contract.royalties[index]
    currency = contract.accounting.currency
    whole, base_how = _base(rate, revenue, contract, _prices(releases), rates)
    base = times_share(whole, share)
    factor, reasons = _multiplier(contract, revenue)
    rated = CONTEXT.multiply(base, factor)
    term = f"royalties[{index}]"
    whole_row = share is WHOLE or share == 1
    how = base_how if whole_row else f"{base_how} × {share} of the release's tracks"
    if reasons:
        how += "".join(f" × {reason}" for reason in reasons)
    if rate.points is None:  # per unit: the base is already the royalty
        return [
            Earning(
                contract.id,
                term,
                revenue,
                revenue.units,
                base,
                HUNDRED,
                factor,
                rated,
                f"{how}, at {rate.per_unit} per unit",
            )
        ], counter
    if contract.kind is DealKind.PROFIT_SHARE:
        how += ", the payee's share of net profit"
    if rate.share_of_artist is not None:
        artist = rate.share_of_artist.artist_points
        how += f", as {rate.points}/{artist} of the artist's {artist}% royalty"
    state = counter or Counter(Decimal(0), Decimal(0), rate.points)
    if rate.escalation is None:  # the share is applied last, so an exact amount stays exact
        exact = CONTEXT.multiply(
            CONTEXT.multiply(whole, factor), CONTEXT.divide(rate.points, HUNDRED)
        )
        amount = times_share(exact, share)
        earning = Earning(
            contract.id,
            term,
            revenue,
            revenue.units,
            base,
            rate.points,
            factor,
            amount,
            f"{how} × {rate.points}%",
        )
        return [earning], None
    counted = count_of(contract, rate, revenue, base, share, rates)
    bands = _bands(rate, state.count, counted)
    after = CONTEXT.add(state.count, counted)
    earnings: list[Earning] = []
    if rate.escalation.mode is EscalationMode.RETROACTIVE:
        points = _retroactive_points(rate, state, after)
        bands = [(counted, points)]
        step = CONTEXT.subtract(points, state.points)
        for channel, lifted in state.lifted(revenue.channel) if step else ():
            earnings.append(
                Earning(
                    contract.id,
                    f"{term} escalation",
                    revenue,
                    Decimal(0),
                    lifted,
                    step,
                    Decimal(1),
                    CONTEXT.multiply(lifted, CONTEXT.divide(step, HUNDRED)),
                    f"retroactive step from {state.points}% to {points}% on "
                    f"{lifted} {currency} of {channel} royalties earned before",
                    channel,
                )
            )
    parts = _apportion(base, [amount for amount, _ in bands])
    unit_parts = _apportion(revenue.units, [amount for amount, _ in bands])
    for (_, points), part, units in zip(bands, parts, unit_parts, strict=True):
        amount = CONTEXT.multiply(CONTEXT.multiply(part, factor), CONTEXT.divide(points, HUNDRED))
        band_how = f"{how} × {points}%"
        if len(bands) > 1:
            band_how += f" ({_plain(units)} of the row's {revenue.units} units at this step)"
        earnings.append(
            Earning(contract.id, term, revenue, units, part, points, factor, amount, band_how)
        )
    final_points = bands[-1][1]
    retro = rate.escalation.mode is EscalationMode.RETROACTIVE
    return earnings, state.after(counted, rated, final_points, revenue.channel, retro)


@dataclass(frozen=True, slots=True)
class RowTerms:
    """What one contract's rate does to a row of one channel and territory, worked out once.

    ``simple`` rates (points on a base, escalating or not) are computed by the engine's inner
    loop itself, as ``earn`` computes them (an escalating row only when it stays in one band:
    ``one_band``); the rest go through ``earn``. ``tail`` is the end of the explanation ``earn``
    writes after the base and the share: multipliers, the kind of deal, the share of the
    artist's royalty and the points; ``lead`` is the same without the points."""

    index: int
    rate: RoyaltyRate
    simple: bool
    net_receipts: bool
    factor: Decimal
    points: Decimal  # the points as a factor (3 → 0.03); simple rates only
    escalates: bool
    counter: str | None  # the escalation counter's key, when its scope is the contract
    gate: Decimal | None  # record one's net artist rate as a factor, if the contract has one
    term: str
    tail: str
    lead: str
    # ``factor × points`` and ``factor × gate``: exact, so a base times one of them is the same
    # number, to the last digit and exponent, as the base times each in turn.
    per_base: Decimal
    gate_per_base: Decimal | None
    net_words: str  # after "net receipts {base}": the currency and ``tail``
    # Points on net receipts without an escalation: the inner loop's commonest case.
    plain: bool = field(init=False)

    def __post_init__(self) -> None:
        plain = self.simple and self.net_receipts and not self.escalates
        object.__setattr__(self, "plain", plain)


class Rating:
    """One contract's rates, ready for many rows (``earn`` works everything out per row; a run
    over thousands of contracts asks the same questions of every row of a channel and
    territory). Built once per run; ``gates`` are record one's points per rate index."""

    __slots__ = (
        "_by_rule",
        "_shares",
        "contract",
        "currency",
        "gates",
        "known_terms",
        "rate_of",
    )

    def __init__(self, contract: Contract, gates: Mapping[int, Decimal | None]) -> None:
        self.contract = contract
        self.currency = contract.accounting.currency
        self.gates = gates
        self.rate_of = {
            channel: i for i, rate in enumerate(contract.royalties) for channel in rate.channels
        }
        self.known_terms: dict[tuple[Channel, str], RowTerms | None] = {}
        # Rows of channels under one rate, with the same multipliers applying, share their terms.
        self._by_rule: dict[tuple[int, tuple[int, ...]], RowTerms] = {}
        self._shares: dict[Fraction, str] = {}

    def terms(self, revenue: Revenue) -> RowTerms | None:
        """The terms for a row's channel and territory; ``None`` if the deal pays nothing on its
        channel."""
        key = (revenue.channel, revenue.territory)
        if key in self.known_terms:
            return self.known_terms[key]
        found: RowTerms | None
        index = self.rate_of.get(revenue.channel)
        if index is None:
            found = None
        else:
            multipliers = self.contract.multipliers
            applying = (
                tuple(i for i, m in enumerate(multipliers) if _applies(m, revenue))
                if multipliers
                else ()
            )
            rule = (index, applying)
            found = self._by_rule.get(rule)
            if found is None:
                found = self._work_out(revenue)
                if found is not None:
                    self._by_rule[rule] = found
        self.known_terms[key] = found
        return found

    def _work_out(self, revenue: Revenue) -> RowTerms | None:
        index = self.rate_of.get(revenue.channel)
        if index is None:
            return None
        contract = self.contract
        rate = contract.royalties[index]
        factor, reasons = _multiplier(contract, revenue)
        lead = "".join(f" × {reason}" for reason in reasons)
        tail = lead
        if rate.points is not None:  # as ``earn`` words it
            if contract.kind is DealKind.PROFIT_SHARE:
                lead += ", the payee's share of net profit"
            if rate.share_of_artist is not None:
                artist = rate.share_of_artist.artist_points
                lead += f", as {rate.points}/{artist} of the artist's {artist}% royalty"
            tail = lead + f" × {rate.points}%"
        escalation = rate.escalation
        counter = None
        if escalation is not None and escalation.scope is EscalationScope.CONTRACT:
            counter = counter_key(contract, index, rate, revenue)
        gate = self.gates.get(index)
        points = CONTEXT.divide(rate.points, HUNDRED) if rate.points is not None else Decimal(0)
        gate_points = CONTEXT.divide(gate, HUNDRED) if gate is not None else None
        return RowTerms(
            index,
            rate,
            rate.points is not None,
            rate.base is RoyaltyBase.NET_RECEIPTS,
            factor,
            points,
            escalation is not None,
            counter,
            gate_points,
            f"royalties[{index}]",
            tail,
            lead,
            CONTEXT.multiply(factor, points),
            None if gate_points is None else CONTEXT.multiply(factor, gate_points),
            f" {self.currency}{tail}",
        )

    def base(
        self, terms: RowTerms, revenue: Revenue, prices: Prices, rates: ExchangeRates
    ) -> tuple[Decimal, str]:
        """The whole row's base in the accounting currency, and how it was reached.

        Raises:
            NoPriceError: a PPD/SRLP rate with no single price for the row's release.
            MissingRateError: a currency with no rate to the contract's.
        """
        return _base(terms.rate, revenue, self.contract, prices, rates)

    def share_words(self, share: Fraction) -> str:
        """How ``earn`` names a pro-rated share of an album line."""
        words = self._shares.get(share)
        if words is None:
            words = self._shares[share] = f" × {share} of the release's tracks"
        return words
