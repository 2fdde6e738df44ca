"""Cargo physical: a label's XLSX with returns, costs, text negatives and numeric barcodes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from points.ingest.read import read_statement
from points.model.contracts import Channel

FIXTURE = Path(__file__).parents[3] / "fixtures" / "statements" / "cargo-physical.xlsx"


def test_cargo_physical_workbook() -> None:
    result = read_statement(FIXTURE)
    assert result.format.name == "cargo-physical"
    assert "passed over sheet(s) 'Summary'" in result.reason
    sale, ret, cost = result.lines
    # The barcode was stored as a number; its leading zero is restored because the check
    # digit agrees.
    assert (sale.upc, sale.territory, sale.channel) == ("012345678905", "GB", Channel.PHYSICAL)
    assert (ret.units, ret.net, ret.territory) == (Decimal(-1), Decimal("-12.80"), "DE")
    assert (cost.channel, cost.net, cost.upc) == (Channel.OTHER, Decimal("-3.40"), None)
    assert str(cost.source).endswith("cargo-physical.xlsx[RLR_2023_Q1]:4")
    assert sum(line.net for line in result.lines) == Decimal("35.00")  # 51.20 - 12.80 - 3.40
