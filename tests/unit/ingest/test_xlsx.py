"""Excel cells become the text a statement shows; every row keeps its sheet and number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from points.errors import Source
from points.ingest.files import Record
from points.ingest.xlsx import cell_text, number_text, sheets


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (0.1, "0.1"),
        (8.336, "8.336"),
        (1e-05, "0.00001"),
        (12.0, "12.0"),
        (198724001516, "198724001516"),
        (dt.datetime(2026, 4, 2, 13, 5), "2026-04-02"),
        (dt.date(2026, 1, 31), "2026-01-31"),
        (True, "TRUE"),
        ("(12.80)", "(12.80)"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_rows_keep_their_sheet_and_number(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "First"
    book.active.append(["a", 1.5])
    book.create_sheet("Second").append([None, "b"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    found = [(title, list(records)) for title, records in sheets(path)]
    assert found == [
        ("First", [Record(Source(str(path), 1, sheet="First"), ["a", "1.5"])]),
        ("Second", [Record(Source(str(path), 1, sheet="Second"), ["", "b"])]),
    ]


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    from points.ingest.xlsx import WorkbookError

    fake = tmp_path / "statement.xlsx"
    fake.write_text("Date,Amount\n", encoding="utf-8")
    with pytest.raises(WorkbookError, match="not a readable Excel workbook"):
        next(iter(sheets(fake)))


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("0.1", "0.1"),
        ("8.336E-2", "0.08336"),
        ("1.0000000000000001E-3", "0.001"),  # Excel's 17 digits: the number typed was 0.001
        ("198724001516", "198724001516"),  # barcodes stay as written
        ("12", "12"),
        ("1e400", "1e400"),  # out of a double's range: left for the amount reader to refuse
        ("1e-400", "1e-400"),
        ("#N/A", "#N/A"),
    ],
)
def test_number_text(stored: str, text: str) -> None:
    assert number_text(stored) == text


def test_dates_and_rows_without_values(tmp_path: Path) -> None:
    """A date cell reads as an ISO date; a row with no value is no line (a styled empty row
    far below the statement, or rows a sheet's dimension only claims)."""
    book = Workbook()
    book.active.append(["when", dt.date(2026, 3, 5)])
    book.active.cell(row=50, column=200).number_format = "0.00"  # styled, empty
    path = tmp_path / "book.xlsx"
    book.save(path)
    ((_, rows),) = [(title, list(records)) for title, records in sheets(path)]
    assert rows == [Record(Source(str(path), 1, sheet="Sheet"), ["when", "2026-03-05"])]
