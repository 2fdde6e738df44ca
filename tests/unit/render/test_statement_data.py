"""Statement JSON and CSV: golden files, every figure tied to ``points run --json``, and
hostile names inert in the CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from points.cli import main
from points.engine.entries import SUMMARY_FIGURES
from points.render.statement_data import CSV_COLUMNS, statement_csv, statement_json
from statement_fixtures import (
    HOSTILE_NAME,
    HOSTILE_TITLE,
    STATEMENT_FILE,
    hostile_statement,
    sample_statement,
)

from conftest import SAMPLE_DATA


def test_json_matches_golden(golden: Callable[[str, str], None]) -> None:
    golden("statement-jane-doe-2026-H2.json", statement_json(sample_statement()))


def test_csv_matches_golden(golden: Callable[[str, str], None]) -> None:
    golden("statement-jane-doe-2026-H2.csv", statement_csv(sample_statement()))


def test_every_figure_ties_to_points_run_json() -> None:
    result = CliRunner().invoke(
        main, ["run", str(SAMPLE_DATA), "--statements", str(STATEMENT_FILE), "--json"]
    )
    assert result.exit_code == 0, result.output
    compared = 0
    for period in json.loads(result.output)["periods"]:
        for figures in period["payees"]:
            document = json.loads(
                statement_json(sample_statement(figures["payee"], period["period"], ()))
            )
            (account,) = document["accounts"]
            (contract,) = [c for c in account["contracts"] if c["contract"] == figures["contract"]]
            assert account["currency"] == figures["currency"]
            for name in SUMMARY_FIGURES:
                assert contract[name] == figures[name], (figures["payee"], name)
                compared += 1
            royalties = sum(Decimal(line["royalty"]) for line in account["lines"])
            assert royalties == Decimal(figures["earned"])
    assert compared == 8 * len(SUMMARY_FIGURES)  # 2025-H2 (Ava, MKO); 2026-H1 and H2 (all)


def test_csv_sections_add_up_and_amounts_are_exact() -> None:
    rows = list(csv.DictReader(io.StringIO(statement_csv(sample_statement()))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    by_item = {(r["section"], r["item"]): r["amount"] for r in rows if r["section"] == "account"}
    assert by_item["account", "opening_balance"] == "2506.0071640000"
    assert by_item["account", "payment"] == "-2506.01"
    assert by_item["account", "closing_balance"] == "3.5884120000"
    royalty = sum(Decimal(r["amount"]) for r in rows if r["section"] == "royalty")
    earned = next(r for r in rows if (r["section"], r["item"]) == ("contract", "earned"))
    assert royalty == Decimal(earned["amount"]) == Decimal("3.5912480000")


def test_hostile_names_are_inert_in_csv_and_plain_in_json(tmp_path: Path) -> None:
    statement = hostile_statement(tmp_path)
    text = statement_csv(statement)
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row]
    assert HOSTILE_TITLE in cells  # '<' runs nothing in a spreadsheet
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    negative_amounts = [c for c in cells if c.startswith("-")]
    assert all(Decimal(c) < 0 for c in negative_amounts)  # only numbers may start with '-'
    document = json.loads(statement_json(statement))
    assert document["payee"]["name"] == HOSTILE_NAME  # JSON is data: kept exactly as typed
    assert document["accounts"][0]["by_recording"][0]["title"] == HOSTILE_TITLE
