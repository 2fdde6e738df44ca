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


def test_held_income_is_summed_per_contract_currency_and_reason() -> None:
    """Three EUR rows without a rate (10.50 + 2.25 in two months, one a return of −1.00) are one
    line, 11.75 EUR in 3 rows; a GBP row and another contract's row stay apart; "no rate"
    gathers every month's wording."""
    from points.engine.entries import Held, held_totals
    from points.engine.revenue import Revenue
    from points.model.periods import Month

    def row(currency: str, month: int, net: str) -> Revenue:
        return Revenue(
            "QZRLR2600001", Channel.STREAM, "DE", Month(2026, month), currency, Decimal(1),
            Decimal(net),
        )  # fmt: skip

    held = [
        Held(row("EUR", 1, "10.50"), "deal-a", "no EUR→USD rate for 2026-01"),
        Held(row("EUR", 2, "2.25"), "deal-a", "no EUR→USD rate for 2026-02"),
        Held(row("EUR", 2, "-1.00"), "deal-a", "no EUR→USD rate for 2026-02"),
        Held(row("GBP", 1, "4.00"), "deal-a", "no GBP→USD rate for 2026-01"),
        Held(row("EUR", 1, "7.00"), "deal-b", "no EUR→USD rate for 2026-01"),
        Held(row("EUR", 1, "1.00"), "deal-b", "no price"),
    ]
    assert held_totals(held) == {
        ("deal-a", "EUR", "no rate"): (Decimal("11.75"), 3),
        ("deal-a", "GBP", "no rate"): (Decimal("4.00"), 1),
        ("deal-b", "EUR", "no price"): (Decimal("1.00"), 1),
        ("deal-b", "EUR", "no rate"): (Decimal("7.00"), 1),
    }
    assert list(held_totals(reversed(held))) == list(held_totals(held))  # sorted, not as given
    assert held_totals([]) == {}
