"""Payee statements built from the sample workspace, and a workspace with hostile names, shared
by the statement renderers' tests."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from points import api
from points.render.statement import PayeeStatement, PaymentMade
from points.render.statement_build import build_statement

from conftest import SAMPLE_DATA

STATEMENT_FILE = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"
ISSUED = dt.date(2026, 9, 15)
# Jane's H1 payable, paid in H2: her H2 statement shows it as a payment in the period.
JANE_PAID = PaymentMade("jane-doe", dt.date(2026, 9, 30), "BACS 4411", Decimal("2506.01"), "USD")

HOSTILE_NAME = "=cmd|' /C calc'!A0"
HOSTILE_TITLE = "<script>alert(1)</script>"


def sample_statement(
    payee: str = "jane-doe",
    period: str = "2026-H2",
    payments: Sequence[PaymentMade] = (JANE_PAID,),
    root: Path = SAMPLE_DATA,
) -> PayeeStatement:
    outcome = api.run_workspace(root, [STATEMENT_FILE])
    assert outcome.result is not None, outcome.loaded.problems
    result = outcome.result
    workspace = outcome.loaded.workspace
    return build_statement(
        workspace, payee, period, result.summaries, result.entries, payments, ISSUED
    )


def hostile_workspace(folder: Path) -> Path:
    """The sample workspace with Jane's legal name a spreadsheet formula and the title of a
    recording she produced a script tag."""
    root = folder / "hostile"
    shutil.copytree(SAMPLE_DATA, root, ignore=shutil.ignore_patterns("ledger.sqlite3"))
    parties = root / "parties.yaml"
    parties.write_text(
        parties.read_text(encoding="utf-8").replace(
            "legal_name: Jane Doe", f'legal_name: "{HOSTILE_NAME}"'
        ),
        encoding="utf-8",
    )
    catalog = root / "catalog.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            "title: Low Tide Radio", f'title: "{HOSTILE_TITLE}"'
        ),
        encoding="utf-8",
    )
    assert api.load_workspace(root).ok
    return root


def hostile_statement(folder: Path) -> PayeeStatement:
    return sample_statement("jane-doe", "2026-H1", (), hostile_workspace(folder))


CARGO_HEADER = [
    "Period", "Catalogue No.", "Label", "Label ID", "Sold To", "Cinram V Sage V Cost",
    "Domestic v Export", "Sale / Cost", "Type / Cost Reason", "Country", "Artist / Invoice Ref",
    "Title / More info", "UPC on report", "Format", "Net Qty", "Gross value", "Cost",
    "Storage Costs", "Distribution fee", "Net after fee",
]  # fmt: skip


def cargo_sale_and_return(
    path: Path, sale: tuple[int, float, object], returned: tuple[int, float, object]
) -> Path:
    """A Cargo physical statement (sheet ``<label>_<YYYY>_Q<n>``) of January 2023: one sale
    and one return of the same LP (UPC 198724001509), shop country and month, each given as
    (units, gross value, net after fee) as Excel holds them (a net may be text: "(120.00)")."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "RLR_2023_Q1"
    sheet.append(CARGO_HEADER)
    common = ["RLR001LP", "Redline", "RLR", "Rough Trade", "Sage", "Domestic", "Sale"]
    item = ["UK", "Ava Stone", "Night Transit", 198724001509, "LP"]
    for kind, (units, gross, net) in (("Sale", sale), ("Return", returned)):
        sheet.append(["2023_01", *common, kind, *item, units, gross, 0, 0, 0.8, net])
    book.save(path)
    return path
