"""Worked examples of the engine, one per mechanic and some combined, with the arithmetic written
out. Rules are from ../shared/DOMAIN.md (the section is named in each test)."""

from __future__ import annotations

import gc
import importlib
from dataclasses import replace
from decimal import Decimal, localcontext
from typing import Any

import pytest

from points.engine import EngineState, EntryKind, ExchangeRates, Revenue, RunResult, run
from points.engine.entries import Charge, RecoupItem
from points.model.catalog import Release
from points.model.contracts import Channel, Contract
from points.model.periods import Month
from points.money import CONTEXT

from workspaces import make_contract

ISRC = "QZRLR2600001"
D = Decimal


def row(
    net: str,
    *,
    month: tuple[int, int] = (2026, 2),
    units: str = "1000",
    territory: str = "US",
    channel: Channel = Channel.STREAM,
    recording: str = ISRC,
    currency: str = "USD",
) -> Revenue:
    return Revenue(recording, channel, territory, Month(*month), currency, D(units), D(net))


def deal(**terms: Any) -> Contract:
    base: dict[str, Any] = {
        "recordings": [ISRC],
        "royalties": [{"channels": ["stream", "download"], "base": "net_receipts", "points": 4}],
    }
    return make_contract(**(base | terms))


def three_to_four(channel: str, counter: str, above: int, base: str = "net_receipts") -> Any:
    """A royalty of 3% on ``channel`` that steps to 4% once ``counter`` passes ``above``."""
    return {
        "channels": channel,
        "base": base,
        "points": 3,
        "escalation": {"counter": counter, "steps": [{"above": above, "points": 4}]},
    }


def payee(result: RunResult, period: str, party: str = "jane") -> dict[str, Decimal]:
    (summary,) = [s for s in result.summaries if s.period == period and s.payee == party]
    return {
        "earned": summary.earned,
        "recouped": summary.recouped,
        "fees": summary.fees,
        "payable": summary.payable,
        "carried": summary.carried_forward,
        "unrecouped": summary.unrecouped_balance,
    }


def booked(result: RunResult, kind: EntryKind) -> list[tuple[Any, ...]]:
    """The entries of one kind, as (period, contract, amount, term, words)."""
    return [
        (e.period, e.contract, e.amount, e.term, e.how) for e in result.entries if e.kind is kind
    ]


def record_one_producer(**record_one: Any) -> Contract:
    """3% of PPD on the album's physical sales, from record one on the terms given."""
    return deal(
        recordings=[],
        releases=[ALBUM.upc],
        royalties=[{"channels": "physical", "base": "ppd", "points": 3}],
        record_one={"artist_all_in_points": 12, "recording_costs": 90000} | record_one,
    )


def test_points_on_net_receipts_round_once_and_carry_the_remainder() -> None:
    # "Money": sum at full precision, round once at the payable, carry the sub-cent remainder.
    result = run([deal()], {}, [row("1000.123456"), row("234.444344", territory="GB")])
    # 4% of (1,000.123456 + 234.444344 = 1,234.5678) = 49.382712 → 49.38 paid, 0.002712 carried
    assert payee(result, "2026-Q1") == {
        "earned": D("49.382712"),
        "recouped": 0,
        "fees": 0,
        "payable": D("49.38"),
        "carried": D("0.002712"),
        "unrecouped": 0,
    }
    kinds = [e.kind for e in result.entries]
    assert kinds == [EntryKind.EARNED, EntryKind.EARNED, EntryKind.PAYABLE, EntryKind.CARRIED]
    assert result.entries[1].how == "net receipts 1000.123456 USD × 4%"  # rows sort by territory


def test_an_advance_recoups_across_periods_and_the_balance_carries() -> None:
    # "Advances, costs, recoupment": royalties first reduce the unrecouped balance.
    contract = deal(
        date="2026-01-05",
        advances=[{"amount": 1000}],
        royalties=[{"channels": "stream", "points": 10}],
    )
    revenue = [row("6000", month=(2026, 2)), row("8000", month=(2026, 5))]
    result = run([contract], {}, revenue)
    # Q1: 10% of 6,000 = 600, all to the 1,000 advance → 400 left, nothing payable.
    assert payee(result, "2026-Q1") == {
        "earned": 600,
        "recouped": 600,
        "fees": 0,
        "payable": 0,
        "carried": 0,
        "unrecouped": 400,
    }
    # Q2: 10% of 8,000 = 800; 400 recoups the rest, 400 is payable.
    assert payee(result, "2026-Q2") == {
        "earned": 800,
        "recouped": 400,
        "fees": 0,
        "payable": 400,
        "carried": 0,
        "unrecouped": 0,
    }
    advances = [e for e in result.entries if e.kind is EntryKind.ADVANCE]
    assert [(e.period, e.amount, e.term) for e in advances] == [("2026-Q1", 1000, "advances[0]")]


def test_a_flat_fee_is_paid_on_its_milestone_and_not_recouped() -> None:
    # "Flat fee": non-recoupable unless the agreement calls it an advance.
    contract = deal(fees=[{"amount": 2500}])  # due on delivery, no date: the first period run
    result = run([contract], {}, [row("100")])
    # 2,500 fee + 4% of 100 = 4 → 2,504 payable
    assert payee(result, "2026-Q1")["fees"] == 2500
    assert payee(result, "2026-Q1")["payable"] == 2504


def test_a_recoupable_fee_is_an_advance() -> None:
    contract = deal(fees=[{"amount": 500, "recoupable": True}])
    result = run([contract], {}, [row("10000")])
    # 4% of 10,000 = 400 recoups the fee down to 100; the fee itself is paid: 500 payable.
    assert payee(result, "2026-Q1") == {
        "earned": 400,
        "recouped": 400,
        "fees": 500,
        "payable": 500,
        "carried": 0,
        "unrecouped": 100,
    }


def test_the_minimum_payment_holds_small_payables_until_they_reach_it() -> None:
    # "Periods and statements": a minimum payment holds smaller payables to the next period.
    contract = deal(accounting={"currency": "USD", "period": "quarterly", "minimum_payment": 50})
    result = run([contract], {}, [row("750", month=(2026, 1)), row("625", month=(2026, 4))])
    # Q1: 4% of 750 = 30 < 50 → carried. Q2: 30 + 4% of 625 = 30 + 25 = 55 ≥ 50 → paid.
    assert (payee(result, "2026-Q1")["payable"], payee(result, "2026-Q1")["carried"]) == (0, 30)
    assert (payee(result, "2026-Q2")["payable"], payee(result, "2026-Q2")["carried"]) == (55, 0)


def test_multipliers_apply_by_territory_and_channel() -> None:
    # "Royalty bases", multipliers: foreign sales at 75% of the rate, licences at 50%.
    contract = deal(
        royalties=[{"channels": ["stream", "sync"], "points": 4}],
        multipliers=[
            {"outside": ["US"], "percent": 75, "reason": "foreign"},
            {"channels": "sync", "percent": 50, "reason": "licences"},
        ],
    )
    revenue = [
        row("100", territory="US"),  # 4% of 100 = 4
        row("100", territory="DE"),  # 4% × 75% of 100 = 3
        row("100", territory=""),  # no single country: not "outside the US" → 4
        row("100", territory="DE", channel=Channel.SYNC),  # 4% × 75% × 50% = 1.5
    ]
    result = run([contract], {}, revenue)
    earned = [e.amount for e in result.entries if e.kind is EntryKind.EARNED]
    assert earned == [4, 3, 4, D("1.5")]  # in row order: stream '', DE, US; then sync
    assert payee(result, "2026-Q1")["earned"] == D("12.5")


ALBUM = Release.model_validate(
    {
        "upc": "198724001509",
        "title": "Glass Harbor",
        "artist": "Ava Stone",
        "tracks": [f"QZRLR26000{n:02d}" for n in range(1, 13)],
        "prices": [{"format": "cd", "currency": "USD", "ppd": "10.00", "srlp": "16.00"}],
    }
)


def physical_album(units: str, month: tuple[int, int] = (2026, 2)) -> Revenue:
    """Sales of the album's CD: only units, since PPD and SRLP bases price them."""
    return row(
        "0", recording="upc:" + ALBUM.upc, channel=Channel.PHYSICAL, units=units, month=month
    )


def test_ppd_on_physical_album_sales_pro_rated_by_tracks() -> None:
    # "Royalty bases": PPD × units; pro-ration, 3 of 12 tracks earn on 3/12 of album sales.
    contract = deal(
        recordings=["QZRLR2600001", "QZRLR2600002", "QZRLR2600003"],
        releases=["198724001509"],
        royalties=[{"channels": "physical", "base": "ppd", "points": 3}],
    )
    result = run([contract], {ALBUM.upc: ALBUM}, [physical_album("1000")])
    # 1,000 units × 10.00 PPD = 10,000 × 3/12 = 2,500 × 3% = 75.00
    assert payee(result, "2026-Q1")["earned"] == 75


def test_srlp_less_the_packaging_deduction() -> None:
    contract = deal(
        releases=["198724001509"],
        recordings=[],
        royalties=[{"channels": "physical", "base": "srlp", "points": 4}],
    )
    result = run([contract], {ALBUM.upc: ALBUM}, [physical_album("500")])
    # 16.00 SRLP less 25% CD packaging = 12.00 × 500 units = 6,000 × 4% = 240
    assert payee(result, "2026-Q1")["earned"] == 240


