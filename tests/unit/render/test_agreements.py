"""What agreement templates see: the contract's terms in the words of points demo."""

from __future__ import annotations

from papers import paper_files
from points.model import load_workspace
from points.render.agreements import contract_context
from points.render.deals import describe_contract

from conftest import SAMPLE_DATA, WorkspaceMaker


def test_the_context_quotes_the_deal_as_points_demo_states_it() -> None:
    workspace = load_workspace(SAMPLE_DATA).workspace
    contract = workspace.contracts_by_id["marcus-okafor-producer"]
    context = contract_context(contract, workspace)
    assert context["deal"] == describe_contract(contract, workspace)
    terms = context["terms"]
    assert terms.advances == (
        "$5,000 advance on signing, recoupable from the producer's royalties",
    )
    assert terms.record_one == (
        "retroactive to record one once recording costs ($37,000) are recouped at the net "
        "artist rate (18% all-in less 6% producer points = 12%)"
    )
    view = context["contract"]
    assert (view.date, view.role_title, view.payer_title, view.period) == (
        "September 15, 2025",
        "Producer",
        "Artist",
        "semi-annually",
    )
    assert (view.minimum_payment, view.statement_due_days) == ("$50", "")
    assert [r.title for r in view.recordings][-1] == "Glass Harbor (Radio Edit)"
    assert [r.release_date for r in view.releases] == ["April 17, 2026", "February 27, 2026"]
    lod = context["letter_of_direction"]
    assert (lod.artist.display_name, lod.paid_by.legal_name, lod.date) == (
        "Ava Stone",
        "Redline Records LLC",
        "September 22, 2025",
    )


def test_fees_payees_and_the_company_payer(make_workspace: WorkspaceMaker) -> None:
    workspace = load_workspace(make_workspace(paper_files())).workspace
    producer = contract_context(workspace.contracts_by_id["kai-producer"], workspace)
    assert [(f.text, f.description) for f in producer["fees"]] == [
        ("$1,500 fee on delivery", "production fee")
    ]
    assert [(p.party.legal_name, p.percent) for p in producer["payees"]] == [
        ("Kai Loa", "50%"),
        ("North Shore Music Publishing LLC", "50%"),
    ]
    assert producer["contract"].statement_due_days == "60"
    mix = contract_context(workspace.contracts_by_id["kai-mix"], workspace)
    assert (mix["contract"].payer_title, mix["contract"].role_title, mix["contract"].date) == (
        "Company",
        "Mixer",
        "",
    )
    assert [f.text for f in mix["fees"]] == ["$800.50 fee on delivery"]
    assert mix["letter_of_direction"] is None
