"""The engine's state is a value: equal histories give equal states, so runs can be compared."""

from __future__ import annotations

from decimal import Decimal

from points.engine.entries import EngineState, RecoupItem
from points.model.contracts import Channel


def test_states_compare_by_value() -> None:
    item = RecoupItem("deal/advances[0]", "deal", frozenset({Channel.STREAM}), Decimal("400"))
    one = EngineState({"pool": "2026-Q1"}, {"pool": (item,)}, frozenset({"deal/advances[0]"}))
    other = EngineState({"pool": "2026-Q1"}, {"pool": (item,)}, frozenset({"deal/advances[0]"}))
    assert one == other
    assert one != EngineState({"pool": "2026-Q2"}, {"pool": (item,)})