def test_an_escalation_straddling_its_threshold_splits_the_period() -> None:
    # "Escalations": units below the threshold at the old rate, above at the new (prospective).
    contract = deal(
        royalties=[
            {
                "channels": "stream",
                "points": 3,
                "escalation": {"steps": [{"above": 250000, "points": "3.5"}]},
            }
        ]
    )
    first = row("2000", units="200000", month=(2026, 2))
    second = row("1000", units="100000", month=(2026, 5))
    result = run([contract], {}, [first, second])
    # Q1: 200,000 units, 3% of 2,000 = 60.
    assert payee(result, "2026-Q1")["earned"] == 60
    # Q2: 50,000 units (500.00) at 3% = 15.00, then 50,000 (500.00) at 3.5% = 17.50 → 32.50
    assert payee(result, "2026-Q2")["earned"] == D("32.5")
    q2 = [e for e in result.entries if e.period == "2026-Q2" and e.kind is EntryKind.EARNED]
    assert [e.amount for e in q2] == [15, D("17.5")]
    assert "50000 of the row's 100000 units at this step" in q2[1].how


def test_long_figures_from_an_escalation_split_stay_exact_to_the_payees() -> None:
    # A row split at an escalation threshold is apportioned at 20 places; the foreign rate, a
    # 33.33% reserve and a 33.33/66.67 payee split then multiply it exactly. 38 digits were
    # not enough for that chain: decimal.Inexact, found by a hypothesis property.
    contract = deal(
        royalties=[
            {
                "channels": "stream",
                "points": "0.01",
                "escalation": {"steps": [{"above": 1, "points": 20}]},
            }
        ],
        multipliers=[{"outside": ["US"], "percent": 75}],
        reserve={"percent": "33.33", "channels": ["stream"], "liquidation_periods": 2},
        payees=[{"party": "jane", "percent": "33.33"}, {"party": "lena", "percent": "66.67"}],
    )
    split = row("0.000003", units="42", territory="GB", month=(2026, 1))
    later = row("11248.875082", units="0", month=(2026, 4))
    result = run([contract], {}, [split, later])
    gb = [e for e in result.entries if e.kind is EntryKind.EARNED and e.period == "2026-Q1"]
    assert ["(1 of the row's 42 units" in e.how for e in gb] == [True, False]
    assert "(41 of the row's 42 units" in gb[1].how
    with localcontext(CONTEXT):  # the test's sums as exact as the engine's
        earned = sum(e.amount for e in result.entries if e.kind is EntryKind.EARNED)
        paid = sum(e.amount for e in result.entries if e.kind is EntryKind.PAYABLE)
        owed = sum((a.carried for a in result.state.to_date.values()), D(0))
        reserved = sum((t.outstanding for t in result.state.reserves[contract.id]), D(0))
        assert paid + owed + reserved == earned
    # Q2: 20% of 11,248.875082 is 2,249.7750164; 749.85001296612 (33.33%) is held. Of the
    # 1,499.925… left, Jane's 33.33% is 499.925…: paid 499.93, half up, and -0.004996… carried.
    payables = {e.party: e.amount for e in result.entries if e.kind is EntryKind.PAYABLE}
    assert payables == {"jane": D("499.93"), "lena": D("1000.00")}


def test_a_retroactive_escalation_lifts_the_units_before_it() -> None:
    contract = deal(
        royalties=[
            {
                "channels": "stream",
                "points": 3,
                "escalation": {"mode": "retroactive", "steps": [{"above": 250000, "points": 4}]},
            }
        ]
    )
    result = run(
        [contract],
        {},
        [
            row("2000", units="200000", month=(2026, 2)),
            row("1000", units="100000", month=(2026, 5)),
        ],
    )
    # Q2: all 1,000 at 4% = 40, plus (4% − 3%) on Q1's 2,000 = 20 → 60
    assert payee(result, "2026-Q2")["earned"] == 60


def test_a_retroactive_step_once_reached_stays_when_returns_bring_the_count_back() -> None:
    """Retroactive escalation: every unit at the highest rate reached (issue 14's rules; a
    step-up is never undone). 3% rising to 4% above 100 units, 1.00 a unit. Q1 sells 110:
    all at 4%, 4.40. Q2 returns 20 (the count falls to 90), charged at 4%: -0.80. Q3 sells
    10 (the count is 100 again): 4% of 10.00 = 0.40. (The engine stepped back down to 3% in
    Q3, lifting the 90.00 earned before by -1% as well: 0.30 - 0.90 = -0.60.)"""
    contract = deal(
        royalties=[
            {
                "channels": "stream",
                "points": 3,
                "escalation": {"mode": "retroactive", "steps": [{"above": 100, "points": 4}]},
            }
        ]
    )
    sales = [("110", 2), ("-20", 5), ("10", 8)]
    result = run([contract], {}, [row(n, units=n, month=(2026, m)) for n, m in sales])
    earned = [payee(result, p)["earned"] for p in ("2026-Q1", "2026-Q2", "2026-Q3")]
    assert earned == [D("4.40"), D("-0.80"), D("0.40")]


def test_a_retroactive_step_lifts_each_channel_s_royalties_on_that_channel() -> None:
    """An advance recoups only from the royalties of the channels it names (DOMAIN.md,
    "Advances, costs, recoupment"), and a retroactive step's lift of download royalties is
    download royalties. 3% rising to 4% above 100 units on streams and downloads, counted
    together; a 1,000 advance recouped from streams only. Q1: 50 downloads (1,000.00) at 3%
    = 30.00, then 60 streams (100.00) pass 100 units: 4% of 100.00 = 4.00, and the 1,000.00
    of downloads lifted by 1% = 10.00, on downloads. The advance takes the 4.00 of streams;
    30.00 + 10.00 = 40.00 is payable. (The engine booked the lift on the streaming row's
    channel, so the advance took 14.00 and 30.00 was paid.)"""
    contract = deal(
        royalties=[
            {
                "channels": ["stream", "download"],
                "points": 3,
                "escalation": {"mode": "retroactive", "steps": [{"above": 100, "points": 4}]},
            }
        ],
        advances=[{"amount": 1000, "recoups_from": "stream"}],
    )
    downloads = row("1000", units="50", channel=Channel.DOWNLOAD)
    result = run([contract], {}, [downloads, row("100", units="60")])
    q1 = payee(result, "2026-Q1")
    assert (q1["earned"], q1["recouped"], q1["payable"]) == (44, 4, 40)
    lift = next(e for e in result.entries if e.term == "royalties[0] escalation")
    assert lift.how.endswith("on 1000 USD of download royalties earned before")


@pytest.mark.parametrize("mode", ["prospective", "retroactive"])
def test_a_step_above_250000_is_not_reached_at_exactly_250000_units(mode: str) -> None:
    """DOMAIN.md, "Escalations": the rate steps up "once cumulative units pass a threshold",
    and ``above`` is exclusive. 3% rising to 4% above 250,000 units, 0.01 a unit:
    Q1 sells exactly 250,000 (2,500.00): no unit is above the threshold, both modes pay 3%,
    75.00. Q2 sells one more unit (0.01): prospectively that unit is at 4% (0.0004);
    retroactively every unit is now at 4%, so Q2 adds 4% of 0.01 and lifts Q1's 2,500.00 by
    1%: 0.0004 + 25.00. (Retroactive mode paid 4% at exactly 250,000 before: 100.00 in Q1.)"""
    contract = deal(
        royalties=[
            {
                "channels": "stream",
                "points": 3,
                "escalation": {"mode": mode, "steps": [{"above": 250000, "points": 4}]},
            }
        ]
    )
    result = run(
        [contract],
        {},
        [
            row("2500", units="250000", month=(2026, 2)),
            row("0.01", units="1", month=(2026, 5)),
        ],
    )
    assert payee(result, "2026-Q1")["earned"] == D("75.00")
    lift = D("25.00") if mode == "retroactive" else 0
    assert payee(result, "2026-Q2")["earned"] == D("0.0004") + lift


def test_returns_take_back_units_at_the_rate_they_were_credited_at() -> None:
    """DOMAIN.md, "Escalations" and "Reserves": returns are charged against the royalties
    earned, and a return takes back the last units counted. 3% rising to 4% above 100 units,
    1.00 a unit (found by the reference model, tests/reference).

    At exactly the threshold: Q1 sells 100 units, 3% of 100.00 = 3.00 (no unit is above the
    step); Q2 returns all 100, charged at 3%: -3.00, nothing for no net sale. (The engine
    charged it at 4%, the rate of a 101st unit nobody bought: -4.00.)

    Across the threshold: Q1 sells 120 units, 100 at 3% (3.00) and 20 at 4% (0.80); Q2
    returns 30: the 20 above the step at 4% (-0.80) and 10 below it at 3% (-0.30), -1.10.
    (The engine charged all 30 at 4%: -1.20.)"""
    contract = deal(
        royalties=[
            {
                "channels": "stream",
                "points": 3,
                "escalation": {"steps": [{"above": 100, "points": 4}]},
            }
        ]
    )

    def returned(sold: str, back: str) -> Decimal:
        sale = row(sold, units=sold, month=(2026, 2))
        refund = row(f"-{back}", units=f"-{back}", month=(2026, 5))
        return payee(run([contract], {}, [sale, refund]), "2026-Q2")["earned"]

    assert returned("100", "100") == D("-3.00")
    assert returned("120", "30") == D("-1.10")


