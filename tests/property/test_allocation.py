"""Properties of allocation and rounding: no minor unit is ever created or lost."""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from points.money import (
    Currency,
    Money,
    RoundingMode,
    allocate,
    currency,
    round_payable,
    total,
)

# Fewer under mutation testing (make mutation), where every mutant runs these again.
EXAMPLES = int(os.environ.get("POINTS_ENGINE_EXAMPLES", "300"))
# Minor units 0 (JPY), 2 (USD, EUR) and 3 (BHD, KWD).
CODES = ("JPY", "USD", "EUR", "BHD", "KWD")

currencies = st.sampled_from(CODES).map(currency)


@st.composite
def whole_amounts(draw: st.DrawFn) -> Money:
    """A whole number of minor units (negative, zero or positive) in a 0-, 2- or 3-place code."""
    cur: Currency = draw(currencies)
    units = draw(st.integers(min_value=-(10**12), max_value=10**12))
    return Money(Decimal(units).scaleb(-cur.minor_unit), cur)


@st.composite
def weight_lists(draw: st.DrawFn) -> list[Decimal]:
    """1 to 12 non-negative weights with up to 4 decimal places, at least one of them positive."""
    raw = draw(
        st.lists(
            st.tuples(st.integers(min_value=0, max_value=10**6), st.integers(0, 4)),
            min_size=1,
            max_size=12,
        )
    )
    weights = [Decimal(n).scaleb(-places) for n, places in raw]
    bump = draw(st.integers(min_value=0, max_value=len(weights) - 1))
    weights[bump] += 1
    return weights


@st.composite
def exact_amounts(draw: st.DrawFn) -> Money:
    """An amount below 10^12 units with up to 26 decimals: what CONTEXT promises to hold."""
    cur: Currency = draw(currencies)
    places = draw(st.integers(min_value=0, max_value=26))
    bound = 10 ** (12 + places) - 1
    units = draw(st.integers(min_value=-bound, max_value=bound))
    return Money(Decimal(units).scaleb(-places), cur)


def _exact_share(whole: Money, weight: Decimal, weight_sum: Fraction) -> Fraction:
    return Fraction(whole.amount) * Fraction(weight) / weight_sum


@settings(max_examples=EXAMPLES)
@given(whole_amounts(), weight_lists())
@example(Money.of("100.00", "USD"), [Decimal(1)] * 3)
@example(Money.of("-0.01", "USD"), [Decimal(1)] * 2)
@example(Money.of("0", "JPY"), [Decimal(0), Decimal("0.0001")])
@example(Money.of("99.99", "USD"), [Decimal(50), Decimal(30), Decimal(20)])
def test_parts_sum_to_the_whole(whole: Money, weights: list[Decimal]) -> None:
    parts = allocate(whole, weights)
    assert len(parts) == len(weights)
    assert all(part.currency == whole.currency for part in parts)
    assert total(parts, whole.currency) == whole


@settings(max_examples=EXAMPLES)
@given(whole_amounts(), weight_lists())
def test_every_part_is_whole_in_the_minor_unit(whole: Money, weights: list[Decimal]) -> None:
    assert all(part.is_whole() for part in allocate(whole, weights))


@settings(max_examples=EXAMPLES)
@given(whole_amounts(), weight_lists())
@example(Money.of("0.01", "USD"), [Decimal(1), Decimal(1)])
@example(Money.of("-10.000", "BHD"), [Decimal(1)] * 3)
def test_no_part_is_a_minor_unit_from_its_exact_share(whole: Money, weights: list[Decimal]) -> None:
    parts = allocate(whole, weights)
    unit = Fraction(whole.currency.quantum)
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    for part, weight in zip(parts, weights, strict=True):
        assert abs(Fraction(part.amount) - _exact_share(whole, weight, weight_sum)) < unit
        if weight == 0:
            assert part.is_zero()


