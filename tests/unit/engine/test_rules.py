"""Worked examples that separate: for each deal rule, numbers that give a different answer
under each plausible misreading of it (issue 14, "Worked examples that separate"). Each
docstring gives the rule's reading (DOMAIN.md section), the arithmetic, and what the
misreading would give instead."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from points.engine import EntryKind, Revenue, RunResult, run
from points.model.catalog import Release
from points.model.contracts import Channel, Contract
from points.model.periods import Month

from workspaces import make_contract

D = Decimal
ISRC = "QZRLR2600001"


def deal(**terms: Any) -> Contract:
    base: dict[str, Any] = {"recordings": [ISRC]}
    return make_contract(**(base | terms))


def row(
    net: str,
    units: str = "0",
    month: tuple[int, int] = (2026, 2),
    channel: Channel = Channel.STREAM,
    territory: str = "US",
    recording: str = ISRC,
) -> Revenue:
    return Revenue(recording, channel, territory, Month(*month), "USD", D(units), D(net))


def figure(result: RunResult, period: str, name: str, party: str = "jane") -> Decimal:
    (summary,) = [s for s in result.summaries if s.period == period and s.payee == party]
    return Decimal(getattr(summary, name))


def kinds(result: RunResult, kind: EntryKind) -> dict[str, Decimal]:
    """An entry kind's amounts summed per period."""
    sums: dict[str, Decimal] = {}
    for entry in result.entries:
        if entry.kind is kind:
            sums[entry.period] = sums.get(entry.period, D(0)) + entry.amount
    return sums


def escalating(mode: str = "prospective", scope: str = "contract", above: int = 100) -> Any:
    return {
        "channels": ["stream", "download"],
        "points": 3,
        "escalation": {"mode": mode, "scope": scope, "steps": [{"above": above, "points": 4}]},
    }


# -- Escalations (DOMAIN.md, "Escalations") ---------------------------------------------------


def test_the_step_starts_at_the_first_unit_above_the_threshold() -> None:
    """3% rising to 4% above 100 units; one row of 101 units paying 1.00 each: units 1-100 at
    3% (3.00) and the 101st at 4% (0.04) = 3.04. Taking the step at ``>`` on the count (from
    the 102nd unit) pays 3.03; taking it at the 100th unit pays 3.05."""
    result = run([deal(royalties=[escalating()])], {}, [row("101.00", units="101")])
    assert figure(result, "2026-Q1", "earned") == D("3.04")


def test_returns_take_the_count_back_below_the_threshold() -> None:
    """Above 100 units, prospective. Q1: 90 units (90.00) at 3% = 2.70. Q2: a return of 30
    units (-30.00) at 3% = -0.90; the count falls to 60. Q3: 50 units (50.00): 40 more reach
    100 at 3% (1.20), 10 above it at 4% (0.40) = 1.60. A counter that ignored the return
    (count 90 after Q2, then 40 of Q3's units above 100) would pay 0.30 + 1.60 = 1.90."""
    rows = [
        row("90.00", units="90", month=(2026, 2)),
        row("-30.00", units="-30", month=(2026, 5)),
        row("50.00", units="50", month=(2026, 8)),
    ]
    result = run([deal(royalties=[escalating()])], {}, rows)
    assert kinds(result, EntryKind.EARNED) == {
        "2026-Q1": D("2.70"),
        "2026-Q2": D("-0.90"),
        "2026-Q3": D("1.60"),
    }


def test_a_per_channel_counter_counts_each_channel_apart() -> None:
    """Above 100 units, counted per channel: 80 streams (80.00) and 80 downloads (80.00) in Q1.
    Neither channel passes 100: all at 3% = 4.80. A counter scoped to the whole contract
    would pass 100 at the 101st unit: 60 units at 4% (0.60 more) = 5.40."""
    rows = [
        row("80.00", units="80"),
        row("80.00", units="80", channel=Channel.DOWNLOAD),
    ]
    per_channel = run([deal(royalties=[escalating(scope="channel")])], {}, rows)
    assert figure(per_channel, "2026-Q1", "earned") == D("4.80")
    whole = run([deal(royalties=[escalating(scope="contract")])], {}, rows)
    assert figure(whole, "2026-Q1", "earned") == D("5.40")