def test_cross_collateralized_contracts_share_one_pool_and_separate_ones_do_not() -> None:
    # "Cross-collateralization": a balance under one contract recoups from another's royalties.
    def pair(pool: str | None) -> list[Contract]:
        first = deal(
            id="album-1", date="2026-01-05", advances=[{"amount": 1000}], recoupment_pool=pool
        )
        second = deal(id="album-2", recordings=["QZRLR2600002"], recoupment_pool=pool)
        return [first, second]

    # album 2 earns 4% of 12,500 = 500; album 1 earns nothing this quarter
    revenue = [row("12500", recording="QZRLR2600002"), row("0")]
    pooled = run(pair("ava-albums"), {}, revenue)
    separate = run(pair(None), {}, revenue)
    by_contract = {s.contract: s for s in pooled.summaries}
    assert (by_contract["album-2"].recouped, by_contract["album-2"].payable) == (500, 0)
    assert by_contract["album-1"].unrecouped_balance == 500
    by_contract = {s.contract: s for s in separate.summaries if s.period == "2026-Q1"}
    assert (by_contract["album-2"].recouped, by_contract["album-2"].payable) == (0, 500)
    assert by_contract["album-1"].unrecouped_balance == 1000


def test_a_deficit_is_recouped_from_the_pool_s_other_contracts_only_within_their_net() -> None:
    """README, "The engine": a deficit is charged to the pool and recouped first from the
    pool's other contracts, "never a negative amount carried for the payees". Pool of two,
    10% each on streams (and downloads for the second). In Q1 the first has returns only,
    10% of -1,000 = -100: a deficit of 100. The second earns 100 on streams and -40 on
    downloads: its net is 60, all it can give; the pool carries 40 to recoup. (The engine
    took the second's 100 of streams for the deficit, leaving it -40 net, carried as -40 owed
    by its payee.) In Q2 the second earns 150 on streams: 40 recoups the rest, 110 is
    payable."""
    first = deal(id="first", royalties=[{"channels": "stream", "points": 10}], recoupment_pool="p")
    second = deal(
        id="second",
        recordings=["QZRLR2600002"],
        royalties=[{"channels": ["stream", "download"], "points": 10}],
        recoupment_pool="p",
    )
    other = "QZRLR2600002"
    revenue = [
        row("-1000"),
        row("1000", recording=other),
        row("-400", recording=other, channel=Channel.DOWNLOAD),
        row("1500", recording=other, month=(2026, 5)),
    ]
    result = run([first, second], {}, revenue)
    q1 = {s.contract: s for s in result.summaries if s.period == "2026-Q1"}
    assert (q1["second"].recouped, q1["second"].payable, q1["second"].carried_forward) == (60, 0, 0)
    assert q1["second"].unrecouped_balance == 40
    q2 = {s.contract: s for s in result.summaries if s.period == "2026-Q2"}
    assert (q2["second"].recouped, q2["second"].payable, q2["second"].unrecouped_balance) == (
        40,
        110,
        0,
    )


def test_thirds_among_three_payees_lose_no_cent() -> None:
    # "Money": split so the parts sum exactly. The contract owes 10.00, rounded once; the
    # payees' exact parts 3.333, 3.333 and 3.334 are cut by largest remainder (3.33 each, and
    # the cent left to the largest dropped fraction, Marcus's 0.004), so 10.00 is paid in all.
    contract = deal(
        payees=[
            {"party": "jane", "percent": "33.33"},
            {"party": "lena", "percent": "33.33"},
            {"party": "marcus", "percent": "33.34"},
        ]
    )
    result = run([contract], {}, [row("250")])  # 4% of 250 = 10.00
    parts = {s.payee: (s.payable, s.carried_forward) for s in result.summaries}
    assert parts == {
        "jane": (D("3.33"), D("0.003")),
        "lena": (D("3.33"), D("0.003")),
        "marcus": (D("3.34"), D("-0.006")),
    }
    assert sum(p + c for p, c in parts.values()) == 10


def test_income_in_another_currency_is_converted_or_held() -> None:
    # "Money": convert at the stated rate before adding amounts of different currencies.
    rates = ExchangeRates({("EUR", "USD", Month(2026, 2)): D("1.0850")})
    euros = row("200", currency="EUR")
    result = run([deal()], {}, [euros, row("100")], rates)
    # 200 EUR × 1.085 = 217.00 USD; 4% of (217 + 100) = 12.68
    assert payee(result, "2026-Q1")["earned"] == D("12.68")
    unconverted = run([deal()], {}, [euros, row("100")])
    assert [h.reason for h in unconverted.held] == ["no EUR→USD rate for 2026-02"]
    assert payee(unconverted, "2026-Q1")["earned"] == 4


def test_a_late_statement_becomes_an_adjustment_in_the_next_open_period() -> None:
    # Issue 4, "Periods": closed periods never change.
    first = run([deal()], {}, [row("1000", month=(2026, 2))])
    late = run(
        [deal()], {}, [row("500", month=(2026, 3))], state=first.state, through=Month(2026, 6)
    )
    assert [s.period for s in late.summaries] == ["2026-Q2"]
    assert payee(late, "2026-Q2")["earned"] == 20
    # without --through it is booked in the next period all the same, never dropped
    unbounded = run([deal()], {}, [row("500", month=(2026, 3))], state=first.state)
    assert [(s.period, s.earned) for s in unbounded.summaries] == [("2026-Q2", 20)]


def test_running_period_by_period_equals_running_all_at_once() -> None:
    contract = deal(date="2026-01-05", advances=[{"amount": 100}])
    revenue = [
        row("1000", month=(2026, 2)),
        row("3000", month=(2026, 5)),
        row("2500", month=(2026, 8)),
    ]
    whole = run([contract], {}, revenue)
    state = EngineState()
    pieces = []
    for item in revenue:
        step = run([contract], {}, [item], state=state)
        pieces += step.summaries
        state = step.state
    assert pieces == whole.summaries
    assert state == whole.state


def test_income_no_contract_covers_is_reported_as_unmatched() -> None:
    stray = row("10", recording="QZRLR2699999")
    result = run([deal()], {}, [row("10"), stray])
    assert result.unmatched == [stray]


def test_a_profit_share_deal_splits_income_less_costs_and_carries_a_deficit() -> None:
    # "Profit-share deals": income less the costs charged to the release, split 50/50; costs
    # beyond income carry forward as a deficit, like an unrecouped balance.
    contract = deal(
        kind="profit_share",
        profit_share={"percent": 50},
        royalties=[],
        costs=[
            {"kind": "manufacturing", "amount": 4000, "date": "2026-01-10"},
            {"kind": "marketing", "amount": 8000, "date": "2026-02-01"},
        ],
    )
    result = run([contract], {}, [row("10000", month=(2026, 2)), row("6000", month=(2026, 5))])
    # Q1: profit 10,000 − 12,000 = −2,000: nothing payable, the payee's half (1,000) carried.
    q1 = payee(result, "2026-Q1")
    assert (q1["earned"], q1["recouped"], q1["payable"], q1["unrecouped"]) == (5000, 5000, 0, 1000)
    # Q2: 6,000 of income clears the 2,000 deficit; half of the 4,000 left is payable.
    q2 = payee(result, "2026-Q2")
    assert (q2["earned"], q2["recouped"], q2["payable"], q2["unrecouped"]) == (3000, 1000, 2000, 0)
    earned = next(e for e in result.entries if e.kind is EntryKind.EARNED)
    assert earned.how.endswith("the payee's share of net profit × 50%")


def test_record_one_pays_retroactively_in_the_period_costs_are_recouped() -> None:
    # "Record one and the net artist rate", DOMAIN.md's own example: artist all-in 12%,
    # producer 3% → net artist 9%; recording costs 90,000; base 10.00 (PPD) per unit.
    contract = deal(
        date="2026-01-05",
        recordings=[],
        releases=[ALBUM.upc],
        advances=[{"amount": 5000}],
        royalties=[{"channels": "physical", "base": "ppd", "points": 3}],
        record_one={"artist_all_in_points": 12, "recording_costs": 90000},
    )

    sales = [physical_album("60000", (2026, 2)), physical_album("60000", (2026, 5))]
    result = run([contract], {ALBUM.upc: ALBUM}, sales)
    # Q1: the producer earns 0.30 × 60,000 = 18,000, all held; the artist account recoups
    # 0.90 × 60,000 = 54,000 of the 90,000.
    q1 = payee(result, "2026-Q1")
    assert (q1["earned"], q1["payable"], q1["carried"]) == (18000, 0, 18000)
    assert result.state.gates == {}
    # Q2: another 54,000 → 108,000 ≥ 90,000: the retro 18,000 and Q2's 18,000 are payable,
    # less the 5,000 producer advance, recouped from his own royalties only → 31,000.
    q2 = payee(result, "2026-Q2")
    assert (q2["earned"], q2["recouped"], q2["payable"], q2["carried"]) == (18000, 5000, 31000, 0)
    assert booked(result, EntryKind.RELEASED) == [
        ("2026-Q2", "deal", 18000, "record_one",
         "physical royalties accrued since record one, paid now that the recording costs "
         "(90000) are recouped"),
    ]  # fmt: skip


def test_record_one_without_retro_forfeits_what_accrued() -> None:
    contract = record_one_producer(retroactive=False)
    sales = [physical_album("60000", (2026, m)) for m in (2, 5)]
    result = run([contract], {ALBUM.upc: ALBUM}, sales)
    assert payee(result, "2026-Q2")["payable"] == 18000  # Q2's own royalties only
    assert booked(result, EntryKind.FORFEITED) == [
        ("2026-Q2", "deal", 18000, "record_one",
         "physical royalties accrued before recoupment: no retro"),
    ]  # fmt: skip
    # Q1's royalties were held, saying how far the costs were recouped: 0.90 × 60,000.
    assert booked(result, EntryKind.ACCRUED) == [
        ("2026-Q1", "deal", 18000, "record_one",
         "physical royalties held: 54000.0000 of 90000 recording costs recouped at the net "
         "artist rate"),
    ]  # fmt: skip


