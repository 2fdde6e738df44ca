"""Properties of allocation and rounding: no minor unit is ever created or lost."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from points.money import Money, RoundingMode, allocate, currency, round_payable, total

CODES = ("JPY", "USD", "EUR", "BHD", "KWD")


@st.composite
def whole_amounts(draw: st.DrawFn) -> Money:
    """A whole number of minor units, in a 0-, 2- or 3-decimal currency."""
    code = draw(st.sampled_from(CODES))
    units = draw(st.integers(min_value=-(10**12), max_value=10**12))
    return Money(Decimal(units).scaleb(-currency(code).minor_unit), currency(code))


@st.composite
def weight_lists(draw: st.DrawFn) -> list[Decimal]:
    """1 to 12 non-negative weights with up to 4 decimals, at least one of them positive."""
    raw = draw(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12))
    bump = draw(st.integers(min_value=0, max_value=len(raw) - 1))
    raw[bump] += 1
    return [Decimal(w).scaleb(-4) for w in raw]


@settings(max_examples=300)
@given(whole_amounts(), weight_lists())
@example(Money.of("100.00", "USD"), [Decimal(1)] * 3)
@example(Money.of("-0.01", "USD"), [Decimal(1)] * 2)
def test_parts_sum_to_the_whole_and_stay_within_a_minor_unit(
    whole: Money, weights: list[Decimal]
) -> None:
    parts = allocate(whole, weights)
    assert total(parts, whole.currency) == whole
    assert all(part.is_whole() for part in parts)
    unit = Fraction(whole.currency.quantum)
    weight_sum = sum(map(Fraction, weights))
    for part, weight in zip(parts, weights, strict=True):
        exact_share = Fraction(whole.amount) * Fraction(weight) / weight_sum
        assert abs(Fraction(part.amount) - exact_share) < unit


@settings(max_examples=300)
@given(whole_amounts(), weight_lists(), st.integers(min_value=1, max_value=1000))
def test_allocation_is_deterministic_and_scale_free(
    whole: Money, weights: list[Decimal], scale: int
) -> None:
    parts = allocate(whole, weights)
    assert allocate(whole, weights) == parts
    assert allocate(whole, [w * scale for w in weights]) == parts


@settings(max_examples=300)
@given(
    st.sampled_from(CODES),
    st.decimals(min_value=-(10**9), max_value=10**9, places=8, allow_nan=False),
    st.sampled_from(list(RoundingMode)),
)
def test_rounding_neither_creates_nor_loses_money(
    code: str, amount: Decimal, mode: RoundingMode
) -> None:
    exact = Money(amount, currency(code))
    payable, remainder = round_payable(exact, mode)
    assert payable + remainder == exact
    assert payable.is_whole()
    assert abs(Fraction(remainder.amount)) <= Fraction(currency(code).quantum) / 2
