"""The library surface does what the CLI does."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from points import api
from points.model.periods import Month

from conftest import SAMPLE_DATA, WorkspaceMaker
from workspaces import CONTRACT, valid_files


def test_sample_data_path_finds_the_bundled_workspace() -> None:
    assert api.sample_data_path().resolve() == SAMPLE_DATA.resolve()


def test_counts() -> None:
    workspace = api.load_workspace(SAMPLE_DATA).workspace
    assert api.counts(workspace) == {
        "parties": 5,
        "recordings": 7,
        "releases": 2,
        "works": 2,
        "contracts": 3,
        "split_sheets": 1,
    }


def test_describe_deals_only_for_a_valid_workspace(make_workspace: WorkspaceMaker) -> None:
    good = api.describe_deals(make_workspace(valid_files(), name="good"))
    assert [d.contract for d in good.deals] == ["jane-producer"]
    files = valid_files()
    files["contracts/jane-producer.yaml"] = CONTRACT.replace("payee: jane", "payee: nobody")
    bad = api.describe_deals(make_workspace(files, name="bad"))
    assert bad.deals == []
    assert [p.code for p in bad.loaded.problems] == ["unknown-party"]


def test_an_unreadable_workbook_is_reported_and_others_still_read(tmp_path: Path) -> None:
    fake = tmp_path / "broken.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    good = Path(__file__).parents[1] / "fixtures" / "statements" / "distrokid.tsv"
    broken, read = api.ingest_files([fake, good])
    assert broken.read is None
    assert broken.error is not None
    assert broken.error.startswith("not a readable Excel workbook")
    assert read.read is not None
    assert read.read.counts.accepted == 8


def test_exchange_rates_from_a_csv_with_each_bad_line_named(tmp_path: Path) -> None:
    from decimal import Decimal

    from points.api import load_rates
    from points.model.periods import Month

    good = tmp_path / "rates.csv"
    good.write_text("from,to,rate,month\neur,USD,1.0850,2026-06\nGBP,USD,1.27,\n")
    rates, problems = load_rates(good)
    assert problems == []
    assert rates.convert(Decimal(10), "EUR", "USD", Month(2026, 6)) == Decimal("10.8500")
    assert rates.convert(Decimal(10), "GBP", "USD", Month(2026, 1)) == Decimal("12.70")
    bad = tmp_path / "bad.csv"
    bad.write_text("from,to,rate\nEUR,USD,0\nEUR,USX,1.1\nEUR,USD,1,1\n")
    _, problems = load_rates(bad)
    assert [p.source.line for p in problems] == [2, 3, 4]
    assert "above zero" in problems[0].message
    assert "'USX' is not an ISO 4217 currency code" in problems[1].message
    assert problems[2].message == "the line has more cells than the header"


def _sample_copy(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_DATA, root, ignore=shutil.ignore_patterns("ledger.sqlite3"))
    return root


def test_payee_statement_over_statement_files() -> None:
    statement_file = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"
    report = api.payee_statement(
        SAMPLE_DATA, "jane-doe", "2026-h1", [statement_file], issued=dt.date(2026, 9, 1)
    )
    statement = report.statement
    assert statement is not None
    assert (statement.period, statement.issued) == ("2026-H1", dt.date(2026, 9, 1))
    assert statement.accounts[0].total("payable") == Decimal("2506.01")
    assert api.statement_filename(statement, "pdf") == (
        "Royalty statement - Jane Doe - 2026-H1.pdf"
    )
    for name in api.STATEMENT_FORMATS[:1] + api.STATEMENT_FORMATS[3:]:
        assert api.render_statement(statement, name)
    with pytest.raises(ValueError, match="unknown statement format"):
        api.render_statement(statement, "docx")


def test_payee_statement_over_the_ledger_with_closed_periods_and_payments(
    tmp_path: Path,
) -> None:
    root = _sample_copy(tmp_path)
    api.import_files(root, [root / "statements" / "distrokid-2026-06-07.tsv"])
    api.close_through(root, Month(2026, 6))
    api.pay(root, api.Payment("jane-doe", "USD", Decimal("2506.01"), dt.date(2026, 9, 30), "B1"))
    report = api.payee_statement(root, "jane-doe", "2026-H2")
    assert report.statement is not None
    (account,) = report.statement.accounts
    # H1 is closed: its payable and what it carried open H2, and the payment is in H2
    assert account.unpaid_brought_forward == Decimal("2506.01")
    assert account.contracts[0].brought_forward == Decimal("-0.0028360000")
    assert [p.reference for p in account.payments] == ["B1"]
    assert account.closing_balance == Decimal("3.5884120000")
    assert [p.period for p in account.history] == ["2026-H1", "2026-H2"]
    # the closed H1 reads from the entries its close kept: the same statement as the file gives
    issued = dt.date(2026, 10, 1)
    closed = api.payee_statement(root, "jane-doe", "2026-H1", issued=issued).statement
    source = [root / "statements" / "distrokid-2026-06-07.tsv"]
    recomputed = api.payee_statement(root, "jane-doe", "2026-H1", source, issued).statement
    assert closed is not None
    assert recomputed is not None
    assert api.render_statement(closed, "json") == api.render_statement(recomputed, "json")
    assert closed.accounts[0].contracts[0].payable == Decimal("2506.01")


def test_payee_statement_of_an_invalid_workspace_reports_its_problems(
    make_workspace: WorkspaceMaker,
) -> None:
    files = valid_files()
    files["contracts/jane-producer.yaml"] = CONTRACT.replace("payee: jane", "payee: nobody")
    report = api.payee_statement(make_workspace(files), "jane", "2026-Q1")
    assert report.statement is None
    assert [p.code for p in report.loaded.problems] == ["unknown-party"]


def test_a_payment_made_while_another_is_recorded_sees_it(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another ``points pay`` records the same payment between this one's start and its
    write: what is owed must be read in the transaction that writes, so this one is refused."""
    from points.ledger.store import Ledger

    api.import_files(workspace, [SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"])
    api.close_through(workspace, Month(2026, 6))
    payment = api.Payment("jane-doe", "USD", Decimal("2506.01"), dt.date(2026, 9, 30), "B1")
    record = Ledger.record_payment
    raced: list[int] = []

    def after_another(self: Ledger, mine: api.Payment) -> int:
        if not raced:  # the other command gets in first
            with api.ledger_of(workspace) as other:
                raced.append(record(other, replace(mine, reference="B2")))
        return record(self, mine)

    monkeypatch.setattr(Ledger, "record_payment", after_another)
    with pytest.raises(api.LedgerRefusal, match=r"jane-doe is owed 0\.00 USD"):
        api.pay(workspace, payment)
    with api.ledger_of(workspace) as ledger:
        assert [p.reference for p in ledger.payments()] == ["B2"]


def test_a_folder_that_is_not_a_workspace_gets_no_ledger(tmp_path: Path) -> None:
    with pytest.raises(api.NotAWorkspaceError, match=r"no points\.yaml"):
        api.balances(tmp_path)
    with pytest.raises(api.NotAWorkspaceError):
        api.pay(tmp_path, api.Payment("x", "USD", Decimal(1), dt.date(2026, 1, 1), "r", True))
    assert list(tmp_path.iterdir()) == []
