"""Where a ledger lives: one SQLite file in the workspace, or a PostgreSQL database a team shares.

The store speaks one small dialect of SQL (``?`` placeholders, ``RETURNING id``) and asks its
backend for the three things the two databases do differently: a writer's exclusive
transaction (SQLite's ``BEGIN IMMEDIATE``; PostgreSQL's transaction-scoped advisory lock), a
consistent snapshot to read from, and where the schema version is kept. Either way a second
writer is refused at once with a message saying why, never left waiting or interleaved.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

__all__ = [
    "DATABASE_URL_VARIABLE",
    "Backend",
    "LedgerBusyError",
    "LedgerDamagedError",
    "LedgerUnavailableError",
    "PostgresBackend",
    "SqliteBackend",
    "configured_url",
    "connect",
]

DATABASE_URL_VARIABLE = "POINTS_DATABASE_URL"
# Any fixed number will do: every points writer on one database takes this same lock.
_WRITER_LOCK = 0x706F696E7473  # "points"


class LedgerBusyError(RuntimeError):
    """Another points command holds the ledger's write lock."""


class LedgerUnavailableError(RuntimeError):
    """The ledger's database cannot be reached, opened or written (a full disk, a read-only
    file or folder); the message names it and says what to do."""


class LedgerDamagedError(LedgerUnavailableError):
    """The ledger file is not a SQLite database, or not a whole one (truncated, overwritten):
    nothing was changed, and the message says how to get the figures back."""


def damaged_message(where: str, detail: str) -> str:
    """What to say of a ledger file that is not a whole SQLite database, and what to do."""
    return (
        f"{where} is not a points ledger, or is damaged ({detail}); nothing was changed. "
        f"Restore {Path(where).name} from a backup copy. Without one, move the file aside "
        "(points then starts a new ledger), import the statements again (points import) and "
        "close the periods again (points close); the audit exports made before (points "
        "audit export PERIOD --out FILE) list each closed period's entries to check the new "
        "figures against, and `points pay` records the payments again."
    )


# SQLite's words for what went wrong, and ours (matched in its message, lower-cased).
_SQLITE_FULL = ("database or disk is full", "disk is full")
_SQLITE_READONLY = ("readonly database", "read-only", "attempt to write a readonly")
_SQLITE_DAMAGED = ("file is not a database", "malformed", "file is encrypted")