@settings(max_examples=EXAMPLES)
@given(whole_amounts(), weight_lists())
def test_allocation_is_deterministic(whole: Money, weights: list[Decimal]) -> None:
    assert allocate(whole, weights) == allocate(whole, list(weights))


@settings(max_examples=EXAMPLES)
@given(whole_amounts(), weight_lists(), st.integers(min_value=1, max_value=10**6))
def test_scaling_every_weight_gives_identical_parts(
    whole: Money, weights: list[Decimal], scale: int
) -> None:
    scaled = [weight * scale for weight in weights]  # exact: at most 14 digits
    assert allocate(whole, scaled) == allocate(whole, weights)


@settings(max_examples=EXAMPLES)
@given(exact_amounts(), st.sampled_from(list(RoundingMode)))
@example(Money.of("2.345", "USD"), RoundingMode.HALF_UP)
@example(Money.of("-2.345", "USD"), RoundingMode.HALF_EVEN)
@example(Money.of("1234.5", "JPY"), RoundingMode.HALF_EVEN)
@example(Money.of("1.0005", "BHD"), RoundingMode.HALF_UP)
@example(Money.of("999999999999.99999999999999999999999999", "USD"), RoundingMode.HALF_UP)
def test_rounding_neither_creates_nor_loses_money(exact: Money, mode: RoundingMode) -> None:
    payable, remainder = round_payable(exact, mode)
    assert payable + remainder == exact
    assert payable.is_whole()
    assert abs(Fraction(remainder.amount)) <= Fraction(exact.currency.quantum) / 2


@st.composite
def share_lists(draw: st.DrawFn) -> list[Fraction]:
    """1 to 6 positive shares summing to exactly 1, thirds and sevenths among them."""
    weights = draw(st.lists(st.integers(1, 7), min_size=1, max_size=6))
    return [Fraction(w, sum(weights)) for w in weights]


period_nets = st.lists(
    st.decimals(min_value=0, max_value=1000, places=4).map(Decimal.normalize), min_size=1
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(share_lists(), period_nets)
def test_payees_paid_to_date_sum_to_the_rounded_total_and_each_is_within_a_cent(
    shares: list[Fraction], nets: list[Decimal]
) -> None:
    """A contract's payees are paid period after period on what the contract owes them to date
    (``points.engine.pay``): after every period, what they were paid in all is the contract's
    total to date rounded once (half up), and no payee is a cent or more from its exact share
    of that total, whatever the shares (a third, a seventh) and whatever the order."""
    from points.engine import EntryKind, Revenue, run
    from points.model.contracts import Channel
    from points.model.periods import Month

    from workspaces import make_contract

    contract = make_contract(
        recordings=["QZRLR2600001"],
        royalties=[{"channels": ["stream"], "points": 100}],
        payees=[
            {"party": f"p{i}", "percent": f"{share.numerator}/{share.denominator}"}
            for i, share in enumerate(shares)
        ],
        accounting={"currency": "USD", "period": "monthly"},
    )
    rows = [
        Revenue(
            "QZRLR2600001",
            Channel.STREAM,
            "US",
            Month(2026 + i // 12, i % 12 + 1),
            "USD",
            Decimal(1),
            net,
        )
        for i, net in enumerate(nets)
    ]
    result = run([contract], {}, rows)
    paid: dict[str, Decimal] = {}
    periods = sorted({e.period for e in result.entries})
    owed = Fraction(0)
    for period, net in zip(periods, nets, strict=True):
        for entry in result.entries:
            if entry.kind is EntryKind.PAYABLE and entry.period == period:
                paid[entry.party] = paid.get(entry.party, Decimal(0)) + entry.amount
        owed += Fraction(net)
        rounded = round_payable(Money(Decimal(owed.numerator) / owed.denominator, currency("USD")))
        assert sum(paid.values(), Decimal(0)) == rounded[0].amount
        for i, share in enumerate(shares):
            assert abs(Fraction(paid.get(f"p{i}", Decimal(0))) - owed * share) < Fraction(1, 100)