def test_record_one_with_no_gate_pays_from_the_first_period_whatever_the_costs() -> None:
    """``gate: none``: record one's royalties are payable as earned, costs or not (DOMAIN.md,
    "Record one", where practice differs). 3% of 10.00 PPD on 60,000 albums in Q1: 18,000
    payable in Q1, though 90,000 of recording costs are not recouped; nothing held."""
    contract = record_one_producer(gate="none")
    result = run([contract], {ALBUM.upc: ALBUM}, [physical_album("60000", (2026, 2))])
    assert payee(result, "2026-Q1")["payable"] == 18000
    assert booked(result, EntryKind.ACCRUED) == []


def test_a_net_receipts_counter_counts_receipts_on_a_ppd_royalty_too() -> None:
    """An escalation counting net receipts (README, "Defaults": ``counter: net_receipts``)
    counts what the label received, whatever base the royalty is on. 3% of PPD rising to 4%
    above 500.00 of receipts; 100 CDs at 10.00 PPD (a base of 1,000.00) for which the label
    received 800.00: the count passes 500.00 at 5/8 of the row, so 625.00 of the base is at
    3% (18.75) and 375.00 at 4% (15.00): 33.75. (The engine counted the PPD base, 1,000.00,
    as receipts: half the row at each rate, 15.00 + 20.00 = 35.00.)"""
    contract = deal(
        recordings=[],
        releases=[ALBUM.upc],
        royalties=[three_to_four("physical", "net_receipts", 500, base="ppd")],
    )
    sales = row("800", recording="upc:" + ALBUM.upc, channel=Channel.PHYSICAL, units="100")
    result = run([contract], {ALBUM.upc: ALBUM}, [sales])
    assert payee(result, "2026-Q1")["earned"] == D("33.75")


def test_reserves_are_held_on_physical_sales_and_released_over_two_periods() -> None:
    # "Reserves": a share of physical royalties held against returns, liquidated over the
    # next periods; here 20% over 2 periods, returns charged against the reserve held.
    contract = deal(
        recordings=[],
        releases=[ALBUM.upc],
        royalties=[{"channels": "physical", "base": "ppd", "points": 10}],
        reserve={"percent": 20, "liquidation_periods": 2, "returns_against_reserve": True},
    )

    result = run(
        [contract],
        {ALBUM.upc: ALBUM},
        [physical_album(u, (2026, m)) for u, m in (("1000", 2), ("-100", 5), ("0", 8))],
    )
    # Q1: 1,000 × 10.00 × 10% = 1,000 earned; 20% = 200 held; 800 payable.
    q1 = payee(result, "2026-Q1")
    summary = {s.period: s for s in result.summaries}
    assert (q1["earned"], summary["2026-Q1"].reserve_held, q1["payable"]) == (1000, 200, 800)
    # Q2: half the reserve (100) is released; returns of 100 units (−100) are charged against
    # the 100 still held; nothing is held on returns. Payable: −100 + 100 + 100 = 100.
    q2 = summary["2026-Q2"]
    assert (q2.earned, q2.reserve_held, q2.reserve_released, q2.payable) == (-100, 0, 100, 100)
    # Q3: nothing is left to release.
    assert summary["2026-Q3"].reserve_released == 0
    assert result.state.reserves == {"deal": ()}


def test_what_a_producer_is_paid_is_charged_to_the_artist_s_account() -> None:
    # "Record one", rule 5 and "Who pays whom": the label pays the producer out of the artist's
    # royalty under a letter of direction, and charges it to the artist's account.
    artist = deal(
        id="artist", payer="label", payee="ava", royalties=[{"channels": "stream", "points": 18}]
    )
    producer = deal(
        id="producer",
        payer="ava",
        payee="jane",
        royalties=[{"channels": "stream", "points": 3}],
        letter_of_direction={"artist": "ava", "paid_by": "label"},
    )
    result = run([artist, producer], {}, [row("10000")])
    # The producer earns 3% of 10,000 = 300, paid; the artist earns 18% = 1,800, of which the
    # 300 charged recoups first: 1,500 payable to the artist.
    by_contract = {s.contract: s for s in result.summaries}
    assert by_contract["producer"].payable == 300
    assert (by_contract["artist"].recouped, by_contract["artist"].payable) == (300, 1500)
    charge = next(e for e in result.entries if e.kind is EntryKind.COST)
    assert (charge.contract, charge.amount, charge.how) == (
        "artist",
        300,
        "paid to jane under producer in 2026-Q1",
    )


def test_a_producer_s_pay_is_charged_to_the_artist_in_its_period_income_or_not() -> None:
    artist = deal(
        id="artist",
        payer="label",
        payee="ava",
        recordings=["QZRLR2600002"],
        royalties=[{"channels": "stream", "points": 18}],
    )
    producer = deal(
        id="producer",
        payer="ava",
        payee="jane",
        royalties=[{"channels": "stream", "points": 3}],
        letter_of_direction={"artist": "ava", "paid_by": "label"},
    )
    first = run([artist, producer], {}, [row("10000")])  # income for the producer's track only
    # The artist's account runs in Q1 too, with no income of its own: the 300 paid to Jane
    # (3% of 10,000) is charged to it there, and recouped from its royalties later.
    charged = [e for e in first.entries if e.contract == "artist" and e.kind is EntryKind.COST]
    assert [(e.period, e.amount) for e in charged] == [("2026-Q1", 300)]
    assert first.state.charges == ()
    assert first.state.recoup["contract:artist"] == (
        RecoupItem("producer/paid/2026-Q1/jane", "artist", frozenset(Channel), D(300)),
    )
    later = run(
        [artist, producer],
        {},
        [row("1000", recording="QZRLR2600002", month=(2026, 5))],
        state=first.state,
    )
    assert {s.contract: s.recouped for s in later.summaries} == {"artist": 180, "producer": 0}


def test_a_contract_accounting_by_sale_period_is_held_and_said_so() -> None:
    contract = deal(accounting={"currency": "USD", "period": "quarterly", "period_basis": "sale"})
    result = run([contract], {}, [row("10")])
    assert result.summaries == []
    assert result.problems == [
        "contract deal: accounting by sale period is not computed yet; its income is held"
    ]
    assert [h.reason for h in result.held] == ["contract not computed (see problems)"]


def test_sums_are_exact_beyond_python_s_default_28_digits() -> None:
    # A third of a large album line is taken at 20 places (31 digits here); two of them must
    # add exactly, not at the default decimal context's 28 digits.
    producer = deal(
        recordings=["QZRLR2600001"],
        releases=[ALBUM.upc],
        royalties=[{"channels": "download", "points": 100}],
    )
    three = Release.model_validate(ALBUM.model_dump() | {"tracks": ALBUM.tracks[:3]})
    rows = [
        row(
            "12345678901.234567",
            recording="upc:" + ALBUM.upc,
            channel=Channel.DOWNLOAD,
            territory=t,
        )
        for t in ("US", "GB")
    ]
    result = run([producer], {ALBUM.upc: three}, rows)
    earned = [e.amount for e in result.entries if e.kind is EntryKind.EARNED]
    assert earned == [D("4115226300.41152233333333333333")] * 2
    assert payee(result, "2026-Q1")["earned"] == D("8230452600.82304466666666666666")


def test_the_garbage_collector_is_paused_for_a_run_and_restored_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = importlib.import_module("points.engine.run")  # the package's ``run`` is the function
    inner, seen = module._run, []

    def watching(*args: Any) -> RunResult:
        seen.append(gc.isenabled())
        return inner(*args)

    monkeypatch.setattr(module, "_run", watching)
    assert gc.isenabled()
    run([deal()], {}, [row("100")])
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        run([deal()], {}, [row("100")])
        assert not gc.isenabled()  # a caller's choice is left as it was
    finally:
        gc.enable()


def test_exchange_rate_statement_takes_the_statement_s_conversion_and_rates_file_does_not() -> None:
    # DOMAIN.md, "Money" and the exchange-rate variant: the statement's own rate by default.
    # A row of 100.00 USD that the statement gives as 92.00 EUR; rates.csv says 0.95.
    euro = {"currency": "EUR", "period": "quarterly"}
    statement_rate = deal(id="statement", accounting=euro)
    rates_file = deal(id="file", accounting=euro | {"exchange_rate": "rates_file"})
    income = Revenue(
        ISRC, Channel.STREAM, "DE", Month(2026, 2), "USD", D(1), D("100.00"), 1, (), "EUR", D(92)
    )
    rates = ExchangeRates({("USD", "EUR", None): D("0.95")})
    result = run([statement_rate, rates_file], {}, [income], rates)
    earned = {s.contract: s.earned for s in result.summaries}
    assert earned == {"statement": D("3.68"), "file": D("3.8000")}  # 4% of 92.00; of 95.00
    held = run([rates_file], {}, [income]).held  # no rates file: held, not guessed
    assert [h.reason for h in held] == ["no USD→EUR rate for 2026-02"]


SINGLE = Release.model_validate(
    {
        "upc": "198724001516",
        "title": "Glass Harbor (single)",
        "artist": "Ava Stone",
        "tracks": ["QZRLR2600001", "QZRLR2600013"],
        "prices": [{"format": "vinyl", "currency": "USD", "srlp": "8.00"}],
    }
)


