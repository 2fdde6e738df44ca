"""Audit exports keep amounts exact and never let a name act as a spreadsheet formula."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from points.render.audit import write_audit

COLUMNS = ("period", "party", "amount", "how")
ROWS = [
    ("2026-H1", "=cmd|' /C calc'!A0", "-0.0028360000", "net receipts 20.007 USD × 4%"),
    ("2026-H1", "@SUM(A1)", "2506.01", "+fee"),
]


def test_csv_keeps_amounts_exact_and_names_inert(tmp_path: Path) -> None:
    path = tmp_path / "h1.csv"
    write_audit(path, COLUMNS, ROWS, "amount")
    with path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    assert rows[1] == [
        "2026-H1",
        "'=cmd|' /C calc'!A0",
        "-0.0028360000",
        "net receipts 20.007 USD × 4%",
    ]
    assert rows[2][1:] == ["'@SUM(A1)", "2506.01", "'+fee"]


def test_xlsx_has_numbers_a_frozen_header_and_filters(tmp_path: Path) -> None:
    path = tmp_path / "h1.xlsx"
    write_audit(path, COLUMNS, ROWS, "amount")
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet["B2"].value == "'=cmd|' /C calc'!A0"
    assert sheet["B2"].data_type == "s"
    assert Decimal(str(sheet["C3"].value)) == Decimal("2506.01")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
