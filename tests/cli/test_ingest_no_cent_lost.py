"""``points ingest`` loses no cent: every line whose amount, currency and reporting date it can
read is kept (a UPC, ISRC or country it cannot read is a warning on the line, never a line
rejected), and a line that is not income is skipped with its reason, never netted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from points.cli import main

STATEMENTS = Path(__file__).parents[1] / "fixtures" / "statements"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _ingest(runner: CliRunner, name: str) -> dict[str, Any]:
    result = runner.invoke(main, ["ingest", str(STATEMENTS / name), "--json"])
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)["files"]
    return item  # type: ignore[no-any-return]


def test_a_distrokid_file_excel_resaved_keeps_every_line(runner: CliRunner) -> None:
    """DistroKid's export after Excel opened and saved it (cp1252, CRLF): every UPC is
    ``8.59712E+11``, its last digits lost. Each of the six lines is taken, with one warning
    for its UPC cell (column 7)::

        units  1200 + 150 + 310 + 3 - 1 + 31                                  = 1,693
        net    3.744 + 1.17 + 0.341 + 18.9 - 0.7 + 0.000313713                = 23.455313713

    The album line (no ISRC, and now no UPC) is kept as unmatched income under its artist
    and title: 18.9.
    """
    item = _ingest(runner, "distrokid-excel-resaved.tsv")
    assert item["lines"] == {"read": 6, "accepted": 6, "skipped": 0, "rejected": 0}
    assert item["errors"] == []
    assert [(w["line"], w["column"], w["code"]) for w in item["warnings"]] == [
        (line, 7, "bad-upc") for line in range(2, 8)
    ]
    assert item["warnings"][0]["message"] == (
        "column 'UPC': '8.59712E+11' is not a UPC or EAN (a spreadsheet wrote it as a "
        "number); the line is kept without it"
    )
    assert item["totals"] == {"USD": {"units": "1693", "net": "23.455313713"}}
    assert item["by_isrc"]["title:Ava Stone — Night Transit"] == {
        "USD": {"units": "3", "net": "18.9"}
    }
    strict = runner.invoke(main, ["ingest", str(STATEMENTS / "distrokid-excel-resaved.tsv"),
                                  "--strict"])  # fmt: skip
    assert strict.exit_code == 1
    assert "distrokid-excel-resaved.tsv:2:7: warning [bad-upc] column 'UPC'" in strict.output
    assert "  lines: 6 read, 6 accepted, 0 skipped, 0 rejected; 6 warnings\n" in strict.output


def test_bandcamp_upcs_typed_by_the_seller_keep_their_lines(runner: CliRunner) -> None:
    """A Bandcamp report (UTF-16 with a BOM) where the seller typed the album's UPC as ``4``
    on one sale and ``no upc`` on another; a payout line below::

        USD  track  0.92  (ISRC QZRLR2600002)
        EUR  album 15.20  (UPC '4': warning, line 3, column 22)
        USD  album  7.65  (UPC 'no upc': warning, line 4, column 22)
        USD  payout        skipped, not income

    Totals: USD 0.92 + 7.65 = 8.57, EUR 15.2; the albums are unmatched income by title.
    """
    item = _ingest(runner, "bandcamp-typed-upc.csv")
    assert item["lines"] == {"read": 4, "accepted": 3, "skipped": 1, "rejected": 0}
    assert [(w["line"], w["column"], w["code"]) for w in item["warnings"]] == [
        (3, 22, "bad-upc"), (4, 22, "bad-upc"),
    ]  # fmt: skip
    assert [w["message"].split(";")[0] for w in item["warnings"]] == [
        "column 'upc': '4' is not a UPC or EAN",
        "column 'upc': 'no upc' is not a UPC or EAN",
    ]
    assert item["skipped"] == [{"line": 5, "sheet": None, "reason": "payout, not income"}]
    assert item["totals"] == {
        "EUR": {"units": "2", "net": "15.2"},
        "USD": {"units": "2", "net": "8.57"},
    }
    assert item["by_isrc"]["title:Ava Stone — Night Transit"] == {
        "EUR": {"units": "2", "net": "15.2"},
        "USD": {"units": "1", "net": "7.65"},
    }


def test_believe_countries_named_in_any_spelling_are_read(runner: CliRunner) -> None:
    """A Believe report (semicolons, decimal commas) naming its countries ``Côte d'Ivoire``,
    ``Türkiye`` and ``Deutschland``: all three lines are read, with their ISO codes, and no
    warning::

        CI  1 204 streams  3,0702
        TR    310 streams  0,28985
        DE      1 download 6,375     → 1,515 units, 9.73505 EUR
    """
    item = _ingest(runner, "believe-country-names.csv")
    assert item["lines"] == {"read": 3, "accepted": 3, "skipped": 0, "rejected": 0}
    assert (item["errors"], item["warnings"]) == ([], [])
    assert item["totals"] == {"EUR": {"units": "1515", "net": "9.73505"}}


def test_the_countries_are_read_to_their_codes() -> None:
    from points.ingest.read import read_statement

    lines = read_statement(STATEMENTS / "believe-country-names.csv").lines
    assert [(line.territory, line.territory_reported) for line in lines] == [
        ("CI", "Côte d'Ivoire"), ("TR", "Türkiye"), ("DE", "Deutschland"),
    ]  # fmt: skip


def test_ingest_reports_lines_skipped_with_their_reasons(runner: CliRunner) -> None:
    """An Amuse half-year: twelve credits of 1,412.01 in all and two withdrawals (rows 10 and
    17 of sheet Transactions), which are skipped as not income rather than netted to
    1,289.66."""
    amuse = STATEMENTS / "amuse-2026-h1.xlsx"
    text = runner.invoke(main, ["ingest", str(amuse)])
    assert text.exit_code == 0, text.output
    assert "  lines: 14 read, 12 accepted, 2 skipped, 0 rejected\n" in text.output
    assert "  skipped lines by reason: withdrawal, not income (2)\n" in text.output
    assert "  total USD: 775611 units, net 1412.01\n" in text.output
    result = runner.invoke(main, ["ingest", str(amuse), "--json"])
    (item,) = json.loads(result.output)["files"]
    assert item["skipped"] == [
        {"line": 10, "sheet": "Transactions", "reason": "withdrawal, not income"},
        {"line": 17, "sheet": "Transactions", "reason": "withdrawal, not income"},
    ]
    assert item["skipped_by_reason"] == {"withdrawal, not income": 2}
    assert item["totals"] == {"USD": {"units": "775611", "net": "1412.01"}}
