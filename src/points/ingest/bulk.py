"""The fast path for large delimited-text statements: DuckDB reads and aggregates the file in
one scan, and its answer is used only when it proves every line clean.

Nothing is decided twice in two languages. The values a sum is keyed on (the ISRC and UPC, the
territory, the reporting date, the currency) are grouped as raw text, and the other values that
decide whether a line is taken (the sale date, the store that sets the channel, the
not-income marker) come back as distinct combinations in a side grouping set; Python reads
each distinct text once, with the very parsers the per-line reader uses. Amounts are checked
per row against the plain form the per-line reader reads the same way (``-0.00031410``: no
grouping, currency marks or exponents); blank and totals rows by the same predicates as
``rows.skip_reason``, in ASCII only. The lines skipped (with their reasons) are found by
number in the file's bytes (``points.ingest.scan``), and must be exactly those DuckDB skipped.

Amounts are read as 64-bit decimals where the file's first lines show they fit, and a line
that does not fit sends the file through DuckDB again with 128-bit decimals (``_Casts``).

Any line that is neither clean nor skipped, any line DuckDB rejects or cannot parse (mixed or
lone ``\r`` line ends, a stray quote), rows that are not the file's lines one for one (a
quoted value over several lines), or skipped lines not found one for one in the bytes, makes
``read_bulk`` return ``None``, and the caller reads the file line by line: the two readers
cannot disagree about a file. A property test checks they agree on generated files
(tests/property/test_bulk_equivalence.py).

The groups stay in a DuckDB table: the totals per currency and per recording are added up
there, and the sums per key are built in Python only when a caller asks for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from points.ingest.aggregate import NO_AMOUNTS, AggregateKey, Amounts
from points.ingest.formats.base import ColumnIndex, Field, TextFormat
from points.ingest.rows import SkippedLine
from points.ingest.scan import Skipped, count_lines, skipped_lines
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
_UNCLEAN = 99  # the scale of a group with an amount not in plain form


@dataclass(frozen=True)
class _Casts:
    """How the units and net amount are read: their SQL types, and the plain forms a line's
    text must have to be clean, which admit only values the type holds exactly."""

    units: str
    units_form: str
    net: str
    net_form: str
    whole_units: bool  # units are whole numbers: their sums have no places


# 128-bit decimals for any plain amount, as the per-line reader reads them.
_WIDE = _Casts("DECIMAL(38, 18)", _AMOUNT, "DECIMAL(38, 18)", _AMOUNT, whole_units=False)
# 64-bit decimals (about 6% fewer instructions per line) where the file's first lines show whole
# units and amounts of at most 8 digits before the point and 10 after (``narrow_query``); a line
# beyond them is not clean in this reading, and the file is read again with ``_WIDE``.
_NARROW = _Casts(
    "DECIMAL(18, 0)",
    r"[+-]?[0-9]{1,17}",
    "DECIMAL(18, 10)",
    r"[+-]?([0-9]{1,8}(\.[0-9]{0,10})?|\.[0-9]{1,10})",
    whole_units=True,
)
# places after the point; the text is plain (ASCII) wherever the figure is used
_SCALE = "CASE WHEN strpos({0}, '.') > 0 THEN strlen({0}) - strpos({0}, '.') ELSE 0 END"
_SHORTEST_CODE = 8  # no ISRC (12) or UPC/EAN (8 to 14 digits) is written shorter
_TOTALS = ("total", "totals", "grand total", "subtotal", "sub total", "sum")
_BLANK = ("", "n/a", "-")
_CHANNELS = list(Channel)
# The file's first lines choose the amounts' casts (``narrow_query``) and the store's spellings
# the channel is matched on as written, before lowering and trimming (``spellings_query``).
_SAMPLE_LINES = 10_000
_MOST_SPELLINGS = 32
# The grouping sets of the query, told apart by GROUPING(isrc, sale): the sums, and the
# distinct combinations of the other values that decide how a line is read (a few hundred).
_SUMS, _SIDE = 0b01, 0b10


@dataclass(frozen=True)
class BulkRead:
    """The account of a file read in bulk (its lines after the header), its totals per
    currency and per recording, and its sums. The sums stay in DuckDB until ``sums`` is
    called: a report of the file needs only the totals, and building 10^5 keys in Python
    would take longer than DuckDB takes to read the file."""

    read: int
    accepted: int
    skipped: list[SkippedLine]  # in line order
    totals: dict[str, Amounts]
    by_recording: dict[str, dict[str, Amounts]]
    sums: Callable[[], dict[AggregateKey, Amounts]]


def bulk_eligible(path: Path, fmt: TextFormat, dialect: Dialect, min_bytes: int) -> bool:
    """Whether the bulk reader may try this file: large, plain (not gzip), in an encoding DuckDB
    reads itself, with the header on the first line and amounts written with a decimal point,
    at most one column marking lines that are not income, and no second currency (TuneCore's
    ``Net Sales``, which the per-line reader keeps)."""
    return (
        Field.OTHER_CURRENCY not in fmt.columns
        and path.suffix.casefold() != ".gz"
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

    def __init__(
        self,
        fmt: TextFormat,
        index: ColumnIndex,
        width: int,
        spellings: Sequence[str] = (),
        casts: _Casts = _WIDE,
    ) -> None:
        self.fmt = fmt
        self.index = index
        self.width = width
        self.spellings = spellings  # of the store, most used first (``spellings_query``)
        self.casts = casts

    def raw(self, name: Field) -> str:
        """The field's text: its column as written, or, where several columns feed it, the
        first non-blank one trimmed (Python then checks that it is not blank to it either)."""
        positions = self.index.get(name, ())
        if not positions:
            return "NULL::VARCHAR"
        if len(positions) == 1:
            return f"c{positions[0]}"
        return f"coalesce({', '.join(f'cell(c{i})' for i in positions)})"

    def channel(self) -> str:
        """The channel as its position in ``_CHANNELS`` (an integer groups faster): for the
        store's spellings in ``spellings``, as Python reads each; for any other, by the store
        lowered and trimmed. Python reads each distinct store again and checks that it agrees."""
        rule = self.fmt.channel
        cases = " ".join(
            f"WHEN {_quote(key)} THEN {_CHANNELS.index(channel)}"
            for key, channel in rule.values.items()
        )
        default = _CHANNELS.index(rule.default)
        if not cases:
            return str(default)
        store = self.raw(rule.field)
        lowered = f"CASE lower(trim({store})) {cases} ELSE {default} END"
        exact = " ".join(
            f"WHEN {_quote(text)} THEN {_CHANNELS.index(rule.channel(_cell(text)))}"
            for text in self.spellings
            if "\n" not in text and "\r" not in text  # which ``_cell`` refuses
        )
        return f"CASE {store} {exact} ELSE {lowered} END" if exact else lowered

    def spellings_query(self, path: Path, dialect: Dialect) -> str:
        """The store's spellings in the file's first lines, most used first."""
        return f"""
        SELECT store FROM (
            SELECT {self.raw(self.fmt.channel.field)} AS store
            FROM {self.source(path, dialect, rejects=False)} LIMIT {_SAMPLE_LINES}
        ) WHERE store IS NOT NULL
        GROUP BY store ORDER BY count(*) DESC, store LIMIT {_MOST_SPELLINGS}
        """

    def kind(self) -> str:
        names = list(self.fmt.not_income) or [Field.PRODUCT_KIND]
        return self.raw(names[0])

    def not_income(self) -> str:
        values = tuple(next(iter(self.fmt.not_income.values()), {}))
        if not values:
            return "false"
        return f"coalesce(lower(trim({self.kind()})) IN {_values(values)}, false)"

    def short(self) -> str:
        """Whether the ISRC and UPC are both too short to be codes: such a line can only be
        skipped (blank, or a totals row), which ``skip_query`` checks with a second scan."""
        return " AND ".join(
            f"coalesce(strlen({self.raw(name)}), 0) < {_SHORTEST_CODE}"
            for name in (Field.ISRC, Field.UPC)
        )

    def blank_or_totals(self) -> str:
        """Every cell blank, or some cell reads 'Total' (``rows.skip_reason``), in ASCII.
        Python then checks that the ISRC and UPC are blank to it, as the per-line reader asks."""
        space = _quote(_ASCII_SPACE)
        blank = " AND ".join(f"coalesce(trim(c{i}, {space}) = '', true)" for i in range(self.width))
        totals = " OR ".join(
            f"coalesce(strlen(c{i}) = length(c{i}) AND "
            f"rtrim(lower(trim(c{i}, {space})), ':') IN {_values(_TOTALS)}, false)"
            for i in range(self.width)
        )
        return f"({blank}) OR ({totals})"

    def clean(self) -> str:
        """The per-row check: amounts in the plain form the per-line reader reads the same
        way. Never NULL: a missing amount is not clean. (A quoted value over several lines
        shows in the count of lines instead: ``_account``.)"""
        forms = {
            Field.UNITS: self.casts.units_form,
            Field.GROSS: _AMOUNT,
            Field.EXCHANGE_RATE: _AMOUNT,
        }
        checks = [f"regexp_full_match({self.raw(Field.NET)}, {_quote(self.casts.net_form)})"]
        for name, form in forms.items():
            if name in self.index:
                value = self.raw(name)
                checks.append(
                    f"coalesce({value}, '') = '' OR regexp_full_match({value}, {_quote(form)})"
                )
        return f"coalesce({' AND '.join(f'({check})' for check in checks)}, false)"

    def keys(self) -> list[str]:
        """The main grouping set: the raw texts of the key and what decides whether a line
        is taken, leaving out what the format cannot vary (each key costs time per row)."""
        keys = ["isrc", "upc", "channel", "territory", "reporting", "returns", "skippable"]
        if Field.CURRENCY in self.index:
            keys.append("currency")
        if self.fmt.not_income:
            keys.append("not_income")
        return keys

    def source(self, path: Path, dialect: Dialect, *, rejects: bool = True) -> str:
        """The file's lines after the header as rows of raw text; rejects are recorded, or,
        without ``rejects``, refused."""
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(self.width))
        return f"""read_csv({_quote(str(path))}, delim = {_quote(dialect.delimiter)},
            header = false, skip = 1, auto_detect = false, columns = {{{columns}}},
            quote = '"', escape = '"', strict_mode = true, null_padding = false,
            encoding = {_quote(_ENCODINGS[dialect.encoding])},
            store_rejects = {str(rejects).lower()})"""

    def query(self, path: Path, dialect: Dialect) -> str:
        """One scan into the table ``groups``. The main grouping set sums each raw key's
        lines; its ``net_scale`` is the most decimal places of any of its amounts, or
        ``_UNCLEAN`` if one is not plain. The side set lists the distinct combinations of
        the values Python must read itself. Keys stay raw text: Python reads each distinct
        one once. Lines with no code (``skippable``) are proven blank or totals rows by
        ``skip_query``: checking every line here would read every column of the file."""
        units, net = self.raw(Field.UNITS), self.raw(Field.NET)
        units_scale = (
            "0"
            if self.casts.whole_units
            else f"CASE WHEN units <> 0 THEN {_SCALE.format(units)} ELSE 0 END"
        )
        keys = self.keys()
        fixed = {"currency": "NULL::VARCHAR", "not_income": "false"}  # unless in the keys
        chosen = ", ".join(name if name in keys else f"{fixed[name]} AS {name}" for name in fixed)
        marks = "not_income" in keys  # else the kind of product decides nothing
        side = ["sale", "store", "channel", "skippable"] + (["kind", "not_income"] if marks else [])
        return f"""
        CREATE TEMP TABLE groups AS
        WITH keyed AS (
            SELECT {self.raw(Field.ISRC)} AS isrc,
                {self.raw(Field.UPC)} AS upc,
                {self.channel()} AS channel,
                {self.raw(Field.TERRITORY)} AS territory,
                {self.raw(Field.REPORTING_DATE)} AS reporting,
                {self.raw(Field.CURRENCY)} AS currency,
                {self.not_income()} AS not_income,
                {self.short()} AS skippable,
                {self.raw(Field.SALE_DATE)} AS sale,
                {self.raw(self.fmt.channel.field)} AS store,
                {self.kind()} AS kind,
                coalesce(TRY_CAST({units} AS {self.casts.units}), 0) AS units,
                TRY_CAST({net} AS {self.casts.net}) AS net,
                coalesce(TRY_CAST({net} AS {self.casts.net}) < 0, false) AS returns,
                {units_scale} AS units_scale,
                CASE WHEN {self.clean()} THEN {_SCALE.format(net)} ELSE {_UNCLEAN} END
                    AS net_scale
            FROM {self.source(path, dialect)}
        )
        SELECT GROUPING(isrc, sale) AS grouping_set,
            isrc, upc, channel, territory, reporting, returns, {chosen}, skippable,
            sale, store, {"kind" if marks else "NULL::VARCHAR AS kind"},
            sum(units) AS units, sum(net) AS net, count(*) AS lines,
            max(units_scale) AS units_scale, max(net_scale) AS net_scale
        FROM keyed
        GROUP BY GROUPING SETS (({", ".join(keys)}), ({", ".join(side)}))
        """

    def narrow_query(self, path: Path, dialect: Dialect) -> str:
        """Whether the units and amounts of the file's first lines (those in plain form) all
        have the forms ``_NARROW`` reads exactly."""
        units, net = self.raw(Field.UNITS), self.raw(Field.NET)
        return f"""
        SELECT coalesce(bool_and(
            (coalesce(units, '') = '' OR regexp_full_match(units, {_quote(_NARROW.units_form)}))
            AND regexp_full_match(net, {_quote(_NARROW.net_form)})), false)
        FROM (
            SELECT {units} AS units, {net} AS net
            FROM {self.source(path, dialect, rejects=False)} LIMIT {_SAMPLE_LINES}
        ) WHERE regexp_full_match(net, {_quote(_AMOUNT)})
        """

    def skip_query(self, path: Path, dialect: Dialect) -> str:
        """A second scan, for a file with lines that have no code: how many of them are not
        blank or totals rows (the per-line reader would take those as income by title)."""
        return f"""
        SELECT count(*) FROM {self.source(path, dialect)}
        WHERE ({self.short()}) AND NOT {self.not_income()} AND NOT ({self.blank_or_totals()})
        """


def _macros(connection: Any) -> None:
    connection.execute(
        f"CREATE TEMP MACRO cell(x) AS "
        f"CASE WHEN lower(trim(x)) IN {_values(_BLANK)} THEN NULL ELSE trim(x) END"
    )


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

    try:
        connection = duckdb.connect()
    except (duckdb.Error, MemoryError):  # no memory for it: the per-line reader needs little
        return None
    answer = None
    try:
        connection.execute("SET enable_progress_bar = false")
        _macros(connection)
        head = _Sql(fmt, index, len(header))
        spellings = _first(connection, head.spellings_query(path, dialect))
        narrow = _first(connection, head.narrow_query(path, dialect)) == [True]
        sql = _Sql(fmt, index, len(header), spellings, _NARROW if narrow else _WIDE)
        connection.execute("SET preserve_insertion_order = false")
        read, lines = _scan(connection, sql.query(path, dialect), path, progress)
        if read and narrow and connection.execute(_TOO_NARROW).fetchall() != [(0,)]:
            connection.execute("DROP TABLE groups")
            sql = _Sql(fmt, index, len(header), spellings, _WIDE)
            read, _ = _scan(connection, sql.query(path, dialect), path, progress, lines)
        if read:
            skips = sql.skip_query(path, dialect)
            reader = _Reader(fmt, index)
            answer = _account(connection, reader, path, dialect, lines - 1, skips)
    finally:
        if answer is None:
            connection.close()
    return answer


def _first(connection: Any, query: str) -> list[Any]:
    """The first column of a query over the file's first lines; nothing if DuckDB cannot
    read them (the main query then meets the fault and says so)."""
    import duckdb

    try:
        rows = connection.execute(query).fetchall()
    except duckdb.Error:
        return []
    return [row[0] for row in rows]


def _scan(
    connection: Any,
    query: str,
    path: Path,
    progress: Callable[[int, int], None] | None,
    lines: int | None = None,
) -> tuple[bool, int]:
    """Run the main query, reporting its progress: whether DuckDB read every line, and the
    file's lines, counted meanwhile in this thread (DuckDB releases the GIL) unless given."""
    import duckdb

    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            connection.execute(query)
            outcome["rejects"] = connection.execute("SELECT count(*) FROM reject_errors").fetchone()
        except (duckdb.Error, MemoryError) as error:  # the caller reads the file line by line
            outcome["error"] = error

    worker = threading.Thread(target=run, name="points-bulk-read")
    try:
        worker.start()
    except RuntimeError:  # "can't start new thread": the process has no room for its stack
        return False, lines or 0
    try:
        if lines is None:
            lines = count_lines(path)
        size = path.stat().st_size
        while worker.is_alive():
            worker.join(0.2)
            share = connection.query_progress() if worker.is_alive() else 100.0
            if progress is not None and share >= 0:
                progress(int(lines * share / 100), int(size * share / 100))
    finally:
        worker.join()
    return "error" not in outcome and not outcome["rejects"][0], lines


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


