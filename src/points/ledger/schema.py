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
