"""Read a delimited-text statement into canonical lines, line by line, with a full account.

Every line after the header is counted once, as accepted, skipped (blank lines, totals rows,
lines that are not income, each listed with its reason) or rejected (with a ``Problem`` naming
file, line, column and reason), so ``read == accepted + skipped + rejected`` always holds. A
line is rejected only when its amount, currency or reporting date cannot be read; any other
unreadable value is a warning on a line that is taken (``points.ingest.rows``). Rejected lines
never stop the rest of the file from being read. Negative adjustments and zero quantities are
kept.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from points.errors import Problem, Severity, Source, sorted_problems
from points.ingest.aggregate import (
    AggregateKey,
    Amounts,
    add_line,
    by_recording,
    sorted_sums,
    totals_by_currency,
)
from points.ingest.bulk import BULK_MIN_BYTES, BulkRead, bulk_eligible, read_bulk
from points.ingest.dsr import DDEX_DSR, is_dsr, read_dsr
from points.ingest.files import (
    Record,
    StatementRefusal,
    bounded_lines,
    check_fields,
    open_binary,
)
from points.ingest.formats import TextFormat, shipped_formats
from points.ingest.formats.base import ColumnIndex
from points.ingest.limits import MAX_LISTED_LINES
from points.ingest.lines import StatementLine
from points.ingest.rows import Layout, Rejected, RejectedLine, SkippedLine, map_row, skip_reason
from points.ingest.sniff import HEAD_BYTES, Dialect, not_text, sniff
from points.ingest.xlsx import sheets

__all__ = [
    "IngestedFile",
    "LineCounts",
    "RejectedLine",
    "SkippedLine",
    "StatementRead",
    "UnknownFormatError",
    "detect_format",
    "ingest_files",
    "read_statement",
]


class UnknownFormatError(ValueError):
    """No known format matches the file's header (or the one asked for does not)."""


@dataclass
class LineCounts:
    read: int = 0
    accepted: int = 0
    skipped: int = 0
    rejected: int = 0


@dataclass
class StatementRead:
    """What reading one file gave: the format used and why, the lines, and an account of all."""

    path: str
    format: TextFormat
    reason: str
    lines: list[StatementLine] = field(default_factory=list)  # kept only if asked for
    rejected: list[RejectedLine] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # values left out of lines taken
    counts: LineCounts = field(default_factory=LineCounts)
    notes: list[Problem] = field(default_factory=list)  # about the file as a whole
    bulk: BulkRead | None = None  # read and summed by DuckDB (``points.ingest.bulk``)
    _sums: dict[AggregateKey, Amounts] | None = field(default_factory=dict, repr=False)
    # Past MAX_LISTED_LINES of a kind, lines are counted (skipped ones by reason) but not
    # listed, so a file of a million bad lines costs counters, not a million records.
    unlisted_reasons: Counter[str] = field(default_factory=Counter, repr=False)
    unlisted_rejected: int = 0
    unlisted_warnings: int = 0

    def skip(self, line: SkippedLine) -> None:
        """Count a skipped line, and list it while fewer than ``MAX_LISTED_LINES`` are."""
        self.counts.skipped += 1
        if len(self.skipped) < MAX_LISTED_LINES:
            self.skipped.append(line)
        else:
            self.unlisted_reasons[line.reason] += 1

    def reject(self, line: RejectedLine) -> None:
        """Count a rejected line, and list it while fewer than ``MAX_LISTED_LINES`` are."""
        self.counts.rejected += 1
        if len(self.rejected) < MAX_LISTED_LINES:
            self.rejected.append(line)
        else:
            self.unlisted_rejected += 1

    def warn(self, warnings: list[Problem]) -> None:
        """List warnings while fewer than ``MAX_LISTED_LINES`` are; count the rest."""
        room = max(MAX_LISTED_LINES - len(self.warnings), 0)
        self.warnings += warnings[:room]
        self.unlisted_warnings += len(warnings[room:])

    @property
    def sums(self) -> dict[AggregateKey, Amounts]:
        """The sums per key; from a bulk read, fetched from DuckDB when first asked for."""
        if self._sums is None:
            assert self.bulk is not None
            self._sums = self.bulk.sums()
        return self._sums

    def totals(self) -> dict[str, Amounts]:
        """Units and net per currency: never one figure across currencies."""
        return self.bulk.totals if self.bulk else totals_by_currency(self.sums)

    def by_recording(self) -> dict[str, dict[str, Amounts]]:
        """Units and net per recording, per currency."""
        return self.bulk.by_recording if self.bulk else by_recording(self.sums)

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        """How many lines were skipped for each reason, the most frequent first."""
        counted = Counter(line.reason for line in self.skipped) + self.unlisted_reasons
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))

    def unlisted(self) -> Problem | None:
        """A note when some lines were counted but not listed (``MAX_LISTED_LINES``)."""
        unlisted = (self.unlisted_reasons.total(), self.unlisted_rejected, self.unlisted_warnings)
        if not any(unlisted):
            return None
        skipped, rejected, warnings = unlisted
        return Problem(
            Source(self.path),
            "not-all-listed",
            f"only the first {MAX_LISTED_LINES:,} skipped lines, rejected lines and warnings "
            f"are listed; {skipped:,} skipped lines, {rejected:,} rejected lines and "
            f"{warnings:,} warnings more are counted but not listed",
            "the counts and totals cover every line; a file with this many bad lines is "
            "probably not the statement it seems: check it with its sender",
            Severity.WARNING,
        )

    @property
    def file_notes(self) -> list[Problem]:
        """Problems of the file as a whole: its notes, and whether all lines are listed."""
        unlisted = self.unlisted()
        return [*self.notes, unlisted] if unlisted else list(self.notes)

    @property
    def problems(self) -> list[Problem]:
        """The file's notes, the rejected lines (errors), and the warnings, in file order."""
        rejected = [line.to_problem() for line in self.rejected]
        return [*self.file_notes, *sorted_problems([*rejected, *self.warnings])]


