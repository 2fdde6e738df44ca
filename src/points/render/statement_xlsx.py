"""A payee statement as an Excel workbook, what accountants and managers open.

Sheets: ``Statement`` (the header, the statement of account, each contract's royalty account,
recoupment, the history of the periods with a native Excel chart: earnings as columns, the
unrecouped balance as a line on a second axis), then ``By recording``, ``By territory`` and
``Royalty lines`` (each with its header row frozen and filters on, totals below the filtered
range). Amounts are numbers holding the engine's exact figures, formatted in the currency's
symbol and minor unit; a figure under half a minor unit shows as zero, not as "(0.00)". Text
from user files is neutralised so no cell can run as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from io import BytesIO
from typing import Any

from babel.numbers import get_currency_symbol
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from points.model.common import percent_text
from points.money import CONTEXT, currency
from points.render.safety import neutralise
from points.render.statement import (
    Account,
    Line,
    PayeeStatement,
    account_lines,
    channel_words,
    contract_lines,
    pool_lines,
)

__all__ = ["money_format", "statement_xlsx"]

ACCENT = "1F4E79"
FONT = "Calibri"
_TITLE = Font(name=FONT, size=16, bold=True, color=ACCENT)
_HEADING = Font(name=FONT, size=11, bold=True, color=ACCENT)
_BOLD = Font(name=FONT, bold=True)
_MUTED = Font(name=FONT, italic=True, color="5F6B7A", size=9)
_HEADER_FILL = PatternFill("solid", fgColor="E8EDF3")
_BAND = PatternFill("solid", fgColor="F3F5F8")
_THIN = Side(style="thin", color="1C2433")
_HAIR = Side(style="thin", color="D5DAE1")
UNITS = "#,##0"


def money_format(code: str, locale: str = "en_US") -> str:
    """An Excel number format for ``code``: its symbol, its minor unit, negatives in
    parentheses, and anything under half a minor unit shown as zero:
    ``[>=0.005]"$"#,##0.00;[<=-0.005]("$"#,##0.00);"$"0.00`` for USD."""
    places = currency(code).minor_unit
    symbol = '"' + str(get_currency_symbol(code, locale=locale)).replace('"', "") + '"'
    decimals = "." + "0" * places if places else ""
    half = format(Decimal(5).scaleb(-places - 1), "f")
    number = f"#,##0{decimals}"
    return f"[>={half}]{symbol}{number};[<=-{half}]({symbol}{number});{symbol}0{decimals}"


def _text(value: str) -> str:
    return neutralise(value)


def _put(
    sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None
) -> Any:
    """Write one cell: text neutralised, a number with its format. Returns the cell."""
    cell = sheet.cell(row, column, _text(value) if isinstance(value, str) else value)
    if number_format and not isinstance(value, str):
        cell.number_format = number_format
    return cell


def _header_block(sheet: Worksheet, statement: PayeeStatement) -> int:
    """The letterhead and the payee's particulars; returns the next free row."""
    sheet["A1"] = "ROYALTY STATEMENT"
    sheet["A1"].font = _TITLE
    _put(sheet, 2, 1, " · ".join(statement.payers)).font = _BOLD
    start, end = statement.period_start, statement.period_end
    facts: list[tuple[str, str]] = [
        ("Payee", statement.payee_name),
        ("Legal name", statement.legal_name),
        ("Payee ID", statement.payee),
        ("Period", f"{statement.period} ({start.isoformat()} to {end.isoformat()})"),
        ("Statement date", statement.issued.isoformat() if statement.issued else "—"),
        ("Currency", ", ".join(a.currency for a in statement.accounts)),
    ]
    if statement.address:
        facts.insert(2, ("Address", statement.address))
    if statement.payment_details:
        facts.append(("Payment", statement.payment_details))
    for account in statement.accounts:
        for contract in account.contracts:
            share = "" if contract.share == 100 else f" ({percent_text(contract.share)}% share)"
            facts.append(("Contract", f"{contract.contract}: {contract.title}{share}"))
    if statement.workspace_name:
        facts.append(("Prepared by", statement.workspace_name))
    row = 4
    for label, value in facts:
        _put(sheet, row, 1, label).font = _MUTED
        _put(sheet, row, 2, value)
        row += 1
    return row + 1


