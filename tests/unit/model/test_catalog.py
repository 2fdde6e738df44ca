"""Recordings, releases and works: identifiers, prices and composition shares."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from points.model import Catalog, Price, Release, Work

from workspaces import validation_errors


def test_packaging_deduction_defaults_by_format() -> None:
    cd = Price.model_validate({"format": "cd", "currency": "usd", "srlp": "12.98"})
    assert cd.currency == "USD"
    assert cd.effective_packaging_deduction == Decimal(25)
    vinyl = Price.model_validate({"format": "vinyl", "currency": "USD"})
    assert vinyl.effective_packaging_deduction == Decimal(20)
    stated = Price.model_validate({"format": "cd", "currency": "USD", "packaging_deduction": 15})
    assert stated.effective_packaging_deduction == Decimal(15)


def test_a_release_needs_tracks_and_normalises_them() -> None:
    release = Release.model_validate(
        {"upc": "198724001509", "title": "t", "artist": "a", "tracks": ["qz-rlr-26-00001"]}
    )
    assert release.tracks == ("QZRLR2600001",)
    with pytest.raises(ValidationError) as caught:
        Release.model_validate({"upc": "198724001509", "title": "t", "artist": "a", "tracks": []})
    assert caught.value.errors()[0]["loc"] == ("tracks",)


def test_work_writer_and_publisher_shares_each_total_100() -> None:
    writers = [{"party": "a", "share": "33.34"}, {"party": "b", "share": "33.33"}]
    writers.append({"party": "c", "share": "33.33"})
    work = Work.model_validate({"id": "w", "title": "t", "writers": writers})
    assert sum(w.share for w in work.writers) == 100
    with pytest.raises(ValidationError) as caught:
        Work.model_validate(
            {
                "id": "w",
                "title": "t",
                "writers": writers,
                "publishers": [{"party": "p", "share": 60}, {"party": "q", "share": 30}],
            }
        )
    (error,) = caught.value.errors()
    assert (error["type"], error["loc"]) == ("shares-total", ("publishers",))
    assert error["msg"] == "publisher shares total 90%, not 100%"


def test_an_empty_catalog_is_valid() -> None:
    assert Catalog.model_validate({}) == Catalog()


@pytest.mark.parametrize(
    "writers",
    [
        pytest.param([("a", "50"), ("b", "49.99")], id="under"),
        pytest.param([("a", "50"), ("b", "50.01")], id="over"),
        pytest.param([("a", "33.33"), ("b", "33.33"), ("c", "33.33")], id="thirds"),
    ],
)
def test_work_writers_must_total_100(writers: list[tuple[str, str]]) -> None:
    work = {
        "id": "w",
        "title": "Glass Harbor",
        "writers": [{"party": party, "share": share} for party, share in writers],
    }
    assert validation_errors(Work, work) == [("shares-total", ("writers",))]
