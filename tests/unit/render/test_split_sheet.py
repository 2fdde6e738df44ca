"""What split sheet templates see: the sheet's shares, and the master points from contracts."""

from __future__ import annotations

import pytest

from papers import paper_files
from points.model import Workspace, load_workspace
from points.render.split_sheet import (
    derived_context,
    find_split_sheet,
    recordings_for,
    split_sheet_context,
)
from points.render.templates import DocumentError

from conftest import SAMPLE_DATA, WorkspaceMaker


@pytest.fixture
def workspace(make_workspace: WorkspaceMaker) -> Workspace:
    loaded = load_workspace(make_workspace(paper_files()))
    assert loaded.ok, loaded.problems
    return loaded.workspace


def test_a_sheet_is_found_by_its_id_or_its_work(workspace: Workspace) -> None:
    assert find_split_sheet(workspace, "tidewater").id == "tidewater"
    with pytest.raises(DocumentError, match=r"no split sheet 'tidewatr'.*did you mean 'tidewater'"):
        find_split_sheet(workspace, "tidewatr")


def test_a_work_with_two_sheets_must_be_named_by_sheet(workspace: Workspace) -> None:
    (sheet,) = workspace.split_sheets
    a, b = (sheet.model_copy(update={"id": name}) for name in ("a", "b"))
    two = workspace.model_copy(update={"split_sheets": (a, b)})
    with pytest.raises(
        DocumentError, match=r"work 'tidewater' has 2 split sheets \(a, b\); name one"
    ):
        find_split_sheet(two, "tidewater")
    assert find_split_sheet(two, "b") is b


def test_the_context_states_each_share_and_the_totals(workspace: Workspace) -> None:
    context = split_sheet_context(find_split_sheet(workspace, "tidewater"), workspace)
    sheet = context["sheet"]
    assert (sheet.title, sheet.date, sheet.work_title) == (
        "Tidewater",
        "January 9, 2026",
        "Tidewater",
    )
    assert (sheet.composition_total, sheet.publisher_total, sheet.master_total) == (
        "100%",
        "100%",
        "100%",
    )
    ava, kai = context["contributors"]
    assert (ava.party.name_line, ava.roles, ava.composition_share, ava.master_share) == (
        "Ava Marie Stone p/k/a Ava Stone",
        "lyrics, melody",
        "60%",
        "80%",
    )
    assert ava.publisher is not None
    assert ava.publisher.legal_name == "North Shore Music Publishing LLC"
    assert (ava.signed, kai.signed, kai.publisher) == ("January 9, 2026", "", None)
    assert (context["has_composition"], context["has_publishers"], context["has_master"]) == (
        True,
        True,
        True,
    )


def test_the_sample_sheet_totals_exact_thirds_on_paper() -> None:
    workspace = load_workspace(SAMPLE_DATA).workspace
    context = split_sheet_context(find_split_sheet(workspace, "glass-harbor"), workspace)
    shares = [c.composition_share for c in context["contributors"]]
    assert shares == ["33.34%", "33.33%", "33.33%"]
    assert context["sheet"].composition_total == "100%"
    assert context["sheet"].iswc == "T-912.345.678-0"
    assert context["has_master"] is False


@pytest.mark.parametrize(
    ("key", "isrcs"),
    [
        ("glass-harbor", ("QZRLR2600002",)),  # the sheet's own recording
        ("night-transit", ("QZRLR2600001",)),  # a work: its recordings
        ("QZ-RLR-26-00007", ("QZRLR2600007",)),  # an ISRC as printed
    ],
)
def test_recordings_are_found_by_sheet_work_or_isrc(key: str, isrcs: tuple[str, ...]) -> None:
    workspace = load_workspace(SAMPLE_DATA).workspace
    assert recordings_for(workspace, key)[1] == isrcs


def test_an_unknown_key_names_what_exists() -> None:
    workspace = load_workspace(SAMPLE_DATA).workspace
    with pytest.raises(DocumentError, match="no split sheet, work or recording 'glass'"):
        recordings_for(workspace, "glass")


def test_derived_points_come_from_each_covering_contract() -> None:
    workspace = load_workspace(SAMPLE_DATA).workspace
    context = derived_context(workspace, "Glass Harbor", ("QZRLR2600002",))
    (recording,) = context["recordings"]
    assert recording.recording.title == "Glass Harbor"
    rows = [
        (r.party.display_name, r.contract_id, r.role, r.share, r.points) for r in recording.rows
    ]
    # the artist's deal first; Jane's contract does not cover this recording
    assert rows == [
        ("Ava Stone", "redline-ava-stone", "artist", "100%", "18%"),
        ("Ava Stone", "redline-ava-stone", "artist", "100%", "18%"),
        ("MKO", "marcus-okafor-producer", "producer", "100%", "3%"),
        ("MKO", "marcus-okafor-producer", "producer", "100%", "3%"),
    ]
    assert recording.rows[2].royalty == (
        "3% of PPD on physical rising to 3.5% above 250,000 units and 4% above 500,000 units"
    )
    assert (
        recording.rows[2].paid
        == "paid by Redline Records under a letter of direction from Ava Stone"
    )


def test_a_payee_split_divides_the_points(workspace: Workspace) -> None:
    context = derived_context(workspace, "Tidewater", ("QZRLR2600011",))
    (recording,) = context["recordings"]
    assert [(r.party.display_name, r.share, r.points) for r in recording.rows] == [
        ("Kai Loa", "50%", "2%"),  # 4 points × 50%
        ("North Shore Music", "50%", "2%"),
    ]


def test_no_covering_contract_is_refused(workspace: Workspace) -> None:
    bare = workspace.model_copy(update={"contracts": ()})
    with pytest.raises(DocumentError, match="no contract with royalty points covers 'Tidewater'"):
        derived_context(bare, "Tidewater", ("QZRLR2600011",))
