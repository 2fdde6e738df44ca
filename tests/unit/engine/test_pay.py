"""Worked examples of paying a contract's payees on what it owes them to date (DOMAIN.md,
"Splits" and "Money"): the parts paid to date sum to the contract's rounded total to date, and
no payee is ever a cent or more from its exact share."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from points.engine import EngineState, Entry, EntryKind, Revenue, RunResult, run
from points.engine.pay import Payment, payee_part
from points.model.contracts import Channel, Contract
from points.model.periods import Month

from workspaces import make_contract

D = Decimal
ISRC = "QZRLR2600001"


def deal(payees: list[dict[str, Any]], **terms: Any) -> Contract:
    """100 points of net receipts, so a row's net is what the payees share."""
    return make_contract(
        recordings=[ISRC],
        royalties=[{"channels": ["stream"], "points": 100}],
        payees=payees,
        **terms,
    )


def income(net: str, month: int) -> Revenue:
    return Revenue(ISRC, Channel.STREAM, "US", Month(2026, month), "USD", D(1), D(net))


def paid(result: RunResult) -> dict[str, dict[str, Decimal]]:
    """Each period's payable per payee."""
    table: dict[str, dict[str, Decimal]] = {}
    for entry in result.entries:
        if entry.kind is EntryKind.PAYABLE:
            table.setdefault(entry.period, {})[entry.party] = entry.amount
    return table


THIRDS = [
    {"party": "jane", "percent": "1/3"},
    {"party": "lena", "percent": "1/3"},
    {"party": "marcus", "percent": "1/3"},
]


def test_three_payees_at_thirds_of_two_cents_are_paid_two_cents_in_all() -> None:
    """0.02 among thirds: each is owed 0.00666…; the contract owes 0.02, so two payees are paid
    0.01 and the third nothing (not 0.01 each, 0.03 in all). Next quarter 0.01 more: each is
    owed 0.01 to date, and the third is paid his cent."""
    result = run([deal(THIRDS)], {}, [income("0.02", 2), income("0.01", 5)])
    assert paid(result) == {
        "2026-Q1": {"jane": D("0.01"), "lena": D("0.01")},
        "2026-Q2": {"marcus": D("0.01")},
    }
    # Each third is taken at 20 places, the parts summing to each quarter's net exactly.
    to_date = [result.state.to_date["deal", p] for p in ("jane", "lena", "marcus")]
    assert [account.paid for account in to_date] == [D("0.01")] * 3
    assert sum(account.exact for account in to_date) == D("0.03")
    assert all(abs(account.carried) <= D("1e-20") for account in to_date)


def test_thirds_written_as_fractions_are_exact_thirds() -> None:
    """100.00 among exact thirds: 33.333…, rounded down to 33.33 each, and the cent left over
    to the first (ties go to the earlier payee). 33.33/33.33/33.34 would pay Marcus it."""
    contract = deal(THIRDS)
    assert [s.percent for s in contract.payee_shares] == [Fraction(100, 3)] * 3
    result = run([contract], {}, [income("100", 2)])
    assert paid(result) == {
        "2026-Q1": {"jane": D("33.34"), "lena": D("33.33"), "marcus": D("33.33")}
    }
    carried = {s.payee: s.carried_forward for s in result.summaries}
    assert sum(carried.values()) == 0  # 100.00 owed, 100.00 paid
    assert all(abs(value) < D("0.01") for value in carried.values())


def test_a_cent_paid_ahead_is_taken_back_when_the_total_needs_it() -> None:
    """Largest remainder on totals to date is not monotone. Shares 10/70/10/10:
    Q1 owes 0.065, rounded 0.07; exact parts 0.0065, 0.0455, 0.0065, 0.0065 → 0, 4, 0, 0 cents,
    and the 3 left to the largest fractions (0.65, 0.65, 0.65 before 0.55): 1, 4, 1, 1.
    Q2 adds 0.0056: 0.0706 to date, still 0.07; exact 0.00706, 0.04942 → Lena must have 4 or 5
    cents, and 0.04942 - 0.04 would be more than a cent, so she gets 5 and Marcus, whose 0.00706
    had been rounded up to a cent, gives it back: 1, 5, 1, 0. The parts still sum to 0.07."""
    shares = [
        {"party": "jane", "percent": 10},
        {"party": "lena", "percent": 70},
        {"party": "marcus", "percent": 10},
        {"party": "nina", "percent": 10},
    ]
    result = run([deal(shares)], {}, [income("0.065", 2), income("0.0056", 5)])
    assert paid(result) == {
        "2026-Q1": {"jane": D("0.01"), "lena": D("0.04"), "marcus": D("0.01"), "nina": D("0.01")},
        "2026-Q2": {"lena": D("0.01"), "nina": D("-0.01")},
    }
    (taken_back,) = [e for e in result.entries if e.kind is EntryKind.PAYABLE and e.amount < 0]
    assert taken_back.how.startswith("rounding: a cent paid ahead")


