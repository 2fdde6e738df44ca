"""The XLSX statement opened with openpyxl: the sheets, the figures as numbers in the currency's
format, frozen headers and filters on the detail sheets, the native chart, and no formula
anywhere even when a name is one."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart

from points.render.statement_xlsx import money_format, statement_xlsx
from statement_fixtures import HOSTILE_NAME, HOSTILE_TITLE, hostile_statement, sample_statement


def _book(payee: str = "jane-doe", period: str = "2026-H1") -> Any:
    return load_workbook(BytesIO(statement_xlsx(sample_statement(payee, period, ()))))


def _row_of(sheet: Any, label: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == label)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("USD", '[>=0.005]"$"#,##0.00;[<=-0.005]("$"#,##0.00);"$"0.00'),
        ("JPY", '[>=0.5]"¥"#,##0;[<=-0.5]("¥"#,##0);"¥"0'),
        ("BHD", '[>=0.0005]"BHD"#,##0.000;[<=-0.0005]("BHD"#,##0.000);"BHD"0.000'),
    ],
)
def test_money_formats_follow_the_currency(code: str, expected: str) -> None:
    assert money_format(code) == expected


def test_the_summary_sheet_holds_the_engine_figures_in_the_currency_format() -> None:
    book = _book()
    assert book.sheetnames == ["Statement", "By recording", "By territory", "Royalty lines"]
    sheet = book["Statement"]
    assert sheet["A1"].value == "ROYALTY STATEMENT"
    payable = sheet.cell(_row_of(sheet, "Payable for this period (USD)"), 2)
    assert Decimal(str(payable.value)) == Decimal("2506.01")
    assert payable.number_format == money_format("USD")
    earned = sheet.cell(_row_of(sheet, "Royalties earned"), 2)
    assert Decimal(str(earned.value)) == Decimal("6.007164")  # exact, shown as $6.01
    carried = sheet.cell(_row_of(sheet, "Carried to the next period"), 2)
    assert Decimal(str(carried.value)) == Decimal("-0.002836")  # shown as $0.00, not ($0.00)


def test_the_chart_is_a_native_excel_chart_of_the_history() -> None:
    sheet = _book("marcus-okafor", "2026-H2")["Statement"]
    (chart,) = sheet._charts
    assert isinstance(chart, BarChart)
    header = max(c.row for c in sheet["A"] if c.value == "Period")  # the history's header
    periods = ["2025-H2", "2026-H1", "2026-H2"]  # from the advance's period on
    assert [sheet.cell(header + i, 1).value for i in (1, 2, 3)] == periods
    assert [sheet.cell(header + i, 4).value for i in (1, 2, 3)] == [5000, 5000, 5000]
    kinds = {type(c).__name__ for c in (chart, *chart._charts)}
    assert kinds >= {"BarChart", "LineChart"}  # earnings as columns, the balance as a line


def test_detail_sheets_have_frozen_headers_filters_and_totals_below_them() -> None:
    book = _book()
    sheet = book["By recording"]
    assert [c.value for c in sheet[1]][:5] == [
        "Contract",
        "ISRC / UPC",
        "Recording",
        "Channel",
        "Units",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I4"  # three rows; the total (row 6) is outside it
    assert sheet["C2"].value == "Low Tide Radio"
    assert sheet["H2"].number_format == money_format("USD")
    assert sheet["A6"].value == "Total"
    assert Decimal(str(sheet["H6"].value)) == Decimal("6.007164")
    assert sheet["E6"].value == 26339
    for name in ("By territory", "Royalty lines"):
        assert book[name].freeze_panes == "A2"
        assert book[name].auto_filter.ref.startswith("A1:")
    lines = book["Royalty lines"]
    assert lines["J2"].value == "net receipts 20.00700000 USD × 4%"


def test_hostile_names_cannot_run(tmp_path: Path) -> None:
    book = load_workbook(BytesIO(statement_xlsx(hostile_statement(tmp_path))))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                values.append(cell.value)
    assert "'" + HOSTILE_NAME in values  # shown as typed, with the apostrophe that keeps it text
    assert HOSTILE_NAME not in values
    assert HOSTILE_TITLE in values