class _Reader:
    """Reads the groups' raw text with the per-line reader's own parsers, each distinct
    text once, and remembers what it read for the keys of the sums."""

    def __init__(self, fmt: TextFormat, index: ColumnIndex) -> None:
        self.fmt = fmt
        self.index = index
        self.several = {name for name, positions in index.items() if len(positions) > 1}
        self.recordings: dict[tuple[str | None, str | None], str] = {}
        self.territories: dict[str | None, str] = {}
        self.months: dict[str | None, Month] = {}
        self.currencies: dict[str | None, str] = {}

    def cell(self, name: Field, value: str | None) -> str | None:
        return _cell(value, chosen=name in self.several and value is not None)

    def side(self, sale: str | None, store: str | None, channel: int, kind: str | None,
             not_income: bool, skippable: bool) -> None:  # fmt: skip
        """A distinct combination of the values besides the keys that decide how a line is
        read, read as the per-line reader would: whether it is income, and, if it is taken,
        its sale date and its store's channel."""
        fmt = self.fmt
        names = list(fmt.not_income) or [Field.PRODUCT_KIND]
        marks = next(iter(fmt.not_income.values()), {})
        if ((self.cell(names[0], kind) or "").casefold() in marks) != not_income:
            raise _Unclean(kind)
        if not_income or skippable:
            return
        text = self.cell(Field.SALE_DATE, sale)
        if text is not None:
            parse_month(text, fmt.date_formats)
        if fmt.channel.channel(self.cell(fmt.channel.field, store)) is not _CHANNELS[channel]:
            raise _Unclean(store)

    def blank_ids(self, isrc: str | None, upc: str | None) -> None:
        """A blank or totals line is one without ISRC or UPC (``rows.skip_reason``)."""
        if self.cell(Field.ISRC, isrc) is not None or self.cell(Field.UPC, upc) is not None:
            raise _Unclean(isrc or upc)

    def recording(self, isrc: str | None, upc: str | None) -> None:
        """The ISRC, or the UPC of an album line, checked as the per-line reader checks
        both; a line with neither is income keyed by its title, which SQL did not group."""
        isrc_text, upc_text = self.cell(Field.ISRC, isrc), self.cell(Field.UPC, upc)
        code = None if isrc_text is None else normalise_isrc(isrc_text)
        barcode = None if upc_text is None else normalise_upc(upc_text)
        if code is not None:
            self.recordings[isrc, upc] = code
        elif barcode is not None:
            self.recordings[isrc, upc] = f"upc:{barcode}"
        else:
            raise _Unclean(isrc or upc)

    def territory(self, raw: str | None) -> None:
        text = self.cell(Field.TERRITORY, raw)
        self.territories[raw] = "" if text is None else parse_territory(text) or ""

    def month(self, raw: str | None) -> None:
        text = self.cell(Field.REPORTING_DATE, raw)
        if text is None:
            raise _Unclean("no reporting date")
        self.months[raw] = parse_month(text, self.fmt.date_formats)

    def currency(self, raw: str | None) -> None:
        text = self.cell(Field.CURRENCY, raw) or self.fmt.currency
        if text is None:
            raise _Unclean("no currency")
        self.currencies[raw] = text.upper()