def test_a_retroactive_lift_is_on_the_base_after_the_territory_multiplier() -> None:
    """Retroactive above 100 units; sales outside the US at 50% of the rate. Q1: 100 units in
    GB paying 1,000.00: 3% of 50% of 1,000.00 = 15.00 (a rated base of 500.00). Q2: one US
    unit paying 1.00 passes 100: 4% of 1.00 = 0.04, and Q1 is lifted by 1% of its rated base
    500.00 = 5.00; 5.04 in all. A lift on the base before the multiplier would be 10.00."""
    contract = deal(
        royalties=[escalating(mode="retroactive")],
        multipliers=[{"percent": 50, "outside": ["US"], "reason": "foreign sales"}],
    )
    rows = [
        row("1000.00", units="100", territory="GB", month=(2026, 2)),
        row("1.00", units="1", month=(2026, 5)),
    ]
    result = run([contract], {}, rows)
    assert kinds(result, EntryKind.EARNED) == {"2026-Q1": D("15.00"), "2026-Q2": D("5.04")}


# -- Record one (DOMAIN.md, "Record one and the net artist rate") ----------------------------


def record_one(**term: Any) -> Contract:
    """3 points of net receipts; 900.00 of recording costs; the artist is on 12% all-in."""
    return deal(
        royalties=[{"channels": ["stream"], "points": 3}],
        record_one={"artist_all_in_points": 12, "recording_costs": 900} | term,
    )


def test_the_gate_is_the_net_artist_rate_not_the_all_in_rate() -> None:
    """8,000.00 of receipts: at the net artist rate (12% - 3% = 9%) the artist's account has
    recouped 720.00 of 900.00, so the producer's 240.00 (3%) is held. At the all-in rate (12%)
    it would have recouped 960.00, and the 240.00 would be payable."""
    result = run([record_one()], {}, [row("8000.00")])
    assert figure(result, "2026-Q1", "payable") == 0
    assert kinds(result, EntryKind.ACCRUED) == {"2026-Q1": D("240.00")}


def test_the_gate_leaves_out_the_other_producers_points_too() -> None:
    """Another producer has 2 points: the net artist rate is 12 - 3 - 2 = 7%. 11,000.00 of
    receipts recoup 770.00 of 900.00: held. Without the other producer's points (9%) it would
    be 990.00, recouped, and the 330.00 payable."""
    result = run([record_one(other_producer_points=2)], {}, [row("11000.00")])
    assert figure(result, "2026-Q1", "payable") == 0


def test_costs_recouped_exactly_open_the_gate() -> None:
    """10,000.00 of receipts at the net artist rate of 9% recoup exactly 900.00: the costs are
    recouped, and the producer's 300.00 (3%) is payable at once. Reading "recouped" as
    "more than the costs" would hold it."""
    result = run([record_one()], {}, [row("10000.00")])
    assert figure(result, "2026-Q1", "payable") == D("300.00")


# -- Recoupment (DOMAIN.md, "Advances, costs, recoupment") -----------------------------------


def test_an_advance_recoups_only_from_the_channels_it_names() -> None:
    """A 100.00 advance recouped from physical royalties only; 10 points. Q1: 500.00 of streams
    earn 50.00, payable in full (the advance does not touch them); 300.00 of physical sales
    earn 30.00, all recouped. Recouped from every channel, the 50.00 would go too."""
    contract = deal(
        releases=["198724001509"],
        advances=[{"amount": 100, "date": "2026-01-10", "recoups_from": ["physical"]}],
        royalties=[{"channels": ["stream", "physical"], "points": 10}],
    )
    album = Release(upc="198724001509", title="Night Transit", artist="Ava Stone", tracks=(ISRC,))
    rows = [row("500.00"), row("300.00", units="30", channel=Channel.PHYSICAL)]
    result = run([contract], {album.upc: album}, rows)
    assert figure(result, "2026-Q1", "recouped") == D("30.00")
    assert figure(result, "2026-Q1", "payable") == D("50.00")
    assert figure(result, "2026-Q1", "unrecouped_balance") == D("70.00")


# -- Minimum payment (DOMAIN.md, "Periods and statements") -----------------------------------


