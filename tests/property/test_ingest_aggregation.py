"""Aggregates do not depend on line order, chunking, or how a statement is split into files,
and lose nothing: net per currency, and net per second currency."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from points.errors import Source
from points.ingest.aggregate import aggregate, merge
from points.ingest.lines import StatementLine
from points.model.contracts import Channel
from points.model.periods import Month


@st.composite
def statement_lines(draw: st.DrawFn) -> StatementLine:
    """Lines over a small catalog, so keys repeat; tiny, negative and zero amounts included."""
    isrc = draw(st.sampled_from(["QZRLR2600001", "QZRLR2600002", None]))
    other_currency = draw(st.sampled_from([None, "GBP", "SEK"]))
    other_net = None
    if other_currency is not None:
        other_net = Decimal(draw(st.integers(-(10**6), 10**8))).scaleb(-draw(st.integers(0, 6)))
    return StatementLine(
        source=Source("s.tsv", draw(st.integers(2, 10**6))),
        format="distrokid",
        reporting_period=Month(2026, draw(st.integers(1, 3))),
        sale_period=None,
        store="Spotify",
        territory=draw(st.sampled_from(["US", "GB", None])),
        territory_reported=None,
        channel=draw(st.sampled_from(list(Channel))),
        isrc=isrc,
        upc=None if isrc else "198724001509",
        title=None,
        artist=None,
        units=Decimal(draw(st.integers(-5, 10**6))),
        gross=None,
        net=Decimal(draw(st.integers(-(10**8), 10**12))).scaleb(-draw(st.integers(0, 12))),
        currency=draw(st.sampled_from(["USD", "EUR"])),
        exchange_rate=None,
        other_currency=other_currency,
        other_net=other_net,
    )


@settings(max_examples=300)
@given(st.lists(statement_lines(), max_size=60), st.randoms(use_true_random=False))
def test_line_order_does_not_matter(lines: list[StatementLine], rng: object) -> None:
    shuffled = list(lines)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert aggregate(shuffled) == aggregate(lines)


@settings(max_examples=300)
@given(st.lists(statement_lines(), max_size=60), st.lists(st.integers(0, 60), max_size=5))
def test_splitting_into_files_or_chunks_does_not_matter(
    lines: list[StatementLine], cuts: list[int]
) -> None:
    bounds = [0, *sorted(min(c, len(lines)) for c in cuts), len(lines)]
    chunks = [lines[a:b] for a, b in pairwise(bounds)]
    assert merge(*(aggregate(chunk) for chunk in chunks)) == aggregate(lines)


@settings(max_examples=300)
@given(st.lists(statement_lines(), max_size=60))
def test_nothing_is_lost_in_aggregation(lines: list[StatementLine]) -> None:
    sums = aggregate(lines)
    for currency in ("USD", "EUR"):
        expected = sum((line.net for line in lines if line.currency == currency), Decimal(0))
        got = sum((a.net for k, a in sums.items() if k.currency == currency), Decimal(0))
        assert got == expected
    for other in ("GBP", "SEK"):
        expected = sum(
            (line.other_net or 0 for line in lines if line.other_currency == other), Decimal(0)
        )
        got = sum((a.other_net for k, a in sums.items() if k.other_currency == other), Decimal(0))
        assert got == expected
    assert all(a.other_net == 0 for k, a in sums.items() if not k.other_currency)
    assert all((a.net < 0) == k.returns for k, a in sums.items() if a.lines == 1)
    assert sum(a.lines for a in sums.values()) == len(lines)