def detect_format(
    header: Sequence[str],
    name: str = "auto",
    formats: Sequence[TextFormat] | None = None,
    where: str = "",
) -> tuple[TextFormat, ColumnIndex, str]:
    """The format whose required columns this header has (the one named, unless ``auto``).

    Returns:
        The format, where its fields are, and a sentence saying why it was picked.

    Raises:
        UnknownFormatError: no format fits: the header as found (at ``where``, "line 3"), the
            nearest format and the columns it lacks, the others', and how to go on.
    """
    formats = formats or shipped_formats()
    candidates = formats if name == "auto" else tuple(f for f in formats if f.name == name)
    if not candidates:
        known = ", ".join(f.name for f in formats)
        raise UnknownFormatError(f"no format named {name!r}; known formats: {known}")
    fits = [(fmt, index) for fmt in candidates if (index := fmt.bind(header)) is not None]
    if not fits:
        raise UnknownFormatError(_no_format(header, candidates, where))
    fmt, index = max(fits, key=lambda fit: len(fit[1]))  # the most columns recognised
    why = "forced with --format" if name != "auto" else "detected from the header"
    columns = ", ".join(repr(fmt.columns[f][0]) for f in fmt.required)
    return fmt, index, f"{fmt.title}: {why} (columns {columns})"


SHOWN_HEADER_CHARS = 200  # of the header quoted in a refusal; a longer one is cut, and says so


def _no_format(header: Sequence[str], candidates: Sequence[TextFormat], where: str) -> str:
    """Why no format fits, in words a user can act on: the header found, the format it is
    nearest (the fewest required columns missing; the first such), what that one lacks, what
    the others need, and how to read the file anyway."""
    found = ", ".join(cell for cell in header if cell.strip()) or "(an empty line)"
    if len(found) > SHOWN_HEADER_CHARS:
        found = found[:SHOWN_HEADER_CHARS] + f"… ({len(header):,} cells)"
    by_distance = sorted(candidates, key=lambda fmt: len(fmt.missing(header)))
    nearest, others = by_distance[0], by_distance[1:]
    lacks = ", ".join(nearest.missing(header))
    rest = "; ".join(f"{f.name} needs {', '.join(f.missing(header))}" for f in others)
    at = f"{where}: " if where else ""
    return (
        f"{at}the header ({found}) matches no known statement format; nearest: {nearest.name}, "
        f"which lacks {lacks}" + (f" (others: {rest})" if rest else "") + ". To read it, write "
        'a mapping that names its columns (README, "Reading statements") and pass --mapping FILE'
    )


