"""``points import`` and ``points run`` over the ledger: idempotent, order-independent, and a
process killed mid-import leaves the ledger as it was (issue 5, "Crash safety")."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from points.cli import main
from points.ledger.store import LEDGER_FILE, Ledger

from conftest import SAMPLE_DATA

STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    copy = tmp_path / "ws"
    shutil.copytree(SAMPLE_DATA, copy, ignore=shutil.ignore_patterns(LEDGER_FILE))
    return copy


def _halves(tmp_path: Path) -> tuple[Path, Path]:
    header, *lines = STATEMENT.read_bytes().splitlines(keepends=True)
    first, second = tmp_path / "first.tsv", tmp_path / "second.tsv"
    first.write_bytes(header + b"".join(lines[:20]))
    second.write_bytes(header + b"".join(lines[20:]))
    return first, second


def _run_json(workspace: Path, *extra: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["run", str(workspace), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_importing_twice_is_a_no_op_that_says_so(workspace: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["import", "--workspace", str(workspace), str(STATEMENT)])
    assert "imported as import 1 (distrokid, 50 lines taken, 0 rejected" in first.output
    again = runner.invoke(main, ["import", "--workspace", str(workspace), str(STATEMENT), "--json"])
    (outcome,) = json.loads(again.output)["imports"]
    assert (outcome["status"], outcome["import"]["id"]) == ("already imported", 1)
    # the run over the ledger is the run over the file
    assert _run_json(workspace) == _run_json(workspace, "--statements", str(STATEMENT))


def test_import_order_does_not_change_the_ledger(workspace: Path, tmp_path: Path) -> None:
    first, second = _halves(tmp_path)
    other = tmp_path / "other"
    shutil.copytree(workspace, other)
    runner = CliRunner()
    runner.invoke(main, ["import", "--workspace", str(workspace), str(first), str(second)])
    runner.invoke(main, ["import", "--workspace", str(other), str(second), str(first)])
    assert _run_json(workspace) == _run_json(other)
    with Ledger.of(workspace) as one, Ledger.of(other) as two:
        assert sorted(map(repr, one.income())) == sorted(map(repr, two.income()))


def test_an_overlapping_statement_is_reported(workspace: Path, tmp_path: Path) -> None:
    first, _ = _halves(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["import", "--workspace", str(workspace), str(STATEMENT)])
    result = runner.invoke(main, ["import", "--workspace", str(workspace), str(first)])
    assert "overlaps import 1" in result.output


def _big_statement(tmp_path: Path, copies: int) -> Path:
    """The sample's lines again and again, each copy under ISRCs of its own, so the ledger
    write is long enough for a kill to land in it too."""
    header, *lines = STATEMENT.read_bytes().splitlines(keepends=True)
    body = b"".join(lines)
    big = tmp_path / "big.tsv"
    with big.open("wb") as out:
        out.write(header)
        for copy in range(copies):
            # QZRLR2600001 becomes QZ + three characters + seven digits, unique per copy
            out.write(body.replace(b"QZRLR2600", b"QZ%03d%04d" % (copy % 1000, copy)))
    return big


def test_a_process_killed_mid_import_leaves_the_ledger_whole(
    workspace: Path, tmp_path: Path
) -> None:
    big = _big_statement(tmp_path, 2000)  # 100,000 lines, ~64,000 rows of income
    clean = tmp_path / "clean"
    shutil.copytree(workspace, clean)
    started = time.perf_counter()
    CliRunner().invoke(main, ["import", "--workspace", str(clean), str(big)])
    seconds = time.perf_counter() - started + 0.5  # and the process's start-up
    with Ledger.of(clean) as ledger:
        expected = ledger.income()
    points = Path(sys.executable).parent / "points"
    rng = random.Random(7)
    for attempt in range(5):
        target = tmp_path / f"attempt-{attempt}"
        shutil.copytree(workspace, target)
        child = subprocess.Popen(
            [str(points), "import", "--workspace", str(target), str(big)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # the ledger write is the import's last eighth: aim most kills at the later part
        time.sleep(rng.uniform(0.6 * seconds, 1.05 * seconds))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with Ledger.of(target) as ledger:  # either all of the file, or none of it
            assert ledger.income() in ([], expected)
        CliRunner().invoke(main, ["import", "--workspace", str(target), str(big)])
        with Ledger.of(target) as ledger:  # and importing again gives the clean result
            assert ledger.income() == expected
            assert len(ledger.imports()) == 1


def _by_period(document: dict[str, object]) -> dict[str, object]:
    return {p["period"]: p["payees"] for p in document["periods"]}  # type: ignore[attr-defined,index]


def test_closing_a_period_keeps_it_and_later_runs_carry_on_from_it(
    workspace: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    runner.invoke(main, ["import", "--workspace", str(workspace), str(STATEMENT)])
    whole = _by_period(_run_json(workspace))
    closed = runner.invoke(main, ["close", "2026-H1", "--workspace", str(workspace)])
    assert "Closed through 2026-06." in closed.output, closed.output
    again = runner.invoke(main, ["close", "2026-Q2", "--workspace", str(workspace)])
    assert again.exit_code == 1
    assert "periods through 2026-06 are closed already" in again.output
    # After the close the run starts from the closed state: H2 is what it was in one run.
    assert _by_period(_run_json(workspace)) == {"2026-H2": whole["2026-H2"]}
    # A late statement with more June income is booked in H2; H1 stays as it was closed.
    first, _ = _halves(tmp_path)  # the statement's first 20 lines: June
    runner.invoke(main, ["import", "--workspace", str(workspace), str(first)])
    with Ledger.of(workspace) as ledger:
        kept = [s for s in ledger.closed_summaries() if s.payee == "jane-doe"]
    assert [(s.period, s.payable) for s in kept] == [("2026-H1", Decimal("2506.01"))]

    def jane(periods: dict[str, object]) -> Decimal:
        rows = periods["2026-H2"]
        return Decimal(next(x["earned"] for x in rows if x["payee"] == "jane-doe"))  # type: ignore[attr-defined]

    assert jane(_by_period(_run_json(workspace))) > jane(whole)


def test_payments_reduce_what_is_owed_and_never_exceed_it_unless_an_advance(
    workspace: Path,
) -> None:
    runner = CliRunner()
    ws = ["--workspace", str(workspace)]
    runner.invoke(main, ["import", *ws, str(STATEMENT)])
    runner.invoke(main, ["close", "2026-H1", *ws])
    too_much = runner.invoke(
        main, ["pay", "jane-doe", "3000", "--date", "2026-09-30", "--ref", "X", *ws]
    )
    assert too_much.exit_code == 1
    assert "jane-doe is owed 2506.01 USD" in too_much.output
    runner.invoke(main, ["pay", "jane-doe", "2000", "--date", "2026-09-30", "--ref", "A", *ws])
    runner.invoke(
        main, ["pay", "lena-park", "500", "--date", "2026-10-01", "--ref", "B", "--advance", *ws]
    )
    result = runner.invoke(main, ["balances", "--json", *ws])
    rows = {b["payee"]: b for b in json.loads(result.output)["balances"]}
    assert (rows["jane-doe"]["paid"], rows["jane-doe"]["owed"]) == ("2000", "506.01")
    assert (rows["lena-park"]["advanced"], rows["lena-park"]["owed"]) == ("500", "-500")


def test_history_and_audit_export_of_a_closed_period(workspace: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ws = ["--workspace", str(workspace)]
    runner.invoke(main, ["import", *ws, str(STATEMENT)])
    runner.invoke(main, ["close", "2026-H1", *ws])
    runner.invoke(main, ["pay", "jane-doe", "2506.01", "--date", "2026-09-30", "--ref", "A", *ws])
    history = json.loads(runner.invoke(main, ["history", "jane-doe", "--json", *ws]).output)
    assert [(h["when"], h["amount"]) for h in history["history"]] == [
        ("2026-H1", "2506.01"),
        ("2026-09-30", "-2506.01"),
    ]
    out = tmp_path / "h1.csv"
    result = runner.invoke(main, ["audit", "export", "2026-H1", "--out", str(out), *ws])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    jane = [r for r in rows if r["contract"] == "jane-doe-producer"]
    earned = sum(Decimal(r["amount"]) for r in jane if r["kind"] == "earned")
    assert earned == Decimal("6.007164")  # the figure checked line by line in test_cli.py
    assert {r["sources"] for r in jane if r["kind"] == "earned"} == {str(STATEMENT)}
    missing = runner.invoke(main, ["audit", "export", "2026-H2", "--out", str(out), *ws])
    assert missing.exit_code == 1
