"""Invariants of the engine over random contracts and random income (issue 4, "Tests")."""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, localcontext
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from points.engine import EngineState, EntryKind, ExchangeRates, Revenue, RunResult, run
from points.engine.royalties import Rating, RowTerms
from points.engine.run import _Income
from points.model.catalog import Release
from points.model.contracts import Channel, Contract
from points.model.periods import Month
from points.money import CONTEXT, currency

from workspaces import make_contract

TRACKS = ["QZRLR2600001", "QZRLR2600002", "QZRLR2600003"]
ALBUM = Release(upc="198724001509", title="Glass Harbor", artist="Ava Stone", tracks=tuple(TRACKS))
RELEASES = {ALBUM.upc: ALBUM}
amounts = st.decimals(min_value=0, max_value=10**6, places=6).map(Decimal.normalize)


# Steps up from any base rate drawn (at most 25 points): a step down would pay less for more.
escalations = st.fixed_dictionaries(
    {
        "counter": st.sampled_from(["units", "stream_equivalent_units", "net_receipts"]),
        "streams_per_unit": st.sampled_from([150, 1500]),
        "scope": st.sampled_from(["contract", "channel", "release"]),
        "mode": st.sampled_from(["prospective", "retroactive"]),
        "steps": st.lists(st.integers(1, 2 * 10**6), min_size=1, max_size=3, unique=True).map(
            lambda thresholds: [
                {"above": above, "points": 26 + step}
                for step, above in enumerate(sorted(thresholds))
            ]
        ),
    }
)


@st.composite
def contracts(draw: st.DrawFn, index: int, pool: str | None) -> Contract:
    terms: dict[str, Any] = {
        "id": f"deal-{index}",
        "date": "2026-01-05",
        "recordings": draw(st.lists(st.sampled_from(TRACKS), min_size=1, unique=True)),
        "releases": [ALBUM.upc],  # album lines pro-rated: 1/3, 2/3 or all of them
        "royalties": [
            {"channels": ["stream", "download"], "points": str(draw(st.decimals(0, 25, places=2)))}
        ],
        "accounting": {
            "currency": "USD",
            "period": "quarterly",
            "minimum_payment": draw(st.sampled_from(["0", "50", "100"])),
            "rounding": draw(st.sampled_from(["half_up", "half_even"])),
            "rounding_remainder": draw(st.sampled_from(["carry", "drop"])),
        },
        "recoupment_pool": pool,
    }
    if draw(st.booleans()):
        terms["royalties"][0]["escalation"] = draw(escalations)
    if draw(st.booleans()):
        terms["advances"] = [{"amount": str(draw(amounts.filter(bool)))}]
    if draw(st.booleans()):
        terms["fees"] = [
            {"amount": str(draw(amounts.filter(bool))), "recoupable": draw(st.booleans())}
        ]
    if draw(st.booleans()):
        terms["multipliers"] = [{"outside": ["US"], "percent": "75"}]
    if draw(st.booleans()):
        terms["reserve"] = {
            "percent": draw(st.sampled_from(["20", "25", "33.33"])),
            "channels": ["stream"],
            "liquidation_periods": draw(st.integers(1, 3)),
            "returns_against_reserve": draw(st.booleans()),
        }
    if draw(st.booleans()):
        terms["kind"] = "profit_share"
        terms["profit_share"] = {"percent": str(draw(st.decimals(1, 80, places=2)))}
        terms["costs"] = [{"kind": "marketing", "amount": str(draw(amounts.filter(bool)))}]
    elif draw(st.booleans()):
        terms["record_one"] = {
            "artist_all_in_points": 30,
            "recording_costs": str(draw(amounts)),
            "retroactive": draw(st.booleans()),
        }
    if draw(st.booleans()):
        terms["payees"] = [
            {"party": "jane", "percent": "33.33"},
            {"party": "lena", "percent": "66.67"},
        ]
    return make_contract(**terms)


@st.composite
def deals(draw: st.DrawFn) -> list[Contract]:
    pool = draw(st.sampled_from([None, "shared"]))
    return [draw(contracts(i, pool)) for i in range(draw(st.integers(1, 3)))]


@st.composite
def rows(draw: st.DrawFn, currencies: tuple[str, ...] = ("USD",)) -> Revenue:
    return Revenue(
        draw(st.sampled_from([*TRACKS, "upc:" + ALBUM.upc])),
        draw(st.sampled_from([Channel.STREAM, Channel.DOWNLOAD])),
        draw(st.sampled_from(["US", "GB", ""])),
        Month(2026, draw(st.integers(1, 12))),
        draw(st.sampled_from(currencies)),
        Decimal(draw(st.integers(0, 10**6))),
        draw(st.one_of(amounts, amounts.map(lambda a: -a / 10))),  # now and then a return
    )


