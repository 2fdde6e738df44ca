"""What is checked before a command changes anything: the folder, the ids, the file to be
written, the payment."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from points.guards import (
    NotAWorkspaceError,
    Refusal,
    UnknownIdError,
    UsageRefusal,
    check_contract,
    check_output,
    check_payee,
    check_payment,
    payee_currencies,
    require_workspace,
)
from points.ledger.store import Payment
from points.model import Workspace, load_workspace

from conftest import SAMPLE_DATA, WorkspaceMaker


@pytest.fixture(scope="module")
def sample() -> Workspace:
    return load_workspace(SAMPLE_DATA).workspace


def test_a_workspace_is_a_folder_with_points_yaml(tmp_path: Path) -> None:
    require_workspace(SAMPLE_DATA)
    with pytest.raises(NotAWorkspaceError, match=r"is not a points workspace \(no points.yaml\)"):
        require_workspace(tmp_path)
    with pytest.raises(NotAWorkspaceError, match="run `points init"):
        require_workspace(tmp_path / "missing")
    assert list(tmp_path.iterdir()) == []


def test_payees_are_who_the_contracts_pay_and_in_what(make_workspace: WorkspaceMaker) -> None:
    from workspaces import CONTRACT, valid_files

    split = CONTRACT + "payees:\n  - {party: jane, percent: 60}\n  - {party: lena, percent: 40}\n"
    euro = CONTRACT.replace("id: jane-producer", "id: euro").replace("USD", "EUR")
    files = {**valid_files(), "contracts/jane-producer.yaml": split, "contracts/euro.yaml": euro}
    workspace = load_workspace(make_workspace(files)).workspace
    assert payee_currencies(workspace) == {"jane": {"USD", "EUR"}, "lena": {"USD"}}
    check_payee(workspace, "lena")
    with pytest.raises(UnknownIdError, match="'ava' is a party, but no contract"):
        check_payee(workspace, "ava")


def test_unknown_ids_name_the_closest(sample: Workspace) -> None:
    check_payee(sample, "jane-doe")
    check_contract(sample, "jane-doe-producer")
    with pytest.raises(UnknownIdError, match=r"no payee 'jnae-doe' .*did you mean 'jane-doe'"):
        check_payee(sample, "jnae-doe")
    with pytest.raises(UnknownIdError, match="known: ava-stone, jane-doe, marcus-okafor"):
        check_payee(sample, "x")
    with pytest.raises(UnknownIdError, match=r"did you mean 'redline-ava-stone'\?"):
        check_contract(sample, "redline-ava-ston")
    with pytest.raises(UnknownIdError, match="the workspace has errors"):
        check_payee(sample, "x", workspace_ok=False)


def _payment(amount: str, currency: str = "USD", payee: str = "jane-doe") -> Payment:
    return Payment(payee, currency, Decimal(amount), dt.date(2026, 9, 30), "r", advance=True)


@pytest.mark.parametrize(
    ("amount", "currency", "error", "message"),
    [
        ("-0.01", "USD", UsageRefusal, "above zero"),
        ("0", "USD", UsageRefusal, "above zero"),
        ("NaN", "USD", UsageRefusal, "above zero"),
        ("Infinity", "USD", UsageRefusal, "above zero"),
        ("1E+400", "USD", UsageRefusal, "too large"),
        ("1000000000000", "USD", UsageRefusal, "too large"),
        ("0.001", "USD", UsageRefusal, "more decimal places than USD has"),
        ("1.5", "JPY", UsageRefusal, "more decimal places than JPY has"),
        ("1", "ZZZ", UsageRefusal, "not an ISO 4217 currency code"),
        ("1", "", UsageRefusal, "not an ISO 4217 currency code"),
        ("1", "XAU", UsageRefusal, "not an ISO 4217 currency code"),  # gold: no minor unit
        ("1", "EUR", Refusal, "no contract pays jane-doe in EUR"),
    ],
)
def test_a_payment_that_cannot_be_one(
    sample: Workspace, amount: str, currency: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        check_payment(sample, _payment(amount, currency))


def test_a_payment_that_can_be(sample: Workspace) -> None:
    check_payment(sample, _payment("999999999999.99"))
    check_payment(sample, _payment("2506.010"))  # 2506.01 written with a trailing zero
    check_payment(sample, _payment("10", "usd"))
    with pytest.raises(UnknownIdError):
        check_payment(sample, _payment("10", payee="nobody"))


@pytest.fixture
def workspace_folder(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for name in ("contracts", "splits", "statements", "templates"):
        (root / name).mkdir(parents=True)
    for name in ("points.yaml", "parties.yaml", "ledger.sqlite3", "contracts/a.yaml"):
        (root / name).write_text("x", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "name",
    [
        "ledger.sqlite3",
        "ledger.sqlite3-wal",
        "ledger.sqlite3-shm",
        "ledger.sqlite3-journal",
        "points.yaml",
        "parties.yaml",
        "catalog.yaml",
        "rates.csv",
        "contracts/a.yaml",
        "contracts/new.yaml",
        "splits/x.csv",
        "statements/q1.xlsx",
        "templates/t.md.j2",
        "statements/../parties.yaml",
        "Parties.YAML",  # a case-insensitive file system would write parties.yaml
    ],
)
def test_the_ledger_and_workspace_files_are_never_written(
    workspace_folder: Path, name: str
) -> None:
    for force in (False, True):
        with pytest.raises(Refusal, match="points never writes over it"):
            check_output(workspace_folder / name, workspace_folder, force=force)
        # known as a workspace by its points.yaml, even when not the command's own
        with pytest.raises(Refusal, match="points never writes over it"):
            check_output(workspace_folder / name, None, force=force)


def test_links_and_relative_paths_are_resolved_first(
    workspace_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace_folder / "statements")
    with pytest.raises(Refusal, match="points never writes over it"):
        check_output(Path("../ledger.sqlite3"), Path(".."), force=True)
    link = tmp_path / "out.xlsx"
    link.symlink_to(workspace_folder / "points.yaml")
    with pytest.raises(Refusal, match="points never writes over it"):
        check_output(link, workspace_folder, force=True)
    dangling = tmp_path / "later.csv"
    dangling.symlink_to(workspace_folder / "splits" / "later.csv")
    with pytest.raises(Refusal, match="points never writes over it"):
        check_output(dangling, None, force=True)
    hard = tmp_path / "copy.db"
    os.link(workspace_folder / "ledger.sqlite3", hard)
    with pytest.raises(Refusal, match=r"the workspace's ledger\.sqlite3"):
        check_output(hard, workspace_folder, force=True)


def test_another_file_is_replaced_only_with_force(workspace_folder: Path) -> None:
    fresh, existing = workspace_folder / "jane.xlsx", workspace_folder / "h1.csv"
    existing.write_text("old", encoding="utf-8")
    check_output(fresh, workspace_folder)
    with pytest.raises(Refusal, match="exists; pass --force to replace it"):
        check_output(existing, workspace_folder)
    check_output(existing, workspace_folder, force=True)
    check_output(workspace_folder / "out" / "statements" / "s.pdf", workspace_folder)