@dataclass
class _BytesRead:
    """How far into the file a reader is, for the progress bar (0 where it cannot tell)."""

    count: int = 0


QUOTED_LINES_LIMIT = 50  # no real value runs longer; past it, a quote was never closed


class _QuoteRunaway(Exception):
    """A quoted value ran past QUOTED_LINES_LIMIT lines: the quote was stray."""


class _LineFeed:
    """The file's physical lines for csv.reader, remembering those the current record used."""

    def __init__(self, text: Iterator[str]) -> None:
        self.text = text
        self.used: list[str] = []

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if len(self.used) >= QUOTED_LINES_LIMIT:
            raise _QuoteRunaway
        line = next(self.text)
        self.used.append(line)
        return line

    def take(self) -> list[str]:
        used, self.used = self.used, []
        return used


def _text_records(path: Path, dialect: Dialect, done: _BytesRead) -> Generator[Record, None, None]:
    """Every record of a text file with its first line number, title block and header
    included. A stray quote never swallows the file: past QUOTED_LINES_LIMIT lines, or once
    its value outgrows what ``csv`` holds, the lines it took are given back one by one, read
    without quotes.

    Raises:
        StatementRefusal: a line longer than ``MAX_LINE_CHARS`` or a record of more than
            ``MAX_FIELDS`` cells, naming the file and line.
    """

    def unquoted(lines: list[str]) -> tuple[list[str], ...]:
        return tuple(line.rstrip("\r\n").split(dialect.delimiter) for line in lines)

    with open_binary(path) as raw:
        text = io.TextIOWrapper(raw, encoding=dialect.encoding, errors="replace", newline="")
        feed = _LineFeed(bounded_lines(text))
        number = 0
        while True:
            reader = csv.reader(feed, delimiter=dialect.delimiter)
            try:
                for cells in reader:
                    used = feed.take()
                    first, number = number + 1, number + len(used)
                    if first // PROGRESS_EVERY != number // PROGRESS_EVERY or first == 1:
                        done.count = raw.tell()
                    spread = unquoted(used) if len(used) > 1 else ()
                    source = Source(str(path), first)
                    yield Record(source, check_fields(cells, source), spread)
                return
            except (_QuoteRunaway, csv.Error):  # csv.Error: a value past csv's field limit
                for cells in unquoted(feed.take()):
                    number += 1
                    source = Source(str(path), number)
                    yield Record(source, check_fields(cells, source))


def _dialect(head: bytes, formats: Sequence[TextFormat]) -> Dialect:
    """Sniff the file; a single format that states its dialect (a user mapping) overrides."""
    dialect = sniff(head, lambda row: any(fmt.bind(row) is not None for fmt in formats))
    if len(formats) != 1:
        return dialect
    (fmt,) = formats
    return Dialect(
        encoding=fmt.encoding or dialect.encoding,
        delimiter=fmt.delimiter or dialect.delimiter,
        header_row=fmt.header_line - 1 if fmt.header_line else dialect.header_row,
    )


PROGRESS_EVERY = 50_000
Progress = Callable[[int, int], None]  # lines read, bytes read


def _map_records(
    records: Iterator[Record],
    layout: Layout,
    result: StatementRead,
    keep_lines: bool,
    progress: Progress | None,
    done: _BytesRead,
) -> None:
    """Map every record after the header, accounting for each one and adding it to the sums;
    lines are kept only with ``keep_lines``, so a large file streams in bounded memory."""
    counts = result.counts
    for record in records:
        before = counts.read
        _map_record(record, layout, result, keep_lines)
        if progress is not None and before // PROGRESS_EVERY != counts.read // PROGRESS_EVERY:
            progress(counts.read, done.count)


