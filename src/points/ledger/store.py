"""The ledger store: one SQLite file in the workspace, written only inside transactions.

An import is one transaction: a process killed half-way leaves the ledger as it was, and
running the import again gives exactly what an uninterrupted one would. Two ``points``
commands on one workspace never interleave: a writer takes SQLite's write lock at once
(``BEGIN IMMEDIATE``) and a second one is refused with a message saying why, not left waiting.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from points.engine import EngineState, Entry, PayeeSummary, Revenue
from points.engine.entries import SUMMARY_FIGURES
from points.ledger.codec import state_from_json, state_to_json
from points.ledger.schema import migrate
from points.model.contracts import Channel
from points.model.periods import Month

__all__ = ["LEDGER_FILE", "ImportRecord", "Ledger", "LedgerBusyError"]

LEDGER_FILE = "ledger.sqlite3"


class LedgerBusyError(RuntimeError):
    """Another points command holds the ledger's write lock."""


@dataclass(frozen=True)
class ImportRecord:
    """One statement file in the ledger, and the line account ingest gave for it."""

    id: int
    sha256: str
    path: str
    format: str
    read: int
    accepted: int
    skipped: int
    rejected: int
    imported_at: str
    months: tuple[str, ...] = ()


AUDIT_COLUMNS = (
    "period",
    "kind",
    "contract",
    "party",
    "currency",
    "amount",
    "term",
    "how",
    "recording",
    "channel",
    "territory",
    "month",
    "sources",
)


@dataclass(frozen=True)
class Close:
    """Periods closed through a month: the engine's state after them, and the last import
    they took."""

    id: int
    through: Month
    last_import_id: int
    state: EngineState
    closed_at: str


@dataclass(frozen=True)
class OpenBooks:
    """A run of the open periods' starting point: see ``Ledger.open_books``."""

    close: Close | None
    income: list[Revenue]
    last_import_id: int


class LedgerConflictError(RuntimeError):
    """The ledger changed under a command in a way that would make its result wrong."""


@dataclass(frozen=True)
class Payment:
    """Money paid to a payee. An advance may exceed what is payable; a payment may not."""

    payee: str
    currency: str
    amount: Decimal
    paid_on: dt.date
    reference: str
    advance: bool = False


def _revenue(row: tuple[Any, ...]) -> Revenue:
    recording, channel, territory, month, currency, units, net, lines, path = row
    return Revenue(
        recording,
        Channel(channel),
        territory,
        Month.parse(month),
        currency,
        Decimal(units),
        Decimal(net),
        lines,
        (path,),
    )


def _revenue_columns(revenue: Revenue | None) -> tuple[str | None, ...]:
    if revenue is None:
        return (None, None, None, None, None)
    return (
        revenue.recording,
        revenue.channel.value,
        revenue.territory,
        str(revenue.month),
        "\n".join(revenue.sources),
    )


