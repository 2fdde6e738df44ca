"""Issue "No cent lost or invented", from the user's side: commands write only in a workspace
and only what may be written (8, 11); a statement in a layout of one's own can be imported
and paid (9); the same statement is never counted twice, and a corrected one replaces the
original even after a close (12); two payments made at once cannot both take what is owed
(13). The ledger tests run on SQLite and on PostgreSQL (``workspace``)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from points.api import ledger_of
from points.cli import main

from conftest import SAMPLE_DATA

STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"
TEXT = STATEMENT.read_text(encoding="utf-8")  # read with any line ends as "\n"
PAY = ["--date", "2026-09-30", "--ref", "BACS 1"]


def _points(workspace: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(main, [*map(str, args), "--workspace", str(workspace)])


def _closed_h1(workspace: Path) -> None:
    assert _points(workspace, "import", STATEMENT).exit_code == 0
    assert _points(workspace, "close", "2026-H1").exit_code == 0


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- 8: commands write only in a workspace, about payees and contracts it has -----------------

COMMANDS = [
    ["run", "."],
    ["run", ".", "--statements", str(STATEMENT)],
    ["explain", "jane-doe", "--period", "2026-H1", "--workspace", "."],
    ["import", "--workspace", ".", str(STATEMENT)],
    ["close", "2026-H1", "--workspace", "."],
    ["pay", "jane-doe", "10", *PAY, "--workspace", "."],
    ["pay", "nobody", "10", "--advance", *PAY],  # --workspace defaults to here
    ["balances"],
    ["history", "jane-doe", "--workspace", "."],
    ["audit", "export", "2026-H1", "--out", "h1.csv", "--workspace", "."],
    ["statement", "jane-doe", "--period", "2026-H1", "--statements", str(STATEMENT)],
    ["split-sheet", "glass-harbor", "--workspace", "."],
    ["draft", "producer-agreement", "jane-doe-producer", "--workspace", "."],
    ["templates", "--workspace", "."],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_folder_without_points_yaml_is_refused_before_anything_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # everything a workspace has but its points.yaml, so only that can stop the command
    folder = tmp_path / "almost"
    folder.mkdir()
    for name in ("parties.yaml", "catalog.yaml", "contracts", "splits"):
        source = SAMPLE_DATA / name
        if source.is_dir():
            (folder / name).mkdir()
            for item in source.iterdir():
                (folder / name / item.name).write_bytes(item.read_bytes())
        else:
            (folder / name).write_bytes(source.read_bytes())
    monkeypatch.chdir(folder)
    before = _listing(folder)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert ". is not a points workspace (no points.yaml); run `points init .`" in result.output
    assert _listing(folder) == before  # no ledger, no paper, nothing


def test_a_payee_or_contract_the_workspace_lacks_is_refused_with_the_closest(
    workspace: Path,
) -> None:
    _closed_h1(workspace)
    cases = [
        ["pay", "jane-do", "10", *PAY],
        ["pay", "jane-do", "10", "--advance", *PAY],
        ["history", "jane-do"],
        ["explain", "jane-do", "--period", "2026-H1"],
        ["statement", "jane-do", "--period", "2026-H1", "--out", str(workspace / "s.xlsx")],
    ]
    for args in cases:
        result = _points(workspace, *args)
        assert result.exit_code == 1, (args, result.output)
        assert "no payee 'jane-do' in this workspace; did you mean 'jane-doe'?" in result.output
    nobody = _points(workspace, "pay", "nobody", "10", "--advance", *PAY)
    assert nobody.exit_code == 1
    assert "no payee 'nobody' in this workspace; known: ava-stone, jane-doe, marcus-okafor" in (
        nobody.output
    )
    writer = _points(workspace, "pay", "lena-park", "10", "--advance", *PAY)  # no contract
    assert "'lena-park' is a party, but no contract of this workspace pays them" in writer.output
    draft = _points(workspace, "draft", "producer-agreement", "jane-doe-prodcer")
    assert "did you mean 'jane-doe-producer'?" in draft.output
    with ledger_of(workspace) as ledger:
        assert ledger.payments() == []
    assert not (workspace / "s.xlsx").exists()


# -- 9: a statement in a layout of one's own, through import, run, statement and explain ------

MAPPING = """\
name: my-label
delimiter: ";"
decimal_separator: ","
date_formats: ["%d/%m/%Y"]
currency: USD
columns:
  reporting_date: Periode
  isrc: ISRC
  territory: Land
  sales_type: Art
  units: Menge
  net: Betrag
