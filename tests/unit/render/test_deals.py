"""Plain-English deal summaries: one worked example per kind of term."""

from __future__ import annotations

from typing import Any

import pytest

from points.model import Contract, Party, Workspace, load_workspace
from points.render.deals import describe_contract, describe_terms, describe_workspace

from conftest import SAMPLE_DATA
from workspaces import make_contract

PARTIES = (
    Party(id="ava", legal_name="Ava Marie Stone", professional_name="Ava Stone"),
    Party(id="jane", legal_name="Jane Doe"),
    Party(id="kai", legal_name="Kai Loan-Out Ltd"),
    Party(id="label", legal_name="Redline Records LLC", professional_name="Redline Records"),
)


def _clauses(terms: dict[str, Any], *others: Contract) -> tuple[str, ...]:
    contract = make_contract(**terms)
    workspace = Workspace(parties=PARTIES, contracts=(contract, *others))
    return describe_contract(contract, workspace).clauses


def test_the_issue_example_reads_as_written() -> None:
    artist = make_contract(
        **{
            "id": "artist",
            "payee": "ava",
            "role": "artist",
            "costs": [{"kind": "recording", "amount": 90000}],
        }
    )
    contract = make_contract(
        **{
            "fees": [{"amount": 2500, "due": "delivery"}],
            "advances": [{"amount": 5000}],
            "royalties": [
                {"channels": "physical", "base": "ppd", "points": 3},
                {"channels": "stream", "points": 4},
            ],
            "record_one": {"artist_all_in_points": 12, "artist_contract": "artist"},
        }
    )
    summary = describe_contract(contract, Workspace(parties=PARTIES, contracts=(contract, artist)))
    assert summary.sentence == (
        "Jane Doe: $2,500 fee on delivery; $5,000 advance on signing, recoupable from the "
        "producer's royalties; 3% of PPD on physical, 4% of net receipts on streaming, "
        "retroactive to record one once recording costs ($90,000) are recouped at the net "
        "artist rate (12% all-in less 4% producer points = 8%); accounted quarterly in USD"
    )


@pytest.mark.parametrize(
    ("terms", "clause"),
    [
        (
            {
                "fees": [
                    {"amount": "1250.50", "due": "date", "date": "2026-05-01", "recoupable": True}
                ]
            },
            "$1,250.50 fee on 2026-05-01, recoupable as an advance",
        ),
        (
            {"advances": [{"amount": 800, "recoups_from": ["stream", "download"]}]},
            "$800 advance on signing, recoupable from the producer's streaming and downloads "
            "royalties",
        ),
        (
            {"royalties": [{"channels": "physical", "base": "per_unit", "per_unit": "0.10"}]},
            "$0.10 per unit on physical",
        ),
        (
            {"royalties": [{"channels": "physical", "base": "srlp", "points": 3}]},
            "3% of SRLP less packaging on physical",
        ),
        (
            {
                "royalties": [
                    {"channels": "physical", "base": "srlp", "points": 3, "packaging_deduction": 20}
                ]
            },
            "3% of SRLP less 20% packaging on physical",
        ),
        (
            {
                "royalties": [
                    {"channels": "stream", "points": 3, "share_of_artist": {"artist_points": 18}}
                ]
            },
            "3/18 of the artist's royalty on streaming",
        ),
        (
            {
                "royalties": [
                    {
                        "channels": ["stream", "download"],
                        "points": 3,
                        "escalation": {
                            "counter": "stream_equivalent_units",
                            "streams_per_unit": 1500,
                            "mode": "retroactive",
                            "steps": [{"above": 100000, "points": "3.5"}],
                        },
                    }
                ]
            },
            "3% of net receipts on streaming and downloads rising to 3.5% above 100,000 units "
            "(streams counted 1,500 to a unit) (retroactive to all units)",
        ),
        (
            {"multipliers": [{"percent": 50, "channels": "sync", "territories": ["GB", "DE"]}]},
            "50% of the rate on sync licences in GB and DE",
        ),
        (
            {
                "costs": [
                    {"kind": "video", "amount": 12000},
                    {"kind": "tour_support", "amount": 500},
                ]
            },
            "recoupable costs: video $12,000 (50% recoupable) and tour support $500",
        ),
        (
            {"reserve": {"percent": 25, "liquidation_periods": 2, "schedule": [60, 40]}},
            "25% reserve on physical royalties, released over 2 periods (60%, 40%)",
        ),
        (
            {"payees": [{"party": "jane", "percent": 60}, {"party": "kai", "percent": 40}]},
            "paid 60% to Jane Doe and 40% to Kai Loan-Out Ltd",
        ),
        (
            {"kind": "profit_share", "profit_share": {"percent": 50}},
            "50% of net profits",
        ),
        (
            {"letter_of_direction": {"artist": "ava", "paid_by": "label"}},
            "paid by Redline Records under a letter of direction from Ava Stone",
        ),
        (
            {"accounting": {"currency": "JPY", "period": "monthly", "minimum_payment": 5000}},
            "accounted monthly in JPY, minimum payment ¥5,000",
        ),
    ],
)
def test_each_term_becomes_a_clause(terms: dict[str, Any], clause: str) -> None:
    assert clause in _clauses(terms)


@pytest.mark.parametrize(
    ("record_one", "words"),
    [
        (
            {"gate": "all_in_rate", "artist_all_in_points": 12, "recording_costs": 50000},
            "retroactive to record one once recording costs ($50,000) are recouped at the "
            "artist's all-in rate (12%)",
        ),
        (
            {"artist_all_in_points": 12, "recording_costs": 50000, "retroactive": False},
            "payable from the period recording costs ($50,000) are recouped at the net artist "
            "rate (12% all-in less 3% producer points = 9%), without retro",
        ),
        (
            {"gate": "none", "artist_all_in_points": 12},
            "payable from record one with no recoupment gate",
        ),
    ],
)
def test_record_one_variants(record_one: dict[str, Any], words: str) -> None:
    clauses = _clauses(
        {"royalties": [{"channels": "stream", "points": 3}], "record_one": record_one}
    )
    assert clauses[0] == f"3% of net receipts on streaming, {words}"


def test_pools_name_the_other_contracts() -> None:
    other = make_contract(**{"id": "album-2", "recoupment_pool": "albums"})
    assert "cross-collateralized with album-2 (pool 'albums')" in _clauses(
        {"recoupment_pool": "albums"}, other
    )
    assert "recouped in its own pool 'solo'" in _clauses({"recoupment_pool": "solo"})


def test_workspace_summaries_come_in_contract_id_order() -> None:
    contracts = tuple(make_contract(**{"id": name}) for name in ("b", "a", "c"))
    summaries = describe_workspace(Workspace(parties=PARTIES, contracts=contracts))
    assert [s.contract for s in summaries] == ["a", "b", "c"]


def test_the_terms_by_kind_make_up_the_summary_clauses() -> None:
    workspace = load_workspace(SAMPLE_DATA).workspace
    for contract in workspace.contracts:
        terms = describe_terms(contract, workspace)
        assert terms.clauses == describe_contract(contract, workspace).clauses
    mko = describe_terms(workspace.contracts_by_id["marcus-okafor-producer"], workspace)
    assert mko.royalties == (
        "3% of PPD on physical rising to 3.5% above 250,000 units and 4% above 500,000 units",
        "3% of net receipts on streaming and downloads",
    )
    assert mko.fees == ()
    assert mko.pool is None