def test_a_track_line_takes_the_price_of_its_one_release_or_is_held_saying_why() -> None:
    """A physical sale reported per track (not the album's ``upc:`` line) is priced from the
    one release that carries the track ("Royalty bases": PPD × units; SRLP less packaging).

    - QZRLR2600002 is on the album only: 100 units × 10.00 PPD × 3% = 30.00.
    - QZRLR2600013 is on the single only, which has an SRLP (8.00) and no PPD: a PPD royalty has
      no price, held, saying "0 PPD prices"; an SRLP royalty takes 8.00 less vinyl's 20%
      packaging = 6.40 × 100 units × 4% = 25.60.
    - QZRLR2600001 is on both: no single price, held, naming the recording.
    - QZRLR2600099 is on no release: held, naming the recording.
    """
    releases = {ALBUM.upc: ALBUM, SINGLE.upc: SINGLE}
    ppd = deal(
        recordings=["QZRLR2600001", "QZRLR2600002", "QZRLR2600013", "QZRLR2600099"],
        royalties=[{"channels": "physical", "base": "ppd", "points": 3}],
    )
    sales = [
        row("0", recording=r, channel=Channel.PHYSICAL, units="100")
        for r in ("QZRLR2600001", "QZRLR2600002", "QZRLR2600013", "QZRLR2600099")
    ]
    result = run([ppd], releases, sales)
    assert payee(result, "2026-Q1")["earned"] == D("30.00")
    assert sorted((h.revenue.recording, h.reason) for h in result.held) == [
        (
            "QZRLR2600001",
            "recording QZRLR2600001 has 0 PPD prices for physical sales; "
            "a royalty on it needs exactly one",
        ),
        (
            "QZRLR2600013",
            "release 198724001516 has 0 PPD prices for physical sales; "
            "a royalty on it needs exactly one",
        ),
        (
            "QZRLR2600099",
            "recording QZRLR2600099 has 0 PPD prices for physical sales; "
            "a royalty on it needs exactly one",
        ),
    ]
    srlp = deal(
        recordings=["QZRLR2600013"],
        royalties=[{"channels": "physical", "base": "srlp", "points": 4}],
    )
    result = run([srlp], releases, sales)
    assert result.held == []
    assert payee(result, "2026-Q1")["earned"] == D("25.60")


def test_record_one_gates_a_row_that_crosses_an_escalation_step_on_its_whole_ppd() -> None:
    """The record-one example above with a step above 100,000 units to 4%. Q1: 60,000 units,
    all at 3%: 18,000 earned and held; the gate 0.90 × 60,000 = 54,000. Q2's 60,000 units cross
    the step: 40,000 × 10.00 × 3% = 12,000 and 20,000 × 10.00 × 4% = 8,000, 20,000 earned; the
    gate is at the net artist rate on the base points (12 − 3 = 9%) on the whole row, another
    54,000 → 108,000 ≥ 90,000: recouped in Q2. Payable: 18,000 released + 20,000 − the 5,000
    advance = 33,000."""
    contract = deal(
        date="2026-01-05",
        recordings=[],
        releases=[ALBUM.upc],
        advances=[{"amount": 5000}],
        royalties=[three_to_four("physical", "units", 100000, base="ppd")],
        record_one={"artist_all_in_points": 12, "recording_costs": 90000},
    )
    sales = [physical_album("60000", (2026, 2)), physical_album("60000", (2026, 5))]
    result = run([contract], {ALBUM.upc: ALBUM}, sales)
    q1, q2 = payee(result, "2026-Q1"), payee(result, "2026-Q2")
    assert (q1["earned"], q1["payable"], q1["carried"]) == (18000, 0, 18000)
    assert (q2["earned"], q2["recouped"], q2["payable"], q2["carried"]) == (20000, 5000, 33000, 0)
    released = [e for e in result.entries if e.kind is EntryKind.RELEASED]
    assert [(e.period, e.amount) for e in released] == [("2026-Q2", 18000)]


def test_rows_ending_or_starting_exactly_at_a_step_are_one_band_each() -> None:
    """PPD on an album line pro-rated 3 of 12 tracks (so each row goes through ``earn``), 3%
    with a prospective step above 1,000 units to 4%:

    - February, 1,000 units: the counter ends exactly at the step, all at 3%:
      1,000 × 10.00 × 3/12 × 3% = 75.00;
    - March, 500 units: from the step on, all at 4%: 500 × 10.00 × 3/12 × 4% = 50.00;
    - April, a return of 500: back from 1,500 to exactly the step, all at 4%: −50.00.

    One entry per row, none split into a zero part at the step."""
    contract = deal(
        recordings=["QZRLR2600001", "QZRLR2600002", "QZRLR2600003"],
        releases=[ALBUM.upc],
        royalties=[three_to_four("physical", "units", 1000, base="ppd")],
    )
    sales = [
        physical_album("1000", (2026, 2)),
        physical_album("500", (2026, 3)),
        physical_album("-500", (2026, 4)),
    ]
    result = run([contract], {ALBUM.upc: ALBUM}, sales)
    earned = [(e.period, e.amount) for e in result.entries if e.kind is EntryKind.EARNED]
    assert earned == [("2026-Q1", 75), ("2026-Q1", 50), ("2026-Q2", -50)]
    assert not any("at this step" in e.how for e in result.entries)


def test_a_receipts_counter_splits_a_row_of_exactly_one_dollar_at_its_step() -> None:
    """A net-receipts counter, 3% stepping to 4% above 100.00 of receipts: 99.50 earns 2.985;
    a row of exactly 1.00 crosses the step, 0.50 at 3% (0.015) and 0.50 at 4% (0.020): 3.020
    in all (3.015 if the row were not split)."""
    contract = deal(
        royalties=[three_to_four("stream", "net_receipts", 100)],
    )
    result = run([contract], {}, [row("99.50", month=(2026, 2)), row("1.00", month=(2026, 3))])
    assert payee(result, "2026-Q1")["earned"] == D("3.020")


def test_a_receipts_counter_on_a_ppd_royalty_counts_foreign_receipts_converted() -> None:
    """PPD 10.00 USD at 3%, stepping to 4% above 300.00 USD of receipts. February: 10 CDs,
    200 EUR at 1.085 = 217.00 USD counted; 10 × 10.00 × 3% = 3.00. March: 10 CDs, 100 EUR =
    108.50 USD, crossing 300 after 83.00 of it: 83/108.5 of the 100.00 base at 3% and 25.5/108.5
    at 4%, 2.2949… + 0.9400… = 3.2350…; earned 6.2350…, paid 6.24 (counted in euros, 300 would not
    be passed: 6.00)."""
    rates = ExchangeRates(
        {("EUR", "USD", Month(2026, 2)): D("1.085"), ("EUR", "USD", Month(2026, 3)): D("1.085")}
    )
    contract = deal(
        recordings=[],
        releases=[ALBUM.upc],
        royalties=[three_to_four("physical", "net_receipts", 300, base="ppd")],
    )
    cds = [
        row("200", recording="upc:" + ALBUM.upc, channel=Channel.PHYSICAL, units="10",
            currency="EUR"),
        row("100", recording="upc:" + ALBUM.upc, channel=Channel.PHYSICAL, units="10",
            currency="EUR", month=(2026, 3)),
    ]  # fmt: skip
    result = run([contract], {ALBUM.upc: ALBUM}, cds, rates)
    q1 = payee(result, "2026-Q1")
    assert abs(
        q1["earned"]
        - (3 + D(100) * D("0.03") * 83 / D("108.5") + D(100) * D("0.04") * D("25.5") / D("108.5"))
    ) < D("1e-18")
    assert q1["payable"] == D("6.24")
    unconverted = run([contract], {ALBUM.upc: ALBUM}, cds)  # no rates: held, never guessed
    assert [(h.contract, h.reason) for h in unconverted.held] == [
        ("deal", "no EUR→USD rate for 2026-02"),
        ("deal", "no EUR→USD rate for 2026-03"),
    ]


@pytest.mark.parametrize(
    ("period", "held", "months", "releases"),
    [
        ("monthly", (2026, 12), [(2026, 12), (2027, 1), (2027, 2)], ["2027-01", "2027-02"]),
        ("quarterly", (2026, 11), [(2026, 11), (2027, 2), (2027, 5)], ["2027-Q1", "2027-Q2"]),
        ("semi_annual", (2026, 11), [(2026, 11), (2027, 2), (2027, 8)], ["2027-H1", "2027-H2"]),
    ],
)
def test_a_reserve_held_at_a_year_end_is_released_in_the_next_two_periods(
    period: str, held: tuple[int, int], months: list[tuple[int, int]], releases: list[str]
) -> None:
    """20% of 1,000.00 held in the last period of 2026, liquidated over 2 periods: 100.00 in
    each of the first two periods of 2027, whatever the accounting period (12, 4 or 2 a year)."""
    contract = deal(
        recordings=[],
        releases=[ALBUM.upc],
        accounting={"currency": "USD", "period": period},
        royalties=[{"channels": "physical", "base": "ppd", "points": 10}],
        reserve={"percent": 20, "liquidation_periods": 2},
    )
    sales = [physical_album("1000" if m == held else "0", m) for m in months]
    result = run([contract], {ALBUM.upc: ALBUM}, sales)
    released = {s.period: s.reserve_released for s in result.summaries if s.reserve_released}
    assert released == dict.fromkeys(releases, 100)


def test_rows_of_one_key_from_two_statements_are_taken_by_units_whatever_their_order() -> None:
    """Two rows of one recording, channel, territory and month (two statements): 10 units for
    10.00 and 100 units for 50.00, 3% stepping to 4% above 50 units. Taken by units, the 10 first:
    0.30; then 40 of the 100 (20.00) at 3%, 0.60, and 60 (30.00) at 4%, 1.20: 2.10 in all. Taken
    the other way it would be 0.75 + 1.00 + 0.40 = 2.15. With 5 units for 5.00 in January
    before them (0.15), the step comes 35 units into the 100: 0.15 + 0.30 + 17.50 × 3% (0.525)
    + 32.50 × 4% (1.30) = 2.275."""
    contract = deal(
        royalties=[three_to_four("stream", "units", 50)],
    )
    small, large = row("10.00", units="10"), row("50.00", units="100")
    for rows in ([small, large], [large, small]):
        assert payee(run([contract], {}, rows), "2026-Q1")["earned"] == D("2.10")
    other = row("5.00", units="5", month=(2026, 1))  # another key first, then the tied pair
    for rows in ([other, small, large], [large, small, other]):
        assert payee(run([contract], {}, rows), "2026-Q1")["earned"] == D("2.275")


