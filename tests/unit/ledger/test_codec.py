"""The engine's state survives a trip through JSON exactly, whatever a run left in it."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from points.engine import EngineState, Revenue, run
from points.engine.royalties import Counter
from points.ledger.codec import state_from_json, state_to_json
from points.model.contracts import Channel
from points.model.periods import Month

from workspaces import make_contract


def test_an_empty_state_round_trips() -> None:
    assert state_from_json(state_to_json(EngineState())) == EngineState()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.decimals(-50, 5000, places=6)), max_size=8))
def test_a_run_s_state_round_trips(rows: list[tuple[int, Decimal]]) -> None:
    artist = make_contract(
        id="artist",
        payer="label",
        payee="ava",
        date="2026-01-02",
        recordings=["QZRLR2600001"],
        advances=[{"amount": 300}],
        costs=[{"kind": "video", "amount": 100}],
        royalties=[
            {"channels": "stream", "points": 18},
            {
                "channels": "physical",
                "points": 10,
                "escalation": {"steps": [{"above": 100, "points": 12}]},
            },
        ],
        reserve={"percent": 20, "channels": ["physical"], "liquidation_periods": 2},
    )
    producer = make_contract(
        id="producer",
        payer="ava",
        payee="jane",
        recordings=["QZRLR2600001"],
        royalties=[{"channels": ["stream", "physical"], "points": 3}],
        record_one={"artist_all_in_points": 18, "recording_costs": 1000},
        accounting={"currency": "USD", "period": "quarterly", "minimum_payment": 20},
        letter_of_direction={"artist": "ava", "paid_by": "label"},
    )
    revenue = [
        Revenue("QZRLR2600001", channel, "US", Month(2026, m), "USD", Decimal(40), net)
        for m, net in rows
        for channel in (Channel.STREAM, Channel.PHYSICAL)
    ]
    state = run([artist, producer], {}, revenue).state
    assert state_from_json(state_to_json(state)) == state


def test_a_retroactive_counter_keeps_its_base_per_channel_and_an_older_one_reads() -> None:
    bases = ((Channel.DOWNLOAD, Decimal(40)), (Channel.STREAM, Decimal(64)))
    counter = Counter(Decimal(110), Decimal(104), Decimal(4), bases)
    state = EngineState(counters={"deal/royalties[0]": counter})
    assert state_from_json(state_to_json(state)) == state
    older = state_to_json(EngineState(counters={"k": Counter(Decimal(1), Decimal(2), Decimal(3))}))
    assert '"k": ["1", "2", "3"]' in older  # kept as before, and read as before
    assert state_from_json(older).counters["k"] == Counter(Decimal(1), Decimal(2), Decimal(3))
