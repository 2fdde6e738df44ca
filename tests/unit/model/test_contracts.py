"""Contracts: defaults that follow common practice, and each rule that refuses a bad deal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from points.model import Channel, Contract, CostKind, DealKind, Milestone

from workspaces import MINIMAL_CONTRACT, make_contract


def test_defaults_follow_common_practice() -> None:
    deal = make_contract(
        fees=[{"amount": 2500}],
        advances=[{"amount": 5000}],
        costs=[{"kind": "video", "amount": 12000}, {"kind": "recording", "amount": 9000}],
        reserve={"percent": 25, "liquidation_periods": 3},
    )
    assert deal.kind is DealKind.ROYALTY
    assert deal.payee_shares[0].party == "jane"
    assert deal.payee_shares[0].percent == 100
    assert deal.pool == "contract:deal"
    assert (deal.fees[0].due, deal.fees[0].recoupable) == (Milestone.DELIVERY, False)
    assert deal.advances[0].due is Milestone.SIGNING
    assert deal.advances[0].recoups_from == tuple(Channel)
    assert [c.effective_recoupable_percent for c in deal.costs] == [50, 100]
    assert deal.costs[0].kind is CostKind.VIDEO
    assert deal.reserve is not None
    assert deal.reserve.channels == (Channel.PHYSICAL,)
    assert deal.accounting.rounding == "half_up"
    assert deal.accounting.minimum_payment == 0


def test_one_channel_may_be_written_without_a_list() -> None:
    deal = make_contract(royalties=[{"channels": "stream", "points": "3.5"}])
    assert deal.royalties[0].channels == (Channel.STREAM,)
    assert deal.royalties[0].points == Decimal("3.5")


def test_a_pool_name_joins_contracts() -> None:
    assert make_contract(recoupment_pool="albums").pool == "albums"


STREAM_3 = [{"channels": "stream", "points": 3}]


@pytest.mark.parametrize(
    ("terms", "code"),
    [
        (
            {
                "royalties": [
                    {
                        "channels": "physical",
                        "points": 3,
                        "escalation": {
                            "steps": [{"above": 500, "points": 4}, {"above": 100, "points": 5}]
                        },
                    }
                ]
            },
            "escalation-order",
        ),
        (
            {
                "royalties": [
                    {
                        "channels": "stream",
                        "points": 3,
                        "escalation": {
                            "counter": "stream_equivalent_units",
                            "steps": [{"above": 100, "points": 4}],
                        },
                    }
                ]
            },
            "missing-streams-per-unit",
        ),
        (
            {"royalties": [{"channels": "physical", "base": "per_unit", "points": 3}]},
            "rate-base-mismatch",
        ),
        (
            {"royalties": [{"channels": "physical", "points": 3, "per_unit": 1}]},
            "rate-base-mismatch",
        ),
        (
            {"royalties": [{"channels": "physical", "points": 3, "packaging_deduction": 25}]},
            "rate-base-mismatch",
        ),
        (
            {
                "royalties": [
                    {"channels": "stream", "points": 20, "share_of_artist": {"artist_points": 18}}
                ]
            },
            "rate-above-artist",
        ),
        (
            {
                "royalties": [
                    {"channels": ["stream", "sync"], "points": 3},
                    {"channels": "sync", "points": 4},
                ]
            },
            "duplicate-channel",
        ),
        ({"royalties": STREAM_3, "record_one": {"artist_all_in_points": 12}}, "record-one-costs"),
        (
            {
                "royalties": STREAM_3,
                "record_one": {
                    "artist_all_in_points": 12,
                    "recording_costs": 1,
                    "artist_contract": "artist",
                },
            },
            "record-one-costs",
        ),
        (
            {
                "royalties": STREAM_3,
                "record_one": {
                    "artist_all_in_points": 6,
                    "other_producer_points": 3,
                    "recording_costs": 1,
                },
            },
            "record-one-rates",
        ),
        (
            {"record_one": {"artist_all_in_points": 12, "recording_costs": 1}},
            "record-one-without-royalty",
        ),
        (
            {"reserve": {"percent": 25, "liquidation_periods": 3, "schedule": [50, 50]}},
            "reserve-schedule",
        ),
        (
            {"reserve": {"percent": 25, "liquidation_periods": 2, "schedule": [50, 40]}},
            "shares-total",
        ),
        ({"kind": "profit_share"}, "missing-profit-share"),
        ({"profit_share": {"percent": 50}}, "conflicting-keys"),
        (
            {"multipliers": [{"percent": 50, "territories": ["GB"], "outside": ["US"]}]},
            "conflicting-keys",
        ),
        ({"fees": [{"amount": 100, "due": "date"}]}, "missing-date"),
        (
            {"payees": [{"party": "a", "percent": "50"}, {"party": "b", "percent": "49.99"}]},
            "shares-total",
        ),
        ({"fees": [{"amount": -2500}]}, "negative-amount"),
        ({"accounting": {"currency": "USX", "period": "monthly"}}, "unknown-currency"),
        ({"accounting": {"currency": "USD", "period": "yearly"}}, "enum"),
        (
            {"accounting": {"currency": "USD", "period": "monthly", "minimum_paymnet": 1}},
            "extra_forbidden",
        ),
        ({"royalites": STREAM_3}, "extra_forbidden"),
    ],
)
def test_each_rule_refuses_a_bad_deal(terms: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Contract.model_validate(MINIMAL_CONTRACT | terms)
    assert [error["type"] for error in caught.value.errors()] == [code]


def test_escalation_error_points_at_the_steps() -> None:
    escalation = {"steps": [{"above": 500, "points": 4}, {"above": 500, "points": 5}]}
    with pytest.raises(ValidationError) as caught:
        make_contract(royalties=[{"channels": "physical", "points": 3, "escalation": escalation}])
    (error,) = caught.value.errors()
    assert error["loc"] == ("royalties", 0, "escalation", "steps")
    assert error["msg"] == "escalation thresholds must rise: 500 comes after 500"


def test_contracts_are_frozen() -> None:
    deal = make_contract()
    with pytest.raises(ValidationError):
        deal.title = "changed"  # type: ignore[misc]