def test_a_fee_due_on_release_falls_due_at_the_contract_s_first_dated_release() -> None:
    """Two releases, one not yet dated: a fee due on release is due when the dated one comes
    out (2026-05-08, 2026-Q2)."""
    dated = Release.model_validate(
        {"upc": "198724001516", "title": "Northbound", "artist": "Ava Stone",
         "tracks": ["QZRLR2600013"], "release_date": "2026-05-08"}
    )  # fmt: skip
    contract = deal(releases=[ALBUM.upc, dated.upc], fees=[{"amount": 500, "due": "release"}])
    result = run([contract], {ALBUM.upc: ALBUM, dated.upc: dated}, [row("1", month=(2026, 8))])
    fees = [(e.period, e.amount) for e in result.entries if e.kind is EntryKind.FEE]
    assert fees == [("2026-Q2", 500)]


def test_producers_charged_to_two_albums_of_one_pool_are_charged_in_the_order_paid() -> None:
    """Ava's two album contracts are cross-collateralized (pool "ava"). Producer a-prod is
    charged to album-2, b-prod to album-1 (record one names the artist contract; no gate).
    Each earns 3% of 1,000.00 on his track: 30.00, paid in 2026-Q1, a-prod first. Both charges
    land in Ava's pool, in the order paid; her 18% of her two tracks' 2,000.00 (360.00) recoups
    the 60.00: 300.00 payable over her two contracts."""
    albums = [
        deal(
            id=f"album-{n}", payer="label", payee="ava", recordings=[f"QZRLR260000{n}"],
            recoupment_pool="ava", royalties=[{"channels": "stream", "points": 18}],
        )
        for n in (1, 2)
    ]  # fmt: skip
    producers = [
        deal(
            id=name, payer="ava", payee=payee, recordings=[track],
            royalties=[{"channels": "stream", "points": 3}],
            record_one={"gate": "none", "artist_all_in_points": 18, "artist_contract": album},
        )
        for name, payee, track, album in (
            ("a-prod", "jane", "QZRLR2600003", "album-2"),
            ("b-prod", "lena", "QZRLR2600004", "album-1"),
        )
    ]  # fmt: skip
    income = [row("1000", recording=f"QZRLR260000{n}") for n in (1, 2, 3, 4)]
    result = run([*albums, *producers], {}, income)
    charges = [(e.contract, e.amount, e.how) for e in result.entries if e.kind is EntryKind.COST]
    assert charges == [
        ("album-2", 30, "paid to jane under a-prod in 2026-Q1"),
        ("album-1", 30, "paid to lena under b-prod in 2026-Q1"),
    ]
    ava = [s for s in result.summaries if s.payee == "ava"]
    assert sum(s.recouped for s in ava) == 60
    assert sum(s.payable for s in ava) == 300


def test_a_row_that_counts_nothing_or_less_than_one_is_at_the_next_unit_s_rate() -> None:
    """3% stepping to 4% above a counter's 100.

    Units: 100 units for 50.00 bring the counter exactly to the step (1.50); a row of 0 units
    and 10.00 (an adjustment) counts nothing and is at the next unit's rate, 4%: 0.40.
    Receipts: 100.00 (3.00) brings the counter to the step; 0.50 more is all above it, 4%:
    0.02. From 99.80 (2.994), 0.50 crosses it: 0.20 at 3% (0.006), 0.30 at 4% (0.012)."""
    units = deal(royalties=[three_to_four("stream", "units", 100)])
    rows = [row("50.00", units="100"), row("10.00", units="0", month=(2026, 3))]
    assert payee(run([units], {}, rows), "2026-Q1")["earned"] == D("1.90")
    receipts = deal(royalties=[three_to_four("stream", "net_receipts", 100)])
    at_the_step = [row("100.00"), row("0.50", month=(2026, 3))]
    assert payee(run([receipts], {}, at_the_step), "2026-Q1")["earned"] == D("3.02")
    crossing = [row("99.80"), row("0.50", month=(2026, 3))]
    assert payee(run([receipts], {}, crossing), "2026-Q1")["earned"] == D("3.012")


def test_an_advance_in_another_currency_is_booked_at_its_month_s_rate() -> None:
    """A USD contract signed 2026-01-05 with a 1,000 EUR advance (1.10 that month: 1,100.00
    USD) and a 0.50 USD signing fee. 10% of 200.00 = 20.00 recoups the advance (1,080.00
    left); the fee, 0.50, is paid in full, under a dollar, in the payee's own words."""
    rates = ExchangeRates({("EUR", "USD", Month(2026, 1)): D("1.10")})
    contract = deal(
        date="2026-01-05",
        advances=[{"amount": 1000, "currency": "EUR"}],
        fees=[{"amount": "0.50", "due": "signing"}],
        royalties=[{"channels": "stream", "points": 10}],
    )
    result = run([contract], {}, [row("200")], rates)
    assert [(e.kind, e.amount, e.currency, e.how) for e in result.entries] == [
        (EntryKind.FEE, D("0.50"), "USD", "flat fee 0.50 USD, due 2026-01-05"),
        (EntryKind.ADVANCE, D("1100.00"), "USD", "advance 1000 EUR, due 2026-01-05"),
        (EntryKind.EARNED, 20, "USD", "net receipts 200 USD × 10%"),
        (EntryKind.RECOUPED, 20, "USD", "stream royalties applied to deal/advances[0]"),
        (EntryKind.PAYABLE, D("0.50"), "USD", "100% of the contract's net, rounded"),
    ]
    assert payee(result, "2026-Q1")["unrecouped"] == D("1080.00")


def test_terms_are_booked_when_due_whatever_their_order_in_the_contract() -> None:
    """A recoupable fee of 200 due 2026-05-01 (listed first), an advance of 1,000 due
    2026-01-05 recouped from streams only, and an undated video cost of 300 (50% recoupable,
    the default: 150). Q1 books the advance and the undated cost, saying it had no date; Q2 the
    fee, paid now and recouped later. 10% of 200 and of 100 recoup 30 of the advance; the
    state keeps each item with its contract and the channels it recoups from."""
    contract = deal(
        fees=[{"amount": 200, "date": "2026-05-01", "recoupable": True}],
        advances=[{"amount": 1000, "date": "2026-01-05", "recoups_from": ["stream"]}],
        costs=[{"amount": 300, "kind": "video"}],
        royalties=[{"channels": "stream", "points": 10}],
    )
    result = run([contract], {}, [row("200"), row("100", month=(2026, 5))])
    booked = [
        (e.period, e.kind, e.amount, e.how)
        for e in result.entries
        if e.kind in (EntryKind.FEE, EntryKind.ADVANCE, EntryKind.COST)
    ]
    assert booked == [
        ("2026-Q1", EntryKind.ADVANCE, 1000, "advance 1000 USD, due 2026-01-05"),
        ("2026-Q1", EntryKind.COST, 150,
         "recoupable cost 150.0 USD, due (no date: booked in the first period run)"),
        ("2026-Q2", EntryKind.FEE, 200, "flat fee 200 USD, due 2026-05-01"),
    ]  # fmt: skip
    every = frozenset(Channel)
    assert result.state.recoup == {
        "contract:deal": (
            RecoupItem("deal/advances[0]", "deal", frozenset({Channel.STREAM}), D(970)),
            RecoupItem("deal/costs[0]", "deal", every, D(150)),
            RecoupItem("deal/fees[0]", "deal", every, D(200)),
        )
    }


def test_a_reserve_is_held_on_its_contract_when_another_in_the_pool_has_none() -> None:
    """Two contracts in one pool, "a-plain" without a reserve and "b-reserved" holding 20% of
    physical royalties: b's 10% of 1,000 CDs × 10.00 PPD = 1,000.00, 200.00 held; a's 5%
    (500.00) is paid in full."""
    terms: dict[str, Any] = {
        "recordings": [], "releases": [ALBUM.upc], "recoupment_pool": "shared",
    }  # fmt: skip
    plain = deal(id="a-plain", royalties=[{"channels": "physical", "base": "ppd", "points": 5}],
                 **terms)  # fmt: skip
    reserved = deal(
        id="b-reserved",
        royalties=[{"channels": "physical", "base": "ppd", "points": 10}],
        reserve={"percent": 20, "liquidation_periods": 2},
        **terms,
    )
    result = run([plain, reserved], {ALBUM.upc: ALBUM}, [physical_album("1000")])
    held = {s.contract: (s.reserve_held, s.payable) for s in result.summaries}
    assert held == {"a-plain": (0, 500), "b-reserved": (200, 800)}


def _reserve_charges(periods: int, sales: tuple[tuple[str, int], ...]) -> list[tuple[str, Any]]:
    contract = deal(
        recordings=[], releases=[ALBUM.upc],
        royalties=[{"channels": "physical", "base": "ppd", "points": 10}],
        reserve={"percent": 20, "liquidation_periods": periods, "returns_against_reserve": True},
    )  # fmt: skip
    income = [physical_album(units, (2026, month)) for units, month in sales]
    result = run([contract], {ALBUM.upc: ALBUM}, income)
    return [(e.how[-7:], e.amount) for e in result.entries if e.kind is EntryKind.RESERVE_CHARGED]


