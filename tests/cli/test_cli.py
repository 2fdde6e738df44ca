"""The ``points`` command through click's CliRunner: exit codes, text, and ``--json`` shape."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from points import __version__
from points.cli import main

from conftest import SAMPLE_DATA, WorkspaceMaker
from workspaces import CONTRACT, SPLIT, valid_files


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_check_sample_data_exits_zero(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(SAMPLE_DATA)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{SAMPLE_DATA}: ok (5 parties, 7 recordings, 2 releases, 2 works, 3 contracts, "
        "1 split sheets)\n"
    )


def _broken(make_workspace: WorkspaceMaker) -> Path:
    files = valid_files()
    files["splits/glass-harbor.yaml"] = SPLIT.replace("33.34", "33.33")
    files["contracts/jane-producer.yaml"] = CONTRACT.replace("royalties:", "royalites:")
    return make_workspace({"points.yaml": "name: Broken\n", **files})


def test_check_reports_every_problem_with_file_and_line(
    runner: CliRunner, make_workspace: WorkspaceMaker
) -> None:
    root = _broken(make_workspace)
    result = runner.invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{root}/contracts/jane-producer.yaml:11:1: error [unknown-key] unknown key 'royalites'"
    )
    assert lines[1].startswith("    hint: did you mean 'royalties'?")
    assert lines[2] == (
        f"{root}/splits/glass-harbor.yaml:5:3: error [shares-total] "
        "composition shares total 99.99%, not 100%"
    )
    assert lines[-1] == "2 error(s), 0 warning(s)"


def test_check_json(runner: CliRunner, make_workspace: WorkspaceMaker) -> None:
    root = _broken(make_workspace)
    result = runner.invoke(main, ["check", str(root), "--json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["ok"] is False
    assert document["counts"]["parties"] == 3
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in document["problems"]] == [
        (f"{root}/contracts/jane-producer.yaml", 11, 1, "unknown-key"),
        (f"{root}/splits/glass-harbor.yaml", 5, 3, "shares-total"),
    ]
    assert set(document["problems"][0]) == {
        "file",
        "line",
        "column",
        "sheet",
        "cell",
        "severity",
        "code",
        "message",
        "hint",
    }


def test_check_a_folder_that_is_not_a_workspace(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "[not-a-workspace]" in result.output


def test_init_writes_a_workspace_that_passes_check(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "contracts" / "kofi-mensah-producer.yaml").exists()
    assert runner.invoke(main, ["check", str(target)]).exit_code == 0


def test_init_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["init", str(tmp_path)]).exit_code == 0
    (tmp_path / "parties.yaml").write_text("parties: []\n", encoding="utf-8")
    again = runner.invoke(main, ["init", str(tmp_path)])
    assert again.exit_code == 1
    assert "use --force" in again.output
    assert (tmp_path / "parties.yaml").read_text(encoding="utf-8") == "parties: []\n"
    assert runner.invoke(main, ["init", str(tmp_path), "--force"]).exit_code == 0
    assert "kofi-mensah" in (tmp_path / "parties.yaml").read_text(encoding="utf-8")


def test_demo_summarises_the_sample_deals_and_writes_the_papers(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["demo", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Sample workspace:" in result.output
    flat = " ".join(result.output.split())
    for contract in ("jane-doe-producer", "marcus-okafor-producer", "redline-ava-stone"):
        assert contract in flat
    assert f"Papers written to {tmp_path / 'out'}/" in flat
    written = {p.relative_to(tmp_path / "out").as_posix() for p in tmp_path.rglob("*.*")}
    # three payees x two periods, in every statement format
    for payee, period in itertools.product(("Ava Stone", "Jane Doe", "MKO"), ("H1", "H2")):
        for kind in ("xlsx", "html", "csv", "json"):
            assert f"statements/Royalty statement - {payee} - 2026-{period}.{kind}" in written
    for kind in ("md", "html", "docx"):
        assert f"split-sheets/Split sheet - Glass Harbor.{kind}" in written
        assert f"split-sheets/Master points from contracts - Glass Harbor.{kind}" in written
        assert f"drafts/Co-writer agreement - Glass Harbor DRAFT.{kind}" in written
        for producer in ("Jane Doe (Low Tide Radio, Paper Satellites)", "MKO (Night Transit"):
            assert any(
                name.startswith(f"drafts/Producer agreement — {producer}")
                and name.endswith(f"DRAFT.{kind}")
                for name in written
            )
    assert not any("Ava Stone DRAFT" in name for name in written)  # not a producer agreement


def test_demo_json_matches_golden(
    runner: CliRunner, golden: Callable[[str, str], None], tmp_path: Path
) -> None:
    result = runner.invoke(main, ["demo", "--json", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["ok"] is True
    papers = document.pop("papers")  # which PDFs were written depends on the machine
    assert all((tmp_path / name).is_file() for name in papers["written"])
    assert any("work-for-hire" in reason for reason in papers["left_out"])
    document["workspace"] = "sample_data"  # where the checkout lives is not part of the output
    for statement in document["statements"]:
        statement["path"] = str(Path(statement["path"]).relative_to(SAMPLE_DATA.parent))
    assert document["statements"][0]["lines"]["accepted"] == 50
    golden("demo.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def test_deals_on_an_invalid_workspace_reports_and_exits_1(
    runner: CliRunner, make_workspace: WorkspaceMaker
) -> None:
    result = runner.invoke(main, ["deals", str(_broken(make_workspace)), "--json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["deals"] == []
    assert len(document["problems"]) == 2


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.output == f"points, version {__version__}\n"


def _commands() -> list[str]:
    assert isinstance(main, click.Group)
    return sorted(main.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"points {command}" in result.output


def test_reporting_commands_take_json() -> None:
    assert isinstance(main, click.Group)
    reporting = {"check", "deals", "demo", "ingest"}
    for name in reporting:
        assert "as_json" in [p.name for p in main.commands[name].params], name


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    readme = (SAMPLE_DATA.parent / "README.md").read_text(encoding="utf-8")
    assert f"points {command}" in readme


STATEMENTS = Path(__file__).parents[1] / "fixtures" / "statements"


def test_ingest_starts_without_the_engine_and_the_renderers() -> None:
    """``points ingest`` loads neither ``points.api`` nor the engine: a quarter of a second of
    start-up; the other commands load them on first use."""
    heavy = ("points.engine", "points.render.documents", "points.ledger.store")
    code = f"import sys, points.cli; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "[]"


def test_ingest_json_shape_and_totals(runner: CliRunner) -> None:
    good, bad = STATEMENTS / "distrokid.tsv", STATEMENTS / "distrokid-bad-lines.tsv"
    result = runner.invoke(main, ["ingest", str(good), str(bad), "--json"])
    assert result.exit_code == 0, result.output
    first, second = json.loads(result.output)["files"]
    assert first["format"] == "distrokid"
    assert first["lines"] == {"read": 8, "accepted": 8, "skipped": 0, "rejected": 0}
    assert first["totals"] == {"USD": {"units": "3683", "net": "24.340313712922"}}
    assert first["by_isrc"]["QZRLR2600002"] == {"USD": {"units": "1649", "net": "5.15000000"}}
    assert first["by_isrc"]["upc:198724001509"] == {"USD": {"units": "3", "net": "18.90000000"}}
    assert second["lines"] == {"read": 11, "accepted": 5, "skipped": 3, "rejected": 3}
    assert second["errors"][0] == {
        "line": 7,
        "column": "Earnings (USD)",
        "reason": "no amount",
    }
    assert len(second["errors"]) == 3
    assert second["warnings"][0] == {
        "file": str(bad),
        "line": 4,
        "column": 8,
        "sheet": None,
        "cell": None,
        "severity": "warning",
        "code": "bad-units",
        "message": "column 'Quantity': 'ten' is not an amount; the line is kept with 0 units",
        "hint": "unit counts miss this line",
    }
    assert [w["code"] for w in second["warnings"]] == ["bad-units", "bad-isrc", "bad-territory"]


def test_ingest_strict_exits_1_on_any_rejected_line(runner: CliRunner) -> None:
    bad = STATEMENTS / "distrokid-bad-lines.tsv"
    assert runner.invoke(main, ["ingest", str(bad)]).exit_code == 0
    strict = runner.invoke(main, ["ingest", str(bad), "--strict"])
    assert strict.exit_code == 1
    assert "distrokid-bad-lines.tsv:7: error [rejected-line] column 'Earnings (USD)'" in (
        strict.output
    )
    assert "distrokid-bad-lines.tsv:4:8: warning [bad-units] column 'Quantity'" in strict.output


def test_ingest_an_unknown_layout_is_an_error_naming_the_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    other = tmp_path / "other.csv"
    other.write_text("Date,Song,Plays,Revenue\n2026-01-01,x,1,0.01\n", encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(other), "--json"])
    assert result.exit_code == 1
    (item,) = json.loads(result.output)["files"]
    assert item["format"] is None
    assert "matches no known statement format" in item["error"]


def test_ingest_with_a_mapping_and_a_broken_mapping(runner: CliRunner, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "name: tiny\ncurrency: GBP\ncolumns: {reporting_date: Date, isrc: ISRC, net: Amount}\n",
        encoding="utf-8",
    )
    statement = tmp_path / "s.csv"
    statement.write_text("Date,ISRC,Amount\n2026-02-01,QZRLR2600001,1.25\n", encoding="utf-8")
    result = runner.invoke(main, ["ingest", "--mapping", str(mapping), str(statement), "--json"])
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)["files"]
    assert (item["format"], item["totals"]) == ("tiny", {"GBP": {"units": "0", "net": "1.25"}})
    mapping.write_text("name: tiny\ncolumns: {reporting_date: Date}\n", encoding="utf-8")
    broken = runner.invoke(main, ["ingest", "--mapping", str(mapping), str(statement)])
    assert broken.exit_code == 1
    assert f"{mapping}:1:1: error [mapping-incomplete] the mapping has no column for net" in (
        broken.output
    )


def test_progress_bars_only_for_large_files(tmp_path: Path) -> None:
    from points.cli import PROGRESS_FROM_BYTES, _ProgressBars

    small, large = tmp_path / "small.tsv", tmp_path / "large.tsv"
    small.write_bytes(b"x")
    large.write_bytes(b"x" * PROGRESS_FROM_BYTES)
    with _ProgressBars(enabled=False) as bars:
        assert bars.for_file(small) is None
        advance = bars.for_file(large)
        assert advance is not None
        advance(10, 100)
        (task,) = bars.bars.tasks
        assert (task.completed, task.fields["lines"]) == (100, 10)


STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"


def test_run_json_per_period_and_payee(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["run", str(SAMPLE_DATA), "--statements", str(STATEMENT), "--json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    payees = [(p["period"], x) for p in document["periods"] for x in p["payees"]]
    jane = [(period, x) for period, x in payees if x["payee"] == "jane-doe"]
    # 4% of Jane's two tracks' streams and downloads, and of 2/6 of the album's downloads,
    # checked line by line against the statement: H1 6.007164 + the 2,500 fee; H2 3.591248.
    assert [(period, x["earned"], x["fees"], x["payable"]) for period, x in jane] == [
        ("2026-H1", "6.0071640000", "2500", "2506.01"),
        ("2026-H2", "3.5912480000", "0", "0"),
    ]
    assert set(jane[0][1]) == {
        "payee",
        "contract",
        "currency",
        "earned",
        "recouped",
        "reserve_held",
        "reserve_released",
        "fees",
        "payable",
        "carried_forward",
        "unrecouped_balance",
    }
    # MKO's royalties are held for record one: 37,000 of recording costs are far from recouped.
    # Their periods start in 2025-H2, when the advances and recording costs fell due, before
    # any income: every period from the first dated term is run.
    mko = [(period, x) for period, x in payees if x["payee"] == "marcus-okafor"]
    assert [(period, x["payable"], x["unrecouped_balance"]) for period, x in mko] == [
        ("2025-H2", "0", "5000"),
        ("2026-H1", "0", "5000"),
        ("2026-H2", "0", "5000"),
    ]
    # Ava's account: a 20,000 advance and 37,000 recording costs in 2025-H2; then half the
    # 12,000 video, and the 2,506.01 the label paid Jane under the letter of direction.
    ava = [x for _, x in payees if x["payee"] == "ava-stone"]
    assert ava[0]["unrecouped_balance"] == "57000"
    assert Decimal(ava[1]["unrecouped_balance"]) + Decimal(ava[1]["recouped"]) == Decimal(
        "65506.01"
    )
    assert document["problems"] == []


def test_run_text_and_bad_options(runner: CliRunner, make_workspace: WorkspaceMaker) -> None:
    text = runner.invoke(main, ["run", str(SAMPLE_DATA), "--statements", str(STATEMENT)])
    # 2,506.007164 is paid as 2,506.01: the -0.002836 carried shows as $0.00, never -$0.00
    assert "payable $2,506.01, carried forward $0.00," in text.output
    late = runner.invoke(
        main, ["run", str(SAMPLE_DATA), "--statements", str(STATEMENT), "--through", "2026-Q7"]
    )
    assert late.exit_code == 2
    assert "is not a period" in late.output
    broken = runner.invoke(
        main, ["run", str(_broken(make_workspace)), "--statements", str(STATEMENT)]
    )
    assert broken.exit_code == 1
    assert "royalites" in broken.output


def test_explain_shows_the_working_and_refuses_an_unknown_period(runner: CliRunner) -> None:
    args = ["explain", "jane-doe", "--workspace", str(SAMPLE_DATA), "--statements", str(STATEMENT)]
    result = runner.invoke(main, [*args, "--period", "2026-h1"])
    assert result.exit_code == 0, result.output
    assert "total earned: 6.007164 USD" in result.output
    assert "Payable: $2,506.01" in result.output
    # A period after the statements is run too (a nil period, carried forward); one before
    # Jane's contract has any figure is refused.
    later = runner.invoke(main, [*args, "--period", "2027-H1"])
    assert later.exit_code == 0, later.output
    assert "Payable: $0.00" in later.output
    missing = runner.invoke(main, [*args, "--period", "2025-H1"])
    assert missing.exit_code == 1
    assert "no figures for 'jane-doe' in 2025-H1" in missing.output


SAMPLE_STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"


def _statement_args(*extra: str) -> list[str]:
    return [
        "statement",
        "jane-doe",
        "--workspace",
        str(SAMPLE_DATA),
        "--statements",
        str(SAMPLE_STATEMENT),
        *extra,
    ]


@pytest.mark.parametrize("format_name", ["xlsx", "html", "csv", "json"])
def test_statement_writes_each_format(runner: CliRunner, tmp_path: Path, format_name: str) -> None:
    out = tmp_path / f"jane.{format_name}"
    result = runner.invoke(
        main, _statement_args("--period", "2026-H1", "--format", format_name, "--out", str(out))
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"statement of Jane Doe for 2026-H1 written to {out}\n"
    data = out.read_bytes()
    if format_name == "xlsx":
        assert data[:2] == b"PK"
    elif format_name == "json":
        assert json.loads(data)["accounts"][0]["contracts"][0]["payable"] == "2506.01"
    else:
        assert b"2506.01" in data or b"2,506.01" in data


def test_statement_is_named_after_the_payee_and_period_by_default(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, _statement_args("--period", "2026-h2", "--format", "json"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Royalty statement - Jane Doe - 2026-H2.json").is_file()


def _pdf_text(path: Path) -> str | None:
    """The text of a PDF that must exist, or None where pdftotext is missing."""
    assert path.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _needs_chromium() -> None:
    from points.render.pdf import find_chromium

    if find_chromium() is None:
        pytest.skip("Chromium is not installed (scripts/system-packages)")


def test_statement_pdf(runner: CliRunner, tmp_path: Path) -> None:
    _needs_chromium()
    out = tmp_path / "jane.pdf"
    result = runner.invoke(
        main, _statement_args("--period", "2026-H1", "--format", "pdf", "--out", str(out))
    )
    assert result.exit_code == 0, result.output
    text = _pdf_text(out)
    if text is not None:
        assert "Jane Doe" in text
        assert "PAYABLE FOR THIS PERIOD" in text.upper()
        assert "$2,506.01" in text


def test_split_sheet_and_draft_pdf(runner: CliRunner, tmp_path: Path) -> None:
    _needs_chromium()
    sheet, draft = tmp_path / "sheet.pdf", tmp_path / "draft.pdf"
    ws = ["--workspace", str(SAMPLE_DATA), "--format", "pdf", "--out"]
    made = runner.invoke(main, ["split-sheet", "glass-harbor", *ws, str(sheet)])
    assert made.exit_code == 0, made.output
    made = runner.invoke(
        main, ["draft", "producer-agreement", "jane-doe-producer", *ws, str(draft)]
    )
    assert made.exit_code == 0, made.output
    sheet_text, draft_text = _pdf_text(sheet), _pdf_text(draft)
    if sheet_text is not None and draft_text is not None:
        assert "Glass Harbor" in sheet_text
        assert "33.34%" in sheet_text
        assert "DRAFT" in draft_text
        assert "$2,500" in draft_text


def test_statement_refuses_a_bad_period_or_an_unknown_payee(runner: CliRunner) -> None:
    bad = runner.invoke(main, _statement_args("--period", "2026-X1"))
    assert bad.exit_code == 2
    assert "is not a period" in bad.output
    nobody = runner.invoke(main, _statement_args("--period", "2025-H1"))
    assert nobody.exit_code == 1
    assert "no figures for 'jane-doe' in 2025-H1" in nobody.output.replace("\n", "")
