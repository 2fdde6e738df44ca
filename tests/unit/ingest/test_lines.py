"""The canonical line is an immutable record with exact amounts and its provenance."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from points.errors import Source
from points.ingest.lines import StatementLine
from points.model.contracts import Channel
from points.model.periods import Month


def test_a_line_is_immutable_and_keeps_where_it_came_from() -> None:
    line = StatementLine(
        source=Source("dk.tsv", 2),
        format="distrokid",
        reporting_period=Month(2026, 3),
        sale_period=Month(2026, 1),
        store="Spotify",
        territory=None,
        territory_reported="OU",
        channel=Channel.STREAM,
        isrc="QZRLR2600001",
        upc="198724001509",
        title="Glass Harbor",
        artist="Ava Stone",
        units=Decimal(1),
        gross=None,
        net=Decimal("0.00031410"),
        currency="USD",
        exchange_rate=None,
    )
    assert str(line.source) == "dk.tsv:2"
    assert line.net == Decimal("0.00031410")
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.net = Decimal(1)  # type: ignore[misc]