class Ledger:
    """A workspace's ledger file; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # autocommit mode: every write below is in an explicit transaction of its own
        self.connection = sqlite3.connect(path, timeout=0, isolation_level=None)
        self.connection.execute("PRAGMA foreign_keys = ON")
        try:
            migrate(self.connection)
        except sqlite3.OperationalError as error:
            self.connection.close()
            raise _busy(error, path) from error

    @classmethod
    def of(cls, workspace: Path) -> Ledger:
        return cls(workspace / LEDGER_FILE)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.close()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _busy(error, self.path) from error
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def find(self, sha256: str) -> ImportRecord | None:
        row = self.connection.execute(
            f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return self._record(row) if row else None

    def record_import(
        self,
        sha256: str,
        path: str,
        format_name: str,
        counts: tuple[int, int, int, int],
        income: Iterable[Revenue],
    ) -> tuple[ImportRecord, bool]:
        """Store a statement file's income, once: returns the import and whether it is new
        (``False``: the same content was imported before, and nothing changed)."""
        with self._writing() as db:
            earlier = self.find(sha256)
            if earlier is not None:
                return earlier, False
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            cursor = db.execute(
                "INSERT INTO imports (sha256, path, format, lines_read, lines_accepted, "
                "lines_skipped, lines_rejected, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (sha256, path, format_name, *counts, now),
            )
            import_id = cursor.lastrowid
            db.executemany(
                "INSERT INTO income VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        import_id,
                        r.recording,
                        r.channel.value,
                        r.territory,
                        str(r.month),
                        r.currency,
                        str(r.units),
                        str(r.net),
                        r.lines,
                    )
                    for r in income
                ),
            )
        record = self.find(sha256)
        assert record is not None
        return record, True

    def imports(self) -> list[ImportRecord]:
        rows = self.connection.execute(f"SELECT {_IMPORT_COLUMNS} FROM imports ORDER BY id")
        return [self._record(row) for row in rows.fetchall()]

    def income(self) -> list[Revenue]:
        """Every imported row, naming the file it came from, in a stable order."""
        return [row for row, _ in self._income_with_imports()]

    def last_close(self) -> Close | None:
        row = self.connection.execute(
            "SELECT id, through, last_import_id, state, closed_at FROM closes "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        close_id, through, last_import, state, closed_at = row
        return Close(close_id, Month.parse(through), last_import, state_from_json(state), closed_at)

    def open_books(self) -> OpenBooks:
        """What a run of the open periods starts from, read as one consistent snapshot: the
        last close, the income no close has taken yet (everything imported after it, and what
        earlier imports hold for months after it: a late statement for a closed month is
        among it, and the engine books it in the next open period) and the last import."""
        self.connection.execute("BEGIN")
        try:
            close = self.last_close()
            (last_import,) = self.connection.execute(
                "SELECT coalesce(max(id), 0) FROM imports"
            ).fetchone()
            rows = self._income_with_imports()
        finally:
            self.connection.execute("COMMIT")
        income = [
            row
            for row, import_id in rows
            if close is None or import_id > close.last_import_id or close.through < row.month
        ]
        return OpenBooks(close, income, int(last_import))

    def _income_with_imports(self) -> list[tuple[Revenue, int]]:
        rows = self.connection.execute(
            "SELECT recording, channel, territory, month, currency, units, net, lines, path, "
            "imports.id FROM income JOIN imports ON imports.id = income.import_id "
            "ORDER BY month, recording, channel, territory, currency, imports.id"
        )
        return [(_revenue(row[:9]), int(row[9])) for row in rows]

    def record_close(
        self,
        through: Month,
        books: OpenBooks,
        state: EngineState,
        summaries: Iterable[PayeeSummary],
        entries: Iterable[Entry],
    ) -> int:
        """Keep the figures and entries of the periods closed through ``through`` (run from
        ``books``) and the engine's state after them, in one transaction; returns the close's
        id. Imports made since ``books`` was read stay open for the next run.

        Raises:
            LedgerConflictError: another close was recorded since ``books`` was read.
        """
        with self._writing() as db:
            latest = self.last_close()
            if (latest and latest.id) != (books.close and books.close.id):
                raise LedgerConflictError(
                    f"{self.path}: periods were closed through {latest and latest.through} "
                    "while this close ran; nothing was recorded"
                )
            last_import = books.last_import_id
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            close_id = db.execute(
                "INSERT INTO closes (through, last_import_id, state, closed_at) "
                "VALUES (?, ?, ?, ?)",
                (str(through), last_import, state_to_json(state), now),
            ).lastrowid
            db.executemany(
                "INSERT INTO closed_summaries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        close_id,
                        s.period,
                        s.payee,
                        s.contract,
                        s.currency,
                        *(str(getattr(s, name)) for name in SUMMARY_FIGURES),
                    )
                    for s in summaries
                ),
            )
            db.executemany(
                "INSERT INTO closed_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        close_id,
                        e.kind.value,
                        e.period,
                        e.contract,
                        e.party,
                        e.currency,
                        str(e.amount),
                        e.term,
                        e.how,
                        *(_revenue_columns(e.revenue)),
                    )
                    for e in entries
                ),
            )
        assert close_id is not None
        return close_id

    def closed_summaries(self) -> list[PayeeSummary]:
        rows = self.connection.execute(
            "SELECT period, payee, contract, currency, earned, recouped, reserve_held, "
            "reserve_released, fees, payable, carried_forward, unrecouped_balance "
            "FROM closed_summaries ORDER BY close_id, rowid"
        )
        return [
            PayeeSummary(period, payee, contract, currency, *map(Decimal, figures))
            for period, payee, contract, currency, *figures in rows
        ]

    def closed_entries(self, period: str | None = None) -> list[tuple[str, ...]]:
        """The entries kept by closes (of one period, if given), as text columns in
        ``AUDIT_COLUMNS`` order, for an outside accountant."""
        where, args = ("WHERE period = ?", (period,)) if period else ("", ())
        rows = self.connection.execute(
            f"SELECT {', '.join(AUDIT_COLUMNS)} FROM closed_entries {where} "
            "ORDER BY close_id, rowid",
            args,
        )
        return [tuple("" if v is None else str(v) for v in row) for row in rows]

    def record_payment(self, payment: Payment) -> int:
        with self._writing() as db:
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            payment_id = db.execute(
                "INSERT INTO payments (payee, currency, amount, paid_on, reference, advance, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    payment.payee,
                    payment.currency,
                    str(payment.amount),
                    payment.paid_on.isoformat(),
                    payment.reference,
                    int(payment.advance),
                    now,
                ),
            ).lastrowid
        assert payment_id is not None
        return payment_id

    def payments(self) -> list[Payment]:
        rows = self.connection.execute(
            "SELECT payee, currency, amount, paid_on, reference, advance FROM payments ORDER BY id"
        )
        return [
            Payment(
                payee,
                currency,
                Decimal(amount),
                dt.date.fromisoformat(paid_on),
                reference,
                bool(advance),
            )
            for payee, currency, amount, paid_on, reference, advance in rows
        ]

    def _record(self, row: tuple[object, ...]) -> ImportRecord:
        months = self.connection.execute(
            "SELECT DISTINCT month FROM income WHERE import_id = ? ORDER BY month", (row[0],)
        ).fetchall()
        id_, sha256, path, format_name, read, accepted, skipped, rejected, at = row
        return ImportRecord(
            int(str(id_)),
            str(sha256),
            str(path),
            str(format_name),
            int(str(read)),
            int(str(accepted)),
            int(str(skipped)),
            int(str(rejected)),
            str(at),
            tuple(month for (month,) in months),
        )


_IMPORT_COLUMNS = (
    "id, sha256, path, format, lines_read, lines_accepted, lines_skipped, lines_rejected, "
    "imported_at"
)


def _busy(error: sqlite3.OperationalError, path: Path) -> Exception:
    if "locked" in str(error) or "busy" in str(error):
        return LedgerBusyError(
            f"{path}: another points command is writing to this workspace's ledger; "
            "try again when it has finished"
        )
    return error