def _figures(
    sheet: Worksheet, row: int, title: str, lines: Sequence[Line], code: str, fmt: str
) -> int:
    """A titled two-column table of a statement's arithmetic; returns the next free row."""
    _put(sheet, row, 1, title).font = _HEADING
    row += 1
    for column, label in ((1, "Description"), (2, code)):
        cell = _put(sheet, row, column, label)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(horizontal="right" if column == 2 else "left")
    row += 1
    for line in lines:
        label = _put(sheet, row, 1, ("    " if line.kind == "note" else "") + line.label)
        amount = _put(sheet, row, 2, line.amount, fmt)
        if line.kind == "note":
            label.font = amount.font = _MUTED
        elif line.kind in ("balance", "total"):
            label.font = amount.font = _BOLD
            label.border = amount.border = Border(top=_THIN if line.kind == "balance" else None)
            if line.kind == "total":
                label.fill = amount.fill = _BAND
        row += 1
    return row + 1


def _history(sheet: Worksheet, row: int, account: Account, fmt: str) -> int:
    """The periods up to this one, and the chart drawn from them; returns the next free row."""
    code = account.currency
    _put(sheet, row, 1, f"Earnings and unrecouped balance by period ({code})").font = _HEADING
    header = row + 1
    for column, label in enumerate(("Period", "Royalties earned", "Payable", "Unrecouped balance")):
        cell = _put(sheet, header, column + 1, label)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(horizontal="right" if column else "left")
    for i, point in enumerate(account.history, start=header + 1):
        _put(sheet, i, 1, point.period)
        _put(sheet, i, 2, point.earned, fmt)
        _put(sheet, i, 3, point.payable, fmt)
        _put(sheet, i, 4, point.unrecouped_balance, fmt)
    last = header + len(account.history)
    bars = BarChart()
    bars.type, bars.grouping = "col", "clustered"
    bars.y_axis.title = f"Royalties earned ({code})"
    bars.y_axis.majorGridlines = None
    bars.add_data(Reference(sheet, min_col=2, min_row=header, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    line = LineChart()
    line.add_data(Reference(sheet, min_col=4, min_row=header, max_row=last), titles_from_data=True)
    line.y_axis.axId = 200
    line.y_axis.title = f"Unrecouped balance ({code})"
    line.y_axis.crosses = "max"
    for axis in (bars.x_axis, bars.y_axis, line.y_axis):
        axis.delete = False  # openpyxl 3.1 hides axes unless told not to
    bars.y_axis.number_format = line.y_axis.number_format = "#,##0"
    bars += line
    bars.height, bars.width = 8.5, 17.0
    bars.legend.position = "b"
    sheet.add_chart(bars, f"A{last + 2}")
    return last + 21


def _summary_sheet(sheet: Worksheet, statement: PayeeStatement) -> None:
    sheet.title = "Statement"
    row = _header_block(sheet, statement)
    for account in statement.accounts:
        code = account.currency
        fmt = money_format(code, statement.locale)
        _put(sheet, row, 1, f"Payable for this period ({code})").font = Font(
            name=FONT, bold=True, size=12
        )
        cell = _put(sheet, row, 2, account.total("payable"), fmt)
        cell.font = Font(name=FONT, bold=True, size=12, color=ACCENT)
        row += 2
        row = _figures(sheet, row, "Statement of account", account_lines(account), code, fmt)
        for contract in account.contracts:
            title = f"Royalty account: {contract.contract} (paid by {contract.payer})"
            row = _figures(sheet, row, title, contract_lines(contract), code, fmt)
        for pool in account.pools:
            if pool.brought_forward or pool.charges or pool.recouped or pool.carried_forward:
                title = f"Recoupment: {', '.join(pool.contracts)}"
                row = _figures(sheet, row, title, pool_lines(pool), code, fmt)
        row = _history(sheet, row, account, fmt)
    notes = (
        "Opening balance: payable earlier and not yet paid, plus what was carried from the "
        "previous period. Closing balance: opening balance plus this period's activity, less "
        "payments dated in the period.",
        "Figures are the engine's, exact; cells show them rounded to the minor unit. "
        f"Working: points explain {statement.payee} --period {statement.period}",
        *(f"Income {note}: booked once it can be." for note in statement.held),
    )
    for note in notes:
        _put(sheet, row, 1, note).font = _MUTED
        row += 1
    sheet.column_dimensions["A"].width = 64
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 19
    sheet.sheet_view.showGridLines = False
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _detail_sheet(
    book: Workbook,
    locale: str,
    title: str,
    columns: Sequence[tuple[str, int, str | None]],
    rows: Sequence[Sequence[Any]],
    totals: Sequence[Any] | None,
) -> Worksheet:
    """A sheet of rows under a frozen header with filters; ``totals`` go below the filtered
    range after a blank row, so sorting and filtering never move them. A column's format may
    be ``"money:<column index>"``: the money format of the currency in that column."""
    sheet = book.create_sheet(title)
    for column, (label, width, kind) in enumerate(columns, start=1):
        cell = _put(sheet, 1, column, label)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(horizontal="right" if kind else "left")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            _put(sheet, r, c, value, _format(columns[c - 1][2], values, locale))
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}"
    if totals is not None and rows:
        r = len(rows) + 3
        for c, value in enumerate(totals, start=1):
            if value is not None:
                cell = _put(sheet, r, c, value, _format(columns[c - 1][2], rows[0], locale))
                cell.font = _BOLD
                cell.border = Border(top=_THIN, bottom=_HAIR)
    return sheet


def _format(spec: str | None, values: Sequence[Any], locale: str) -> str | None:
    if spec is None or not spec.startswith("money:"):
        return spec
    return money_format(str(values[int(spec.removeprefix("money:"))]), locale)


def _sum(values: Sequence[Any]) -> Decimal:
    with localcontext(CONTEXT):
        return sum((v for v in values if v is not None), Decimal(0))


def statement_xlsx(statement: PayeeStatement) -> bytes:
    """The statement as an .xlsx workbook's bytes."""
    book = Workbook()
    _summary_sheet(book.active, statement)
    recordings: list[list[Any]] = []
    territories: list[list[Any]] = []
    lines: list[list[Any]] = []
    for account in statement.accounts:
        code = account.currency
        recordings += [
            [
                r.contract,
                r.recording,
                r.title,
                channel_words(r.channel),
                r.units,
                r.receipts,
                r.receipts_currency,
                r.royalty,
                code,
            ]
            for r in account.by_recording
        ]
        territories += [
            [
                r.contract,
                r.territory or "—",
                r.country,
                r.units,
                r.receipts,
                r.receipts_currency,
                r.royalty,
                code,
            ]
            for r in account.by_territory
        ]
        lines += [
            [
                x.contract,
                x.month,
                x.recording,
                x.title,
                channel_words(x.channel) if x.channel else "",
                x.territory,
                x.units,
                x.receipts,
                x.receipts_currency,
                x.working,
                x.royalty,
                code,
            ]
            for x in account.lines
        ]
    one_currency = len(statement.accounts) == 1
    _detail_sheet(
        book,
        statement.locale,
        "By recording",
        (
            ("Contract", 24, None),
            ("ISRC / UPC", 20, None),
            ("Recording", 34, None),
            ("Channel", 14, None),
            ("Units", 12, UNITS),
            ("Receipts", 15, "money:6"),
            ("Receipts currency", 10, None),
            ("Royalty", 15, "money:8"),
            ("Currency", 10, None),
        ),
        recordings,
        [
            "Total",
            None,
            None,
            None,
            _sum([r[4] for r in recordings]),
            None,
            None,
            _sum([r[7] for r in recordings]),
            None,
        ]
        if one_currency
        else None,
    )
    _detail_sheet(
        book,
        statement.locale,
        "By territory",
        (
            ("Contract", 24, None),
            ("Territory", 11, None),
            ("Country", 28, None),
            ("Units", 12, UNITS),
            ("Receipts", 15, "money:5"),
            ("Receipts currency", 10, None),
            ("Royalty", 15, "money:7"),
            ("Currency", 10, None),
        ),
        territories,
        [
            "Total",
            None,
            None,
            _sum([r[3] for r in territories]),
            None,
            None,
            _sum([r[6] for r in territories]),
            None,
        ]
        if one_currency
        else None,
    )
    _detail_sheet(
        book,
        statement.locale,
        "Royalty lines",
        (
            ("Contract", 24, None),
            ("Month", 9, None),
            ("ISRC / UPC", 20, None),
            ("Recording", 30, None),
            ("Channel", 13, None),
            ("Territory", 10, None),
            ("Units", 12, UNITS),
            ("Receipts", 15, "money:8"),
            ("Receipts currency", 10, None),
            ("Working", 60, None),
            ("Royalty", 15, "money:11"),
            ("Currency", 10, None),
        ),
        lines,
        [
            "Total",
            None,
            None,
            None,
            None,
            None,
            _sum([r[6] for r in lines]),
            None,
            None,
            None,
            _sum([r[10] for r in lines]),
            None,
        ]
        if one_currency
        else None,
    )
    book.properties.title = f"Royalty statement {statement.payee_name} {statement.period}"
    book.properties.creator = "points"
    stream = BytesIO()
    book.save(stream)
    return stream.getvalue()