class Rows(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Backend(Protocol):
    dialect: str
    where: str  # the file or the database, for messages (never a password)

    def execute(self, sql: str, args: Sequence[object] = ()) -> Rows: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None: ...
    def writing(self) -> Any: ...  # a context manager: one exclusive write transaction
    def snapshot(self) -> Any: ...  # a context manager: reads that see one moment
    def schema_version(self) -> int: ...
    def set_schema_version(self, version: int) -> None: ...
    def close(self) -> None: ...


def _busy_message(where: str) -> str:
    return (
        f"{where}: another points command is writing to this workspace's ledger; "
        "try again when it has finished"
    )


LEDGER_APPLICATION_ID = 0x706F696E  # "poin": SQLite's header field for the file's program


def _create_whole(path: Path) -> None:
    """Make a new ledger file whole (a valid SQLite header) under a temporary name, then give
    it its name with a hard link, which never replaces a file another command made meanwhile:
    so no points ledger is ever an empty file, and an empty one is known for damage. Where
    that cannot be done (a read-only folder, no hard links), SQLite makes the file as it
    opens it, and says what is wrong, as before."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            connection.execute(f"PRAGMA application_id = {LEDGER_APPLICATION_ID}")
        finally:
            connection.close()
        with suppress(FileExistsError):
            os.link(temporary, path)
    except (OSError, sqlite3.Error):
        pass
    finally:
        with suppress(OSError):
            temporary.unlink()


class SqliteBackend:
    """A ledger file. Autocommit mode: every write is in an explicit transaction of its own."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.where = str(path)
        if not path.exists():
            _create_whole(path)
        elif path.is_file() and path.stat().st_size == 0:
            # SQLite takes an empty file as a new database: a ledger cut to nothing (a failed
            # copy, a full disk) would read as "nothing imported", and be imported into anew.
            # points never leaves one (``_create_whole``), so an empty file is damage.
            raise LedgerDamagedError(damaged_message(self.where, "the file is empty, 0 bytes"))
        try:
            self.connection = sqlite3.connect(path, timeout=0, isolation_level=None)
            self.connection.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as error:
            raise LedgerUnavailableError(f"{path}: cannot open the ledger: {error}") from error

    def execute(self, sql: str, args: Sequence[object] = ()) -> Rows:
        try:
            return _Cursor(self, self.connection.execute(sql, args))
        except sqlite3.DatabaseError as error:
            raise self.translate(error) from error

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        try:
            self.connection.executemany(sql, rows)
        except sqlite3.DatabaseError as error:
            raise self.translate(error) from error

    @contextmanager
    def writing(self) -> Iterator[None]:
        self.execute("BEGIN IMMEDIATE")
        with _rolled_back_on_error(self):
            yield

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        self.execute("BEGIN")  # a read transaction sees the file as it was at its first read
        try:
            yield
        finally:
            self.execute("COMMIT")

    def schema_version(self) -> int:
        (version,) = self.execute("PRAGMA user_version").fetchone()
        return int(version)

    def set_schema_version(self, version: int) -> None:
        self.execute(f"PRAGMA user_version = {int(version)}")

    def close(self) -> None:
        self.connection.close()

    def translate(self, error: sqlite3.DatabaseError) -> Exception:
        """SQLite's error as one a person can act on; a bug's error as it was."""
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            return LedgerBusyError(_busy_message(self.where))
        if any(words in text for words in _SQLITE_FULL):
            return LedgerUnavailableError(
                f"{self.where}: the disk is full; nothing of this command was kept (the "
                "ledger is as it was before it). Free some space and run it again."
            )
        if any(words in text for words in _SQLITE_READONLY):
            return LedgerUnavailableError(
                f"{self.where}: the ledger is read-only for this user (the file, or its "
                "folder, where SQLite keeps its journal); nothing was changed. Reading "
                "commands (run, balances, statement) still work; to import, close or pay, "
                "make the file and its folder writable."
            )
        if any(words in text for words in _SQLITE_DAMAGED):
            return LedgerDamagedError(damaged_message(self.where, str(error)))
        if "disk i/o error" in text or "unable to open" in text:
            return LedgerUnavailableError(
                f"{self.where}: cannot read or write the ledger ({error}); nothing was "
                "changed. Check the disk and the file's permissions, and run it again."
            )
        return error


class _Cursor:
    """A SQLite cursor whose later reads (SQLite fetches lazily, so a damaged page may only
    show then) raise the same errors as ``execute``."""

    def __init__(self, backend: SqliteBackend, cursor: sqlite3.Cursor) -> None:
        self.backend, self.cursor = backend, cursor

    def fetchone(self) -> Any:
        try:
            return self.cursor.fetchone()
        except sqlite3.DatabaseError as error:
            raise self.backend.translate(error) from error

    def fetchall(self) -> list[Any]:
        try:
            return self.cursor.fetchall()
        except sqlite3.DatabaseError as error:
            raise self.backend.translate(error) from error

    def __iter__(self) -> Iterator[Any]:
        try:
            yield from self.cursor
        except sqlite3.DatabaseError as error:
            raise self.backend.translate(error) from error


class PostgresBackend:
    """A PostgreSQL database (psycopg 3), for a team sharing one ledger. Writers serialise on
    one advisory lock taken at the start of their transaction, so they never interleave; a
    second writer is refused rather than queued, as with SQLite."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.where = _without_password(url)
        try:
            import psycopg
        except ImportError as error:
            raise LedgerUnavailableError(
                f"{DATABASE_URL_VARIABLE} names a PostgreSQL ledger ({self.where}), but the "
                "PostgreSQL driver is not installed: pip install 'points[postgresql]'"
            ) from error
        try:
            self.connection = psycopg.connect(url, autocommit=True)
        except psycopg.Error as error:
            raise LedgerUnavailableError(
                f"{self.where}: cannot connect to the ledger's database: {error}".strip()
            ) from error
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS points_schema (version INTEGER NOT NULL)"
        )

    def execute(self, sql: str, args: Sequence[object] = ()) -> Rows:
        return self.connection.execute(_placeholders(sql), tuple(args))

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(_placeholders(sql), rows)

    @contextmanager
    def writing(self) -> Iterator[None]:
        self.execute("BEGIN")
        with _rolled_back_on_error(self):
            (locked,) = self.execute(
                "SELECT pg_try_advisory_xact_lock(?)", (_WRITER_LOCK,)
            ).fetchone()
            if not locked:
                raise LedgerBusyError(_busy_message(self.where))
            yield

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            self.execute("COMMIT")

    def schema_version(self) -> int:
        row = self.execute("SELECT max(version) FROM points_schema").fetchone()
        return int(row[0] or 0)

    def set_schema_version(self, version: int) -> None:
        self.execute("DELETE FROM points_schema")
        self.execute("INSERT INTO points_schema (version) VALUES (?)", (version,))

    def close(self) -> None:
        self.connection.close()


@contextmanager
def _rolled_back_on_error(backend: SqliteBackend | PostgresBackend) -> Iterator[None]:
    try:
        yield
    except BaseException:
        # SQLite may have rolled back already (a full disk does that): the error that
        # stopped the transaction is the one to report, not a failed ROLLBACK.
        with suppress(Exception):
            backend.execute("ROLLBACK")
        raise
    backend.execute("COMMIT")


def _placeholders(sql: str) -> str:
    """The store's ``?`` placeholders as psycopg's ``%s`` (the store's SQL has no other ``?``
    and no ``%``)."""
    return sql.replace("?", "%s")


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = re.sub(r":[^@:]*@", ":***@", parts.netloc, count=1)
    return urlunsplit(parts._replace(netloc=netloc))


def configured_url(database_url: str | None = None) -> str | None:
    """The PostgreSQL database ``POINTS_DATABASE_URL`` names, else the workspace's setting."""
    return os.environ.get(DATABASE_URL_VARIABLE) or database_url or None


def connect(path: Path, database_url: str | None = None) -> SqliteBackend | PostgresBackend:
    """The ledger a workspace uses: the PostgreSQL database ``POINTS_DATABASE_URL`` (or the
    workspace's ``database_url`` setting) names, else the SQLite file at ``path``."""
    url = configured_url(database_url)
    if url:
        if not url.startswith(("postgresql://", "postgres://")):
            raise LedgerUnavailableError(
                f"{DATABASE_URL_VARIABLE} must be a postgresql:// URL, not {_without_password(url)}"
            )
        return PostgresBackend(url)
    return SqliteBackend(path)
