"""A period's ledger entries for an outside accountant, as CSV or XLSX.

Text that comes from user files and statements (titles, party names, explanations) is written
so a spreadsheet cannot take it for a formula: a cell starting with ``=``, ``+``, ``-`` or
``@`` gets a leading apostrophe (``points.render.safety.neutralise``). Amounts are written as
exact decimal text in CSV, and as numbers (from their exact decimal text) in XLSX, with the
header row frozen and filters on.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from points.render.output import write_atomic
from points.render.safety import neutralise

__all__ = ["write_audit"]


def write_audit(
    path: Path, columns: Sequence[str], rows: Sequence[Sequence[str]], amount_column: str
) -> None:
    """Write ``rows`` under ``columns`` to ``path`` (``.csv`` or ``.xlsx``), whole or not at
    all (``points.render.output.write_atomic``).

    Raises:
        OutputError: the file could not be written; nothing was left in its place.
    """
    amount_at = columns.index(amount_column)
    if path.suffix.casefold() == ".xlsx":
        from openpyxl import Workbook  # loaded only when a workbook is written

        book = Workbook()
        sheet = book.active
        sheet.title = "entries"
        sheet.append(list(columns))
        for row in rows:
            sheet.append(
                [
                    Decimal(cell) if i == amount_at else neutralise(cell)
                    for i, cell in enumerate(row)
                ]
            )
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        stream = io.BytesIO()
        book.save(stream)
        write_atomic(path, stream.getvalue())
        return
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [cell if i == amount_at else neutralise(cell) for i, cell in enumerate(row)]
        )
    write_atomic(path, text.getvalue().encode("utf-8"))