def test_the_minimum_holds_a_payee_s_part_until_it_is_reached() -> None:
    """Minimum 50: 120.00 between 50/50 pays 60 each; then 30.00 pays nothing (15 each, held),
    then 80.00: 55 each owed (15 + 40), paid."""
    shares = [{"party": "jane", "percent": 50}, {"party": "lena", "percent": 50}]
    contract = deal(
        shares, accounting={"currency": "USD", "period": "quarterly", "minimum_payment": 50}
    )
    result = run([contract], {}, [income("120", 2), income("30", 5), income("80", 8)])
    assert paid(result) == {
        "2026-Q1": {"jane": D(60), "lena": D(60)},
        "2026-Q3": {"jane": D(55), "lena": D(55)},
    }
    q2 = {s.payee: s.carried_forward for s in result.summaries if s.period == "2026-Q2"}
    assert q2 == {"jane": D(15), "lena": D(15)}


def test_period_by_period_pays_what_one_run_pays() -> None:
    """The totals to date travel in the state: three quarters run one at a time pay the same."""
    rows = [income("0.02", 2), income("0.01", 5), income("10.005", 8)]
    whole = run([deal(THIRDS)], {}, rows)
    state, entries = EngineState(), []
    for row in rows:
        step = run([deal(THIRDS)], {}, [row], state=state)
        state, entries = step.state, entries + step.entries
    assert entries == whole.entries
    assert state.to_date == whole.state.to_date


def test_a_contract_that_drops_its_remainder_drops_it_once_for_all_payees() -> None:
    """10.005 among thirds, remainders dropped: the contract's 10.005 rounds (half up) to
    10.01 and 0.005 is dropped once, not once per payee; 10.01 is cut 3.34, 3.34, 3.33."""
    contract = deal(
        THIRDS,
        accounting={"currency": "USD", "period": "quarterly", "rounding_remainder": "drop"},
    )
    result = run([contract], {}, [income("10.005", 2)])
    assert paid(result) == {"2026-Q1": {"jane": D("3.34"), "lena": D("3.34"), "marcus": D("3.33")}}
    (dropped,) = [e for e in result.entries if e.kind is EntryKind.DROPPED]
    assert dropped == Entry(
        EntryKind.DROPPED, "2026-Q1", "deal", "", "USD", D("-0.005"),
        "accounting.rounding_remainder", "sub-cent remainder dropped, as the contract says",
    )  # fmt: skip


def test_payee_part_takes_a_share_as_the_payment_does() -> None:
    """A statement's share of a contract-wide figure is the engine's: decimal shares multiply
    exactly; thirds are cut at 20 places by largest remainder, summing to the whole."""
    thirds = deal(THIRDS)
    parts = [payee_part(thirds, p, D("1.00")) for p in ("jane", "lena", "marcus")]
    assert parts == [
        D("0.33333333333333333334"),
        D("0.33333333333333333333"),
        D("0.33333333333333333333"),
    ]
    assert sum(parts) == 1
    decimal = deal([{"party": "jane", "percent": "33.33"}, {"party": "lena", "percent": "66.67"}])
    assert Payment.of(decimal).parts(D("10")) == [D("3.333"), D("6.667")]


def test_a_ledger_that_paid_more_than_owed_is_not_taken_back_beyond_a_cent() -> None:
    """A ledger of an older version paid Jane 10.05 of the 10.00 owed to date. With 0.02 more
    income (10.02 owed) she is 0.03 over: nothing is paid and nothing taken back, the 0.03
    carried below zero; only a single cent, as the cut of a rounded total, is ever taken back."""
    from points.engine.entries import ToDate

    contract = deal([{"party": "jane", "percent": 100}])
    state = EngineState(to_date={("deal", "jane"): ToDate(D("10.00"), D("10.05"))})
    result = run([contract], {}, [income("0.02", 2)], state=state)
    assert paid(result) == {}
    carried = [(e.party, e.amount) for e in result.entries if e.kind is EntryKind.CARRIED]
    assert carried == [("jane", D("-0.03"))]