income = st.lists(rows(), max_size=12)


@pytest.fixture(autouse=True)
def exact_sums() -> Iterator[None]:
    """The tests' own sums in the money context, as the engine's are: exact, or an error. The
    default context keeps 28 digits, and an escalated royalty apportioned at 20 places already
    has more (a conservation check once failed by 3.5e-12 on that rounding alone)."""
    with localcontext(CONTEXT):
        yield


# Pounds converted at a rate per month, but none for December: those rows are held.
GBP_RATES = ExchangeRates(
    {("GBP", "USD", Month(2026, m)): Decimal("1.2") + Decimal(m) / 1000 for m in range(1, 12)}
)
# Fewer under mutation testing (make mutation), where every mutant runs these again.
ENGINE = settings(max_examples=int(os.environ.get("POINTS_ENGINE_EXAMPLES", "150")), deadline=None)


def totals(result: RunResult) -> dict[tuple[str, EntryKind], Decimal]:
    sums: dict[tuple[str, EntryKind], Decimal] = defaultdict(Decimal)
    for entry in result.entries:
        sums[entry.contract, entry.kind] += entry.amount
    return sums


@ENGINE
@given(deals(), income)
def test_money_is_conserved_and_rounding_loses_no_minor_unit(
    contracts: list[Contract], revenue: list[Revenue]
) -> None:
    result = run(contracts, RELEASES, revenue)
    sums = totals(result)
    state = result.state
    for contract in contracts:
        c = contract.id
        # a deficit (returns beyond the period's royalties) is charged to the pool, to recoup
        owed = (
            sums[c, EntryKind.EARNED]
            - sums[c, EntryKind.RECOUPED]
            + sums[c, EntryKind.FEE]
            + sums[c, EntryKind.DEFICIT]
        )
        carried = sum((a.carried for (cid, _), a in state.to_date.items() if cid == c), Decimal(0))
        reserved = sum((t.outstanding for t in state.reserves.get(c, ())), Decimal(0))
        accrued = sum(state.accrued.get(c, {}).values(), Decimal(0))
        out = sums[c, EntryKind.PAYABLE] + sums[c, EntryKind.DROPPED] + sums[c, EntryKind.FORFEITED]
        assert out + carried + reserved + accrued == owed
    quantum = currency("USD").quantum
    for entry in result.entries:
        if entry.kind is EntryKind.PAYABLE:
            assert entry.amount == entry.amount.quantize(quantum)
        if entry.kind is EntryKind.DROPPED:
            assert abs(entry.amount) < quantum


@ENGINE
@given(deals(), income)
def test_nothing_goes_negative_and_recoupment_never_exceeds_what_was_advanced(
    contracts: list[Contract], revenue: list[Revenue]
) -> None:
    result = run(contracts, RELEASES, revenue)
    for summary in result.summaries:
        assert summary.payable >= 0
        assert summary.unrecouped_balance >= 0
        assert summary.recouped >= 0
    recoupable = sum(
        (
            e.amount
            for e in result.entries
            if e.kind in (EntryKind.ADVANCE, EntryKind.COST, EntryKind.DEFICIT)
        ),
        Decimal(0),
    ) + sum((Decimal(f.amount) for c in contracts for f in c.fees if f.recoupable), Decimal(0))
    recouped = sum((e.amount for e in result.entries if e.kind is EntryKind.RECOUPED), Decimal(0))
    assert recouped <= recoupable


@ENGINE
@given(deals(), income, st.randoms(use_true_random=False))
def test_the_order_of_income_does_not_matter(
    contracts: list[Contract], revenue: list[Revenue], rng: Any
) -> None:
    shuffled = list(revenue)
    rng.shuffle(shuffled)
    assert (
        run(contracts, RELEASES, shuffled).summaries == run(contracts, RELEASES, revenue).summaries
    )


@ENGINE
@given(deals(), income)
def test_period_by_period_equals_all_at_once(
    contracts: list[Contract], revenue: list[Revenue]
) -> None:
    whole = run(contracts, RELEASES, revenue)
    state, summaries = EngineState(), []
    for quarter in range(1, 5):
        months = range(quarter * 3 - 2, quarter * 3 + 1)
        step = run(
            contracts, RELEASES, [r for r in revenue if r.month.month in months], state=state
        )
        summaries += step.summaries
        state = step.state
    assert sorted(summaries, key=repr) == sorted(whole.summaries, key=repr)
    assert state == whole.state