@pytest.mark.parametrize(("rule", "paid"), [("at_least", D("50.00")), ("more_than", D(0))])
def test_a_payable_of_exactly_the_minimum_is_paid_by_default(rule: str, paid: Decimal) -> None:
    """Minimum 50.00; 10 points of 500.00 = 50.00 exactly. The default ("paid when payable ≥
    minimum") pays it; ``minimum_rule: more_than`` carries it."""
    contract = deal(
        royalties=[{"channels": ["stream"], "points": 10}],
        accounting={
            "currency": "USD",
            "period": "quarterly",
            "minimum_payment": 50,
            "minimum_rule": rule,
        },
    )
    result = run([contract], {}, [row("500.00")])
    assert figure(result, "2026-Q1", "payable") == paid


# -- Reserves (DOMAIN.md, "Reserves") --------------------------------------------------------


def reserved(period: str = "quarterly", **reserve: Any) -> Contract:
    return deal(
        royalties=[{"channels": ["stream"], "points": 100}],
        reserve={"percent": 30, "channels": ["stream"]} | reserve,
        accounting={"currency": "USD", "period": period},
    )


def test_a_reserve_is_released_in_equal_parts_from_the_next_period() -> None:
    """30% of Q1's 900.00 held (270.00), over three periods: 90.00 released in each of Q2, Q3
    and Q4, not one period late (Q3, Q4, Q1) and not 270.00 at once."""
    rows = [row("900.00", month=(2026, 2)), row("0", month=(2026, 11))]
    result = run([reserved(liquidation_periods=3)], {}, rows)
    assert kinds(result, EntryKind.RESERVE_HELD) == {"2026-Q1": D("270.00")}
    released = {"2026-Q2": D("90.00"), "2026-Q3": D("90.00"), "2026-Q4": D("90.00")}
    assert kinds(result, EntryKind.RESERVE_RELEASED) == released


def test_a_semi_annual_release_schedule_is_counted_in_halves() -> None:
    """Accounted semi-annually: 30% of 2026-H1's 1,000.00 held (300.00), released 100.00 in
    2026-H2 and 200.00 in 2027-H1 (a stated 1/3, 2/3 schedule), not in quarters."""
    contract = reserved(
        period="semi_annual", liquidation_periods=2, schedule=["33.3333", "66.6667"]
    )
    rows = [row("1000.00", month=(2026, 3)), row("0", month=(2027, 2))]
    result = run([contract], {}, rows)
    assert kinds(result, EntryKind.RESERVE_RELEASED) == {
        "2026-H2": D("99.99990000"),
        "2027-H1": D("200.0001000"),
    }


def test_a_reserve_on_positive_sales_is_held_on_the_sales_before_returns() -> None:
    """30% held on positive sales: 2,400.00 sold and 400.00 returned in Q1 (two rows): 720.00
    held, 1,280.00 payable. Held on the net (2,000.00) it would be 600.00 (``base:
    net_sales``)."""
    rows = [row("2400.00"), row("-400.00")]
    positive = run([reserved(liquidation_periods=2)], {}, rows)
    assert figure(positive, "2026-Q1", "reserve_held") == D("720.00")
    assert figure(positive, "2026-Q1", "payable") == D("1280.00")
    net = run([reserved(liquidation_periods=2, base="net_sales")], {}, rows)
    assert figure(net, "2026-Q1", "reserve_held") == D("600.00")


# -- Earning on returns, and rounding (DOMAIN.md, "Reserves" and "Money") --------------------


def test_a_return_is_charged_against_what_was_earned() -> None:
    """4 points: 1,000.00 sold and 250.00 returned in the quarter earn 40.00 - 10.00 = 30.00,
    not 40.00."""
    contract = deal(royalties=[{"channels": ["stream"], "points": 4}])
    result = run([contract], {}, [row("1000.00"), row("-250.00")])
    assert figure(result, "2026-Q1", "earned") == D("30.00")


def test_rounding_is_half_up_by_default() -> None:
    """1 point of 12.50 = 0.125: half up pays 0.13 (the default); half-even would pay 0.12."""
    contract = deal(royalties=[{"channels": ["stream"], "points": 1}])
    result = run([contract], {}, [row("12.50")])
    assert figure(result, "2026-Q1", "payable") == D("0.13")
