"""The ledger's backends: which one a workspace gets, and the messages when it cannot have it."""

from __future__ import annotations

from pathlib import Path

import pytest

from points.ledger.backend import (
    LedgerBusyError,
    LedgerDamagedError,
    LedgerUnavailableError,
    PostgresBackend,
    SqliteBackend,
    configured_url,
    connect,
)

from conftest import LedgerBackend


def test_a_workspace_uses_its_sqlite_file_unless_a_database_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POINTS_DATABASE_URL", raising=False)
    db = connect(tmp_path / "l.sqlite3")
    assert isinstance(db, SqliteBackend)
    assert (tmp_path / "l.sqlite3").exists()
    db.close()
    assert configured_url("postgresql://team@db/ledger") == "postgresql://team@db/ledger"
    monkeypatch.setenv("POINTS_DATABASE_URL", "postgresql://ci@/x")
    assert configured_url("postgresql://team@db/ledger") == "postgresql://ci@/x"  # env wins


def test_an_unreachable_database_is_named_without_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "POINTS_DATABASE_URL", "postgresql://team:s3cret@/ledger?host=/nonexistent&port=1"
    )
    with pytest.raises(LedgerUnavailableError) as raised:
        connect(tmp_path / "l.sqlite3")
    assert "cannot connect to the ledger's database" in str(raised.value)
    assert "team:***@" in str(raised.value)
    assert "s3cret" not in str(raised.value)


def test_a_database_url_that_is_not_postgresql_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POINTS_DATABASE_URL", "mysql://u:pw@host/db")
    with pytest.raises(LedgerUnavailableError, match=r"postgresql:// URL, not mysql://u:\*\*\*@"):
        connect(tmp_path / "l.sqlite3")


def test_a_second_writer_is_refused_while_the_first_holds_the_lock(
    tmp_path: Path, ledger_backend: LedgerBackend
) -> None:
    first, second = connect(tmp_path / "l.sqlite3"), connect(tmp_path / "l.sqlite3")
    assert type(first) is type(second)
    assert isinstance(first, PostgresBackend) == (ledger_backend.name == "postgresql")
    with (
        first.writing(),
        pytest.raises(LedgerBusyError, match="another points command"),
        second.writing(),
    ):
        pass
    with second.writing():  # the lock is gone with the first writer's transaction
        pass
    first.close()
    second.close()


def test_a_new_sqlite_ledger_is_never_an_empty_file(tmp_path: Path) -> None:
    """An empty ledger file is refused as damage (a ledger cut to nothing), so points must
    never leave one: the file is made whole under another name, then linked into place."""
    path = tmp_path / "ledger.sqlite3"
    backend = SqliteBackend(path)
    assert path.stat().st_size > 0
    assert backend.execute("PRAGMA application_id").fetchone()[0] == 0x706F696E
    backend.close()
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.sqlite3"]  # no temporary left
    path.write_bytes(b"")
    with pytest.raises(LedgerDamagedError, match=r"damaged \(the file is empty, 0 bytes\)"):
        SqliteBackend(path)
