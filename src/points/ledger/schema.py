"""The ledger's tables, and the migrations that bring any older ledger file up to date.

The schema version is SQLite's ``user_version``; each migration moves it up by one inside the
same transaction as its changes, so a ledger is always at one version or the next, never
between. Money is stored as decimal text, never as a float column.
"""

from __future__ import annotations

import sqlite3

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

MIGRATIONS: tuple[str, ...] = (
    # 1: statement files imported, and the income each brought (as ingest summed it).
    """
    CREATE TABLE imports (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        lines_read INTEGER NOT NULL,
        lines_accepted INTEGER NOT NULL,
        lines_skipped INTEGER NOT NULL,
        lines_rejected INTEGER NOT NULL,
        imported_at TEXT NOT NULL
    );
    CREATE TABLE income (
        import_id INTEGER NOT NULL REFERENCES imports (id),
        recording TEXT NOT NULL,
        channel TEXT NOT NULL,
        territory TEXT NOT NULL,
        month TEXT NOT NULL,
        currency TEXT NOT NULL,
        units TEXT NOT NULL,
        net TEXT NOT NULL,
        lines INTEGER NOT NULL,
        PRIMARY KEY (import_id, recording, channel, territory, month, currency)
    );
    CREATE INDEX income_by_month ON income (month);
    """,
    # 2: closed periods (the engine's state after them, their figures and entries) and payments.
    """
    CREATE TABLE closes (
        id INTEGER PRIMARY KEY,
        through TEXT NOT NULL,
        last_import_id INTEGER NOT NULL,
        state TEXT NOT NULL,
        closed_at TEXT NOT NULL
    );
    CREATE TABLE closed_summaries (
        close_id INTEGER NOT NULL REFERENCES closes (id),
        period TEXT NOT NULL,
        payee TEXT NOT NULL,
        contract TEXT NOT NULL,
        currency TEXT NOT NULL,
        earned TEXT NOT NULL,
        recouped TEXT NOT NULL,
        reserve_held TEXT NOT NULL,
        reserve_released TEXT NOT NULL,
        fees TEXT NOT NULL,
        payable TEXT NOT NULL,
        carried_forward TEXT NOT NULL,
        unrecouped_balance TEXT NOT NULL
    );
    CREATE TABLE closed_entries (
        close_id INTEGER NOT NULL REFERENCES closes (id),
        kind TEXT NOT NULL,
        period TEXT NOT NULL,
        contract TEXT NOT NULL,
        party TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount TEXT NOT NULL,
        term TEXT NOT NULL,
        how TEXT NOT NULL,
        recording TEXT,
        channel TEXT,
        territory TEXT,
        month TEXT,
        sources TEXT
    );
    CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        payee TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount TEXT NOT NULL,
        paid_on TEXT NOT NULL,
        reference TEXT NOT NULL,
        advance INTEGER NOT NULL,
        recorded_at TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerLedgerError(RuntimeError):
    """The ledger was written by a newer points than this one."""


def migrate(connection: sqlite3.Connection) -> int:
    """Apply every migration the ledger lacks, each in its own transaction; returns the
    version it started at."""
    (start,) = connection.execute("PRAGMA user_version").fetchone()
    if start > SCHEMA_VERSION:
        raise NewerLedgerError(
            f"the ledger is at schema version {start}; this points knows up to {SCHEMA_VERSION}"
        )
    for version in range(start, SCHEMA_VERSION):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return int(start)
