"""A statement is known by what it says; a replaced import's income stops counting, or, if a
close took it, is taken back in the next open period."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from points.engine import Revenue
from points.ledger.imports import content_digest, open_income
from points.model.contracts import Channel
from points.model.periods import Month

JUNE = Revenue(
    "QZRLR2600003",
    Channel.STREAM,
    "US",
    Month(2026, 6),
    "USD",
    Decimal("7410"),
    Decimal("23.11920000"),
    1,
    ("dk.tsv:10",),
)
JULY = replace(JUNE, month=Month(2026, 7), net=Decimal("11.5596"), sources=("dk.tsv:35",))


def test_the_digest_is_of_the_income_whatever_its_order_notation_or_source() -> None:
    digest = content_digest("distrokid", [JUNE, JULY])
    elsewhere = [
        replace(JULY, net=Decimal("11.55960"), sources=("copy.tsv:2",)),
        replace(JUNE, units=Decimal("7.41E+3"), sources=("copy.tsv:3",)),
    ]
    assert content_digest("distrokid", elsewhere) == digest
    assert content_digest("tunecore", [JUNE, JULY]) != digest  # another source's statement
    assert content_digest("distrokid", [JUNE]) != digest
    assert content_digest("distrokid", [JUNE, replace(JULY, net=Decimal("11.5597"))]) != digest
    assert content_digest("distrokid", [JUNE, replace(JULY, lines=2)]) != digest
    assert content_digest("distrokid", [replace(JUNE, net=Decimal("-0"))]) == content_digest(
        "distrokid", [replace(JUNE, net=Decimal("0.00"))]
    )


def test_income_in_force_counts_until_a_close_takes_it() -> None:
    rows = [(JUNE, 1), (JULY, 1), (JUNE, 2)]
    assert open_income(rows, {}, None, 0) == [JUNE, JULY, JUNE]
    # closed through June with imports up to 1: import 1's June is taken; import 2 is late
    assert open_income(rows, {}, Month(2026, 6), 1) == [JULY, JUNE]


def test_a_replaced_import_stops_counting_and_is_taken_back_if_a_close_had_it() -> None:
    fixed = replace(JUNE, net=Decimal("25.1192"), sources=("fixed.tsv:10",))
    rows = [(JUNE, 1), (JULY, 1), (fixed, 2)]
    # no close yet: import 1 no longer counts at all
    assert open_income(rows, {1: 2}, None, 0) == [fixed]
    # June was closed with import 1 in it; July was not: June is taken back, July dropped
    (withdrawn, again) = open_income(rows, {1: 2}, Month(2026, 6), 1)
    assert (withdrawn.units, withdrawn.net) == (-JUNE.units, -JUNE.net)
    assert withdrawn.sources == ("dk.tsv:10 withdrawn (replaced by import 2)",)
    assert again == fixed  # the engine books 25.1192 - 23.1192 in the next open period
    # once a close has taken import 2 (and with it the withdrawal), nothing is left open
    assert open_income(rows, {1: 2}, Month(2026, 12), 2) == []


def test_a_replacement_replaced_in_turn_leaves_only_the_last() -> None:
    second = replace(JUNE, net=Decimal("24"), sources=("second.tsv:10",))
    third = replace(JUNE, net=Decimal("25"), sources=("third.tsv:10",))
    rows = [(JUNE, 1), (second, 2), (third, 3)]
    # 1 closed, then replaced by 2, then 2 by 3 before any close: take back 1, count 3
    books = open_income(rows, {1: 2, 2: 3}, Month(2026, 6), 1)
    assert [(r.net, r.sources[0].split()[0]) for r in books] == [
        (-JUNE.net, "dk.tsv:10"),
        (Decimal("25"), "third.tsv:10"),
    ]
    # 1 closed, replaced by 2, closed again (2 taken), then 2 replaced by 3: take back 2
    books = open_income(rows, {1: 2, 2: 3}, Month(2026, 12), 2)
    assert [(r.net, r.sources[0].split()[0]) for r in books] == [
        (Decimal("-24"), "second.tsv:10"),
        (Decimal("25"), "third.tsv:10"),
    ]
