"""The ledger keeps each statement file once, exactly, and never half."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from points.engine import Revenue
from points.ledger.store import Ledger, LedgerBusyError
from points.model.contracts import Channel
from points.model.periods import Month

ROW = Revenue(
    "QZRLR2600001",
    Channel.STREAM,
    "US",
    Month(2026, 6),
    "USD",
    Decimal("1200"),
    Decimal("3.00031410"),
    4,
    ("dk.tsv",),
)


def test_an_import_is_kept_once_with_its_amounts_exact(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        record, new = ledger.record_import("abc", "dk.tsv", "distrokid", (5, 4, 1, 0), [ROW])
        again, new_again = ledger.record_import("abc", "copy.tsv", "distrokid", (5, 4, 1, 0), [ROW])
        assert (new, new_again) == (True, False)
        assert again == record
        assert record.months == ("2026-06",)
        assert ledger.income() == [ROW]
        assert [r.id for r in ledger.imports()] == [1]


def test_an_import_that_fails_half_way_leaves_the_ledger_as_it_was(tmp_path: Path) -> None:
    def rows() -> Iterator[Revenue]:
        yield ROW
        raise RuntimeError("killed")

    with Ledger(tmp_path / "l.sqlite3") as ledger:
        with pytest.raises(RuntimeError, match="killed"):
            ledger.record_import("abc", "dk.tsv", "distrokid", (5, 4, 1, 0), rows())
        assert ledger.imports() == []
        assert ledger.income() == []


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite3"
    Ledger(path).connection.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Ledger(path) as ledger, pytest.raises(LedgerBusyError, match="another points"):
            ledger.record_import("abc", "dk.tsv", "distrokid", (1, 1, 0, 0), [ROW])
    finally:
        holder.execute("ROLLBACK")


def test_a_close_is_recorded_against_the_books_it_ran_on(tmp_path: Path) -> None:
    from points.engine import EngineState
    from points.ledger.store import LedgerConflictError

    with Ledger(tmp_path / "l.sqlite3") as ledger:
        ledger.record_import("a", "a.tsv", "distrokid", (1, 1, 0, 0), [ROW])
        books = ledger.open_books()
        # an import while the close runs is not taken by it: it stays open for the next run
        july = Revenue(
            ROW.recording,
            ROW.channel,
            "US",
            Month(2026, 5),
            "USD",
            Decimal(1),
            Decimal(2),
            1,
            ("b.tsv",),
        )
        ledger.record_import("b", "b.tsv", "distrokid", (1, 1, 0, 0), [july])
        ledger.record_close(Month(2026, 6), books, EngineState(), [], [])
        assert [r.sources for r in ledger.open_books().income] == [("b.tsv",)]
        # a second close from the same, now stale, books is refused and records nothing
        with pytest.raises(LedgerConflictError, match="while this close ran"):
            ledger.record_close(Month(2026, 9), books, EngineState(), [], [])
        assert ledger.last_close() is not None
        assert ledger.last_close().through == Month(2026, 6)  # type: ignore[union-attr]