channel:
  column: sales_type
  values: {Streaming: stream}
"""


def test_a_statement_read_with_a_mapping_is_imported_run_and_paid(
    workspace: Path, tmp_path: Path
) -> None:
    mapping, custom = tmp_path / "my-label.yaml", tmp_path / "q2.csv"
    mapping.write_text(MAPPING, encoding="utf-8")
    # Jane's "Low Tide Radio" streamed in the US: 4 points of 100.00 = 4.00, plus her 2,500 fee
    custom.write_text(
        "Periode;ISRC;Land;Art;Menge;Betrag\n05/06/2026;QZRLR2600003;US;Streaming;1000;100,00\n",
        encoding="utf-8",
    )
    run = ["run", str(workspace), "--statements", str(custom), "--mapping", str(mapping)]
    direct = CliRunner().invoke(main, [*run, "--json"])
    assert direct.exit_code == 0, direct.output
    jane = [x for p in json.loads(direct.output)["periods"] for x in p["payees"]]
    assert [(x["earned"], x["payable"]) for x in jane if x["payee"] == "jane-doe"] == [
        ("4.0000", "2504.00")
    ]
    explained = _points(
        workspace, "explain", "jane-doe", "--period", "2026-H1", "--statements", custom,
        "--mapping", mapping,
    )  # fmt: skip
    assert "(q2.csv:2, 1 line): net receipts 100.00 USD × 4% = 4 USD" in explained.output
    out = tmp_path / "jane.json"
    written = _points(
        workspace, "statement", "jane-doe", "--period", "2026-H1", "--format", "json",
        "--statements", custom, "--mapping", mapping, "--out", out,
    )  # fmt: skip
    assert written.exit_code == 0, written.output
    assert json.loads(out.read_bytes())["accounts"][0]["contracts"][0]["payable"] == "2504.00"
    assert _points(workspace, "import", custom).exit_code == 1  # no known format: unreadable
    imported = _points(workspace, "import", "--mapping", mapping, custom)
    assert "imported as import 1 (my-label, 1 lines taken, 0 rejected, months 2026-06)" in (
        imported.output
    )
    assert _points(workspace, "close", "2026-H1").exit_code == 0
    balances = json.loads(_points(workspace, "balances", "--json").output)["balances"]
    assert [b["owed"] for b in balances if b["payee"] == "jane-doe"] == ["2504.00"]
    paid = _points(workspace, "pay", "jane-doe", "2504.00", *PAY)
    assert paid.output == "payment 1 recorded: jane-doe 2504.00 USD\n"


# -- 11: never over the ledger or a workspace file; payments that are payments -----------------


def test_no_command_writes_over_the_ledger_or_a_workspace_file(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _closed_h1(workspace)
    (workspace / "ledger.sqlite3-wal").write_bytes(b"")  # as SQLite leaves it mid-write
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.xlsx").symlink_to(workspace / "parties.yaml")
    protected = [
        workspace / "ledger.sqlite3",
        workspace / "ledger.sqlite3-wal",
        Path("ws") / "contracts" / ".." / "points.yaml",  # relative, and round about
        workspace / "parties.yaml",
        workspace / "contracts" / "jane-doe-producer.yaml",
        workspace / "statements" / "distrokid-2026-06-07.tsv",
        workspace / "splits" / "new.csv",  # not there yet, but in a workspace folder
        Path("link.xlsx"),  # a symbolic link to parties.yaml
    ]
    before = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    for target in protected:
        for force in ([], ["--force"]):
            for command in (
                ["statement", "jane-doe", "--period", "2026-H1", "--format", "csv"],
                ["audit", "export", "2026-H1"],
            ):
                result = _points(workspace, *command, "--out", target, *force)
                assert result.exit_code == 1, (command, target, result.output)
                assert "points never writes over it; choose another --out" in result.output
    assert {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()} == before
    assert not (workspace / "splits" / "new.csv").exists()
    # any other file: replaced only with --force
    other = tmp_path / "h1.csv"
    assert _points(workspace, "audit", "export", "2026-H1", "--out", other).exit_code == 0
    again = _points(workspace, "audit", "export", "2026-H1", "--out", other)
    assert again.exit_code == 1
    assert f"{other} exists; pass --force to replace it" in again.output
    assert (
        _points(workspace, "audit", "export", "2026-H1", "--out", other, "--force").exit_code == 0
    )
    statement = ["statement", "jane-doe", "--period", "2026-H1", "--out", "jane.xlsx"]
    assert _points(workspace, *statement).exit_code == 0
    assert _points(workspace, *statement).exit_code == 1
    assert _points(workspace, *statement, "--force").exit_code == 0


@pytest.mark.parametrize(
    ("amount", "currency", "status", "message"),
    [
        ("-5", "USD", 2, "a payment must be an amount above zero, not -5"),
        ("0", "USD", 2, "a payment must be an amount above zero, not 0"),
        ("1e400", "USD", 2, "'1e400' is too large for an amount (more than 20 digits"),
        ("10.001", "USD", 2, "10.001 has more decimal places than USD has (2)"),
        ("10", "ZZZ", 2, "'ZZZ' is not an ISO 4217 currency code"),
        ("10", "", 2, "'' is not an ISO 4217 currency code"),
        ("ten", "USD", 2, "'ten' is not an amount"),
        ("10", "EUR", 1, "no contract pays jane-doe in EUR; they are paid in USD"),
    ],
)
def test_a_payment_that_cannot_be_one_is_refused_before_anything_is_written(
    workspace: Path, amount: str, currency: str, status: int, message: str
) -> None:
    _closed_h1(workspace)
    for advance in ([], ["--advance"]):
        options = ["--workspace", str(workspace), "--currency", currency, *PAY, *advance]
        result = CliRunner().invoke(main, ["pay", *options, "--", "jane-doe", amount])
        assert result.exit_code == status, result.output
        assert message in result.output
    # nothing was recorded, and the ledger reads as before
    balances = _points(workspace, "balances", "--json")
    assert balances.exit_code == 0
    rows = json.loads(balances.output)["balances"]
    assert [(b["paid"], b["advanced"], b["owed"]) for b in rows if b["payee"] == "jane-doe"] == [
        ("0", "0", "2506.01")
    ]
    assert _points(workspace, "history", "jane-doe").exit_code == 0


# -- 12: a statement is known by what it says ---------------------------------------------------


def _variants(folder: Path) -> dict[str, Path]:
    """The sample statement as others re-save it: LF line ends, UTF-16, a byte order mark."""
    files = {
        "lf.tsv": TEXT.encode("utf-8"),
        "utf16.tsv": TEXT.encode("utf-16"),
        "bom.tsv": b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


def _corrected(folder: Path) -> Path:
    """A copy with one line corrected: Jane's US Spotify stream of "Low Tide Radio" in June
    paid 25.1192, not 23.1192 (4 points of the 2.00 more: 0.08 more for her)."""
    path = folder / "corrected.tsv"
    path.write_text(TEXT.replace("\t23.11920000", "\t25.11920000"), encoding="utf-8")
    return path


def _jane(workspace: Path) -> list[tuple[str, str]]:
    result = CliRunner().invoke(main, ["run", str(workspace), "--json"])
    assert result.exit_code == 0, result.output
    rows = [(p["period"], x) for p in json.loads(result.output)["periods"] for x in p["payees"]]
    return [(period, x["earned"]) for period, x in rows if x["payee"] == "jane-doe"]


def test_the_same_statement_re_saved_is_not_counted_again(workspace: Path, tmp_path: Path) -> None:
    assert _points(workspace, "import", STATEMENT).exit_code == 0
    once = _jane(workspace)
    assert once == [("2026-H1", "6.0071640000"), ("2026-H2", "3.5912480000")]
    for name, path in _variants(tmp_path).items():
        result = _points(workspace, "import", path)
        assert result.exit_code == 0, (name, result.output)
        assert f"{path}: already imported (import 1, {STATEMENT}" in result.output, name
        assert "nothing changed" in result.output
    assert _jane(workspace) == once
    with ledger_of(workspace) as ledger:
        assert [r.id for r in ledger.imports()] == [1]


def test_a_corrected_copy_is_refused_unless_it_replaces_or_adds(
    workspace: Path, tmp_path: Path
) -> None:
    assert _points(workspace, "import", STATEMENT).exit_code == 0
    corrected = _corrected(tmp_path)
    refused = _points(workspace, "import", corrected)
    assert refused.exit_code == 1
    assert f"covers months 2026-06, 2026-07 that import 1 ({STATEMENT}, imported " in (
        refused.output.replace("\n", "")
    )
    assert "--replace" in refused.output
    assert _jane(workspace) == [("2026-H1", "6.0071640000"), ("2026-H2", "3.5912480000")]
    replaced = _points(workspace, "import", "--replace", corrected)
    assert replaced.exit_code == 0, replaced.output
    assert f"replaces import 1 ({STATEMENT}): its income no longer counts" in replaced.output
    assert _jane(workspace) == [("2026-H1", "6.0871640000"), ("2026-H2", "3.5912480000")]
    listed = json.loads(_points(workspace, "import", "--list", "--json").output)["imports"]
    new = listed[1]["id"]  # (a refused import may have used a number on PostgreSQL)
    assert [(i["id"], i["superseded_by"]) for i in listed] == [(1, new), (new, None)]
    text = _points(workspace, "import", "--list").output
    assert f"import 1: {STATEMENT} (distrokid, months 2026-06, 2026-07, 50 lines taken, " in text
    assert f"replaced by import {new}" in text
    # the original again, now that the correction stands in its place, is refused in turn
    original = _variants(tmp_path)["lf.tsv"]
    assert _points(workspace, "import", original).exit_code == 1
    # a separate statement that happens to cover the same months is added when the user says so
    added = _points(workspace, "import", "--additional", original)
    assert added.exit_code == 0, added.output
    assert f"beside import {new} ({corrected}) for months 2026-06, 2026-07" in added.output
    both = _points(workspace, "import", "--replace", "--additional", original)
    assert both.exit_code == 2


def test_a_correction_of_a_closed_period_books_only_the_difference_in_the_next(
    workspace: Path, tmp_path: Path
) -> None:
    _closed_h1(workspace)
    replaced = _points(workspace, "import", "--replace", _corrected(tmp_path))
    assert replaced.exit_code == 0, replaced.output
    # H1 stays as it was closed; H2 takes the 0.08 more: 3.591248 + 0.08
    with ledger_of(workspace) as ledger:
        closed = [(s.period, s.earned) for s in ledger.closed_summaries() if s.payee == "jane-doe"]
    assert closed == [("2026-H1", Decimal("6.0071640000"))]
    assert _jane(workspace) == [("2026-H2", "3.6712480000")]
    explained = _points(workspace, "explain", "jane-doe", "--period", "2026-H2").output
    assert "withdrawn (replaced by import 2)" in explained
    # and once H2 is closed, nothing of either is counted again
    assert _points(workspace, "close", "2026-H2").exit_code == 0
    with ledger_of(workspace) as ledger:
        h2 = [s.earned for s in ledger.closed_summaries() if s.payee == "jane-doe"][-1]
        assert h2 == Decimal("3.6712480000")
        assert ledger.open_books().income == []


# -- 13: two payments at once --------------------------------------------------------------------

_READY_STEADY_GO = """
import sys, time, pathlib
import points.api  # loaded before the start, so that the commands start together
from points.cli import main
ready, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.001)
sys.argv = ["points", *sys.argv[3:]]
main()
"""


def test_two_payments_of_all_that_is_owed_made_at_once_take_it_once(
    workspace: Path, tmp_path: Path
) -> None:
    _closed_h1(workspace)
    command = ["pay", "jane-doe", "2506.01", *PAY, "--workspace", str(workspace)]
    go = tmp_path / "go"
    script = [sys.executable, "-c", _READY_STEADY_GO]
    children = [
        subprocess.Popen(
            [*script, str(tmp_path / f"ready-{n}"), str(go), *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in range(4)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < len(children) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    outputs = [child.communicate(timeout=120)[0] for child in children]
    with ledger_of(workspace) as ledger:
        assert [p.amount for p in ledger.payments()] == [Decimal("2506.01")], outputs
    refused = [o for o in outputs if "payment 1 recorded" not in o]
    assert len(refused) == 3, outputs
    for output in refused:  # too late for the money, or for the ledger's write lock
        assert "is owed 0" in output or "another points command is writing" in output, output
