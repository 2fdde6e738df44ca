"""Migrations bring a ledger to the current schema, once; a newer ledger is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from points.ledger.schema import SCHEMA_VERSION, NewerLedgerError, migrate


def test_a_new_ledger_is_migrated_to_the_current_version_and_again_is_a_no_op(
    tmp_path: Path,
) -> None:
    connection = sqlite3.connect(tmp_path / "l.sqlite3", isolation_level=None)
    assert migrate(connection) == 0
    assert connection.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    tables = {r for (r,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"imports", "income"} <= tables
    assert migrate(connection) == SCHEMA_VERSION


def test_a_ledger_from_a_newer_points_is_refused(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "l.sqlite3", isolation_level=None)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerLedgerError, match="this points knows up to"):
        migrate(connection)
