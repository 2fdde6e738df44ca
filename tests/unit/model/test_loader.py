"""The workspace loader: every problem named by file, line and column, all in one report."""

from __future__ import annotations

from pathlib import Path

import pytest

from points.errors import Problem
from points.model import load_workspace

from conftest import SAMPLE_DATA, WorkspaceMaker
from workspaces import CONTRACT, SPLIT, valid_files


def _where(problems: list[Problem], root: Path) -> list[tuple[str, int | None, int | None, str]]:
    return [
        (str(Path(p.source.file).relative_to(root)), p.source.line, p.source.column, p.code)
        for p in problems
    ]


def test_sample_data_loads_clean() -> None:
    result = load_workspace(SAMPLE_DATA)
    assert result.problems == []
    assert result.ok
    assert {c.id for c in result.workspace.contracts} == {
        "redline-ava-stone",
        "jane-doe-producer",
        "marcus-okafor-producer",
    }
    assert len(result.workspace.parties) == 5


def test_a_valid_workspace_has_no_problems(make_workspace: WorkspaceMaker) -> None:
    root = make_workspace(valid_files())
    result = load_workspace(root)
    assert result.problems == []
    (contract,) = result.workspace.contracts
    assert contract.fees[0].amount == 2500


def test_split_of_99_99_and_a_misspelled_key_reported_together(
    make_workspace: WorkspaceMaker,
) -> None:
    files = valid_files()
    files["splits/glass-harbor.yaml"] = SPLIT.replace("33.34", "33.33")
    files["contracts/jane-producer.yaml"] = CONTRACT.replace("royalties:", "royalites:")
    root = make_workspace(files)

    result = load_workspace(root)

    assert not result.ok
    assert _where(result.problems, root) == [
        ("contracts/jane-producer.yaml", 11, 1, "unknown-key"),
        ("splits/glass-harbor.yaml", 5, 3, "shares-total"),
    ]
    unknown, shares = result.problems
    assert unknown.message == "unknown key 'royalites'"
    assert unknown.hint is not None
    assert unknown.hint.startswith("did you mean 'royalties'?")
    assert shares.message == "composition shares total 99.99%, not 100%"
    assert shares.hint is not None
    assert "add 0.01%" in shares.hint


@pytest.mark.parametrize(
    ("edit", "where", "code", "message"),
    [
        (
            ("payee: jane", "payee: jaen"),
            (4, 8),
            "unknown-party",
            "party 'jaen' is not defined",
        ),
        (
            ("[QZ-RLR-26-00001]", "[QZ-RLR-26-00009]"),
            (5, 14),
            "unknown-recording",
            "recording 'QZRLR2600009' is not defined",
        ),
        (
            ("amount: 2500", "amount: -2500"),
            (10, 13),
            "negative-amount",
            "amount must not be negative, found -2500",
        ),
        (
            ("currency: USD", "currency: USX"),
            (7, 13),
            "unknown-currency",
            "'USX' is not an ISO 4217 currency code",
        ),
        (
            ("period: quarterly", "period: quaterly"),
            (8, 11),
            "invalid-choice",
            "period: 'quaterly' is not one of 'monthly', 'quarterly' or 'semi_annual'",
        ),
        (
            ("  currency: USD\n", ""),
            (7, 3),
            "missing-key",
            "missing required key 'currency'",
        ),
        (
            (
                "points: 4",
                "points: 4\n    escalation: {steps: [{above: 9, points: 5}, "
                "{above: 3, points: 6}]}",
            ),
            (14, 25),
            "escalation-order",
            "escalation thresholds must rise: 3 comes after 9",
        ),
    ],
)
def test_each_contract_error_names_its_line_and_column(
    make_workspace: WorkspaceMaker,
    edit: tuple[str, str],
    where: tuple[int, int],
    code: str,
    message: str,
) -> None:
    files = valid_files()
    old, new = edit
    assert old in CONTRACT
    files["contracts/jane-producer.yaml"] = CONTRACT.replace(old, new)
    root = make_workspace(files)

    (problem,) = load_workspace(root).problems

    assert (problem.source.file, problem.source.line, problem.source.column) == (
        str(root / "contracts/jane-producer.yaml"),
        *where,
    )
    assert (problem.code, problem.message) == (code, message)
    assert problem.hint