# The groups of the main grouping set whose lines are taken as income.
_TAKEN = f"grouping_set = {_SUMS} AND NOT not_income AND NOT skippable"
# Whether a line read with ``_NARROW`` is unclean, though it may be clean read with ``_WIDE``.
_TOO_NARROW = f"SELECT count(*) FROM groups WHERE {_TAKEN} AND net_scale = {_UNCLEAN}"
_SIDE_SETS = (
    "SELECT sale, store, channel, kind, not_income, skippable FROM groups "
    f"WHERE grouping_set = {_SIDE}"
)
_CODES = (
    f"SELECT isrc, upc, skippable, max(net_scale) < {_UNCLEAN} FROM groups "
    f"WHERE grouping_set = {_SUMS} AND NOT not_income GROUP BY isrc, upc, skippable"
)
_LINES = (
    f"SELECT coalesce(sum(lines), 0), coalesce(sum(lines) FILTER (WHERE {_TAKEN}), 0) "
    f"FROM groups WHERE grouping_set = {_SUMS}"
)
_PER_RECORDING = (
    "SELECT isrc, upc, currency, sum(units), sum(net), sum(lines), max(units_scale), "
    f"max(net_scale) FROM groups WHERE {_TAKEN} GROUP BY isrc, upc, currency"
)
_SUMS_QUERY = (
    "SELECT isrc, upc, channel, territory, reporting, currency, returns, units, net, lines, "
    f"units_scale, net_scale FROM groups WHERE {_TAKEN}"
)