def test_returns_are_charged_against_what_each_reserve_still_holds_oldest_first() -> None:
    """20% reserves on 10% of CDs at 10.00 PPD, returns charged against them.

    Over 2 periods: Q1 holds 200.00 (1,000 CDs); Q2 releases 100.00 of it and holds 0.40
    (2 CDs); Q3 releases Q1's last 100.00 and 0.20 of Q2's, then 150 CDs come back (150.00):
    Q1's reserve is empty and charged nothing, Q2's last 0.20 is charged.

    Over 3 periods: Q1 holds 200.00; Q2 releases 66.67 and holds 20.00 (100 CDs); Q3 releases
    66.67 and 6.67, then 75 CDs come back (75.00): the 66.67 Q1 still holds, and the other
    8.33 from Q2's 13.33."""
    assert _reserve_charges(2, (("1000", 2), ("2", 5), ("-150", 8))) == [
        ("2026-Q2", D("0.2")),
    ]
    assert _reserve_charges(3, (("1000", 2), ("100", 5), ("-75", 8))) == [
        ("2026-Q1", D("66.66666666666666666667")),
        ("2026-Q2", D("8.33333333333333333333")),
    ]


def test_record_one_holds_only_the_contracts_it_gates_in_a_pool() -> None:
    """One pool, 1,000 CDs at 10.00 PPD (10,000.00): "a-plain" (5%, no record one) is paid
    500.00; "b-ungated" (3%, record one with ``gate: none``, costs 90,000) is paid its 300.00
    now; "c-gated" (3%, net artist rate 12 − 3 = 9%: 900.00 toward 90,000) has its 300.00
    held."""
    terms: dict[str, Any] = {
        "recordings": [], "releases": [ALBUM.upc], "recoupment_pool": "shared",
    }  # fmt: skip

    def producer(name: str, points: int, **more: Any) -> Contract:
        rate = [{"channels": "physical", "base": "ppd", "points": points}]
        return deal(id=name, royalties=rate, **terms, **more)

    contracts = [
        producer("a-plain", 5),
        producer("b-ungated", 3, record_one={
            "gate": "none", "artist_all_in_points": 12, "recording_costs": 90000}),
        producer("c-gated", 3, record_one={"artist_all_in_points": 12, "recording_costs": 90000}),
    ]  # fmt: skip
    result = run(contracts, {ALBUM.upc: ALBUM}, [physical_album("1000")])
    paid = {s.contract: (s.payable, s.carried_forward) for s in result.summaries}
    assert paid == {"a-plain": (500, 0), "b-ungated": (300, 0), "c-gated": (0, 300)}


# -- Runs carried on from a state: held income, closed periods, ``through`` ------------------


def test_income_held_for_a_rate_stays_held_with_its_own_reason_until_a_period_runs() -> None:
    """200 EUR in 2026-02 with no EUR→USD rate is held. Run again with nothing new: Q1 has
    run, and no new period is due, so the row is held again, still for its rate (not as
    "income for a period already run"), ready for the run that has one."""
    euros = row("200", currency="EUR")
    first = run([deal()], {}, [row("100"), euros])
    assert [(h.revenue, h.reason) for h in first.held] == [(euros, "no EUR→USD rate for 2026-02")]
    again = run([deal()], {}, [], state=first.state)
    assert [(h.revenue, h.contract, h.reason) for h in again.held] == [
        (replace(euros, held_for="deal"), "deal", "no EUR→USD rate for 2026-02")
    ]
    assert again.summaries == []
    assert again.unmatched == []


def test_income_held_for_a_contract_since_removed_goes_to_the_one_covering_it_now() -> None:
    """Held for contract "old" (no rate); "old" is gone from the workspace and "new" covers
    the recording: the row is offered to every contract again, and "new" books it at 4%:
    200 EUR × 1.10 = 220.00 USD → 8.80."""
    euros = row("200", currency="EUR")
    first = run([deal(id="old")], {}, [euros])
    rates = ExchangeRates({("EUR", "USD", Month(2026, 2)): D("1.10")})
    later = run([deal(id="new")], {}, [], rates, state=first.state)
    assert [(s.contract, s.period, s.earned) for s in later.summaries] == [
        ("new", "2026-Q1", D("8.80"))
    ]
    assert later.unmatched == []
    assert later.held == []


def test_a_run_through_a_month_leaves_later_income_to_a_later_run() -> None:
    """Through 2026-03, a row of 2026-05 is not part of the run: not booked, and not
    reported unmatched either, though no contract covers its recording."""
    stray = row("50", month=(2026, 5), recording="QZRLR2600099")
    result = run([deal()], {}, [row("100"), stray], through=Month(2026, 3))
    assert [s.period for s in result.summaries] == ["2026-Q1"]
    assert result.unmatched == []
    assert run([deal()], {}, [row("100"), stray]).unmatched == [stray]


def test_a_new_contract_books_income_of_a_closed_period_in_the_first_open_one() -> None:
    """Books closed through 2026-03; a contract new since then, with income of 2026-02, books
    nothing in the closed Q1: its 4% of 1,000 = 40.00 is Q2's, and the state keeps the close."""
    closed = EngineState(closed_through=Month(2026, 3))
    result = run([deal()], {}, [row("1000")], state=closed, through=Month(2026, 6))
    assert [(s.period, s.earned) for s in result.summaries] == [("2026-Q2", 40)]
    assert result.state.closed_through == Month(2026, 3)


def test_an_undated_advance_of_a_contract_without_income_is_named_for_each_contract() -> None:
    """An advance without a date falls due in the contract's first period with income; two
    contracts with none yet each get the problem (and a contract with income does not)."""
    undated = {"advances": [{"amount": 500}]}
    quiet = [deal(id=name, recordings=["QZRLR2600009"], **undated) for name in ("a", "b")]
    busy = deal(id="c", **undated)
    result = run([*quiet, busy], {}, [row("100")])
    assert result.problems == [
        f"contract {name}: advances[0] has no date, and the contract has no income yet: it "
        "falls due in its first period with income (give it a date to book it in its own "
        "period)"
        for name in ("a", "b")
    ]


def test_a_producer_paid_in_another_currency_is_charged_at_the_rate_of_the_period_s_end() -> None:
    """The producer accounts in EUR, the artist in USD, both quarterly. Jane and Lena earn
    3% of 10,000 EUR = 300 EUR in Q1, 150 each; it is charged to the artist at the rate of
    the quarter's last month, 2026-03 (1.20): 180.00 USD for each. A rate for 2026-02 alone
    is not enough: neither payment can be charged, and each is named."""
    artist = deal(
        id="artist", payer="label", payee="ava", royalties=[{"channels": "stream", "points": 18}]
    )
    producer = deal(
        id="producer",
        payer="ava",
        payee="jane",
        accounting={"currency": "EUR", "period": "quarterly"},
        royalties=[{"channels": "stream", "points": 3}],
        payees=[{"party": "jane", "percent": 50}, {"party": "lena", "percent": 50}],
        letter_of_direction={"artist": "ava", "paid_by": "label"},
    )
    euros = row("10000", currency="EUR")
    at_end = ExchangeRates(
        {("EUR", "USD", Month(2026, 3)): D("1.20"), ("EUR", "USD", Month(2026, 2)): D("1.50")}
    )
    result = run([artist, producer], {}, [euros], at_end)
    charged = [(e.contract, e.period, e.amount) for e in result.entries if e.kind is EntryKind.COST]
    assert charged == [("artist", "2026-Q1", 180), ("artist", "2026-Q1", 180)]
    mid_quarter_only = ExchangeRates({("EUR", "USD", Month(2026, 2)): D("1.50")})
    missing = run([artist, producer], {}, [euros], mid_quarter_only)
    assert missing.problems == [
        f"producer: cannot charge artist what {party} was paid: no EUR→USD rate for 2026-03"
        for party in ("jane", "lena")
    ]
    assert not [e for e in missing.entries if e.kind is EntryKind.COST]


def test_a_quarterly_producer_s_pay_is_charged_in_a_monthly_artist_s_last_month() -> None:
    """Charged in the month the producer's period ends: Q1's 300 falls in the artist's
    2026-03, not in 2026-02 (the month of the income)."""
    artist = deal(
        id="artist",
        payer="label",
        payee="ava",
        accounting={"currency": "USD", "period": "monthly"},
        royalties=[{"channels": "stream", "points": 18}],
    )
    producer = deal(
        id="producer",
        payer="ava",
        payee="jane",
        royalties=[{"channels": "stream", "points": 3}],
        letter_of_direction={"artist": "ava", "paid_by": "label"},
    )
    result = run([artist, producer], {}, [row("10000")], through=Month(2026, 3))
    charged = [e for e in result.entries if e.kind is EntryKind.COST]
    assert [(e.contract, e.period, e.amount) for e in charged] == [("artist", "2026-03", 300)]


def test_a_pool_member_without_income_does_not_stop_the_members_after_it() -> None:
    """Two contracts cross-collateralized in one pool; "a" (first by id) has no income this
    period, "b" has 1,000: b earns its 4%, 40.00."""
    members = [
        deal(id="a", recordings=["QZRLR2600009"], recoupment_pool="album"),
        deal(id="b", recoupment_pool="album"),
    ]
    result = run(members, {}, [row("1000")])
    assert {s.contract: s.earned for s in result.summaries if s.earned} == {"b": 40}


