"""One row under a known header: skipped with its reason, rejected naming its column, or mapped."""

from __future__ import annotations

from decimal import Decimal

import pytest

from points.errors import Source
from points.ingest.formats import AMUSE, DISTROKID
from points.ingest.rows import Layout, Rejected, map_row, skip_reason

DK_HEADER = [
    "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC", "Quantity",
    "Team Percentage", "Song/Album", "Country of Sale", "Songwriter Royalties Withheld",
    "Earnings (USD)",
]  # fmt: skip
DK = DISTROKID.bind(DK_HEADER)
ROW = ["2026-03-05", "2026-01", "Spotify", "Ava Stone", "Glass Harbor", "QZRLR2600002",
       "198724001509", "1200", "100", "Song", "US", "0", "3.744"]  # fmt: skip
AMUSE_HEADER = ["Transaction date", "Type", "Source", "Service", "ISRC", "Total"]
AM = AMUSE.bind(AMUSE_HEADER)


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ([], "blank line"),
        (["", " ", "\t"], "blank line"),
        (["", "", "", "", "Total:", "", "", "3683", "", "", "", "", "24.34"], "totals row"),
        (["", "", "", "", "Sub Total", "", "", "", "", "", "", "", "1"], "totals row"),
        ([*ROW[:4], "Total", *ROW[5:]], None),  # a title 'Total' beside an ISRC is income
        (ROW, None),
    ],
)
def test_why_a_distrokid_row_is_skipped(cells: list[str], reason: str | None) -> None:
    assert DK is not None
    assert skip_reason(DISTROKID, DK, cells) == reason


@pytest.mark.parametrize(
    ("kind", "source", "reason"),
    [
        ("Debit", "Withdrawal", "withdrawal, not income"),
        ("debited", "", "withdrawal, not income"),
        ("", "Withdrawal", "withdrawal, not income"),
        ("Credit", "Streams", None),
        ("credited", "Downloads", None),
    ],
)
def test_amuse_withdrawals_are_not_income(kind: str, source: str, reason: str | None) -> None:
    assert AM is not None
    cells = ["2026-03-20", kind, source, "", "", "-50.00"]
    assert skip_reason(AMUSE, AM, cells) == reason


def test_a_row_is_mapped_or_rejected_naming_its_column() -> None:
    assert DK is not None
    layout = Layout.of(DISTROKID, DK, DK_HEADER)
    line, warnings = map_row(layout, ROW, Source("dk.tsv", 2))
    assert (line.isrc, line.net, line.currency, warnings) == (
        "QZRLR2600002", Decimal("3.744"), "USD", [],
    )  # fmt: skip
    for cells, column, reason in [
        ([*ROW[:12], "n/a"], "Earnings (USD)", "no amount"),
        ([*ROW[:12], "12,5O"], "Earnings (USD)", "'12,5O' is not an amount"),
        (["2026-13-05", *ROW[1:]], "Reporting Date", "'2026-13-05' is not a date written as "
         "%Y-%m-%d or %Y-%m"),
        (ROW[:12], "", "the line has 12 cells, fewer than the header"),
    ]:  # fmt: skip
        with pytest.raises(Rejected) as rejected:
            map_row(layout, cells, Source("dk.tsv", 3))
        assert (rejected.value.column, rejected.value.reason) == (column, reason)


@pytest.mark.parametrize(
    ("position", "text", "code"),
    [
        (1, "Jan 26", "bad-sale-date"),
        (5, "QZRLR26", "bad-isrc"),
        (6, "8.59712E+11", "bad-upc"),
        (7, "ten", "bad-units"),
        (10, "Atlantis", "bad-territory"),
    ],
)
def test_any_other_unreadable_value_is_a_warning_on_a_line_kept(
    position: int, text: str, code: str
) -> None:
    assert DK is not None
    cells = list(ROW)
    cells[position] = text
    line, (warning,) = map_row(Layout.of(DISTROKID, DK, DK_HEADER), cells, Source("dk.tsv", 7))
    assert line.net == Decimal("3.744")
    assert (warning.code, warning.severity, warning.source) == (
        code, "warning", Source("dk.tsv", 7, position + 1),
    )  # fmt: skip
    assert warning.message.startswith(f"column {DK_HEADER[position]!r}: {text!r} is not")
