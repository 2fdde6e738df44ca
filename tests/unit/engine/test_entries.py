"""The engine's state is a value: equal histories give equal states, so runs can be compared."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from points.engine.entries import EngineState, Entry, EntryKind, RecoupItem
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


def test_an_entry_is_a_value_with_named_fields() -> None:
    fields = (EntryKind.FEE, "2026-Q1", "deal", "", "USD", Decimal("2500"), "fees[0]", "flat fee")
    entry, same = Entry(*fields), Entry(*fields, revenue=None)
    assert entry == same
    assert hash(entry) == hash(same)
    assert entry != Entry(*fields[:-1], "another fee")
    assert entry != tuple(entry)  # equal only to entries
    assert (entry.kind, entry.amount, entry.how, entry.revenue) == (
        EntryKind.FEE,
        Decimal("2500"),
        "flat fee",
        None,
    )
    assert repr(entry) == (
        "Entry(kind=<EntryKind.FEE: 'fee'>, period='2026-Q1', contract='deal', party='', "
        "currency='USD', amount=Decimal('2500'), term='fees[0]', how='flat fee', revenue=None)"
    )
    assert copy.deepcopy(entry) == entry
    with pytest.raises(AttributeError):
        entry.how = "changed"  # type: ignore[misc]
