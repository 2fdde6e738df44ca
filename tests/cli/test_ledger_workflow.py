"""``points import`` and ``points run`` over the ledger: idempotent, order-independent, and a
process killed mid-import leaves the ledger as it was (issue 5, "Crash safety")."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import iso3166
from click.testing import CliRunner

from points.api import ledger_of
from points.cli import main

from conftest import SAMPLE_DATA, LedgerBackend, copy_workspace

STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"


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


def test_import_order_does_not_change_the_ledger(
    workspace: Path, tmp_path: Path, backend: LedgerBackend
) -> None:
    first, second = _halves(tmp_path)
    other = copy_workspace(workspace, tmp_path / "other", backend)
    runner = CliRunner()
    # the halves share June: each is a statement of its own
    ws, additional = "--workspace", "--additional"
    runner.invoke(main, ["import", additional, ws, str(workspace), str(first), str(second)])
    runner.invoke(main, ["import", additional, ws, str(other), str(second), str(first)])
    assert _run_json(workspace) == _run_json(other)
    with ledger_of(workspace) as one, ledger_of(other) as two:
        assert sorted(map(repr, one.income())) == sorted(map(repr, two.income()))


def test_an_overlapping_statement_is_refused_naming_the_earlier_import(
    workspace: Path, tmp_path: Path
) -> None:
    first, _ = _halves(tmp_path)
    runner = CliRunner()
    runner.invoke(main, ["import", "--workspace", str(workspace), str(STATEMENT)])
    result = runner.invoke(main, ["import", "--workspace", str(workspace), str(first)])
    assert result.exit_code == 1
    assert f"covers months 2026-06 that import 1 ({STATEMENT}, imported " in result.output
    with ledger_of(workspace) as ledger:
        assert [r.id for r in ledger.imports()] == [1]


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
    workspace: Path, tmp_path: Path, backend: LedgerBackend
) -> None:
    big = _big_statement(tmp_path, 1200)  # 60,000 lines, ~38,000 rows of income
    clean = copy_workspace(workspace, tmp_path / "clean", backend)
    started = time.perf_counter()
    CliRunner().invoke(main, ["import", "--workspace", str(clean), str(big)])
    seconds = time.perf_counter() - started + 0.5  # and the process's start-up
    with ledger_of(clean) as ledger:
        expected = ledger.income()
    points = Path(sys.executable).parent / "points"
    rng = random.Random(7)
    for attempt in range(5):
        target = copy_workspace(workspace, tmp_path / f"attempt-{attempt}", backend)
        child = subprocess.Popen(
            [str(points), "import", "--workspace", str(target), str(big)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # the ledger write is the import's last eighth: aim most kills at the later part
        time.sleep(rng.uniform(0.6 * seconds, 1.05 * seconds))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with ledger_of(target) as ledger:  # either all of the file, or none of it
            assert ledger.income() in ([], expected)
        CliRunner().invoke(main, ["import", "--workspace", str(target), str(big)])
        with ledger_of(target) as ledger:  # and importing again gives the clean result
            assert ledger.income() == expected
            assert len(ledger.imports()) == 1


def _worldwide_statement(tmp_path: Path) -> Path:
    """The sample's lines in every country there is, reported in each month of H1's second
    quarter, so that closing H1 has tens of thousands
    of entries to write and a kill can land in the middle of writing them."""
    header, *lines = STATEMENT.read_text(encoding="utf-8").splitlines()
    rows = [header]
    for month in ("2026-04", "2026-05", "2026-06"):
        for country in sorted(iso3166.countries_by_alpha2):
            for line in lines:
                cells = line.split("\t")
                cells[0], cells[10] = f"{month}-05", country  # Reporting Date, Country of Sale
                rows.append("\t".join(cells))
    path = tmp_path / "worldwide.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _closed(workspace: Path) -> tuple[list[object], list[tuple[str, ...]], object]:
    with ledger_of(workspace) as ledger:
        close = ledger.last_close()
        state = close.state if close else None
        return list(ledger.closed_summaries()), ledger.closed_entries(), state


def test_a_process_killed_mid_close_leaves_the_ledger_whole(
    workspace: Path, tmp_path: Path, backend: LedgerBackend
) -> None:
    statement = _worldwide_statement(tmp_path)
    points = Path(sys.executable).parent / "points"
    close = [str(points), "close", "2026-H1", "--workspace"]

    def imported(name: str) -> Path:
        target = copy_workspace(workspace, tmp_path / name, backend)
        result = CliRunner().invoke(main, ["import", "--workspace", str(target), str(statement)])
        assert result.exit_code == 0, result.output
        return target

    clean = imported("clean")
    started = time.perf_counter()
    subprocess.run([*close, str(clean)], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    expected = _closed(clean)
    assert len(expected[1]) > 10_000  # enough entries that the write takes a while
    rng = random.Random(11)
    outcomes = set()
    for attempt in range(6):
        target = imported(f"attempt-{attempt}")
        child = subprocess.Popen(
            [*close, str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # start-up, the run, then the write: aim at the whole second half
        time.sleep(rng.uniform(0.5 * seconds, 1.05 * seconds))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        after = _closed(target)  # either the whole close, or none of it
        assert after in ((expected[0], expected[1], expected[2]), ([], [], None))
        outcomes.add(bool(after[0]))
        if not after[0]:
            result = CliRunner().invoke(main, ["close", "2026-H1", "--workspace", str(target)])
            assert result.exit_code == 0, result.output
        assert _closed(target) == expected  # and closing again gives the clean result
    assert outcomes  # (which of the two each kill left varies with the machine's speed)


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
    runner.invoke(main, ["import", "--additional", "--workspace", str(workspace), str(first)])
    with ledger_of(workspace) as ledger:
        kept = [s for s in ledger.closed_summaries() if s.payee == "jane-doe"]
    assert [(s.period, s.payable) for s in kept] == [("2026-H1", Decimal("2506.01"))]

    def jane(periods: dict[str, object]) -> Decimal:
        rows = periods["2026-H2"]
        return Decimal(next(x["earned"] for x in rows if x["payee"] == "jane-doe"))  # type: ignore[attr-defined]

    assert jane(_by_period(_run_json(workspace))) > jane(whole)


def test_explain_tells_a_closed_period_from_the_ledger_as_it_was_closed(
    workspace: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    ws = ["--workspace", str(workspace)]
    explain = ["explain", "jane-doe", "--period", "2026-H1", *ws]
    from_statement = runner.invoke(main, [*explain, "--statements", str(STATEMENT)])
    runner.invoke(main, ["import", *ws, str(STATEMENT)])
    while_open = runner.invoke(main, explain)
    assert while_open.output.startswith("From the ledger's open periods")
    runner.invoke(main, ["close", "2026-H1", *ws])
    closed = runner.invoke(main, explain)
    assert closed.exit_code == 0, closed.output
    assert closed.output.startswith("From the ledger: this period is closed")
    working = closed.output.splitlines()[1:]
    # the same working as the statement gives, line for line (source names and all)
    assert working == from_statement.output.splitlines()[1:]
    assert "  total earned: 6.007164 USD" in working
    # a late statement for June changes H2, never the closed H1's working
    first, _ = _halves(tmp_path)
    runner.invoke(main, ["import", "--additional", *ws, str(first)])
    assert runner.invoke(main, explain).output == closed.output
    h2 = runner.invoke(main, ["explain", "jane-doe", "--period", "2026-H2", *ws])
    assert h2.output.startswith("From the ledger's open periods")
    assert "first.tsv" in h2.output


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
        main,
        ["pay", "marcus-okafor", "500", "--date", "2026-10-01", "--ref", "B", "--advance", *ws],
    )
    result = runner.invoke(main, ["balances", "--json", *ws])
    rows = {b["payee"]: b for b in json.loads(result.output)["balances"]}
    assert (rows["jane-doe"]["paid"], rows["jane-doe"]["owed"]) == ("2000", "506.01")
    assert (rows["marcus-okafor"]["advanced"], rows["marcus-okafor"]["owed"]) == ("500", "-500")


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
    # each royalty names its file and line: Jane's Low Tide Radio streams are lines 10 to 13
    sources = {
        (r["recording"], r["territory"], r["sources"]) for r in jane if r["kind"] == "earned"
    }
    assert ("QZRLR2600003", "DE", f"{STATEMENT}:12") in sources
    assert {s.rsplit(":", 1)[0] for _, _, s in sources} == {str(STATEMENT)}
    missing = runner.invoke(main, ["audit", "export", "2026-H2", "--out", str(out), *ws])
    assert missing.exit_code == 1
