"""The statement's chart, drawn from the figures: earnings per period as bars (left scale) and
the unrecouped balance after each period as a line (right scale).

``chart_geometry`` only places things: it returns whole-pixel coordinates and the labels to
print, and the HTML template writes them out as an inline SVG (autoescaped like everything
else), so the page needs no script, no font file and no network. Coordinates are worked out
in exact fractions and floored to pixels; money is never converted to float.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from points.money import Money
from points.render.statement import PeriodPoint
from points.render.text import format_amount, format_count

__all__ = ["Bar", "Chart", "Dot", "Tick", "chart_geometry", "nice_top"]

WIDTH, HEIGHT = 680, 270
LEFT, RIGHT, TOP, BOTTOM = 72, 84, 34, 62  # margins: scales, periods and their figures
TICKS = 4


@dataclass(frozen=True, slots=True)
class Tick:
    y: int
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str  # the amount, printed under the period's name
    period: str
    centre: int


@dataclass(frozen=True, slots=True)
class Dot:
    x: int
    y: int
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    left_ticks: tuple[Tick, ...]
    right_ticks: tuple[Tick, ...]
    bars: tuple[Bar, ...]
    dots: tuple[Dot, ...]
    currency: str

    @property
    def has_balance(self) -> bool:
        """Whether any period had an unrecouped balance: if none, no line and no right scale."""
        return any(dot.y != self.plot_bottom for dot in self.dots)

    @property
    def line_points(self) -> str:
        """The balance line as SVG ``points``."""
        return " ".join(f"{dot.x},{dot.y}" for dot in self.dots)


def nice_top(largest: Decimal) -> Decimal:
    """The top of a scale with ``TICKS`` round steps (1, 2, 2.5 or 5 times a power of ten)
    that reaches ``largest``: 142.44 → 200, 65363.57 → 80000, 6.01 → 8, 0 → 1."""
    if largest <= 0:
        return Decimal(1)
    quarter = largest / TICKS
    power = Decimal(1).scaleb(quarter.adjusted())
    step = next(power * f for f in (1, 2, Decimal("2.5"), 5, 10) if power * f * TICKS >= largest)
    return step * TICKS


def _y(value: Decimal, top: Decimal, plot_top: int, plot_bottom: int) -> int:
    """The pixel row of ``value`` on a scale from 0 (bottom) to ``top`` (floored)."""
    share = Fraction(max(value, Decimal(0))) / Fraction(top)
    return plot_bottom - int(share * (plot_bottom - plot_top))


def _scale(top: Decimal, plot_top: int, plot_bottom: int, locale: str) -> tuple[Tick, ...]:
    return tuple(
        Tick(_y(top * i / TICKS, top, plot_top, plot_bottom), format_count(top * i / TICKS, locale))
        for i in range(TICKS + 1)
    )


def chart_geometry(history: Sequence[PeriodPoint], currency: str, locale: str) -> Chart:
    """Where the bars, the balance line and the scales' ticks go for these periods."""
    plot_left, plot_right = LEFT, WIDTH - RIGHT
    plot_top, plot_bottom = TOP, HEIGHT - BOTTOM
    earned_top = nice_top(max((p.earned for p in history), default=Decimal(0)))
    balance_top = nice_top(max((p.unrecouped_balance for p in history), default=Decimal(0)))
    slot = Fraction(plot_right - plot_left, max(len(history), 1))
    bar_width = min(56, int(slot * Fraction(11, 20)))
    bars, dots = [], []
    for i, point in enumerate(history):
        centre = plot_left + int(slot * i + slot / 2)
        y = _y(point.earned, earned_top, plot_top, plot_bottom)
        bars.append(
            Bar(
                centre - bar_width // 2,
                y,
                bar_width,
                plot_bottom - y,
                format_amount(Money.of(point.earned, currency), locale),
                point.period,
                centre,
            )
        )
        dots.append(
            Dot(
                centre,
                _y(point.unrecouped_balance, balance_top, plot_top, plot_bottom),
                format_amount(Money.of(point.unrecouped_balance, currency), locale),
            )
        )
    return Chart(
        WIDTH,
        HEIGHT,
        plot_left,
        plot_right,
        plot_top,
        plot_bottom,
        _scale(earned_top, plot_top, plot_bottom, locale),
        _scale(balance_top, plot_top, plot_bottom, locale),
        tuple(bars),
        tuple(dots),
        currency,
    )
