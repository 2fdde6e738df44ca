"""Aggregation: exact totals per recording, channel, territory, period and currency."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from points.ingest.aggregate import AggregateKey, Amounts, aggregate, merge, totals_by_currency
from points.ingest.read import read_statement
from points.model.contracts import Channel
from points.model.periods import Month
from statement_fixtures import cargo_sale_and_return

FIXTURES = Path(__file__).parents[2] / "fixtures" / "statements"


def test_distrokid_golden_totals() -> None:
    sums = aggregate(read_statement(FIXTURES / "distrokid.tsv").lines)
    # 3.744 + 0.936 + 1.17 + 0.29 + 18.90 - 0.70 + 0 + 0.000313712922 = 24.340313712922
    # units 1200 + 300 + 150 + 2000 + 3 - 1 + 0 + 31 = 3683
    assert totals_by_currency(sums) == {
        "USD": Amounts(Decimal(3683), Decimal("24.340313712922"), 8)
    }
    march = Month(2026, 3)
    glass_us = AggregateKey("QZRLR2600002", Channel.STREAM, "US", march, "USD")
    assert sums[glass_us] == Amounts(Decimal(1500), Decimal("4.68"), 2)  # 3.744 + 0.936
    album = AggregateKey("upc:198724001509", Channel.DOWNLOAD, "GB", march, "USD")
    assert sums[album] == Amounts(Decimal(3), Decimal("18.9"), 1)
    outside_us = AggregateKey("QZRLR2600001", Channel.STREAM, "", march, "USD")
    assert sums[outside_us] == Amounts(Decimal(2000), Decimal("0.29"), 1)
    assert list(sums) == sorted(sums)


def test_merge_adds_files_together() -> None:
    lines = read_statement(FIXTURES / "distrokid.tsv").lines
    assert merge(aggregate(lines[:3]), aggregate(lines[3:])) == aggregate(lines)
    assert merge() == {}


def test_sums_keep_the_span_of_lines_they_came_from_without_it_changing_equality() -> None:
    from points.ingest.aggregate import Amounts

    one = Amounts(Decimal(1), Decimal("0.5"), 1, 12, 12)
    other = Amounts(Decimal(2), Decimal("0.25"), 2, 3, 40)
    both = one + other
    assert (both.first_line, both.last_line, both.line_span) == (3, 40, "3-40")
    assert one.line_span == "12"
    assert Amounts(Decimal(1), Decimal(1), 1).line_span == ""  # not known (0)
    assert (Amounts(Decimal(1), Decimal(1), 1) + one).first_line == 12  # unknown is not 0
    assert both == Amounts(Decimal(3), Decimal("0.75"), 3)  # a span is provenance, not amount


def test_a_return_is_kept_apart_from_the_sales_of_its_key(tmp_path: Path) -> None:
    """A Cargo physical statement (sheet ``<label>_<YYYY>_Q<n>``) with a sale and a return of
    the same LP, store country and month::

        sale    45 × 20.00 = 900.00 gross, × 0.8 fee = 720.00
        return  -6 × 25.00 = -150.00 gross, × 0.8 fee = (120.00)

    A reserve held on positive sales must see 720.00, not 600.00: the two lines are two sums
    (``returns`` False and True), while the totals still net them: 39 units, 600.00 GBP.
    """
    path = cargo_sale_and_return(
        tmp_path / "cargo.xlsx", (45, 900.0, 720.0), (-6, -150.0, "(120.00)")
    )
    result = read_statement(path)
    key = AggregateKey("upc:198724001509", Channel.PHYSICAL, "GB", Month(2023, 1), "GBP")
    returned = dataclasses.replace(key, returns=True)
    assert result.sums == {
        key: Amounts(Decimal(45), Decimal("720.0"), 1),
        returned: Amounts(Decimal(-6), Decimal("-120.00"), 1),
    }
    assert result.totals() == {"GBP": Amounts(Decimal(39), Decimal("600.00"), 2)}
    assert result.by_recording() == {
        "upc:198724001509": {"GBP": Amounts(Decimal(39), Decimal("600.00"), 2)}
    }
