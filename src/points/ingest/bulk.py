"""The fast path for large delimited-text statements: DuckDB reads and aggregates the file in
one scan, and its answer is used only when it proves every line clean.

Nothing is decided twice in two languages. Each value a sum is keyed on (the ISRC or UPC, the
territory, the reporting date, the currency) comes back from DuckDB as the raw text in its group
key, and every other value that decides whether a line is taken or skipped (the sale date, the
store that sets the channel, the not-income marker) comes back as a distinct value in a side
grouping set; each is then read by the very parser the per-line reader uses. Amounts and the
UPC beside an ISRC are checked per row against the plain form the per-line reader reads the
same way (``-0.00031410``: no grouping, currency marks or exponents); blank and totals rows by
the same predicates as ``read.py``, in ASCII only. Each group says whether all its lines were
clean, or all skippable.

Any line that is neither clean nor skipped, any line DuckDB rejects or cannot parse (mixed or
lone ``\r`` line ends, a stray quote), or a value spanning lines makes ``read_bulk`` return
``None``, and the caller reads the file line by line: the two readers cannot disagree about a
file. A property test checks they agree on generated files
(tests/property/test_bulk_equivalence.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from points.ingest.aggregate import AggregateKey, Amounts
from points.ingest.formats.base import ColumnIndex, Field, TextFormat
from points.ingest.sniff import Dialect
from points.ingest.values import (
    normalise_isrc,
    normalise_upc,
    parse_month,
    parse_territory,
)
from points.model.contracts import Channel
from points.model.periods import Month
from points.money import CONTEXT

__all__ = ["BULK_MIN_BYTES", "BulkRead", "bulk_eligible", "read_bulk"]

BULK_MIN_BYTES = 64 * 1024 * 1024  # below this the per-line reader is quick enough
_ENCODINGS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "latin-1": "latin-1", "cp1252": "latin-1"}
# What str.strip() removes from ASCII text; the text compared in SQL is checked to be ASCII.
_ASCII_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_AMOUNT = r"[+-]?([0-9]{1,20}(\.[0-9]{0,18})?|\.[0-9]{1,18})"
_BARCODE = r"[0-9]{8}|[0-9]{12,14}"
_TOTALS = ("total", "totals", "grand total", "subtotal", "sub total", "sum")
_BLANK = ("", "n/a", "-")
_CHANNELS = list(Channel)
# The grouping sets of the query, told apart by GROUPING(isrc, sale, store, kind).
_SUMS, _SALE_DATES, _STORES, _KINDS = 0b0111, 0b1011, 0b1101, 0b1110


@dataclass(frozen=True)
class BulkRead:
    """The sums of a file read in bulk, and the account of its lines after the header."""

    sums: dict[AggregateKey, Amounts]
    read: int
    accepted: int
    skipped: int


def bulk_eligible(path: Path, fmt: TextFormat, dialect: Dialect, min_bytes: int) -> bool:
    """Whether the bulk reader may try this file: large, plain (not gzip), in an encoding DuckDB
    reads itself, with the header on the first line and amounts written with a decimal point,
    and at most one column marking lines that are not income."""
    return (
        path.suffix.casefold() != ".gz"
        and path.stat().st_size >= min_bytes
        and dialect.encoding in _ENCODINGS
        and dialect.header_row == 0
        and not fmt.decimal_comma
        and len(fmt.not_income) <= 1
    )


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _values(texts: Sequence[str]) -> str:
    return "(" + ", ".join(map(_quote, texts)) + ")" if texts else "(NULL)"


class _Sql:
    """The SQL for one format bound to one header, over the raw columns ``c0``, ``c1``, …"""

    def __init__(self, fmt: TextFormat, index: ColumnIndex, width: int) -> None:
        self.fmt = fmt
        self.index = index
        self.width = width

    def raw(self, name: Field) -> str:
        """The field's text: its column as written, or, where several columns feed it, the
        first non-blank one trimmed (Python then checks that it is not blank to it either)."""
        positions = self.index.get(name, ())
        if not positions:
            return "NULL::VARCHAR"
        if len(positions) == 1:
            return f"c{positions[0]}"
        return f"coalesce({', '.join(f'cell(c{i})' for i in positions)})"

    def present(self, name: Field) -> str:
        return f"(cell({self.raw(name)}) IS NOT NULL)"

    def channel(self) -> str:
        """The channel as its position in ``_CHANNELS`` (an integer groups faster)."""
        rule = self.fmt.channel
        cases = " ".join(
            f"WHEN {_quote(key)} THEN {_CHANNELS.index(channel)}"
            for key, channel in rule.values.items()
        )
        default = _CHANNELS.index(rule.default)
        return f"CASE lower(trim({self.raw(rule.field)})) {cases} ELSE {default} END"

    def kind(self) -> str:
        names = list(self.fmt.not_income) or [Field.PRODUCT_KIND]
        return self.raw(names[0])

    def not_income(self) -> str:
        values = next(iter(self.fmt.not_income.values()), ())
        return f"coalesce(lower(trim({self.kind()})) IN {_values(values)}, false)"

    def blank_or_totals(self) -> str:
        """Every cell blank, or some cell reads 'Total' (``read._is_totals_row``), in ASCII:
        asked only of rows without an ISRC or UPC, as the per-line reader does."""
        space = _quote(_ASCII_SPACE)
        blank = " AND ".join(f"coalesce(trim(c{i}, {space}) = '', true)" for i in range(self.width))
        totals = " OR ".join(
            f"coalesce(strlen(c{i}) = length(c{i}) AND "
            f"rtrim(lower(trim(c{i}, {space})), ':') IN {_values(_TOTALS)}, false)"
            for i in range(self.width)
        )
        return f"({blank}) OR ({totals})"

    def clean(self) -> str:
        """The per-row checks: amounts in plain form, a plain barcode beside an ISRC, and no
        line break in the columns Python does not see (a quoted value over several lines)."""
        checks = [f"regexp_full_match({self.raw(Field.NET)}, {_quote(_AMOUNT)})"]
        for name, form in (
            (Field.UNITS, _AMOUNT),
            (Field.GROSS, _AMOUNT),
            (Field.EXCHANGE_RATE, _AMOUNT),
            (Field.UPC, _BARCODE),
        ):
            value = self.raw(name)
            checks.append(
                f"coalesce({value}, '') = '' OR regexp_full_match({value}, {_quote(form)})"
            )
        seen = {Field.REPORTING_DATE, Field.SALE_DATE, Field.TERRITORY, Field.ISRC, Field.UPC}
        seen |= {Field.UNITS, Field.NET, Field.GROSS, Field.EXCHANGE_RATE, Field.CURRENCY}
        seen |= {self.fmt.channel.field, *self.fmt.not_income}
        unseen = [
            f"c{i}"
            for i in range(self.width)
            if not any(i in self.index.get(name, ()) for name in seen)
        ]
        if unseen:
            joined = f"concat({', '.join(unseen)})"
            checks.append(f"NOT (contains({joined}, chr(10)) OR contains({joined}, chr(13)))")
        return " AND ".join(f"({check})" for check in checks)

    def query(self, path: Path, dialect: Dialect) -> str:
        """One scan: the main grouping set sums each key's lines and says, per group, whether
        every line in it was clean, or skippable as blank or totals; the side sets list the
        distinct values Python must read itself."""
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.width))
        units, net = self.raw(Field.UNITS), self.raw(Field.NET)
        scale = "CASE WHEN strpos({0}, '.') > 0 THEN length({0}) - strpos({0}, '.') ELSE 0 END"
        no_ids = f"NOT {self.present(Field.ISRC)} AND NOT {self.present(Field.UPC)}"
        return f"""
        WITH raw AS (
            SELECT * FROM read_csv({_quote(str(path))}, delim = {_quote(dialect.delimiter)},
                header = false, skip = 1, auto_detect = false, columns = {{{columns}}},
                quote = '"', escape = '"', strict_mode = true, null_padding = false,
                encoding = {_quote(_ENCODINGS[dialect.encoding])}, store_rejects = true)
        ),
        keyed AS (
            SELECT {self.raw(Field.ISRC)} AS isrc,
                {self.present(Field.ISRC)} AS has_isrc,
                CASE WHEN {self.present(Field.ISRC)} THEN NULL ELSE {self.raw(Field.UPC)} END
                    AS upc,
                {self.channel()} AS channel,
                {self.raw(Field.TERRITORY)} AS territory,
                {self.raw(Field.REPORTING_DATE)} AS reporting,
                {self.raw(Field.CURRENCY)} AS currency,
                {self.not_income()} AS not_income,
                {self.raw(Field.SALE_DATE)} AS sale,
                {self.raw(self.fmt.channel.field)} AS store,
                {self.kind()} AS kind,
                {self.clean()} AS clean,
                CASE WHEN {no_ids} THEN {self.blank_or_totals()} ELSE false END AS skippable,
                coalesce(TRY_CAST({units} AS DECIMAL(38, 18)), 0) AS units,
                TRY_CAST({net} AS DECIMAL(38, 18)) AS net,
                CASE WHEN TRY_CAST({units} AS DECIMAL(38, 18)) <> 0
                    THEN {scale.format(units)} ELSE 0 END AS units_scale,
                {scale.format(net)} AS net_scale
            FROM raw
        )
        SELECT GROUPING(isrc, sale, store, kind) AS grouping_set,
            isrc, has_isrc, upc, channel, territory, reporting, currency, not_income,
            sale, store, kind, bool_and(clean), bool_and(skippable),
            sum(units), sum(net), count(*), max(units_scale), max(net_scale)
        FROM keyed
        GROUP BY GROUPING SETS (
            (isrc, has_isrc, upc, channel, territory, reporting, currency, not_income),
            (sale), (store, channel), (kind, not_income)
        )
        """


def _macros(connection: Any) -> None:
    connection.execute(
        f"CREATE TEMP MACRO cell(x) AS "
        f"CASE WHEN lower(trim(x)) IN {_values(_BLANK)} THEN NULL ELSE trim(x) END"
    )


def _count_lines(path: Path) -> int:
    """The file's physical lines. Only ``\\n`` is counted: DuckDB's strict mode refuses a file
    whose lines end otherwise than all ``\\n`` or all ``\\r\\n``, as ``csv`` would read them."""
    newlines = 0
    last = b""
    with path.open("rb") as raw:
        while chunk := raw.read(16 * 1024 * 1024):
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    return newlines + (1 if last not in (b"", b"\n") else 0)


def read_bulk(
    path: Path,
    fmt: TextFormat,
    index: ColumnIndex,
    header: Sequence[str],
    dialect: Dialect,
    progress: Callable[[int, int], None] | None = None,
) -> BulkRead | None:
    """Read and aggregate the whole file in DuckDB; ``None`` unless every line is accounted for
    as clean or skipped, in which case the caller reads the file line by line instead."""
    import duckdb  # imported here: only large files need it, and it takes a while to load

    sql = _Sql(fmt, index, len(header))
    connection = duckdb.connect()
    try:
        connection.execute("SET enable_progress_bar = false")
        connection.execute("SET preserve_insertion_order = false")
        _macros(connection)
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["rows"] = connection.execute(sql.query(path, dialect)).fetchall()
                outcome["rejects"] = connection.execute(
                    "SELECT count(*) FROM reject_errors"
                ).fetchone()
            except duckdb.Error as error:
                outcome["error"] = error

        worker = threading.Thread(target=run, name="points-bulk-read")
        worker.start()
        try:
            lines = _count_lines(path)  # meanwhile, in this thread: DuckDB releases the GIL
            size = path.stat().st_size
            while worker.is_alive():
                worker.join(0.2)
                share = connection.query_progress() if worker.is_alive() else 100.0
                if progress is not None and share >= 0:
                    progress(int(lines * share / 100), int(size * share / 100))
        finally:
            worker.join()
    finally:
        connection.close()
    if "error" in outcome or outcome["rejects"][0]:
        return None
    return _account(outcome["rows"], fmt, index, lines - 1)


class _Unclean(Exception):
    """A value the per-line reader would read otherwise than the bulk reader did."""


def _cell(value: str | None, *, chosen: bool = False) -> str | None:
    """The text as the per-line reader's ``_cell`` has it (``str.strip`` trims every kind of
    white space; 'n/a' and '-' are blank). ``chosen``: SQL picked it as the first non-blank of
    several columns, so it must not be blank here either. A line break means a quoted value
    ran over lines, which the per-line reader counts as more lines."""
    if value is None:
        return None
    if "\n" in value or "\r" in value:
        raise _Unclean(value)
    text = value.strip()
    if text.casefold() in _BLANK:
        if chosen:
            raise _Unclean(value)
        return None
    return text


class _Group(NamedTuple):
    """One row of the query's result: a group of one of its grouping sets."""

    grouping_set: int
    isrc: str | None
    has_isrc: bool
    upc: str | None
    channel: int
    territory: str | None
    reporting: str | None
    currency: str | None
    not_income: bool
    sale: str | None
    store: str | None
    kind: str | None
    clean: bool
    skippable: bool
    units: Decimal
    net: Decimal
    lines: int
    units_scale: int
    net_scale: int


