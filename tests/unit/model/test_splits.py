"""Split sheets: composition and master tables, each totalling exactly 100."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from points.model import SplitSheet

from workspaces import validation_errors


def _sheet(contributors: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {"id": "s", "title": "Song", "date": "2025-10-03", "contributors": contributors} | more


def _person(party: str, **shares: Any) -> dict[str, Any]:
    return {"party": party, "roles": ["music"]} | shares


def test_thirds_on_paper_are_33_34_33_33_33_33() -> None:
    sheet = SplitSheet.model_validate(
        _sheet(
            [
                _person("a", composition_share="33.34"),
                _person("b", composition_share="33.33"),
                _person("c", composition_share="33.33"),
            ]
        )
    )
    assert [c.party for c in sheet.contributors] == ["a", "b", "c"]
    assert [c.composition_share for c in sheet.contributors] == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]
    assert sheet.convention == "whole_song"


@pytest.mark.parametrize(
    ("contributors", "message"),
    [
        (
            [_person("a", composition_share=50), _person("b", composition_share="49.99")],
            "composition shares total 99.99%, not 100%",
        ),
        (
            [_person(p, composition_share="33.33") for p in "abc"],
            "composition shares total 99.99%, not 100%",
        ),
        (
            [
                _person("a", composition_share=50, master_share=60),
                _person("b", composition_share=50, master_share=60),
            ],
            "master shares total 120%, not 100%",
        ),
        (
            [
                _person("a", composition_share=50, master_share=60),
                _person("b", composition_share=50, master_share=30),
            ],
            "master shares total 90%, not 100%",
        ),
    ],
)
def test_each_table_must_total_100(contributors: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SplitSheet.model_validate(_sheet(contributors))
    (error,) = caught.value.errors()
    assert (error["type"], error["loc"], error["msg"]) == (
        "shares-total",
        ("contributors",),
        message,
    )


def test_master_shares_alone_are_enough() -> None:
    people = [_person("a", master_share=70), _person("b", master_share=30)]
    sheet = SplitSheet.model_validate(_sheet(people))
    assert [c.master_share for c in sheet.contributors] == [70, 30]
    assert all(c.composition_share is None for c in sheet.contributors)


def test_a_sheet_without_shares_is_refused() -> None:
    assert validation_errors(SplitSheet, _sheet([_person("a"), _person("b")])) == [
        ("no-shares", ("contributors",))
    ]


def test_writer_and_publisher_convention_needs_publisher_shares_totalling_100() -> None:
    people = [
        _person("a", composition_share=50, publisher_share=50),
        _person("b", composition_share=50, publisher_share=40),
    ]
    with pytest.raises(ValidationError) as caught:
        SplitSheet.model_validate(_sheet(people, convention="writer_and_publisher"))
    (error,) = caught.value.errors()
    assert (error["type"], error["loc"]) == ("shares-total", ("contributors",))
    assert error["msg"] == "publisher shares total 90%, not 100%"
    # The same table is fine under the whole-song convention, where publisher shares are notes.
    assert SplitSheet.model_validate(_sheet(people)).convention == "whole_song"


def test_writer_and_publisher_shares_each_totalling_100_are_valid() -> None:
    people = [
        _person("a", composition_share=50, publisher_share=50),
        _person("b", composition_share=50, publisher_share=50),
    ]
    sheet = SplitSheet.model_validate(_sheet(people, convention="writer_and_publisher"))
    assert [c.publisher_share for c in sheet.contributors] == [50, 50]