@ENGINE
@given(deals(), income, rows().filter(lambda r: r.net >= 0))
def test_more_income_never_lowers_what_a_payee_is_paid(
    contracts: list[Contract], revenue: list[Revenue], extra: Revenue
) -> None:
    """Cumulative payout, per contract and payee. (What is owed can fall: income that makes
    record one trigger sooner lets a return be charged instead of held, so a record-one
    contract may be paid up to its returns' royalties less, and a cent less where that tips
    the rounding.) A contract that drops sub-cent remainders drops one per period paid, and
    income in a period that had none (even a line of zero) can bring a period forward, a fee
    with no date with it: its payout may fall by less than a cent per period, never more."""

    def paid(result: RunResult) -> dict[tuple[str, str], Decimal]:
        totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for entry in result.entries:
            if entry.kind is EntryKind.PAYABLE:
                totals[entry.contract, entry.party] += entry.amount
        return totals

    before = paid(run(contracts, RELEASES, revenue))
    result = run(contracts, RELEASES, [*revenue, extra])
    after = paid(result)
    periods = len({entry.period for entry in result.entries})
    drops = {c.id for c in contracts if c.accounting.rounding_remainder == "drop"}
    record_one = {c.id for c in contracts if c.record_one is not None}
    returns: dict[str, Decimal] = defaultdict(Decimal)
    for entry in result.entries:
        if entry.kind is EntryKind.EARNED and entry.amount < 0:
            returns[entry.contract] -= entry.amount
    for (contract, party), amount in before.items():
        slack = currency("USD").quantum * periods if contract in drops | record_one else 0
        if contract in record_one:
            slack += returns[contract]
        assert after[contract, party] + slack >= amount


@ENGINE
@given(deals(), st.lists(rows(("USD", "GBP")), max_size=12))
def test_the_inner_loop_s_shortcut_agrees_with_earn(
    contracts: list[Contract], revenue: list[Revenue]
) -> None:
    """``_earn_rows`` computes points itself rather than through ``earn``, for speed (plain
    points, converted or pro-rated, and escalating rows that stay in one band); sent through
    ``earn`` instead, every entry, word and figure, and the state, is the same."""
    fast = run(contracts, RELEASES, revenue, GBP_RATES)
    work_out = Rating._work_out

    def by_earn(rating: Rating, row: Revenue) -> RowTerms | None:
        terms = work_out(rating, row)
        return None if terms is None else dataclasses.replace(terms, simple=False)

    with mock.patch.object(Rating, "_work_out", by_earn):
        slow = run(contracts, RELEASES, revenue, GBP_RATES)
    assert fast.entries == slow.entries
    assert [e.how for e in fast.entries] == [e.how for e in slow.entries]
    assert fast.summaries == slow.summaries
    assert fast.held == slow.held
    assert fast.state == slow.state


@ENGINE
@given(
    st.lists(
        st.builds(
            Revenue,
            st.sampled_from([*TRACKS, "upc:" + ALBUM.upc]),
            st.sampled_from(list(Channel)),
            st.sampled_from(["US", "GB", "", "DE"]),
            st.builds(Month, st.integers(2024, 2026), st.integers(1, 12)),
            st.sampled_from(["USD", "GBP", "EUR"]),
            st.sampled_from([Decimal(1), Decimal(2)]),
            st.sampled_from([Decimal(1), Decimal("-0.5")]),
        ),
        max_size=40,
    )
)
def test_rows_are_indexed_in_sort_key_order(revenue: list[Revenue]) -> None:
    """The engine sorts rows by one integer each (and rows sharing one by units and net), not
    by ``Revenue.sort_key``'s tuple: the same order, and each recording's rows and each row's
    channel × territory are found where the index says."""
    income = _Income.of(revenue)
    assert [id(r) for r in income.rows] == [id(r) for r in sorted(revenue, key=Revenue.sort_key)]
    for recording, indices in income.by_recording.items():
        assert [i for i, r in enumerate(income.rows) if r.recording == recording] == indices
    slot_of: dict[tuple[Channel, str], int] = {}
    for row, slot in zip(income.rows, income.slots, strict=True):
        assert slot_of.setdefault((row.channel, row.territory), slot) == slot
    assert len(set(slot_of.values())) == len(slot_of) == income.slot_count
    starts = [index for index, _ in income.month_starts]
    assert starts == [
        i for i, r in enumerate(income.rows) if i == 0 or r.month != income.rows[i - 1].month
    ]