def _map_record(record: Record, layout: Layout, result: StatementRead, keep_lines: bool) -> None:
    """Account for one record (all the physical lines it covers) as accepted (perhaps with
    warnings), skipped or rejected. A record that ran over several lines and makes no sense
    is read again line by line without quotes, so a stray quote cannot drop the valid lines
    it swallowed."""
    counts = result.counts
    source, cells, spread = record
    skip = skip_reason(layout.fmt, layout.index, cells)
    line: StatementLine | None = None
    warnings: list[Problem] = []
    failure: Rejected | None = None
    try:
        if not skip:
            line, warnings = map_row(layout, cells, source)
    except Rejected as rejected:
        failure = rejected
    if spread and (skip or failure):
        for offset, line_cells in enumerate(spread):
            single = Source(source.file, (source.line or 0) + offset, sheet=source.sheet)
            _map_record(Record(single, line_cells), layout, result, keep_lines)
        return
    if skip:
        counts.read += 1
        result.skip(SkippedLine(source, skip))
        return
    if failure is not None:
        counts.read += 1
        result.reject(RejectedLine(source, failure.column, failure.reason))
        return
    assert line is not None
    counts.read += record.lines
    counts.accepted += record.lines
    result.warn(warnings)
    add_line(result.sums, line)
    if keep_lines:
        result.lines.append(line)


def _candidates(format_name: str, formats: Sequence[TextFormat]) -> Sequence[TextFormat]:
    return formats if format_name == "auto" else [f for f in formats if f.name == format_name]


def read_statement(
    path: Path,
    format_name: str = "auto",
    formats: Sequence[TextFormat] | None = None,
    *,
    keep_lines: bool = True,
    progress: Progress | None = None,
    bulk_min_bytes: int = BULK_MIN_BYTES,
) -> StatementRead:
    """Read one statement: delimited text, or an Excel workbook (``.xlsx``).

    Args:
        path: the file.
        format_name: a format's name, or ``auto`` to detect it from the header.
        formats: the formats to choose from (default: the shipped ones; or a user mapping).
        keep_lines: keep every canonical line in the result (else only the sums).
        progress: called with the lines and bytes read so far, every 50,000 lines.
        bulk_min_bytes: text files this large, when only the sums are wanted, are first read
            in bulk by DuckDB (``points.ingest.bulk``), which answers only for clean files.

    Raises:
        UnknownFormatError: the header fits no known format (nothing could be read).
        OSError: the file cannot be opened.
    """
    formats = formats or shipped_formats()
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        return _read_workbook(path, format_name, formats, keep_lines, progress)
    with open_binary(path) as raw:
        head = raw.read(HEAD_BYTES)
    kind = not_text(head)
    if kind is not None:
        what, advice = kind
        raise UnknownFormatError(f"not a statement export: it is {what}; {advice}")
    if format_name == DDEX_DSR.name or (format_name == "auto" and is_dsr(head)):
        return _read_dsr(path, format_name, keep_lines)
    dialect = _dialect(head, _candidates(format_name, formats) or formats)
    done = _BytesRead()
    records = _text_records(path, dialect, done)
    header: list[str] = []
    where = ""
    for source, cells, _ in records:
        if (source.line or 0) > dialect.header_row:
            header, where = cells, f"line {source.line}"
            break
    fmt, index, reason = detect_format(header, format_name, formats, where)
    result = StatementRead(str(path), fmt, reason)
    if not keep_lines and bulk_eligible(path, fmt, dialect, bulk_min_bytes):
        try:
            bulk = read_bulk(path, fmt, index, header, dialect, progress)
        except MemoryError:  # DuckDB's threads and buffers did not fit: read line by line,
            bulk = None  # which needs a bounded buffer
        if bulk is not None:
            records.close()
            result.bulk, result._sums = bulk, None
            result.counts = LineCounts(bulk.read, bulk.accepted, len(bulk.skipped), 0)
            result.skipped = bulk.skipped
            return result
    _map_records(records, Layout.of(fmt, index, header), result, keep_lines, progress, done)
    return result