def _account(
    connection: Any,
    reader: _Reader,
    path: Path,
    dialect: Dialect,
    lines_after_header: int,
    skip_query: str,
) -> BulkRead | None:
    """Read every distinct value the sums depend on, then account for the lines and total
    them; ``None`` if a line is unclean, if DuckDB's rows and the empty lines it passed over
    are not the file's lines one for one (a quoted value ran over several lines), or if the
    lines the bytes show skipped are not those DuckDB skipped. Lines without a code send
    DuckDB through the file again (``skip_query``), once."""
    skips_proven = False
    try:
        for side in connection.execute(_SIDE_SETS).fetchall():
            reader.side(*side)
        for isrc, upc, skippable, clean in connection.execute(_CODES).fetchall():
            if skippable:
                if not skips_proven and connection.execute(skip_query).fetchone()[0]:
                    return None
                skips_proven = True
                reader.blank_ids(isrc, upc)
            elif not clean:
                return None
            else:
                reader.recording(isrc, upc)
        for column, read in (
            ("territory", reader.territory),
            ("reporting", reader.month),
            ("currency", reader.currency),
        ):
            for (raw,) in connection.execute(
                f"SELECT DISTINCT {column} FROM groups WHERE {_TAKEN}"
            ).fetchall():
                read(raw)
    except (_Unclean, ValueError):
        return None
    counted, accepted = connection.execute(_LINES).fetchone()
    # Each row is at least one line: as many rows as lines, all taken, means no empty lines,
    # no row over several lines and nothing skipped. Otherwise the empty lines must make up
    # the difference exactly, and the lines skipped be found, with their reasons, by number.
    skipped = Skipped()
    if counted != lines_after_header or counted != accepted:
        found = skipped_lines(path, reader.fmt, reader.index, dialect)
        if found is None:  # a line too long to be a statement's: the per-line reader says so
            return None
        skipped = found
    empty_lines = skipped.empty
    if counted + empty_lines != lines_after_header:
        return None
    if len(skipped.lines) != counted - accepted + empty_lines:
        return None
    span = (2, 1 + lines_after_header)  # DuckDB numbers no lines: all the file's data lines
    totals: dict[str, Amounts] = {}
    by_recording: dict[str, dict[str, Amounts]] = {}
    for isrc, upc, raw_currency, units, net, lines, units_scale, net_scale in connection.execute(
        _PER_RECORDING
    ).fetchall():
        amounts = Amounts(_exact(units, units_scale), _exact(net, net_scale), lines, *span)
        currency = reader.currencies[raw_currency]
        per_currency = by_recording.setdefault(reader.recordings[isrc, upc], {})
        per_currency[currency] = per_currency.get(currency, NO_AMOUNTS) + amounts
        totals[currency] = totals.get(currency, NO_AMOUNTS) + amounts

    def sums() -> dict[AggregateKey, Amounts]:
        try:
            rows = connection.execute(_SUMS_QUERY).fetchall()
        finally:
            connection.close()
        return _sums(rows, reader, span)

    return BulkRead(
        lines_after_header,
        accepted,
        skipped.lines,
        dict(sorted(totals.items())),
        dict(sorted(by_recording.items())),
        sums,
    )


