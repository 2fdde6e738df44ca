"""Statement files into a workspace's ledger: each read once, kept once, by what it says.

A file whose bytes were imported before is not read again. A file that reads to the same
income as an import in force (the same export re-saved with other line ends, as UTF-16 or with
a byte order mark) is not kept again: the ledger knows a statement by the digest of its
income (``points.ledger.imports``). A statement of the same format covering months an import
in force covers is refused unless the caller says it replaces that import or is a separate
statement. ``points.api.import_files`` opens the workspace's ledger and calls ``import_into``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from points.engine import Revenue
from points.ingest.files import StatementRefusal, open_regular
from points.ingest.formats import TextFormat
from points.ingest.read import IngestedFile, Progress, ingest_files
from points.ledger.imports import OverlapRule
from points.ledger.store import ImportRecord, Ledger, StatementOverlapError

__all__ = ["ImportOutcome", "import_into", "revenue_of", "sha256_of", "source_of"]


def source_of(path: str, line_span: str) -> str:
    """How an income row names where it came from: ``statements/dk.tsv:2-51``."""
    return f"{path}:{line_span}" if line_span else path


def revenue_of(files: Sequence[IngestedFile]) -> list[Revenue]:
    """The engine's income rows from ingested files, each naming the file and the lines it
    came from."""
    return [
        Revenue(
            key.recording,
            key.channel,
            key.territory,
            key.period,
            key.currency,
            amounts.units,
            amounts.net,
            amounts.lines,
            (source_of(str(item.path), amounts.line_span),),
            key.other_currency,
            amounts.other_net,
        )
        for item in files
        for key, amounts in item.sums.items()
    ]


def sha256_of(path: Path) -> str:
    """The file's bytes hashed, read in chunks: what says two imports are the same file.

    Raises:
        NotRegularFileError: a FIFO or device (``/dev/zero`` would never end).
        OSError: the file cannot be opened.
    """
    digest = hashlib.sha256()
    with open_regular(path) as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class ImportOutcome:
    """One file's import: what ingest read (``None`` when it was imported before, or could not
    be read), the ledger's record of it, whether it is new, and the imports in force of the
    same format covering the same months: those it was added beside (``additional``), or
    those that stopped it (``error`` says so; nothing was imported); and those it replaced."""

    path: Path
    read: IngestedFile | None
    record: ImportRecord | None
    new: bool
    overlaps: list[ImportRecord]
    error: str | None = None
    replaced: list[ImportRecord] = field(default_factory=list)


def _overlap_refused(refused: StatementOverlapError, earlier: list[ImportRecord]) -> str:
    named = ", ".join(f"import {r.id} ({r.path}, imported {r.imported_at})" for r in earlier)
    return (
        f"covers months {', '.join(refused.months)} that {named} of the same format covers; "
        "nothing was imported. If it corrects that statement, import it with --replace (the "
        "earlier import stops counting); if it is a separate statement, with --additional"
    )


def import_into(
    ledger: Ledger,
    paths: list[Path],
    format_name: str = "auto",
    formats: Sequence[TextFormat] | None = None,
    progress: Callable[[Path], Progress | None] | None = None,
    overlap: OverlapRule = "refuse",
) -> list[ImportOutcome]:
    """Import statement files into ``ledger``, each in one transaction (see the module).

    Raises:
        LedgerBusyError: another points command is writing to the ledger.
    """
    outcomes = []
    for path in paths:
        try:
            digest = sha256_of(path)
        except (StatementRefusal, OSError) as error:
            message = (error.strerror or str(error)) if isinstance(error, OSError) else str(error)
            outcomes.append(ImportOutcome(path, None, None, False, [], message))
            continue
        earlier = ledger.find(digest)
        if earlier is not None:
            outcomes.append(ImportOutcome(path, None, earlier, False, []))
            continue
        (item,) = ingest_files([path], format_name, formats, progress)
        if item.read is None:
            outcomes.append(ImportOutcome(path, item, None, False, [], item.error))
            continue
        counts = item.read.counts
        try:
            record, new = ledger.record_import(
                digest,
                str(path),
                item.read.format.name,
                (counts.read, counts.accepted, counts.skipped, counts.rejected),
                revenue_of([item]),
                overlap,
            )
        except StatementOverlapError as refused:
            blocking = [r for r in ledger.imports() if r.id in refused.earlier]
            message = _overlap_refused(refused, blocking)
            outcomes.append(ImportOutcome(path, item, None, False, blocking, message))
            continue
        overlaps = ledger.overlapping(record.id) if new else []
        replaced = ledger.replaced_by(record.id) if new else []
        outcomes.append(ImportOutcome(path, item, record, new, overlaps, None, replaced))
    return outcomes