@dataclass(frozen=True)
class IngestedFile:
    """One statement file read: its lines and account, or why it could not be read at all."""

    path: Path
    read: StatementRead | None
    error: str | None

    @property
    def sums(self) -> dict[AggregateKey, Amounts]:
        """In no particular order; the reports sort what they show."""
        return {} if self.read is None else self.read.sums

    @property
    def totals(self) -> dict[str, Amounts]:
        return {} if self.read is None else self.read.totals()

    def by_recording(self) -> dict[str, dict[str, Amounts]]:
        """Units and net per recording (ISRC, ``upc:…``, ``title:…``), per currency."""
        return {} if self.read is None else self.read.by_recording()


def ingest_files(
    paths: list[Path],
    format_name: str = "auto",
    formats: Sequence[TextFormat] | None = None,
    progress: Callable[[Path], Progress | None] | None = None,
) -> list[IngestedFile]:
    """Read each statement file and aggregate its lines as they stream past; a file that
    cannot be read at all (unknown format, unreadable) is reported, and the others are read.

    Args:
        progress: given a file, returns a callback for lines read so far (or None).
    """
    results = []
    for path in paths:
        try:
            read = read_statement(
                path,
                format_name,
                formats,
                keep_lines=False,
                progress=progress(path) if progress else None,
            )
        except (UnknownFormatError, StatementRefusal, OSError) as error:
            message = (error.strerror or str(error)) if isinstance(error, OSError) else str(error)
            results.append(IngestedFile(path, None, message))
            continue
        results.append(IngestedFile(path, read, None))
    return results


def _read_dsr(path: Path, format_name: str, keep_lines: bool) -> StatementRead:
    """A DSR, summed as its lines are made; the lines are kept only with ``keep_lines``."""
    why = "forced with --format" if format_name != "auto" else "detected from its HEAD record"
    result = StatementRead(str(path), DDEX_DSR, f"{DDEX_DSR.title}: {why}")
    dsr = read_dsr(path, result)
    sums: dict[AggregateKey, Amounts] = {}
    for line in dsr.lines:
        add_line(sums, line)
        result.counts.accepted += 1
        if keep_lines:
            result.lines.append(line)
    result._sums = sorted_sums(sums)
    result.counts.read = dsr.total
    result.notes = dsr.notes
    return result


HEADER_SEARCH_ROWS = 40


def _read_workbook(
    path: Path,
    format_name: str,
    formats: Sequence[TextFormat],
    keep_lines: bool,
    progress: Progress | None,
) -> StatementRead:
    """Read every sheet whose header (within its first rows) fits a format; sheets without one
    (summaries, charts) are named in the reason and passed over."""
    result: StatementRead | None = None
    passed_over: list[str] = []
    candidates = _candidates(format_name, formats) or formats
    for title, records in sheets(path):
        found = None
        for source, cells, _ in records:
            if any(fmt.bind(cells) is not None for fmt in candidates):
                found = (*detect_format(cells, format_name, formats), cells)
                break
            if (source.line or 0) >= HEADER_SEARCH_ROWS:
                break
        if found is None:
            passed_over.append(title)
            continue
        fmt, index, reason, header = found
        if result is None:
            result = StatementRead(str(path), fmt, f"{reason}, sheet {title!r}")
        elif fmt is not result.format:
            passed_over.append(f"{title} ({fmt.name})")
            continue
        else:
            result.reason += f", sheet {title!r}"
        layout = Layout.of(fmt, index, header)
        _map_records(records, layout, result, keep_lines, progress, _BytesRead())
    if result is None:
        raise UnknownFormatError(
            f"no sheet of the workbook has a known statement header "
            f"(sheets: {', '.join(passed_over)})"
        )
    if passed_over:
        result.reason += f"; passed over sheet(s) {', '.join(map(repr, passed_over))}"
    return result
