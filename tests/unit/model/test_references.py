"""Cross-file checks on a Workspace value: duplicates and dangling references."""

from __future__ import annotations

from points.model import Party, Recording, Release, Workspace
from points.model.references import Finding, check_references

from workspaces import make_contract

ALL = frozenset({"parties", "recordings", "releases", "works", "contracts", "split_sheets"})
PARTIES = (Party(id="ava", legal_name="Ava"), Party(id="jane", legal_name="Jane"))


def test_a_clean_workspace_has_no_findings() -> None:
    assert check_references(Workspace(parties=PARTIES, contracts=(make_contract(),)), ALL) == []


def test_dangling_references_point_at_their_key_path() -> None:
    workspace = Workspace(
        parties=PARTIES,
        recordings=(Recording(isrc="QZRLR2600001", title="t", artist="a"),),
        releases=(Release(upc="198724001509", title="t", artist="a", tracks=("QZRLR2600002",)),),
        contracts=(
            make_contract(
                payees=[{"party": "jane", "percent": 50}, {"party": "jnae", "percent": 50}],
                releases=["198724001516"],
            ),
        ),
    )
    assert check_references(workspace, ALL) == [
        Finding(
            "releases",
            0,
            ("tracks", 0),
            "unknown-recording",
            "recording 'QZRLR2600002' is not defined",
            "did you mean 'QZRLR2600001'?",
        ),
        Finding(
            "contracts",
            0,
            ("payees", 1, "party"),
            "unknown-party",
            "party 'jnae' is not defined",
            "did you mean 'jane'?",
        ),
        Finding(
            "contracts",
            0,
            ("releases", 0),
            "unknown-release",
            "release '198724001516' is not defined",
            "did you mean '198724001509'?",
        ),
    ]


def test_unchecked_collections_are_not_referenced() -> None:
    workspace = Workspace(contracts=(make_contract(payee="ghost"),))
    assert check_references(workspace, ALL - {"parties"}) == []
    assert [f.code for f in check_references(workspace, ALL)] == ["unknown-party"] * 2


def test_duplicates_point_at_the_second_definition() -> None:
    workspace = Workspace(parties=(*PARTIES, Party(id="ava", legal_name="Other")))
    (finding,) = check_references(workspace, ALL)
    assert (finding.collection, finding.index, finding.path, finding.code) == (
        "parties",
        2,
        ("id",),
        "duplicate-id",
    )
    assert finding.hint is not None
    assert "parties item 1" in finding.hint


def test_record_one_cannot_point_at_itself() -> None:
    contract = make_contract(
        royalties=[{"channels": "stream", "points": 3}],
        record_one={"artist_all_in_points": 12, "artist_contract": "deal"},
    )
    codes = [
        f.code for f in check_references(Workspace(parties=PARTIES, contracts=(contract,)), ALL)
    ]
    assert codes == ["self-reference"]
