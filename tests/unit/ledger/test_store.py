"""The ledger keeps each statement file once, exactly, and never half; on a SQLite file and on
a PostgreSQL database alike (every test here runs on both, see ``ledger_backend``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from points.engine import EngineState, Entry, EntryKind, PayeeSummary, Revenue
from points.ledger.store import (
    Ledger,
    LedgerBusyError,
    LedgerConflictError,
    OverpaymentError,
    Payment,
    StatementOverlapError,
)
from points.model.contracts import Channel
from points.model.periods import Month

from conftest import LedgerBackend

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


@pytest.fixture(autouse=True)
def _both_backends(ledger_backend: LedgerBackend) -> LedgerBackend:
    return ledger_backend


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
    with Ledger(path) as holder, holder.db.writing():  # another command, mid-write
        with Ledger(path) as ledger, pytest.raises(LedgerBusyError, match="another points"):
            ledger.record_import("abc", "dk.tsv", "distrokid", (1, 1, 0, 0), [ROW])
        with Ledger(path) as ledger, pytest.raises(LedgerBusyError, match="another points"):
            ledger.record_payment(Payment("jane", "USD", Decimal(1), dt.date(2026, 7, 1), "r"))
    with Ledger(path) as ledger:  # and nothing the refused writers tried was kept
        assert (ledger.imports(), ledger.payments()) == ([], [])


def test_closed_figures_and_entries_come_back_exact_and_in_order(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        books = ledger.open_books()
        figures = [Decimal("0.000000000000000001"), Decimal("-12345678901234567890.5"), *[0] * 6]
        summaries = [
            PayeeSummary("2026-H1", payee, "c", "USD", *map(Decimal, figures))
            for payee in ("zoe", "abe", "mia")  # kept in the order given, not sorted
        ]
        ledger.record_close(Month(2026, 6), books, EngineState(), summaries, [])
        assert ledger.closed_summaries() == summaries


def test_a_close_is_recorded_against_the_books_it_ran_on(tmp_path: Path) -> None:
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


def test_a_statement_is_known_by_what_it_says_and_an_overlap_is_refused(tmp_path: Path) -> None:
    resaved = replace(ROW, sources=("dk-utf16.tsv:2-5",))
    corrected = replace(ROW, net=Decimal("3.10031410"), sources=("dk-fixed.tsv:2-5",))
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        first, _ = ledger.record_import("a", "dk.tsv", "distrokid", (5, 4, 1, 0), [ROW])
        # other bytes, the same income: the same statement, nothing changes
        same, new = ledger.record_import("b", "dk-utf16.tsv", "distrokid", (5, 4, 1, 0), [resaved])
        assert (same, new) == (first, False)
        # the same income from another source's statement is a statement of its own
        other, new = ledger.record_import("c", "tc.csv", "tunecore", (1, 1, 0, 0), [ROW])
        assert new
        with pytest.raises(StatementOverlapError, match="covers months 2026-06 that import 1"):
            ledger.record_import("d", "dk-fixed.tsv", "distrokid", (5, 4, 1, 0), [corrected])
        assert [r.id for r in ledger.imports()] == [first.id, other.id]  # nothing was kept
        fixed, new = ledger.record_import(
            "d", "dk-fixed.tsv", "distrokid", (5, 4, 1, 0), [corrected], "replace"
        )
        assert new
        assert ledger.replaced_by(fixed.id) == [replace(first, superseded_by=fixed.id)]
        assert ledger.find("a") == replace(first, superseded_by=fixed.id)
        # only what is in force counts
        assert sorted(r.net for r in ledger.open_books().income) == [ROW.net, corrected.net]
        extra, new = ledger.record_import(
            "e", "dk-extra.tsv", "distrokid", (1, 1, 0, 0), [resaved], "additional"
        )
        assert new
        assert [r.id for r in ledger.overlapping(extra.id)] == [fixed.id]


def test_an_import_from_before_the_digest_is_recognised_too(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        first, _ = ledger.record_import("a", "dk.tsv", "distrokid", (5, 4, 1, 0), [ROW])
        with ledger.db.writing():  # as a ledger of schema 4 left it
            ledger.db.execute("UPDATE imports SET content = NULL")
        same, new = ledger.record_import("b", "copy.tsv", "distrokid", (5, 4, 1, 0), [ROW])
        assert (same.id, new) == (first.id, False)
        assert ledger.imports()[0].content is not None  # worked out once, and kept


def _closed_with_payable(ledger: Ledger, amount: str) -> None:
    payable = Entry(EntryKind.PAYABLE, "2026-H1", "c", "jane", "USD", Decimal(amount), "", "")
    ledger.record_close(Month(2026, 6), ledger.open_books(), EngineState(), [], [payable])


def test_a_payment_above_what_is_owed_is_refused_unless_an_advance(tmp_path: Path) -> None:
    def payment(amount: str, advance: bool = False) -> Payment:
        return Payment("jane", "USD", Decimal(amount), dt.date(2026, 7, 1), "r", advance)

    with Ledger(tmp_path / "l.sqlite3") as ledger:
        _closed_with_payable(ledger, "100.00")
        ledger.record_payment(payment("60"))
        assert ledger.owed("jane", "USD") == Decimal("40.00")
        with pytest.raises(OverpaymentError, match=r"jane is owed 40\.00 USD"):
            ledger.record_payment(payment("40.01"))
        ledger.record_payment(payment("500", advance=True))
        assert ledger.owed("jane", "USD") == Decimal("-460.00")
        assert ledger.owed("jane", "EUR") == Decimal(0)
        assert [p.amount for p in ledger.payments()] == [Decimal(60), Decimal(500)]


def test_what_is_owed_is_read_inside_the_payments_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "l.sqlite3"
    read_owed = Ledger.owed
    seen: list[str] = []

    def owed_while_another_writer_tries(self: Ledger, payee: str, currency: str) -> Decimal:
        with Ledger(path) as other, pytest.raises(LedgerBusyError):
            other.record_payment(Payment(payee, currency, Decimal(1), dt.date(2026, 7, 2), "x"))
        seen.append(payee)
        return read_owed(self, payee, currency)

    with Ledger(path) as ledger:
        _closed_with_payable(ledger, "100.00")
        monkeypatch.setattr(Ledger, "owed", owed_while_another_writer_tries)
        ledger.record_payment(Payment("jane", "USD", Decimal(100), dt.date(2026, 7, 1), "r"))
        assert seen == ["jane"]
        assert [p.reference for p in ledger.payments()] == ["r"]
