"""Rows of an Excel workbook as text cells, sheet by sheet, with each row's place recorded.

openpyxl hands numeric cells over as ``float``; each is turned into the shortest decimal that
round-trips (``repr``), which is the number the person typed (0.1 stays 0.1), and never used
as a float again. Dates become ISO text. Read-only mode streams rows, so a large sheet is never
held in memory at once.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from points.errors import Source
from points.ingest.files import Record

__all__ = ["WorkbookError", "cell_text", "sheets"]


def cell_text(value: object) -> str:
    """A cell's value as the text a statement would have shown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class WorkbookError(ValueError):
    """The file is not an Excel workbook openpyxl can read."""


def sheets(path: Path) -> Iterator[tuple[str, Iterator[Record]]]:
    """Each worksheet's name and its rows as ``(source, cells)``; the source names the sheet
    and the row number.

    Raises:
        WorkbookError: the file is not a readable .xlsx workbook.
    """
    # imported here: openpyxl takes a fifth of a second to load, and most statements are text
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as error:
        raise WorkbookError(f"not a readable Excel workbook: {error}") from None
    try:
        for sheet in workbook.worksheets:
            yield sheet.title, _records(path, sheet.title, sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _records(path: Path, title: str, rows: Iterator[tuple[object, ...]]) -> Iterator[Record]:
    for number, row in enumerate(rows, start=1):
        yield Record(Source(str(path), number, sheet=title), [cell_text(value) for value in row])
