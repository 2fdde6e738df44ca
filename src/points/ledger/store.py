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

from points.engine import Revenue
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
        rows = self.connection.execute(
            "SELECT recording, channel, territory, month, currency, units, net, lines, path "
            "FROM income JOIN imports ON imports.id = income.import_id "
            "ORDER BY month, recording, channel, territory, currency, imports.id"
        )
        return [
            Revenue(
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
            for recording, channel, territory, month, currency, units, net, lines, path in rows
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
