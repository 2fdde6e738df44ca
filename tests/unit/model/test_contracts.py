"""Contracts: defaults, and each rule that refuses a bad deal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from points.model import (
    Channel,
    Contract,
    CostKind,
    DealKind,
    Milestone,
    PayeeShare,
    Role,
    RoyaltyBase,
)

from workspaces import MINIMAL_CONTRACT, make_contract, validation_errors

# A valid contract and its defaults


def test_a_minimal_contract_is_valid() -> None:
    deal = Contract.model_validate(MINIMAL_CONTRACT)
    assert (deal.id, deal.title, deal.payer, deal.payee) == (
        "deal",
        "Producer agreement",
        "ava",
        "jane",
    )
    assert deal.accounting.currency == "USD"
    assert deal.accounting.period == "quarterly"
    assert (deal.fees, deal.advances, deal.royalties, deal.costs) == ((), (), (), ())
    assert deal.record_one is None
    assert deal.reserve is None


def test_contract_defaults() -> None:
    deal = make_contract()
    assert deal.kind is DealKind.ROYALTY
    assert deal.role is Role.PRODUCER
    assert deal.payee_shares == (PayeeShare(party="jane", percent=Decimal(100)),)
    assert deal.pool == "contract:deal"
    assert deal.pro_ration == "by_tracks"
    assert deal.accounting.minimum_payment == 0
    assert deal.accounting.rounding == "half_up"
    assert deal.accounting.rounding_remainder == "carry"


def test_a_stated_split_and_pool_replace_the_defaults() -> None:
    deal = make_contract(
        payees=[{"party": "jane", "percent": "60"}, {"party": "jane-llc", "percent": "40"}],
        recoupment_pool="albums",
    )
    assert [(p.party, p.percent) for p in deal.payee_shares] == [
        ("jane", Decimal(60)),
        ("jane-llc", Decimal(40)),
    ]
    assert deal.pool == "albums"


def test_a_fee_is_due_on_delivery_and_not_recoupable_by_default() -> None:
    (fee,) = make_contract(fees=[{"amount": "2500"}]).fees
    assert fee.due is Milestone.DELIVERY
    assert fee.recoupable is False
    assert fee.amount == Decimal(2500)
    assert fee.currency is None


def test_an_advance_is_due_on_signing_and_recoups_from_every_channel() -> None:
    (advance,) = make_contract(advances=[{"amount": 5000}]).advances
    assert advance.due is Milestone.SIGNING
    assert advance.recoups_from == tuple(Channel)
    assert len(advance.recoups_from) == 5


def test_video_costs_are_half_recoupable_and_recording_costs_fully() -> None:
    deal = make_contract(
        costs=[
            {"kind": "video", "amount": 12000},
            {"kind": "recording", "amount": 9000},
            {"kind": "video", "amount": 1000, "recoupable_percent": 75},
        ]
    )
    assert [c.kind for c in deal.costs] == [CostKind.VIDEO, CostKind.RECORDING, CostKind.VIDEO]
    assert [c.effective_recoupable_percent for c in deal.costs] == [50, 100, 75]


def test_a_reserve_applies_to_physical_sales_by_default() -> None:
    deal = make_contract(reserve={"percent": 25, "liquidation_periods": 3})
    assert deal.reserve is not None
    assert deal.reserve.channels == (Channel.PHYSICAL,)
    assert deal.reserve.schedule is None


def test_one_channel_may_be_written_without_a_list() -> None:
    deal = make_contract(
        royalties=[{"channels": "stream", "points": "3.5"}],
        advances=[{"amount": 100, "recoups_from": "download"}],
        reserve={"percent": 20, "liquidation_periods": 2, "channels": "download"},
    )
    (rate,) = deal.royalties
    assert rate.channels == (Channel.STREAM,)
    assert rate.base is RoyaltyBase.NET_RECEIPTS
    assert rate.points == Decimal("3.5")
    assert deal.advances[0].recoups_from == (Channel.DOWNLOAD,)
    assert deal.reserve is not None
    assert deal.reserve.channels == (Channel.DOWNLOAD,)


@pytest.mark.parametrize(
    "terms",
    [
        pytest.param(
            {
                "royalties": [
                    {
                        "channels": "physical",
                        "points": 3,
                        "escalation": {
                            "steps": [{"above": 100, "points": 4}, {"above": 500, "points": 5}]
                        },
                    }
                ]
            },
            id="rising-escalation",
        ),
        pytest.param(
            {
                "royalties": [
                    {
                        "channels": "stream",
                        "points": 3,
                        "escalation": {
                            "counter": "stream_equivalent_units",
                            "streams_per_unit": 1500,
                            "steps": [{"above": 100, "points": 4}],
                        },
                    }
                ]
            },
            id="stream-equivalent-units-with-streams-per-unit",
        ),
        pytest.param(
            {"royalties": [{"channels": "physical", "base": "per_unit", "per_unit": "0.10"}]},
            id="per-unit-amount",
        ),
        pytest.param(
            {
                "royalties": [
                    {"channels": "physical", "base": "srlp", "points": 3, "packaging_deduction": 25}
                ]
            },
            id="packaging-deduction-on-srlp",
        ),
        pytest.param(
            {
                "royalties": [
                    {"channels": "stream", "points": 4, "share_of_artist": {"artist_points": 18}}
                ]
            },
            id="share-of-artist",
        ),
        pytest.param(
            {
                "royalties": [{"channels": "stream", "points": 3}],
                "record_one": {
                    "artist_all_in_points": "6.01",
                    "other_producer_points": 3,
                    "recording_costs": 90000,
                },
            },
            id="record-one-just-above-the-producers",
        ),
        pytest.param(
            {
                "royalties": [{"channels": "stream", "points": 3}],
                "record_one": {"artist_all_in_points": 12, "artist_contract": "ava-artist"},
            },
            id="record-one-costs-from-the-artist-contract",
        ),
        pytest.param(
            {
                "royalties": [{"channels": "stream", "points": 3}],
                "record_one": {"gate": "none", "artist_all_in_points": 12},
            },
            id="record-one-without-a-gate-needs-no-costs",
        ),
        pytest.param(
            {"reserve": {"percent": 25, "liquidation_periods": 3, "schedule": [50, 30, 20]}},
            id="reserve-schedule",
        ),
        pytest.param({"kind": "profit_share", "profit_share": {"percent": 50}}, id="profit-share"),
        pytest.param({"multipliers": [{"percent": 50, "outside": "US"}]}, id="multiplier-outside"),
        pytest.param({"fees": [{"amount": 100, "due": "date", "date": "2026-01-15"}]}, id="dated"),
    ],
)
def test_valid_terms_are_accepted(terms: dict[str, Any]) -> None:
    deal = make_contract(**terms)
    for key in terms:
        assert getattr(deal, key), key


# Each rule that refuses a bad deal

STREAM_3 = [{"channels": "stream", "points": 3}]
RULES = [
    pytest.param(
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
        ("royalties", 0, "escalation", "steps"),
        id="escalation-out-of-order",
    ),
    pytest.param(
        {
            "royalties": [
                {
                    "channels": "physical",
                    "points": 3,
                    "escalation": {
                        "steps": [{"above": 500, "points": 4}, {"above": 500, "points": 5}]
                    },
                }
            ]
        },
        "escalation-order",
        ("royalties", 0, "escalation", "steps"),
        id="escalation-repeated-threshold",
    ),
    pytest.param(
        {"royalties": [{"channels": "physical", "base": "per_unit", "points": 3}]},
        "rate-base-mismatch",
        ("royalties", 0),
        id="per-unit-base-with-points",
    ),
    pytest.param(
        {"royalties": [{"channels": "physical", "points": 3, "per_unit": 1}]},
        "rate-base-mismatch",
        ("royalties", 0),
        id="points-base-with-per-unit",
    ),
    pytest.param(
        {"royalties": [{"channels": "physical", "base": "ppd"}]},
        "rate-base-mismatch",
        ("royalties", 0),
        id="points-base-without-points",
    ),
    pytest.param(
        {
            "royalties": [
                {"channels": "physical", "base": "ppd", "points": 3, "packaging_deduction": 25}
            ]
        },
        "rate-base-mismatch",
        ("royalties", 0),
        id="packaging-deduction-on-ppd",
    ),
    pytest.param(
        {
            "royalties": [
                {"channels": "stream", "points": 20, "share_of_artist": {"artist_points": 18}}
            ]
        },
        "rate-above-artist",
        ("royalties", 0),
        id="rate-above-artist",
    ),
    pytest.param(
        {
            "royalties": [
                {"channels": ["stream", "sync"], "points": 3},
                {"channels": "sync", "points": 4},
            ]
        },
        "duplicate-channel",
        ("royalties",),
        id="channel-in-two-royalty-lines",
    ),
    pytest.param(
        {"royalties": STREAM_3, "record_one": {"artist_all_in_points": 12}},
        "record-one-costs",
        ("record_one",),
        id="record-one-without-costs",
    ),
    pytest.param(
        {
            "royalties": STREAM_3,
            "record_one": {
                "artist_all_in_points": 12,
                "recording_costs": 1,
                "artist_contract": "ava-artist",
            },
        },
        "record-one-costs",
        ("record_one",),
        id="record-one-with-both-costs",
    ),
    pytest.param(
        {
            "royalties": STREAM_3,
            "record_one": {
                "artist_all_in_points": 6,
                "other_producer_points": 3,
                "recording_costs": 1,
            },
        },
        "record-one-rates",
        (),
        id="record-one-all-in-not-above-producers",
    ),
    pytest.param(
        {"record_one": {"artist_all_in_points": 12, "recording_costs": 1}},
        "record-one-without-royalty",
        (),
        id="record-one-without-royalties",
    ),
    pytest.param(
        {"reserve": {"percent": 25, "liquidation_periods": 3, "schedule": [50, 50]}},
        "reserve-schedule",
        ("reserve",),
        id="reserve-schedule-wrong-length",
    ),
    pytest.param(
        {"reserve": {"percent": 25, "liquidation_periods": 2, "schedule": [50, 40]}},
        "shares-total",
        ("reserve",),
        id="reserve-schedule-not-100",
    ),
    pytest.param(
        {"kind": "profit_share"},
        "missing-profit-share",
        (),
        id="profit-share-kind-without-block",
    ),
    pytest.param(
        {"profit_share": {"percent": 50}},
        "conflicting-keys",
        (),
        id="royalty-kind-with-profit-share",
    ),
    pytest.param(
        {"multipliers": [{"percent": 50, "territories": ["GB"], "outside": ["US"]}]},
        "conflicting-keys",
        ("multipliers", 0),
        id="multiplier-territories-and-outside",
    ),
    pytest.param(
        {"fees": [{"amount": 100, "due": "date"}]},
        "missing-date",
        ("fees", 0),
        id="fee-due-date-without-date",
    ),
    pytest.param(
        {"advances": [{"amount": 100, "due": "date"}]},
        "missing-date",
        ("advances", 0),
        id="advance-due-date-without-date",
    ),
    pytest.param(
        {"payees": [{"party": "a", "percent": "50"}, {"party": "b", "percent": "49.99"}]},
        "shares-total",
        ("payees",),
        id="payees-total-99.99",
    ),
    pytest.param(
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
        ("royalties", 0, "escalation"),
        id="stream-equivalent-units-without-streams-per-unit",
    ),
    pytest.param(
        {"fees": [{"amount": -2500}]},
        "negative-amount",
        ("fees", 0, "amount"),
        id="negative-fee",
    ),
    pytest.param(
        {"accounting": {"currency": "USX", "period": "monthly"}},
        "unknown-currency",
        ("accounting", "currency"),
        id="unknown-currency",
    ),
    pytest.param(
        {"accounting": {"currency": "USD", "period": "yearly"}},
        "enum",
        ("accounting", "period"),
        id="unknown-accounting-period",
    ),
    pytest.param(
        {"multipliers": [{"percent": 50, "territories": ["XX"]}]},
        "unknown-territory",
        ("multipliers", 0, "territories", 0),
        id="unknown-territory",
    ),
    pytest.param(
        {"recordings": ["USRDL260000"]},
        "bad-isrc",
        ("recordings", 0),
        id="bad-isrc",
    ),
    pytest.param(
        {"releases": ["198724001508"]},
        "bad-upc",
        ("releases", 0),
        id="bad-upc",
    ),
    pytest.param(
        {"royalties": [{"channels": "stream", "points": "100.5"}]},
        "percent-out-of-range",
        ("royalties", 0, "points"),
        id="points-over-100",
    ),
    pytest.param(
        {"royalties": [{"channels": "stream", "points": 3.5}]},
        "inexact-number",
        ("royalties", 0, "points"),
        id="float-points",
    ),
    pytest.param(
        {"payee": "jane doe"},
        "bad-identifier",
        ("payee",),
        id="bad-payee-id",
    ),
]


@pytest.mark.parametrize(("terms", "code", "loc"), RULES)
def test_each_rule_refuses_a_bad_deal(
    terms: dict[str, Any], code: str, loc: tuple[str | int, ...]
) -> None:
    assert validation_errors(Contract, MINIMAL_CONTRACT | terms) == [(code, loc)]


def test_an_escalation_error_names_both_thresholds() -> None:
    escalation = {"steps": [{"above": 500, "points": 4}, {"above": 100, "points": 5}]}
    with pytest.raises(ValidationError) as caught:
        make_contract(royalties=[{"channels": "physical", "points": 3, "escalation": escalation}])
    (error,) = caught.value.errors()
    assert error["msg"] == "escalation thresholds must rise: 100 comes after 500"
    assert error["ctx"]["hint"] == "list the steps from the lowest threshold to the highest"


def test_a_duplicate_channel_error_names_the_channel() -> None:
    with pytest.raises(ValidationError) as caught:
        make_contract(
            royalties=[
                {"channels": ["stream", "sync"], "points": 3},
                {"channels": "sync", "points": 4},
            ]
        )
    (error,) = caught.value.errors()
    assert error["msg"] == "channel sync has more than one royalty rate"


def test_payees_totalling_99_99_get_a_hint_to_add_a_hundredth() -> None:
    with pytest.raises(ValidationError) as caught:
        make_contract(payees=[{"party": "a", "percent": "50"}, {"party": "b", "percent": "49.99"}])
    (error,) = caught.value.errors()
    assert error["msg"] == "payee shares total 99.99%, not 100%"
    assert error["ctx"]["hint"].startswith("add 0.01% ")


@pytest.mark.parametrize(
    ("terms", "loc"),
    [
        pytest.param({"royalites": STREAM_3}, ("royalites",), id="top-level"),
        pytest.param(
            {"accounting": {"currency": "USD", "period": "monthly", "minimum_paymnet": 1}},
            ("accounting", "minimum_paymnet"),
            id="inside-accounting",
        ),
        pytest.param(
            {"royalties": [{"channels": "stream", "points": 3, "pionts": 4}]},
            ("royalties", 0, "pionts"),
            id="inside-a-royalty",
        ),
        pytest.param(
            {
                "royalties": [
                    {
                        "channels": "stream",
                        "points": 3,
                        "escalation": {
                            "steps": [{"above": 100, "points": 4}],
                            "mdoe": "retroactive",
                        },
                    }
                ]
            },
            ("royalties", 0, "escalation", "mdoe"),
            id="inside-an-escalation",
        ),
    ],
)
def test_an_unknown_key_is_an_error_at_any_level(
    terms: dict[str, Any], loc: tuple[str | int, ...]
) -> None:
    assert validation_errors(Contract, MINIMAL_CONTRACT | terms) == [("extra_forbidden", loc)]


def test_a_missing_required_key_is_reported() -> None:
    data = {key: value for key, value in MINIMAL_CONTRACT.items() if key != "accounting"}
    assert validation_errors(Contract, data) == [("missing", ("accounting",))]


def test_contracts_are_frozen() -> None:
    deal = make_contract(fees=[{"amount": 100}])
    with pytest.raises(ValidationError) as caught:
        deal.title = "changed"  # type: ignore[misc]
    assert caught.value.errors()[0]["type"] == "frozen_instance"
    with pytest.raises(ValidationError):
        deal.accounting.currency = "EUR"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        deal.fees[0].amount = Decimal(1)  # type: ignore[misc]
    assert deal.title == "Producer agreement"
    assert deal.accounting.currency == "USD"