def test_a_deficit_is_carried_as_an_item_to_recoup_named_for_its_contract_and_period() -> None:
    """Q1 earns 4% of 1,000 = 40.00, paid; Q2 returns 2,000 of it: −80.00, a deficit the
    payees do not owe back. It is carried as a balance to recoup from any channel, named
    ``deal/deficit/2026-Q2``, and Q3's 4% of 5,000 = 200.00 recoups it: 120.00 payable."""
    rows = [row("1000"), row("-2000", month=(2026, 5)), row("5000", month=(2026, 8))]
    first = run([deal()], {}, rows[:2])
    assert first.state.recoup["contract:deal"] == (
        RecoupItem("deal/deficit/2026-Q2", "deal", frozenset(Channel), D(80)),
    )
    assert payee(run([deal()], {}, rows), "2026-Q3")["payable"] == 120


def test_income_held_for_a_contract_that_no_longer_covers_it_is_reported_unmatched() -> None:
    """Held for "deal" (no rate); "deal" is then changed to cover another recording only:
    the row is not dropped, it is unmatched, and no longer says it is held for "deal"."""
    euros = row("200", currency="EUR")
    first = run([deal()], {}, [euros])
    assert [h.contract for h in first.held] == ["deal"]
    moved = deal(recordings=["QZRLR2600009"])
    later = run(
        [moved], {}, [row("10", recording="QZRLR2600009", month=(2026, 5))], state=first.state
    )
    assert later.unmatched == [euros]
    assert later.held == []


def test_record_one_without_the_artist_contract_s_costs_is_named_and_its_income_held() -> None:
    """Record one measured against an artist contract not in the run: the costs cannot be
    found, so the contract is not computed: a problem names it, its income is held."""
    lost = deal(record_one={"artist_all_in_points": 12, "artist_contract": "album-9"})
    result = run([lost], {}, [row("100")])
    assert result.problems == [
        "contract deal: record one needs the recording costs of album-9 in USD; its income is held"
    ]
    assert [h.reason for h in result.held] == ["contract not computed (see problems)"]
    assert result.summaries == []


def test_each_record_one_contract_is_held_against_its_own_stated_costs() -> None:
    """Two producers with record one and stated costs, 90,000 each: neither is paid in Q1,
    when the artist account has recouped at the net artist rate, 15 − 3 − 3 = 9 points of
    10.00 PPD on 60,000 albums = 54,000, short of both (each earned 18,000, held)."""
    producers = [
        deal(
            id=name,
            payee=name,
            recordings=[],
            releases=[ALBUM.upc],
            royalties=[{"channels": "physical", "base": "ppd", "points": 3}],
            record_one={"artist_all_in_points": 15, "recording_costs": 90000},
        )
        for name in ("jane", "lena")
    ]
    result = run(producers, {ALBUM.upc: ALBUM}, [physical_album("60000", (2026, 2))])
    assert {s.payee: s.payable for s in result.summaries} == {"jane": 0, "lena": 0}


def test_the_words_of_a_royalty_name_every_multiplier_and_the_artist_s_share() -> None:
    """What a statement prints for a row: a sync licence in DE, 1,000.00 received, at 3
    points expressed as 3/18 of the artist's 18% royalty, foreign 75% and licences 50%:
    1,000 × 75% × 50% × 3% = 11.25. A per-unit rate: 40 downloads in DE at 0.10, foreign
    75%: 3.00."""
    shared = deal(
        royalties=[{"channels": "sync", "points": 3, "share_of_artist": {"artist_points": 18}}],
        multipliers=[
            {"outside": ["US"], "percent": 75, "reason": "foreign"},
            {"channels": "sync", "percent": 50, "reason": "licences"},
        ],
    )
    per_unit = deal(
        royalties=[{"channels": "download", "base": "per_unit", "per_unit": "0.10"}],
        multipliers=[{"outside": ["US"], "percent": 75, "reason": "foreign"}],
    )
    licence = row("1000", territory="DE", channel=Channel.SYNC, units="1")
    downloads = row("30", territory="DE", channel=Channel.DOWNLOAD, units="40")
    assert [(e.amount, e.how) for e in run([shared], {}, [licence]).entries
            if e.kind is EntryKind.EARNED] == [
        (D("11.25"), "net receipts 1000 USD × 75% (foreign) × 50% (licences), as 3/18 of the "
         "artist's 18% royalty × 3%"),
    ]  # fmt: skip
    assert [(e.amount, e.how) for e in run([per_unit], {}, [downloads]).entries
            if e.kind is EntryKind.EARNED] == [
        (D("3.00"), "40 units × 75% (foreign), at 0.10 per unit"),
    ]  # fmt: skip


def test_a_multiplier_without_a_reason_is_named_as_a_multiplier() -> None:
    contract = deal(multipliers=[{"outside": ["US"], "percent": 75}])
    (earned,) = [e for e in run([contract], {}, [row("100", territory="DE")]).entries
                 if e.kind is EntryKind.EARNED]  # fmt: skip
    assert earned.how == "net receipts 100 USD × 75% (multiplier) × 4%"


def test_a_letter_of_direction_naming_an_artist_with_no_contract_charges_nobody() -> None:
    """The producer is paid, 4% of 1,000 = 40.00; there is no artist account to charge."""
    producer = deal(letter_of_direction={"artist": "nobody", "paid_by": "label"})
    result = run([producer], {}, [row("1000")])
    assert payee(result, "2026-Q1")["payable"] == 40
    assert [e for e in result.entries if e.kind is EntryKind.COST] == []


def test_a_charge_carried_from_an_earlier_run_is_booked_to_the_artist() -> None:
    """A producer's 300.00 paid in 2026-03, not yet charged when the last run ended: this run
    charges it to the artist's account in Q1, which recoups it from the artist's 18% of
    10,000 = 1,800: 1,500 payable."""
    artist = deal(
        id="artist", payer="label", payee="ava", royalties=[{"channels": "stream", "points": 18}]
    )
    carried = Charge("producer/paid/2026-Q1/jane", "artist", Month(2026, 3), D(300), "paid to jane")
    result = run([artist], {}, [row("10000")], state=EngineState(charges=(carried,)))
    summary = next(s for s in result.summaries if s.contract == "artist")
    assert (summary.recouped, summary.payable) == (300, 1500)
    assert result.state.charges == ()


def test_a_pool_that_ran_before_a_later_close_books_late_income_after_the_close() -> None:
    """Run through Q1; then Q2 is closed (its statement was run elsewhere); income of 2026-05
    comes late: booked in Q3, the first period after both the last run and the close."""
    first = run([deal()], {}, [row("1000")], through=Month(2026, 3))
    state = replace(first.state, closed_through=Month(2026, 6))
    later = run([deal()], {}, [row("500", month=(2026, 5))], state=state, through=Month(2026, 9))
    assert [(s.period, s.earned) for s in later.summaries] == [("2026-Q3", 20)]


def test_late_income_that_no_period_may_take_yet_is_held_as_late() -> None:
    """Run through Q2; new income of 2026-02 arrives, but this run goes through Q2 only,
    whose period has run: it is held, as income for a period already run."""
    first = run([deal()], {}, [row("1000")], through=Month(2026, 6))
    late = row("500", month=(2026, 2))
    later = run([deal()], {}, [late], state=first.state, through=Month(2026, 6))
    assert [(h.revenue.net, h.contract, h.reason) for h in later.held] == [
        (500, "deal", "income for a period already run")
    ]


def test_a_recouped_item_leaves_the_state() -> None:
    """An advance of 30.00 recouped in full by 4% of 1,000: nothing is left to recoup."""
    result = run([deal(advances=[{"amount": 30, "date": "2026-01-10"}])], {}, [row("1000")])
    assert payee(result, "2026-Q1")["recouped"] == 30
    assert result.state.recoup["contract:deal"] == ()


def test_a_record_one_contract_without_costs_does_not_stop_the_next_from_being_held() -> None:
    """Contract "a" measures record one against an artist contract that is missing (named,
    its income held); "b" states its costs, 90,000, and is held against them: of its 3% of
    10.00 PPD on 60,000 albums, 18,000, nothing is payable in Q1."""
    terms = {"recordings": [], "releases": [ALBUM.upc],
             "royalties": [{"channels": "physical", "base": "ppd", "points": 3}]}  # fmt: skip
    missing = {"artist_all_in_points": 12, "artist_contract": "album-9"}
    stated = {"artist_all_in_points": 12, "recording_costs": 90000}
    lost = deal(id="a", record_one=missing, **terms)
    kept = deal(id="b", payee="lena", record_one=stated, **terms)
    result = run([lost, kept], {ALBUM.upc: ALBUM}, [physical_album("60000", (2026, 2))])
    assert [p.split(":")[0] for p in result.problems] == ["contract a"]
    assert {(s.contract, s.earned, s.payable) for s in result.summaries} == {("b", 18000, 0)}


def test_a_contract_naming_two_releases_and_no_recordings_takes_both_album_lines() -> None:
    """No recordings named: each release's album lines are the contract's whole (a release
    not in the catalog too), the second as much as the first: 4% of 100 + 4% of 50 = 6.00."""
    contract = deal(recordings=[], releases=["198724009994", ALBUM.upc])
    lines = [row("100", recording="upc:198724009994"), row("50", recording=f"upc:{ALBUM.upc}")]
    result = run([contract], {ALBUM.upc: ALBUM}, lines)
    assert payee(result, "2026-Q1")["earned"] == 6
    assert result.unmatched == []


def test_an_album_line_of_a_release_none_of_whose_tracks_are_named_is_not_covered() -> None:
    """The contract names the album and a recording that is not on it: the album's lines earn
    nothing under it (pro-rated by 0 of 12 tracks) and are reported unmatched, not taken."""
    contract = deal(recordings=["QZRLR2699999"], releases=[ALBUM.upc])
    line = row("50", recording=f"upc:{ALBUM.upc}")
    result = run([contract], {ALBUM.upc: ALBUM}, [line])
    assert result.unmatched == [line]