def test_unknown_party_suggests_the_closest_id(make_workspace: WorkspaceMaker) -> None:
    files = valid_files()
    files["contracts/jane-producer.yaml"] = CONTRACT.replace("payee: jane", "payee: jaen")
    (problem,) = load_workspace(make_workspace(files)).problems
    assert problem.hint == "did you mean 'jane'?"


def test_errors_in_many_files_come_in_one_report(make_workspace: WorkspaceMaker) -> None:
    files = valid_files()
    files["parties.yaml"] += "  - {id: ava, legal_name: Someone Else}\n"
    files["catalog.yaml"] = files["catalog.yaml"].replace('"198724001509"', '"198724001508"')
    files["contracts/second.yaml"] = CONTRACT.replace("id: jane-producer", "id: second").replace(
        "payer: ava", "payer: nobody"
    )
    files["splits/broken.yaml"] = "id: broken\ntitle: [unclosed\n"
    root = make_workspace(files)

    result = load_workspace(root)

    assert _where(result.problems, root) == [
        ("catalog.yaml", 4, 10, "bad-upc"),
        ("contracts/second.yaml", 3, 8, "unknown-party"),
        ("parties.yaml", 5, 10, "duplicate-id"),
        ("splits/broken.yaml", 3, 1, "yaml-syntax"),
    ]


def test_references_into_a_broken_file_are_not_echoed(make_workspace: WorkspaceMaker) -> None:
    """A parties.yaml that fails to load must not turn every party reference into an error."""
    files = valid_files()
    files["parties.yaml"] = files["parties.yaml"].replace("legal_name: Jane Doe", "legal_nam: x")
    result = load_workspace(make_workspace(files))
    assert [p.code for p in result.problems] == ["missing-key", "unknown-key"]


def test_a_typo_in_a_nested_mapping_is_an_error(make_workspace: WorkspaceMaker) -> None:
    files = valid_files()
    files["contracts/jane-producer.yaml"] = CONTRACT.replace(
        "period: quarterly", "period: quarterly\n  minimum_paymnet: 50"
    )
    (problem,) = load_workspace(make_workspace(files)).problems
    assert (problem.code, problem.source.line, problem.source.column) == ("unknown-key", 9, 3)
    assert problem.hint is not None
    assert problem.hint.startswith("did you mean 'minimum_payment'?")


def test_record_one_must_name_an_existing_artist_contract(make_workspace: WorkspaceMaker) -> None:
    files = valid_files()
    files["contracts/jane-producer.yaml"] = CONTRACT + (
        "record_one: {artist_all_in_points: 18, artist_contract: ava-deal}\n"
    )
    (problem,) = load_workspace(make_workspace(files)).problems
    assert (problem.code, problem.message) == (
        "unknown-contract",
        "contract 'ava-deal' is not defined",
    )


def test_a_pool_joins_only_one_payees_contracts(make_workspace: WorkspaceMaker) -> None:
    files = valid_files()
    pooled = CONTRACT + "recoupment_pool: shared\n"
    files["contracts/jane-producer.yaml"] = pooled
    files["contracts/lena.yaml"] = pooled.replace("id: jane-producer", "id: lena").replace(
        "payee: jane", "payee: lena"
    )
    (problem,) = load_workspace(make_workspace(files)).problems
    assert problem.code == "pool-mismatch"
    assert problem.source.file.endswith("lena.yaml")


def test_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    (problem,) = load_workspace(tmp_path).problems
    assert problem.code == "not-a-workspace"
    assert problem.hint == f"create one with: points init {tmp_path}"
    (missing,) = load_workspace(tmp_path / "nope").problems
    assert (missing.code, missing.message) == ("not-a-workspace", "no such folder")


def test_a_file_that_is_not_utf8(make_workspace: WorkspaceMaker) -> None:
    root = make_workspace(valid_files())
    (root / "parties.yaml").write_bytes(b"parties:\n  - {id: ana, legal_name: Ana \xe9}\n")
    problems = load_workspace(root).problems
    assert problems[0].code == "encoding"


def test_a_control_character_in_a_contract_is_reported(make_workspace: WorkspaceMaker) -> None:
    files = valid_files()
    files["contracts/jane-producer.yaml"] = CONTRACT.replace("Producer agreement", "Prod\x00ucer")
    (problem,) = load_workspace(make_workspace(files)).problems
    assert (problem.code, problem.source.line) == ("yaml-syntax", 2)
