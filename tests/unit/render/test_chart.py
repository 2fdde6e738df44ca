"""The chart is placed from the figures: round scales, bars in proportion, the balance line
only where there is a balance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from points.render.chart import chart_geometry, nice_top
from points.render.statement import PeriodPoint


@pytest.mark.parametrize(
    ("largest", "top"),
    [
        ("142.44", "200"),
        ("65363.57", "80000"),
        ("6.01", "8"),
        ("0", "1"),
        ("100", "100"),
        ("0.04", "0.04"),
        ("9", "10"),
    ],
)
def test_a_scale_ends_on_a_round_number_at_or_above_the_largest(largest: str, top: str) -> None:
    assert nice_top(Decimal(largest)) == Decimal(top)
    assert nice_top(Decimal(largest)) >= Decimal(largest)


def test_bars_are_in_proportion_and_the_line_follows_the_balance() -> None:
    history = [
        PeriodPoint("2026-H1", Decimal("142.438419"), Decimal(0), Decimal("65363.571581")),
        PeriodPoint("2026-H2", Decimal("71.219"), Decimal(0), Decimal("40000")),
    ]
    chart = chart_geometry(history, "USD", "en_US")
    first, second = chart.bars
    plot = chart.plot_bottom - chart.plot_top
    # 142.44 of a 200 scale, 71.22 of it: heights in that proportion, to the pixel
    assert first.height == int(Decimal("142.438419") / 200 * plot)
    assert abs(second.height * 2 - first.height) <= 2
    assert (first.label, second.label) == ("$142.44", "$71.22")
    assert [t.label for t in chart.left_ticks] == ["0", "50", "100", "150", "200"]
    assert [t.label for t in chart.right_ticks][-1] == "80,000"
    assert chart.has_balance
    assert chart.dots[0].y < chart.dots[1].y  # a larger balance sits higher
    assert (
        chart.line_points == f"{first.centre},{chart.dots[0].y} {second.centre},{chart.dots[1].y}"
    )
    assert chart.plot_left <= first.x < first.x + first.width <= second.x < chart.plot_right


def test_no_balance_no_line() -> None:
    chart = chart_geometry(
        [PeriodPoint("2026-Q1", Decimal(5), Decimal(5), Decimal(0))], "EUR", "en_US"
    )
    assert not chart.has_balance
    assert chart.bars[0].label == "€5.00"
