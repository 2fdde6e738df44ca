"""The ledger's tables, and the migrations that bring any older ledger file up to date.

The same migrations build a SQLite file and a PostgreSQL database: the SQL is written once, and
the few words the two spell differently are translated (``DIALECT_WORDS``); a statement only
one of them needs is marked ``-- sqlite:`` or ``-- postgresql:``. The schema version lives
where the backend keeps it (SQLite's ``user_version``, a one-row table in PostgreSQL); each
migration moves it up by one inside the same transaction as its changes, so a ledger is
always at one version or the next, never between. Money is stored as decimal text, never as
a float column.
"""

from __future__ import annotations

from points.ledger.backend import Backend, LedgerDamagedError, damaged_message

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
    # 3: the order of a close's figures and entries, kept in a column (PostgreSQL has no rowid),
    # and the whole income row behind an entry, so `points explain` can tell a closed period's
    # working from the ledger alone.
    """
    ALTER TABLE closed_summaries ADD COLUMN line INTEGER;
    ALTER TABLE closed_entries ADD COLUMN line INTEGER;
    ALTER TABLE closed_entries ADD COLUMN income_currency TEXT;
    ALTER TABLE closed_entries ADD COLUMN units TEXT;
    ALTER TABLE closed_entries ADD COLUMN net TEXT;
    ALTER TABLE closed_entries ADD COLUMN lines INTEGER;
    -- sqlite: UPDATE closed_summaries SET line = rowid;
    -- sqlite: UPDATE closed_entries SET line = rowid;
    """,
    # 4: where each imported income row came from, to the line: "statements/dk.tsv:2-51".
    """
    ALTER TABLE income ADD COLUMN source TEXT;
    """,
    # 5: a statement known by what it says (its income's digest, whatever its bytes), and an
    # import replaced by a corrected statement: kept for the audit trail, its income no longer
    # counted. Imports from before have no digest until one is needed (``Ledger``).
    """
    ALTER TABLE imports ADD COLUMN content TEXT;
    ALTER TABLE imports ADD COLUMN superseded_by INTEGER REFERENCES imports (id);
    CREATE INDEX imports_by_content ON imports (content);
    """,
    # 6: sales and returns of one recording, channel, territory, month and currency are two
    # rows (a reserve on positive sales must see what was sold), and a row may carry its net in
    # a second currency as the statement converted it. The key grows, so the table is rebuilt;
    # rows from before were summed sales and returns, and keep that (returns = 0).
    """
    CREATE TABLE income_rows (
        import_id INTEGER NOT NULL REFERENCES imports (id),
        recording TEXT NOT NULL,
        channel TEXT NOT NULL,
        territory TEXT NOT NULL,
        month TEXT NOT NULL,
        currency TEXT NOT NULL,
        returns INTEGER NOT NULL DEFAULT 0,
        other_currency TEXT NOT NULL DEFAULT '',
        units TEXT NOT NULL,
        net TEXT NOT NULL,
        lines INTEGER NOT NULL,
        source TEXT,
        other_net TEXT NOT NULL DEFAULT '0',
        PRIMARY KEY (import_id, recording, channel, territory, month, currency, returns,
            other_currency)
    );
    INSERT INTO income_rows (import_id, recording, channel, territory, month, currency, units,
        net, lines, source)
        SELECT import_id, recording, channel, territory, month, currency, units, net, lines,
            source FROM income;
    DROP TABLE income;
    ALTER TABLE income_rows RENAME TO income;
    CREATE INDEX income_by_month ON income (month);
    """,
)
DIALECT_WORDS = {
    "postgresql": {"INTEGER PRIMARY KEY": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
    "sqlite": {},
}
SCHEMA_VERSION = len(MIGRATIONS)


class NewerLedgerError(RuntimeError):
    """The ledger was written by a newer points than this one."""


def statements(migration: str, dialect: str) -> list[str]:
    """A migration's statements as ``dialect`` spells them, without the other's own."""
    found = []
    for statement in migration.split(";"):
        text = statement.strip()
        if text.startswith("-- "):
            marked, _, text = text[3:].partition(": ")
            if marked != dialect:
                continue
        for word, spelling in DIALECT_WORDS[dialect].items():
            text = text.replace(word, spelling)
        if text:
            found.append(text)
    return found


def migrate(backend: Backend) -> int:
    """Apply every migration the ledger lacks, each in its own transaction; returns the
    version it started at."""
    start = backend.schema_version()
    if start == 0 and backend.dialect == "sqlite":
        # A SQLite file points did not make (another program's database named
        # ledger.sqlite3): never add tables to it. A team's PostgreSQL database may well
        # hold other tables, so this is asked of SQLite files only.
        tables = [row[0] for row in backend.execute("SELECT name FROM sqlite_master")]
        if tables:
            raise LedgerDamagedError(
                damaged_message(
                    backend.where,
                    f"a SQLite database of something else, with {', '.join(sorted(tables)[:3])}",
                )
            )
    if start > SCHEMA_VERSION:
        raise NewerLedgerError(
            f"{backend.where}: the ledger is at schema version {start}; "
            f"this points knows up to {SCHEMA_VERSION}"
        )
    for version in range(start, SCHEMA_VERSION):
        with backend.writing():
            if backend.schema_version() != version:  # another process migrated meanwhile
                continue
            for statement in statements(MIGRATIONS[version], backend.dialect):
                backend.execute(statement)
            backend.set_schema_version(version + 1)
    return start
