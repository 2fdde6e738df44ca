"""Random deals and income for the differential property, with thresholds placed on purpose.

A scenario is plain data (dicts of contract terms, as a contract file says them, and rows of
income as tuples), so a counterexample prints as code that can be pinned with ``@example``.

Boundaries: a deal's escalation thresholds, record one's recording costs, advances and minimum
payments are first left out of reach, and the reference is run to see where the counters, the
gate, the recoupment and the payables go (``Result.trace``); each is then put exactly at one of
those figures, one unit below or one above it (or, now and then, anywhere).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from typing import Any

from hypothesis import strategies as st

from points.engine.revenue import ExchangeRates, Revenue
from points.model.catalog import Release
from points.model.contracts import Channel, Contract
from points.model.limits import MAX_AMOUNT_PLACES
from points.model.periods import Month
from reference import model

TRACKS = ("QZRLR2600001", "QZRLR2600002", "QZRLR2600003")
UPC = "198724001509"
PARTIES = ("jane", "lena", "marcus", "nia")
FAR = Decimal(10) ** 12

# EUR is worth dollars in the first nine months of 2026 only; USD is worth euros at one rate
# for every month; GBP has no rate at all (its rows are held unless the statement converted
# them into the contract's currency).
RATES = ExchangeRates(
    {
        **{
            ("EUR", "USD", Month(2026, m)): Decimal("1.08") + Decimal(m) / 1000
            for m in range(1, 10)
        },
        ("USD", "EUR", None): Decimal("0.92"),
    }
)

Row = tuple[str, str, str, int, str, str, str, str, str]


def revenue(row: Row) -> Revenue:
    """``(recording, channel, territory, month of 2026 (13+: 2027), currency, units, net,
    other currency, other net)`` as the engine's ``Revenue``."""
    recording, channel, territory, month, code, units, net, other, other_net = row
    when = Month(2026 + (month - 1) // 12, (month - 1) % 12 + 1)
    return Revenue(
        recording,
        Channel(channel),
        territory,
        when,
        code,
        Decimal(units),
        Decimal(net),
        1,
        (),
        other,
        Decimal(other_net or 0),
    )


@dataclass(frozen=True)
class Scenario:
    """A catalog release, contract terms, and the runs of income: (rows, through month)."""

    release: dict[str, Any]
    deals: list[dict[str, Any]]
    batches: list[tuple[list[Row], str | None]]

    def contracts(self) -> list[Contract]:
        return [contract(terms) for terms in self.deals]

    def releases(self) -> dict[str, Release]:
        return {UPC: Release.model_validate(self.release)}

    def runs(self) -> list[tuple[list[Revenue], Month | None]]:
        return [
            ([revenue(row) for row in rows], Month.parse(through) if through else None)
            for rows, through in self.batches
        ]


def contract(terms: dict[str, Any]) -> Contract:
    base = {"title": "Producer agreement", "payer": "ava", "payee": "jane"}
    return Contract.model_validate(base | terms)


# Boundaries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Boundary:
    """A value to place on a traced figure: ``trace`` names it, ``unit`` is one step off."""

    trace: str
    unit: Decimal
    far: Decimal = FAR

    def near(self, draw: st.DrawFn, seen: dict[str, list[Decimal]]) -> Decimal:
        """A figure the trace went through, exactly, one unit below or one above; now and then
        any value. A payable or a recoupment is placed on the first as often as not (what
        the later ones are depends on it); record one's gate, as often as not, after the first
        period's, so that royalties accrue before it opens."""
        found = [
            v for key, values in seen.items() if key.startswith(self.trace) for v in values if v > 0
        ]
        if not found or draw(st.integers(0, 9)) == 0:
            scale = draw(st.sampled_from(["1", "50", "123.45", "1000"]))
            return Decimal(scale) * self.unit * 100
        if self.trace.startswith("gate") and len(set(found)) > 1 and draw(st.booleans()):
            found = [v for v in found if v != found[0]]  # so that royalties accrue before
        first = self.trace.startswith(("payable", "recouped")) and draw(st.booleans())
        value = found[0] if first else draw(st.sampled_from(sorted(set(found))))
        value += draw(st.sampled_from([-1, 0, 0, 1])) * self.unit
        return _placeable(value if value > 0 else self.unit, draw)


def _placeable(value: Decimal, draw: st.DrawFn) -> Decimal:
    """``value`` as a contract can state it: a traced figure finer than the places a workspace
    amount may have (``points.model.limits.MAX_AMOUNT_PLACES``; a 20-place share times a
    percentage has more) is placed on the nearest such amount below it or above it."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent >= -MAX_AMOUNT_PLACES:
        return value
    quantum = Decimal(1).scaleb(-MAX_AMOUNT_PLACES)
    rounding = draw(st.sampled_from([ROUND_FLOOR, ROUND_CEILING]))
    placed = value.quantize(quantum, rounding=rounding, context=Context(prec=200))
    return placed if placed > 0 else quantum


def resolve(terms: Any, value: Callable[[Boundary], Any]) -> Any:
    """The terms with each boundary replaced by ``value(boundary)`` (as text)."""
    if isinstance(terms, Boundary):
        placed = value(terms)
        return placed if isinstance(placed, Boundary) else str(placed)
    if isinstance(terms, dict):
        return {key: resolve(item, value) for key, item in terms.items()}
    if isinstance(terms, list):
        return [resolve(item, value) for item in terms]
    return terms


def finish(terms: Any) -> Any:
    """Escalation steps as contracts need them: thresholds rising (two placed on one figure
    become one step), each step's points the rate's plus the rises drawn."""
    if isinstance(terms, list):
        return [finish(item) for item in terms]
    if not isinstance(terms, dict):
        return terms
    terms = {key: finish(item) for key, item in terms.items()}
    escalation = terms.get("escalation")
    if escalation is not None:
        thresholds = sorted({Decimal(step["above"]) for step in escalation["steps"]})
        points = Decimal(terms["points"])
        steps = []
        for above, rise in zip(thresholds, escalation["rises"], strict=False):
            points += Decimal(rise)
            steps.append({"above": str(above), "points": str(points)})
        rest = {k: v for k, v in escalation.items() if k != "rises"}
        terms["escalation"] = rest | {"steps": steps}
    return terms


# Income ----------------------------------------------------------------------------------

UNITS = st.sampled_from([0, 1, 2, 3, 7, 10, 99, 100, 101, 250, 1000, 25000])
PRICES = st.sampled_from(["0.004", "0.01", "0.0125", "0.5", "1", "8.25"])


@st.composite
def rows(draw: st.DrawFn, months: list[int]) -> Row:
    """A row of income: a track or an album line, sales or (now and then) returns, in
    dollars, euros (with a rate in some months) or pounds (no rate), sometimes with the
    statement's own conversion into the other currency."""
    if draw(st.integers(0, 2)) == 0:
        recording = "upc:" + UPC
        channel = draw(st.sampled_from(["download", "physical", "physical"]))
    else:
        recording = draw(st.sampled_from(TRACKS))
        channel = draw(st.sampled_from(["stream", "stream", "download", "sync", "other"]))
    units = draw(UNITS)
    if draw(st.integers(0, 3)) == 0:
        net = draw(st.decimals(0, 5000, places=6))
    else:
        net = units * Decimal(draw(PRICES))
    if draw(st.integers(0, 5)) == 0:  # a return (more come after their sales: ``returned``)
        units, net = -units, -net
    code = draw(st.sampled_from(["USD", "USD", "USD", "USD", "EUR", "GBP"]))
    other, other_net = "", ""
    if code != "USD" and draw(st.booleans()):
        other = draw(st.sampled_from(["USD", "EUR"]))
        if other != code:
            factor = draw(st.sampled_from(["0.9", "1.2642", "1.1"]))
            other_net = str(net * Decimal(factor))
        else:
            other = ""
    territory = draw(st.sampled_from(["US", "US", "GB", "DE", ""]))
    month = draw(st.sampled_from(months))
    return (recording, channel, territory, month, code, str(units), str(net), other, other_net)


@st.composite
def returned(draw: st.DrawFn, sale: Row) -> Row:
    """Some of a sale returned, in its month or up to seven after: the same recording,
    channel, territory and currency, all of its units, half or a tenth."""
    recording, channel, territory, month, code, units, net, other, other_net = sale
    part = Decimal(draw(st.sampled_from(["1", "0.5", "0.1"])))
    back = str(-Decimal(other_net) * part) if other_net else ""
    count = -(Decimal(units) * part).to_integral_value()
    later = month + draw(st.integers(0, 7))
    return (
        recording,
        channel,
        territory,
        later,
        code,
        str(count),
        str(-Decimal(net) * part),
        other,
        back,
    )


@st.composite
def batches(draw: st.DrawFn) -> list[tuple[list[Row], str | None]]:
    """The income of one to three runs, in a few months of 2026 (and early 2027); a later run
    may bring rows for months already run (booked in the next period), and a run may go on
    through a later month."""
    months = draw(st.lists(st.integers(1, 18), min_size=1, max_size=5, unique=True))
    income = draw(st.lists(rows(sorted(months)), min_size=4, max_size=20))
    sales = [row for row in income if not row[5].startswith("-")]
    income += [draw(returned(sale)) for sale in sales if draw(st.integers(0, 2)) == 0]
    runs = draw(st.integers(1, 3))
    cuts = draw(st.lists(st.integers(0, len(income)), min_size=runs - 1, max_size=runs - 1))
    ends = sorted(cuts)
    pieces = [income[a:b] for a, b in zip([0, *ends], [*ends, len(income)], strict=True)]
    result = []
    for piece in pieces:
        through = None
        if draw(st.booleans()):
            last = max((row[3] for row in piece), default=1)
            month = draw(st.integers(last, last + 8))
            through = f"{2026 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}"
        result.append((piece, through))
    return result


# Deals -----------------------------------------------------------------------------------

LAYOUTS = [
    [["stream", "download"], ["physical"]],
    [["stream"], ["download", "sync"], ["physical"]],
    [["stream", "download", "sync", "other", "physical"]],
    [["stream"], ["physical"]],
    [["download", "physical"], ["stream", "other"]],
]
SPLITS = [
    None,
    None,
    [("jane", "1/3"), ("lena", "1/3"), ("marcus", "1/3")],
    [("jane", "1/7"), ("lena", "6/7")],
    [("jane", "2/7"), ("lena", "3/7"), ("marcus", "2/7")],
    [("jane", "33.33"), ("lena", "66.67")],
    [("jane", "10"), ("lena", "70"), ("marcus", "10"), ("nia", "10")],
]
POINTS = st.sampled_from(["1", "2.5", "3", "4", "0.01", "12.75"])
DAYS = st.sampled_from(
    ["2026-01-05", "2026-02-28", "2026-04-01", "2026-06-30", "2026-09-15", "2027-01-10"]
)


@st.composite
def rate(
    draw: st.DrawFn, deal: str, index: int, channels: list[str], per_unit: bool
) -> dict[str, Any]:
    """A royalty rate on some channels: points on a base (physical: PPD or SRLP too), an
    amount per unit, or a share of the artist's royalty; now and then escalating."""
    bases = ["net_receipts", "net_receipts"] + (["per_unit"] if per_unit else [])
    if channels == ["physical"]:
        bases += ["ppd", "srlp", "ppd"]
    base = draw(st.sampled_from(bases))
    terms: dict[str, Any] = {"channels": channels, "base": base}
    if base == "per_unit":
        terms["per_unit"] = draw(st.sampled_from(["0.10", "0.004", "1"]))
        return terms
    terms["points"] = draw(POINTS)
    if base == "srlp" and draw(st.booleans()):
        terms["packaging_deduction"] = draw(st.sampled_from(["0", "10", "25"]))
    if draw(st.integers(0, 4)) == 0:
        artist = draw(st.sampled_from(["12", "18", "21"]))
        terms["share_of_artist"] = {"artist_points": artist}
        terms["points"] = draw(st.sampled_from(["1", "3", "4"]))
    elif draw(st.integers(0, 2)) > 0:
        counter = draw(st.sampled_from(["units", "stream_equivalent_units", "net_receipts"]))
        unit = Decimal("0.01") if counter == "net_receipts" else Decimal(1)
        trace = f"counter:{deal}:{index}"
        count = draw(st.integers(1, 3))
        terms["escalation"] = {
            "counter": counter,
            "scope": draw(st.sampled_from(["contract", "channel", "release"])),
            "mode": draw(st.sampled_from(["prospective", "prospective", "retroactive"])),
            "steps": [{"above": Boundary(trace, unit, FAR + i)} for i in range(count)],
            "rises": draw(
                st.lists(st.sampled_from(["0.5", "1", "2.25"]), min_size=count, max_size=count)
            ),
        }
        if counter == "stream_equivalent_units":
            terms["escalation"]["streams_per_unit"] = draw(st.sampled_from([1, 2, 10, 3]))
    return terms


@st.composite
def deal(
    draw: st.DrawFn, index: int, pool: str | None, accounting: dict[str, Any]
) -> dict[str, Any]:
    """One contract's terms, boundaries still open."""
    name = f"deal-{index}"
    terms: dict[str, Any] = {"id": name, "accounting": dict(accounting)}
    if pool:
        terms["recoupment_pool"] = pool
    if draw(st.booleans()):
        terms["date"] = draw(DAYS)
    recordings = draw(st.lists(st.sampled_from(TRACKS), unique=True, max_size=3))
    terms["recordings"] = recordings
    if draw(st.integers(0, 3)) > 0 or not recordings:
        terms["releases"] = [UPC]
        if draw(st.integers(0, 3)) == 0:
            terms["pro_ration"] = "none"
    minimum = draw(st.sampled_from(["0", "boundary", "boundary", "10", "50"]))
    if minimum == "boundary":
        terms["accounting"]["minimum_payment"] = Boundary(
            f"payable:{name}:", Decimal("0.01"), Decimal(0)
        )
    elif minimum != "0":
        terms["accounting"]["minimum_payment"] = minimum
    terms["accounting"]["minimum_rule"] = draw(st.sampled_from(["at_least", "more_than"]))
    rounding = draw(st.sampled_from(["half_up", "half_even", None]))  # None: the default
    if rounding is not None:
        terms["accounting"]["rounding"] = rounding
    terms["accounting"]["rounding_remainder"] = draw(st.sampled_from(["carry", "carry", "drop"]))
    terms["accounting"]["exchange_rate"] = draw(st.sampled_from(["statement", "rates_file"]))
    if draw(st.booleans()):
        shares = draw(st.sampled_from(SPLITS))
        if shares:
            terms["payees"] = [{"party": party, "percent": share} for party, share in shares]
    terms["fees"] = [fee(draw) for _ in range(draw(st.integers(0, 2)))]
    terms["advances"] = [
        advance(draw, f"recouped:{name}/advances[{i}]") for i in range(draw(st.integers(0, 2)))
    ]
    terms["costs"] = [cost(draw) for _ in range(draw(st.integers(0, 2)))]
    if draw(st.integers(0, 4)) == 0:
        terms["kind"] = "profit_share"
        terms["profit_share"] = {"percent": draw(st.sampled_from(["50", "33.33", "20"]))}
        return terms
    layout = draw(st.sampled_from(LAYOUTS))
    record_one = draw(st.booleans())  # record one is modelled on points only, not per unit
    terms["royalties"] = [
        draw(rate(name, i, channels, not record_one)) for i, channels in enumerate(layout)
    ]
    if draw(st.booleans()):
        terms["multipliers"] = [
            draw(
                st.sampled_from(
                    [
                        {"outside": ["US"], "percent": "75", "reason": "foreign"},
                        {"territories": ["DE", "GB"], "percent": "50"},
                        {"channels": ["sync", "other"], "percent": "50", "reason": "licences"},
                        {"channels": ["physical"], "territories": ["GB"], "percent": "85"},
                    ]
                )
            )
            for _ in range(draw(st.integers(1, 2)))
        ]
    if draw(st.booleans()):
        terms["reserve"] = reserve(draw, layout)
    if record_one:
        points = [Decimal(r["points"]) for r in terms["royalties"]]
        others = draw(st.sampled_from(["0", "0", "2", "3.5"]))
        terms["record_one"] = {
            "gate": draw(
                st.sampled_from(["net_artist_rate", "net_artist_rate", "all_in_rate", "none"])
            ),
            "artist_all_in_points": str(
                max(points) + Decimal(others) + draw(st.sampled_from([1, 6, 9]))
            ),
            "other_producer_points": others,
            "recording_costs": Boundary(f"gate:{name}", Decimal("0.01")),
            "retroactive": draw(st.booleans()),
        }
    return terms


def fee(draw: st.DrawFn) -> dict[str, Any]:
    terms: dict[str, Any] = {"amount": draw(st.sampled_from(["250", "0.01", "1000.005", "33"]))}
    terms["recoupable"] = draw(st.booleans())
    terms |= due(draw, "delivery")
    return terms


def advance(draw: st.DrawFn, trace: str) -> dict[str, Any]:
    terms: dict[str, Any] = {"amount": Boundary(trace, Decimal("0.01"))}
    if draw(st.booleans()):
        terms["recoups_from"] = draw(
            st.lists(
                st.sampled_from([c.value for c in Channel]), min_size=1, max_size=3, unique=True
            )
        )
    terms |= due(draw, "signing")
    return terms


def due(draw: st.DrawFn, default: str) -> dict[str, Any]:
    milestone = draw(st.sampled_from([default, "signing", "delivery", "release", "date"]))
    terms: dict[str, Any] = {"due": milestone}
    if milestone == "date" or draw(st.integers(0, 2)) == 0:
        terms["date"] = draw(DAYS)
    return terms


def cost(draw: st.DrawFn) -> dict[str, Any]:
    terms: dict[str, Any] = {
        "kind": draw(st.sampled_from(["recording", "video", "marketing", "tour_support"])),
        "amount": draw(st.sampled_from(["500", "12.5", "3000"])),
    }
    if draw(st.booleans()):
        terms["recoupable_percent"] = draw(st.sampled_from(["100", "50", "75"]))
    if draw(st.booleans()):
        terms["date"] = draw(DAYS)
    return terms


def reserve(draw: st.DrawFn, layout: list[list[str]]) -> dict[str, Any]:
    """Physical royalties held against returns, or streams' (channels the income has most):
    released in equal parts or by schedule; returns charged against them, mostly."""
    channels = [c for group in layout for c in group]
    common = [c for c in ("physical", "stream") if c in channels]
    periods = draw(st.sampled_from([1, 2, 3, 3, 4, 4]))
    terms: dict[str, Any] = {
        "percent": draw(st.sampled_from(["20", "25", "33.33", "35"])),
        "channels": draw(
            st.lists(st.sampled_from(common or channels), min_size=len(common) or 1, unique=True)
        ),
        "liquidation_periods": periods,
        "base": draw(st.sampled_from(["positive_sales", "net_sales"])),
        "returns_against_reserve": draw(st.sampled_from([True, True, False])),
    }
    if draw(st.booleans()):
        terms["schedule"] = {
            1: ["100"],
            2: ["60", "40"],
            3: ["50", "30", "20"],
            4: ["10", "20", "30", "40"],
        }[periods]
    return terms


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A release, one to three deals (in one pool or each its own), and the runs of income;
    boundaries placed on what the reference traced with them out of reach."""
    price: dict[str, Any] = {
        "format": draw(st.sampled_from(["cd", "vinyl"])),
        "currency": draw(st.sampled_from(["USD", "EUR"])),
        "ppd": draw(st.sampled_from(["8.00", "6.49"])),
        "srlp": draw(st.sampled_from(["12.99", "20"])),
    }
    release: dict[str, Any] = {
        "upc": UPC,
        "title": "Glass Harbor",
        "artist": "Ava Stone",
        "tracks": list(TRACKS),
        "prices": [price],
    }
    if draw(st.booleans()):
        release["release_date"] = draw(DAYS)
    income = draw(batches())
    pooled = draw(st.booleans())
    shared = {
        "currency": draw(st.sampled_from(["USD", "USD", "EUR"])),
        "period": draw(st.sampled_from(["monthly", "quarterly", "semi_annual"])),
    }
    deals = []
    for index in range(draw(st.integers(1, 3))):
        accounting = dict(shared)
        if not pooled:
            accounting["period"] = draw(st.sampled_from(["monthly", "quarterly", "semi_annual"]))
            accounting["currency"] = draw(st.sampled_from(["USD", "USD", "EUR"]))
        deals.append(draw(deal(index, "shared" if pooled else None, accounting)))
    first = Scenario(release, [finish(resolve(d, lambda b: b.far)) for d in deals], income)
    traced = traces(first)
    placed = [
        resolve(
            d,
            lambda b: (
                b.near(draw, traced) if not b.trace.startswith(("recouped", "payable")) else b
            ),
        )
        for d in deals
    ]
    second = Scenario(release, [finish(resolve(d, lambda b: b.far)) for d in placed], income)
    traced = traces(second)
    final = [finish(resolve(d, lambda b: b.near(draw, traced))) for d in placed]
    return Scenario(release, final, income)


def traces(scenario: Scenario) -> dict[str, list[Decimal]]:
    return model.run(scenario.contracts(), scenario.releases(), scenario.runs(), RATES).trace
