"""The ledger store: one SQLite file in the workspace (or a team's PostgreSQL database, see
``backend``), written only inside transactions.

An import is one transaction: a process killed half-way leaves the ledger as it was, and
running the import again gives exactly what an uninterrupted one would. Two ``points``
commands on one workspace never interleave: a writer takes the ledger's write lock at once
and a second one is refused with a message saying why, not left waiting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from points.engine import EngineState, Entry, EntryKind, PayeeSummary, Revenue
from points.engine.entries import SUMMARY_FIGURES
from points.ledger.backend import (
    LedgerBusyError,
    LedgerUnavailableError,
    configured_url,
    connect,
)
from points.ledger.codec import state_from_json, state_to_json
from points.ledger.imports import OverlapRule, StatementOverlapError, content_digest, open_income
from points.ledger.schema import migrate
from points.model.contracts import Channel
from points.model.periods import Month
from points.money import CONTEXT

__all__ = [
    "LEDGER_FILE",
    "ImportRecord",
    "Ledger",
    "LedgerBusyError",
    "LedgerConflictError",
    "LedgerUnavailableError",
    "OverpaymentError",
    "StatementOverlapError",
]

LEDGER_FILE = "ledger.sqlite3"


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
    content: str | None = None  # the digest of what it says (``imports.content_digest``)
    superseded_by: int | None = None  # the import that replaced it: its income no longer counts


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


@dataclass(frozen=True)
class ClosedResults:
    """What the closes kept: every closed period's figures per payee, and its entries."""

    summaries: list[PayeeSummary]
    entries: list[Entry]

    @property
    def periods(self) -> list[str]:
        return list(dict.fromkeys(s.period for s in self.summaries))


class LedgerConflictError(RuntimeError):
    """The ledger changed under a command in a way that would make its result wrong."""


class OverpaymentError(ValueError):
    """A payment (not an advance) of more than the payee is owed: nothing was recorded."""

    def __init__(self, payment: Payment, owed: Decimal) -> None:
        self.payment = payment
        self.owed = owed
        super().__init__(
            f"{payment.payee} is owed {owed} {payment.currency} from closed periods; a payment "
            f"of {payment.amount} is more (record it as an advance if that is what it is)"
        )


@dataclass(frozen=True)
class Payment:
    """Money paid to a payee. An advance may exceed what is payable; a payment may not."""

    payee: str
    currency: str
    amount: Decimal
    paid_on: dt.date
    reference: str
    advance: bool = False


def _months(rows: Iterable[Revenue]) -> list[str]:
    return sorted({str(row.month) for row in rows})


def _revenue(row: tuple[Any, ...]) -> Revenue:
    (
        recording,
        channel,
        territory,
        month,
        currency,
        units,
        net,
        lines,
        path,
        source,
        other_currency,
        other_net,
    ) = row
    return Revenue(
        recording,
        Channel(channel),
        territory,
        Month.parse(month),
        currency,
        Decimal(units),
        Decimal(net),
        lines,
        (source or path,),  # ledgers from before schema 4 name only the file
        other_currency,
        Decimal(other_net),
    )


def _revenue_columns(revenue: Revenue | None) -> tuple[str | int | None, ...]:
    """An entry's income row as the ``closed_entries`` columns from ``recording`` on."""
    if revenue is None:
        return (None,) * 9
    return (
        revenue.recording,
        revenue.channel.value,
        revenue.territory,
        str(revenue.month),
        "\n".join(revenue.sources),
        revenue.currency,
        str(revenue.units),
        str(revenue.net),
        revenue.lines,
    )


def _closed_revenue(row: tuple[Any, ...]) -> Revenue | None:
    recording, channel, territory, month, sources, currency, units, net, lines = row
    if recording is None:
        return None
    return Revenue(
        recording,
        Channel(channel),
        territory,
        Month.parse(month),
        currency,
        Decimal(units),
        Decimal(net),
        int(lines),
        tuple(sources.split("\n")) if sources else (),
    )


