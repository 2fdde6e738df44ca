"""Workspace lookups and the recording costs a record-one gate must see recouped."""

from __future__ import annotations

from decimal import Decimal

from points.model import Party, Workspace
from points.money import Money

from workspaces import make_contract

RECORD_ONE_ROYALTY = [{"channels": "stream", "points": 3}]


def test_record_one_costs_stated_on_the_term() -> None:
    producer = make_contract(
        royalties=RECORD_ONE_ROYALTY,
        record_one={"artist_all_in_points": 12, "recording_costs": "90000.00"},
    )
    assert Workspace(contracts=(producer,)).record_one_costs(producer) == Money.of(90000, "USD")


def test_record_one_costs_from_the_artist_contract_at_their_recoupable_share() -> None:
    artist = make_contract(
        id="artist",
        payee="ava",
        costs=[
            {"kind": "recording", "amount": "60000"},
            {"kind": "recording", "amount": "10000", "recoupable_percent": 50},
            {"kind": "video", "amount": "12000"},  # not a recording cost: ignored
        ],
    )
    producer = make_contract(
        royalties=RECORD_ONE_ROYALTY,
        record_one={"artist_all_in_points": 12, "artist_contract": "artist"},
    )
    workspace = Workspace(contracts=(artist, producer))
    # 60,000 × 100% + 10,000 × 50% = 65,000
    assert workspace.record_one_costs(producer) == Money.of(Decimal("65000"), "USD")
    assert workspace.record_one_costs(artist) is None


def test_party_name_prefers_the_professional_name() -> None:
    workspace = Workspace(
        parties=(Party(id="mko", legal_name="Marcus Okafor", professional_name="MKO"),)
    )
    assert workspace.party_name("mko") == "MKO"
    assert workspace.party_name("unknown") == "unknown"
