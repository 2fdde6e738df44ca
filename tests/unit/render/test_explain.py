"""The working behind a payable names every figure it is made of, and they add up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from points.engine import Revenue, run
from points.model.contracts import Channel
from points.model.periods import Month
from points.model.workspace import Workspace
from points.render.explain import UnknownPayeeError, explain

from workspaces import make_contract


def test_the_working_lists_each_royalty_the_fee_the_share_and_the_rounding() -> None:
    contract = make_contract(
        recordings=["QZRLR2600001"],
        fees=[{"amount": 100}],
        royalties=[{"channels": "stream", "points": 4}],
        payees=[{"party": "jane", "percent": 50}, {"party": "lena", "percent": 50}],
    )
    revenue = Revenue(
        "QZRLR2600001",
        Channel.STREAM,
        "US",
        Month(2026, 2),
        "USD",
        Decimal(900),
        Decimal("12.3456"),
        3,
        ("statements/dk.tsv",),
    )
    result = run([contract], {}, [revenue])
    workspace = Workspace(contracts=(contract,))
    lines = explain(result, workspace, "jane", "2026-Q1")
    assert lines[0] == "jane, 2026-Q1"
    # 4% of 12.3456 = 0.493824; (100 + 0.493824) × 50% = 50.246912 → 50.25, −0.003088 carried
    assert (
        "  QZRLR2600001, stream, US, 2026-02 (dk.tsv, 3 lines): net receipts 12.3456 USD × 4%"
        " = 0.493824 USD"
    ) in lines
    assert "jane's share: 50%" in lines
    assert lines[-1] == (
        "Payable: $50.25, rounded once to the cent (half-up); carried forward: -0.003088 USD"
    )
    with pytest.raises(UnknownPayeeError, match="periods with figures: 2026-Q1"):
        explain(result, workspace, "jane", "2026-Q2")