class Ledger:
    """A workspace's ledger; use as a context manager. ``path`` is the SQLite file, used unless
    ``POINTS_DATABASE_URL`` or ``database_url`` names a PostgreSQL database instead."""

    def __init__(self, path: Path, database_url: str | None = None) -> None:
        self.db = connect(path, database_url)
        self.where = self.db.where
        try:
            migrate(self.db)
        except BaseException:
            self.db.close()
            raise

    @classmethod
    def of(cls, workspace: Path, database_url: str | None = None) -> Ledger:
        return cls(workspace / LEDGER_FILE, database_url)

    @staticmethod
    def exists_for(workspace: Path, database_url: str | None = None) -> bool:
        """Whether the workspace has a ledger to read (a database URL always names one)."""
        return bool(configured_url(database_url)) or (workspace / LEDGER_FILE).exists()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def find(self, sha256: str) -> ImportRecord | None:
        row = self.db.execute(
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
        overlap: OverlapRule = "refuse",
    ) -> tuple[ImportRecord, bool]:
        """Store a statement's income, once: returns the import and whether it is new
        (``False``: the same file, or a statement saying the same as an import in force, was
        imported before, and nothing changed). A statement covering months that imports in
        force of its format cover is refused, replaces them, or is added beside them, as
        ``overlap`` says; all in one transaction.

        Raises:
            StatementOverlapError: it overlaps them and ``overlap`` is ``refuse``.
        """
        rows = list(income)
        content = content_digest(format_name, rows)
        with self.db.writing():
            earlier = self.find(sha256) or self._in_force_with(format_name, content)
            if earlier is not None:
                return earlier, False
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            (import_id,) = self.db.execute(
                "INSERT INTO imports (sha256, path, format, lines_read, lines_accepted, "
                "lines_skipped, lines_rejected, imported_at, content) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (sha256, path, format_name, *counts, now, content),
            ).fetchone()
            self.db.executemany(
                "INSERT INTO income (import_id, recording, channel, territory, month, currency, "
                "returns, other_currency, units, net, lines, source, other_net) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        import_id,
                        r.recording,
                        r.channel.value,
                        r.territory,
                        str(r.month),
                        r.currency,
                        int(r.net < 0),
                        r.other_currency,
                        str(r.units),
                        str(r.net),
                        r.lines,
                        r.sources[0] if r.sources else None,
                        str(r.other_net),
                    )
                    for r in rows
                ),
            )
            overlapping = self.overlapping(import_id)
            if overlapping and overlap == "refuse":
                months = sorted({m for o in overlapping for m in o.months} & set(_months(rows)))
                raise StatementOverlapError([o.id for o in overlapping], months)
            if overlap == "replace":
                self.db.executemany(
                    "UPDATE imports SET superseded_by = ? WHERE id = ?",
                    [(import_id, o.id) for o in overlapping],
                )
        record = self.find(sha256)
        assert record is not None
        return record, True

    def _in_force_with(self, format_name: str, content: str) -> ImportRecord | None:
        """The import in force whose statement says exactly this. An import from before
        schema 5 has no digest: it is worked out from its income, and kept, when asked for."""
        rows = self.db.execute(
            f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE format = ? AND superseded_by IS NULL "
            "AND (content = ? OR content IS NULL) ORDER BY id",
            (format_name, content),
        ).fetchall()
        for row in rows:
            record = self._record(row)
            if record.content is None:
                income = [row for row, _ in self._income_with_imports(record.id)]
                digest = content_digest(format_name, income)
                self.db.execute("UPDATE imports SET content = ? WHERE id = ?", (digest, record.id))
                if digest != content:
                    continue
            return record
        return None

    def overlapping(self, import_id: int) -> list[ImportRecord]:
        """The other imports in force of the same format covering a month this one covers."""
        rows = self.db.execute(
            f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE superseded_by IS NULL AND id <> ? "
            "AND format = (SELECT format FROM imports WHERE id = ?) AND id IN ("
            "SELECT import_id FROM income WHERE month IN ("
            "SELECT month FROM income WHERE import_id = ?)) ORDER BY id",
            (import_id, import_id, import_id),
        )
        return [self._record(row) for row in rows.fetchall()]

    def replaced_by(self, import_id: int) -> list[ImportRecord]:
        """The imports this one replaced."""
        rows = self.db.execute(
            f"SELECT {_IMPORT_COLUMNS} FROM imports WHERE superseded_by = ? ORDER BY id",
            (import_id,),
        )
        return [self._record(row) for row in rows.fetchall()]

    def imports(self) -> list[ImportRecord]:
        rows = self.db.execute(f"SELECT {_IMPORT_COLUMNS} FROM imports ORDER BY id")
        return [self._record(row) for row in rows.fetchall()]

    def income(self) -> list[Revenue]:
        """Every imported row, naming the file it came from, in a stable order."""
        return [row for row, _ in self._income_with_imports()]

    def last_close(self) -> Close | None:
        row = self.db.execute(
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
        among it, and the engine books it in the next open period) and the last import.
        A replaced import's income no longer counts; what a close took of it is carried
        negated, so the next open period books the difference (``imports.open_income``)."""
        self.db.execute("BEGIN")
        try:
            close = self.last_close()
            (last_import,) = self.db.execute("SELECT coalesce(max(id), 0) FROM imports").fetchone()
            rows = self._income_with_imports()
            replaced = self._replaced()
        finally:
            self.db.execute("COMMIT")
        through, taken = (close.through, close.last_import_id) if close else (None, 0)
        income = open_income(rows, replaced, through, taken)
        return OpenBooks(close, income, int(last_import))

    def _replaced(self) -> dict[int, int]:
        """Each replaced import's id, and the id of the import that replaced it."""
        rows = self.db.execute(
            "SELECT id, superseded_by FROM imports WHERE superseded_by IS NOT NULL"
        )
        return {int(old): int(new) for old, new in rows}

    def _income_with_imports(self, import_id: int | None = None) -> list[tuple[Revenue, int]]:
        """Every imported row (or one import's) and its import's id, in a stable order."""
        where, args = ("", ()) if import_id is None else ("WHERE imports.id = ? ", (import_id,))
        rows = self.db.execute(
            "SELECT recording, channel, territory, month, currency, units, net, lines, path, "
            "source, other_currency, other_net, imports.id FROM income "
            f"JOIN imports ON imports.id = income.import_id {where}"
            "ORDER BY month, recording, channel, territory, currency, returns, other_currency, "
            "imports.id",
            args,
        )
        return [(_revenue(row[:12]), int(row[12])) for row in rows]

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
        with self.db.writing():
            latest = self.last_close()
            if (latest and latest.id) != (books.close and books.close.id):
                raise LedgerConflictError(
                    f"{self.where}: periods were closed through {latest and latest.through} "
                    "while this close ran; nothing was recorded"
                )
            last_import = books.last_import_id
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            (close_id,) = self.db.execute(
                "INSERT INTO closes (through, last_import_id, state, closed_at) "
                "VALUES (?, ?, ?, ?) RETURNING id",
                (str(through), last_import, state_to_json(state), now),
            ).fetchone()
            self.db.executemany(
                f"INSERT INTO closed_summaries ({_SUMMARY_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        close_id,
                        line,
                        s.period,
                        s.payee,
                        s.contract,
                        s.currency,
                        *(str(getattr(s, name)) for name in SUMMARY_FIGURES),
                    )
                    for line, s in enumerate(summaries, start=1)
                ),
            )
            self.db.executemany(
                f"INSERT INTO closed_entries ({_ENTRY_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        close_id,
                        line,
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
                    for line, e in enumerate(entries, start=1)
                ),
            )
        return int(close_id)

    def closed_summaries(self) -> list[PayeeSummary]:
        rows = self.db.execute(
            "SELECT period, payee, contract, currency, earned, recouped, reserve_held, "
            "reserve_released, fees, payable, carried_forward, unrecouped_balance "
            "FROM closed_summaries ORDER BY close_id, line"
        )
        return [
            PayeeSummary(period, payee, contract, currency, *map(Decimal, figures))
            for period, payee, contract, currency, *figures in rows
        ]

    def closed_results(self) -> ClosedResults:
        """The closed periods' figures and entries, as the runs that closed them gave them."""
        rows = self.db.execute(
            "SELECT kind, period, contract, party, currency, amount, term, how, "
            f"{_INCOME_COLUMNS} FROM closed_entries ORDER BY close_id, line"
        )
        entries = [
            Entry(
                EntryKind(kind),
                entry_period,
                contract,
                party,
                currency,
                Decimal(amount),
                term,
                how,
                _closed_revenue(income),
            )
            for kind, entry_period, contract, party, currency, amount, term, how, *income in rows
        ]
        return ClosedResults(self.closed_summaries(), entries)

    def closed_entries(self, period: str | None = None) -> list[tuple[str, ...]]:
        """The entries kept by closes (of one period, if given), as text columns in
        ``AUDIT_COLUMNS`` order, for an outside accountant."""
        where, args = ("WHERE period = ?", (period,)) if period else ("", ())
        rows = self.db.execute(
            f"SELECT {', '.join(AUDIT_COLUMNS)} FROM closed_entries {where} "
            "ORDER BY close_id, line",
            args,
        )
        return [tuple("" if v is None else str(v) for v in row) for row in rows]

    def owed(self, payee: str, currency: str) -> Decimal:
        """What the closed periods made payable to ``payee`` in ``currency``, less what was
        paid and advanced to them."""
        payable = self.db.execute(
            "SELECT amount FROM closed_entries WHERE kind = ? AND party = ? AND currency = ?",
            (EntryKind.PAYABLE.value, payee, currency),
        )
        paid = self.db.execute(
            "SELECT amount FROM payments WHERE payee = ? AND currency = ?", (payee, currency)
        )
        owed = Decimal(0)
        for (amount,) in payable:
            owed = CONTEXT.add(owed, Decimal(amount))
        for (amount,) in paid:
            owed = CONTEXT.subtract(owed, Decimal(amount))
        return owed

    def record_payment(self, payment: Payment) -> int:
        """Record a payment; one that is not an advance may not exceed what the payee is
        owed. What is owed is read inside the write transaction, so two payments made at once
        cannot both take the same money.

        Raises:
            OverpaymentError: it exceeds what is owed; nothing was recorded.
        """
        with self.db.writing():
            if not payment.advance:
                owed = self.owed(payment.payee, payment.currency)
                if payment.amount > owed:
                    raise OverpaymentError(payment, owed)
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            (payment_id,) = self.db.execute(
                "INSERT INTO payments (payee, currency, amount, paid_on, reference, advance, "
                "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    payment.payee,
                    payment.currency,
                    str(payment.amount),
                    payment.paid_on.isoformat(),
                    payment.reference,
                    int(payment.advance),
                    now,
                ),
            ).fetchone()
        return int(payment_id)

    def payments(self) -> list[Payment]:
        rows = self.db.execute(
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
        months = self.db.execute(
            "SELECT DISTINCT month FROM income WHERE import_id = ? ORDER BY month", (row[0],)
        ).fetchall()
        id_, sha256, path, format_name, read, accepted, skipped, rejected, at, content, by = row
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
            None if content is None else str(content),
            None if by is None else int(str(by)),
        )


_SUMMARY_COLUMNS = (
    f"close_id, line, period, payee, contract, currency, {', '.join(SUMMARY_FIGURES)}"
)
_INCOME_COLUMNS = (
    "recording, channel, territory, month, sources, income_currency, units, net, lines"
)
_ENTRY_COLUMNS = (
    "close_id, line, kind, period, contract, party, currency, amount, term, how, " + _INCOME_COLUMNS
)
_IMPORT_COLUMNS = (
    "id, sha256, path, format, lines_read, lines_accepted, lines_skipped, lines_rejected, "
    "imported_at, content, superseded_by"
)