class _Reader:
    """Reads the groups' text with the per-line reader's own parsers."""

    def __init__(self, fmt: TextFormat, index: ColumnIndex) -> None:
        self.fmt = fmt
        self.several = {name for name, positions in index.items() if len(positions) > 1}
        self.memo: tuple[dict[Any, str], dict[Any, str], dict[Any, Month], dict[Any, str]] = (
            {},
            {},
            {},
            {},
        )

    def cell(self, name: Field, value: str | None) -> str | None:
        return _cell(value, chosen=name in self.several and value is not None)

    def check(self, group: _Group) -> None:
        """A distinct value of a side grouping set, read as the per-line reader would."""
        fmt = self.fmt
        if group.grouping_set == _SALE_DATES:
            sale = self.cell(Field.SALE_DATE, group.sale)
            if sale is not None:
                parse_month(sale, fmt.date_formats)
        elif group.grouping_set == _STORES:
            store = self.cell(fmt.channel.field, group.store)
            if fmt.channel.channel(store) is not _CHANNELS[group.channel]:
                raise _Unclean(group.store)
        elif group.grouping_set == _KINDS:
            names = list(fmt.not_income) or [Field.PRODUCT_KIND]
            kind = self.cell(names[0], group.kind) or ""
            marks = next(iter(fmt.not_income.values()), ())
            if (kind.casefold() in marks) != group.not_income:
                raise _Unclean(group.kind)

    def key(self, group: _Group) -> AggregateKey:
        """The aggregate key of a group of accepted lines, as ``AggregateKey.of`` makes it.
        Each distinct text is read once: a large file has 10^5 groups but few dates."""
        recordings, territories, months, currencies = self.memo
        recording_text = (group.isrc, group.has_isrc, group.upc)
        recording = recordings.get(recording_text)
        if recording is None:
            recording = recordings[recording_text] = self.recording(group)
        territory = territories.get(group.territory)
        if territory is None:
            text = self.cell(Field.TERRITORY, group.territory)
            territory = "" if text is None else parse_territory(text) or ""
            territories[group.territory] = territory
        month = months.get(group.reporting)
        if month is None:
            reporting = self.cell(Field.REPORTING_DATE, group.reporting)
            if reporting is None:
                raise _Unclean("no reporting date")
            month = months[group.reporting] = parse_month(reporting, self.fmt.date_formats)
        currency = currencies.get(group.currency)
        if currency is None:
            text = self.cell(Field.CURRENCY, group.currency) or self.fmt.currency
            if text is None:
                raise _Unclean("no currency")
            currency = currencies[group.currency] = text.upper()
        return AggregateKey(recording, _CHANNELS[group.channel], territory, month, currency)

    def recording(self, group: _Group) -> str:
        """The ISRC, or the UPC of an album line; SQL and Python must agree which it is."""
        isrc = self.cell(Field.ISRC, group.isrc)
        if group.has_isrc:
            code = None if isrc is None else normalise_isrc(isrc)
            if code is None:
                raise _Unclean(group.isrc)
            return code
        upc = self.cell(Field.UPC, group.upc)
        if isrc is not None or upc is None:
            raise _Unclean(group.upc)
        return f"upc:{normalise_upc(upc)}"