def _sums(
    rows: list[tuple[Any, ...]], reader: _Reader, span: tuple[int, int]
) -> dict[AggregateKey, Amounts]:
    """The groups as sums per key; raw texts that read alike ('UK' and 'GB') meet here."""
    recordings, territories, months = reader.recordings, reader.territories, reader.months
    currencies = reader.currencies
    sums: dict[AggregateKey, Amounts] = {}
    for isrc, upc, channel, territory, reporting, currency, returns, *figures in rows:
        units, net, lines, units_scale, net_scale = figures
        key = AggregateKey(
            recordings[isrc, upc],
            _CHANNELS[channel],
            territories[territory],
            months[reporting],
            currencies[currency],
            returns,
        )
        amounts = Amounts(_exact(units, units_scale), _exact(net, net_scale), lines, *span)
        earlier = sums.get(key)
        sums[key] = amounts if earlier is None else earlier + amounts
    return sums


_PLACES = [Decimal(1).scaleb(-scale) for scale in range(19)]


def _exact(value: Decimal, scale: int) -> Decimal:
    """DuckDB's 18-place sum written with the places the per-line sum has: the most any of
    the group's amounts was written with (Decimal addition keeps the finer exponent)."""
    return value.quantize(_PLACES[scale], context=CONTEXT)
