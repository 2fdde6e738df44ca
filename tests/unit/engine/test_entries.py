"""The engine's state is a value: equal histories give equal states, so runs can be compared."""

from __future__ import annotations

from decimal import Decimal

from points.engine.entries import EngineState, RecoupItem
from points.engine.period import Period
from points.model.contracts import AccountingPeriod, Channel

QUARTERLY = AccountingPeriod.QUARTERLY


def test_states_compare_by_value() -> None:
    item = RecoupItem("deal/advances[0]", "deal", frozenset({Channel.STREAM}), Decimal("400"))
    q1, q2 = Period(QUARTERLY, 2026, 1), Period(QUARTERLY, 2026, 2)
    one = EngineState({"pool": q1}, {"pool": (item,)}, frozenset({"deal/advances[0]"}))
    other = EngineState({"pool": q1}, {"pool": (item,)}, frozenset({"deal/advances[0]"}))
    assert one == other
    assert one != EngineState({"pool": q2}, {"pool": (item,)})