def _account(
    rows: list[tuple[Any, ...]], fmt: TextFormat, index: ColumnIndex, lines_after_header: int
) -> BulkRead | None:
    """Turn DuckDB's groups into sums and a line account; ``None`` if a line is unclean or the
    rows and blank lines do not add up to the file's lines."""
    reader = _Reader(fmt, index)
    sums: dict[AggregateKey, Amounts] = {}
    counted = skipped = 0
    try:
        for group in map(_Group._make, rows):
            if group.grouping_set != _SUMS:
                reader.check(group)
                continue
            counted += group.lines
            if group.not_income or group.skippable:  # each marker was read in the side set
                skipped += group.lines
                continue
            if not group.clean:
                return None
            key = reader.key(group)
            units, net = _exact(group.units, group.units_scale), _exact(group.net, group.net_scale)
            # DuckDB numbers no lines: the span is the file's data lines (header on line 1)
            amounts = Amounts(units, net, group.lines, 2, 1 + lines_after_header)
            earlier = sums.get(key)
            sums[key] = amounts if earlier is None else earlier + amounts  # 'UK' meets 'GB'
    except (_Unclean, ValueError):
        return None
    blank_lines = lines_after_header - counted  # DuckDB passes over empty lines
    if blank_lines < 0:
        return None
    return BulkRead(sums, lines_after_header, counted - skipped, skipped + blank_lines)


_PLACES = [Decimal(1).scaleb(-scale) for scale in range(19)]


def _exact(value: Decimal, scale: int) -> Decimal:
    """DuckDB's 18-place sum written with the places the per-line sum has: the most any of
    the group's amounts was written with (Decimal addition keeps the finer exponent)."""
    return value.quantize(_PLACES[scale], context=CONTEXT)
