"""DDEX DSR flat files (Digital Sales Reports): the industry's tab-separated sales reports.

A DSR has no header row: each line starts with its record type (``HEAD``, ``SY02.01``,
``AS01``, ``SU03.01``, ``FOOT``…), and ``#TYPE`` comment lines may name each type's cells. The
parts that carry income (../shared/STATEMENT_FORMATS.md, section 8):

* ``SY`` summary records: currency, use type, territory, and the revenue of a summary;
* ``AS``/``RE`` records in a block: the resource's ISRC and the release's ICPN (UPC);
* ``SU03`` lines: usages and net revenue per sales transaction (currency from their ``SY``);
* ``SU01``/``SU02`` lines (BasicAudio): usages only; the summary's revenue is allocated among
  them in proportion to their usages, exactly (``points.money.allocate``).

Every line is accounted for: sales lines are accepted or rejected, all others are skipped with
their reason (the header and footer, summaries, whose revenue is read through their sales
lines, resources and releases, licences, comments). FOOT's line count is checked.

No second currency is read. ``SY01.01`` and ``SY02.02`` may name a ``CurrencyOfTransaction``
and an ``ExchangeRate`` "used to convert from the Currency used for the transactions into the
CurrencyOfReporting" (BasicAudioProfile 1.2 XSD, ddexnet/dsrf), but give ``NetRevenue`` only
in the currency of reporting: the amount in the other currency would be NetRevenue divided by
the rate, which is not exact (nor does the standard say the rate multiplies). ``SY10`` (the
SRB profile for record companies) states both amounts, but its ``SR08`` lines are not read.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from points.errors import Problem, Severity, Source
from points.ingest.files import StatementRefusal, bounded_lines, check_fields, open_binary
from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.ingest.limits import MAX_DSR_SALES_LINES
from points.ingest.lines import StatementLine
from points.ingest.rows import BLANK_LINE, RejectedLine, SkippedLine, unreadable
from points.ingest.values import normalise_isrc, normalise_upc, parse_amount, parse_territory
from points.model.contracts import Channel
from points.model.periods import Month
from points.money import Money, allocate, currency

__all__ = ["DDEX_DSR", "DsrRead", "LineAccount", "is_dsr", "read_dsr"]

# Cell names by record type where the file has no '#TYPE' line for it (from the DSRF XSDs).
LAYOUTS: dict[str, tuple[str, ...]] = {
    "HEAD": ("MessageVersion", "Profile", "ProfileVersion", "MessageId",
             "MessageCreatedDateTime", "FileNumber", "NumberOfFiles", "UsageStartDate",
             "UsageEndDate", "SenderPartyId", "SenderName", "ServiceDescription"),
    "SY01": ("SummaryRecordId", "DistributionChannel", "DistributionChannelDPID",
             "CommercialModel", "UseType", "Territory", "ServiceDescription", "Usages",
             "Subscribers", "CurrencyOfReporting", "NetRevenue"),
    "SY02": ("SummaryRecordId", "DistributionChannel", "DistributionChannelDPID",
             "CommercialModel", "UseType", "Territory", "ServiceDescription", "Usages", "Users",
             "CurrencyOfReporting", "NetRevenue"),
    "SY07": ("SummaryRecordId", "DistributionChannel", "DistributionChannelDPID",
             "CommercialModel", "UseType", "Territory", "RightsType", "ServiceDescription",
             "Usages", "Users", "Currency", "NetRevenue"),
    "AS01": ("BlockId", "ResourceReference", "DspResourceId", "ISRC", "Title", "SubTitle",
             "DisplayArtistName"),
    "AS02": ("BlockId", "ResourceReference", "DspResourceId", "ISRC", "Title", "SubTitle",
             "DisplayArtistName"),
    "RE01": ("BlockId", "ReleaseReference", "DspReleaseId", "ProprietaryReleaseId",
             "CatalogNumber", "ICPN", "DisplayArtistName", "DisplayArtistPartyId", "Title"),
    "SU01": ("BlockId", "SummaryRecordId", "SalesTransactionId", "TransactedRelease",
             "TransactedResource", "IsRoyaltyBearing", "SalesUpgrade", "Usages", "Returns"),
    "SU02": ("BlockId", "SummaryRecordId", "SalesTransactionId", "TransactedRelease",
             "TransactedResource", "IsRoyaltyBearing", "NumberOfStreams"),
    "SU03": ("BlockId", "SalesTransactionId", "SummaryRecordId", "DspReleaseId", "Usages",
             "NetRevenue", "ValidityPeriodStart", "ValidityPeriodEnd"),
    "FOOT": ("NumberOfLinesInFile",),
}  # fmt: skip

_READERS = {Field.ISRC: normalise_isrc, Field.UPC: normalise_upc, Field.TERRITORY: parse_territory}

_STREAM_USES = frozenset(
    {
        "stream",
        "ondemandstream",
        "noninteractivestream",
        "webcast",
        "conditionaldownload",
        "tethereddownload",
        "userstream",
    }
)
_DOWNLOAD_USES = frozenset({"permanentdownload", "download", "onlinepurchase"})

# Why each kind of record that is not a sales line is skipped, by the type's first two letters.
_NOT_SALES = {
    "HE": "header record",
    "FH": "header record",
    "FO": "footer record",
    "FF": "footer record",
    "SY": "summary record (its revenue is read through its sales lines)",
    "AS": "resource record",
    "RE": "release record",
    "MW": "work record",
    "RU": "release usage summary",
    "LI": "licence record",
}

# Described for reports and --format; the DSR reader does its own mapping.
DDEX_DSR = TextFormat(
    name="ddex-dsr",
    title="DDEX DSR flat file",
    columns={},
    required=(),
    date_formats=("%Y-%m-%d",),
    channel=ChannelRule(Field.SALES_TYPE, {}, Channel.OTHER),
)


def is_dsr(head: bytes) -> bool:
    """A DSR starts with its HEAD record (FHEA in legacy files)."""
    return head.lstrip(b"\xef\xbb\xbf").startswith((b"HEAD\t", b"FHEA\t"))


def _channel(use_type: str) -> Channel:
    use = use_type.strip().casefold()
    if use in _STREAM_USES:
        return Channel.STREAM
    if use in _DOWNLOAD_USES:
        return Channel.DOWNLOAD
    return Channel.OTHER


@dataclass(frozen=True, slots=True)
class _Summary:
    currency: str
    channel: Channel
    territory: str | None
    territory_reported: str | None
    net: Decimal
    service: str | None


@dataclass(frozen=True, slots=True)
class _Resource:
    isrc: str | None
    isrc_reported: str | None
    title: str | None
    artist: str | None


@dataclass(frozen=True, slots=True)
class _Sale:
    """One sales line as held until the summaries are shared out: kept small (the line's
    number, not its ``Source``; repeated identifiers interned), since a DSR holds a million."""

    line: int
    summary: str
    resource: str
    block: str
    usages: Decimal
    net: Decimal | None  # None: BasicAudio, revenue allocated from the summary


class LineAccount(Protocol):
    """Where a DSR's lines not taken are counted, and listed up to a bound
    (``points.ingest.read.StatementRead``): a file of millions of comment or bad lines
    costs counters, not a record per line."""

    def skip(self, line: SkippedLine) -> None: ...

    def reject(self, line: RejectedLine) -> None: ...

    def warn(self, warnings: list[Problem]) -> None: ...


class _Reader:
    """Collects a DSR's summaries, resources and sales in one pass over the file; the sales
    are held (a BasicAudio summary's revenue is shared among its sales once all are read), at
    most ``MAX_DSR_SALES_LINES`` of them."""

    def __init__(self, path: Path, account: LineAccount) -> None:
        self.path = path
        self.account = account
        self.layouts: dict[str, tuple[str, ...]] = {}
        self.head: dict[str, str] = {}
        self.summaries: dict[str, _Summary] = {}
        self.resources: dict[str, _Resource] = {}  # by DspResourceId and by block/reference
        self.releases: dict[str, tuple[str | None, str]] = {}  # DspReleaseId → ICPN, as written
        self.sales: list[_Sale] = []
        self.rejected = 0
        self.lines = 0
        self.foot_lines: int | None = None

    def _cells(self, record_type: str, cells: list[str]) -> dict[str, str]:
        names = self.layouts.get(record_type) or LAYOUTS.get(record_type.split(".")[0], ())
        # '\|' is a literal pipe inside a value; a bare '|' separates multiple values.
        return {
            name: value.strip().replace("\\|", "|")
            for name, value in zip(names, cells[1:], strict=False)
        }

    def read(self) -> None:
        with open_binary(self.path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")
            lines = bounded_lines(text)
            rows: Iterator[list[str]] = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
            try:
                for number, cells in enumerate(rows, start=1):
                    self.lines = number
                    source = Source(str(self.path), number)
                    self._record(source, check_fields(cells, source))
            except csv.Error as error:  # a cell past csv's field size limit
                raise StatementRefusal(
                    f"line {self.lines + 1}: {error}; a DSR cell is a few hundred "
                    "characters: the file is damaged, ask the sender for a new copy"
                ) from None

    def _reject(self, source: Source, column: str, reason: str) -> None:
        self.rejected += 1
        self.account.reject(RejectedLine(source, column, reason))

    def _record(self, source: Source, cells: list[str]) -> None:
        if not cells or not cells[0].strip():
            self.account.skip(SkippedLine(source, BLANK_LINE))
            return
        record_type = cells[0].strip()
        if record_type.startswith("#"):
            self.layouts[record_type[1:]] = tuple(name.strip() for name in cells[1:])
            self.account.skip(SkippedLine(source, "comment line"))
            return
        kind = record_type.split(".")[0]
        rejected = self.rejected
        self._read_record(source, record_type, self._cells(record_type, cells))
        if kind not in ("SU01", "SU02", "SU03") and self.rejected == rejected:
            reason = _NOT_SALES.get(kind[:2], f"{kind} record, not a sales line")
            self.account.skip(SkippedLine(source, reason))

    def _readable(
        self, source: Source, record_type: str, values: dict[str, str], name: str, field: Field
    ) -> str | None:
        """A code or country as ``field`` reads it; ``None``, with a warning naming the cell,
        if it cannot be read (the line is kept)."""
        text = values.get(name, "")
        try:
            return _READERS[field](text) if text else None
        except ValueError as error:
            names = self.layouts.get(record_type) or LAYOUTS.get(record_type.split(".")[0], ())
            column = names.index(name) + 2 if name in names else None  # the type is cell 1
            self.account.warn([unreadable(field, Source(source.file, source.line, column),
                                          name, error)])  # fmt: skip
            return None

    def _read_record(self, source: Source, record_type: str, values: dict[str, str]) -> None:
        kind = record_type.split(".")[0]
        if kind in ("HEAD", "FHEA"):
            self.head = values
        elif kind.startswith("SY"):
            self._summary(source, record_type, values)
        elif kind.startswith("AS"):
            self._resource(source, record_type, values)
        elif kind == "RE01":
            icpn = self._readable(source, record_type, values, "ICPN", Field.UPC)
            self.releases[values.get("DspReleaseId", "")] = (icpn, values.get("ICPN", ""))
        elif kind in ("SU01", "SU02", "SU03"):
            self._sale(source, kind, values)
        elif kind in ("FOOT", "FFOO"):
            count = values.get("NumberOfLinesInFile", "")
            self.foot_lines = int(count) if count.isdigit() else None

    def _summary(self, source: Source, record_type: str, values: dict[str, str]) -> None:
        summary_id = values.get("SummaryRecordId", "")
        if summary_id in self.summaries:  # per-rights-controller repeats of one summary
            return
        code = values.get("CurrencyOfReporting") or values.get("Currency", "")
        reported = values.get("Territory") or None
        try:
            self.summaries[summary_id] = _Summary(
                currency=currency(code).code,
                channel=_channel(values.get("UseType", "")),
                territory=self._readable(source, record_type, values, "Territory", Field.TERRITORY),
                territory_reported=reported,
                net=parse_amount(values.get("NetRevenue") or "0"),
                service=values.get("ServiceDescription") or None,
            )
        except ValueError as error:  # an unknown currency is a ValueError too
            self._reject(source, "SummaryRecord", str(error))

    def _resource(self, source: Source, record_type: str, values: dict[str, str]) -> None:
        resource = _Resource(
            isrc=self._readable(source, record_type, values, "ISRC", Field.ISRC),
            isrc_reported=values.get("ISRC") or None,
            title=values.get("Title") or None,
            artist=values.get("DisplayArtistName") or None,
        )
        for key in (values.get("DspResourceId"), values.get("ResourceReference")):
            if key:
                self.resources[key] = resource
                self.resources[f"{values.get('BlockId')}/{key}"] = resource

    def _sale(self, source: Source, kind: str, values: dict[str, str]) -> None:
        usages_column = "NumberOfStreams" if kind == "SU02" else "Usages"
        parsed: dict[str, Decimal] = {}
        for column in (usages_column, "Returns", "NetRevenue"):
            if column == "NetRevenue" and kind != "SU03":
                continue  # BasicAudio: revenue only on the summary
            try:
                parsed[column] = parse_amount(values.get(column) or "0")
            except ValueError as error:
                self._reject(source, column, str(error))
                return
        if len(self.sales) >= MAX_DSR_SALES_LINES:
            raise StatementRefusal(
                f"line {source.line}: more than {MAX_DSR_SALES_LINES:,} sales lines, the most "
                "one DSR is read with (all are held until its summaries are shared out); ask "
                "the sender to split the report into files of fewer lines (DSRs number them "
                "'1of2', '2of2')"
            )
        usages = parsed[usages_column] - parsed["Returns"]
        net = parsed.get("NetRevenue")
        resource = (
            values.get("DspReleaseId") if kind == "SU03" else values.get("TransactedResource")
        ) or values.get("TransactedRelease", "")
        self.sales.append(
            _Sale(
                line=source.line or 0,
                summary=sys.intern(values.get("SummaryRecordId", "")),
                resource=sys.intern(resource),
                block=sys.intern(values.get("BlockId", "")),
                usages=usages,
                net=net,
            )
        )


def _allocated(reader: _Reader) -> dict[int, Decimal]:
    """Each BasicAudio sale's share of its summary's revenue, by usages, summing exactly."""
    by_summary: dict[str, list[_Sale]] = {}
    for sale in reader.sales:
        if sale.net is None and sale.summary in reader.summaries:
            by_summary.setdefault(sale.summary, []).append(sale)
    shares: dict[int, Decimal] = {}
    for summary_id, sales in by_summary.items():
        summary = reader.summaries[summary_id]
        weights = [max(sale.usages, Decimal(0)) for sale in sales]
        if not any(weights):
            weights = [Decimal(1)] * len(sales)
        places = max(12, -summary.net.as_tuple().exponent)  # type: ignore[operator]
        parts = allocate(Money(summary.net, currency(summary.currency)), weights, places=places)
        shares.update({sale.line: part.amount for sale, part in zip(sales, parts, strict=True)})
    return shares


@dataclass
class DsrRead:
    """A DSR read: its sales lines, made one by one as they are consumed (a sale with no
    summary is rejected to the account then), the number of lines in the file, and file-level
    problems (a FOOT count that does not match). Skipped and rejected lines, and warnings
    about codes and countries that cannot be read (on records that are kept), went to the
    ``LineAccount`` the file was read with."""

    lines: Iterator[StatementLine]
    total: int
    notes: list[Problem]


def read_dsr(path: Path, account: LineAccount) -> DsrRead:
    """Read a DSR into canonical lines, accounting for every line of the file."""
    reader = _Reader(path, account)
    reader.read()
    start, end = reader.head.get("UsageStartDate", ""), reader.head.get("UsageEndDate", "")
    problems: list[Problem] = []
    if reader.foot_lines is not None and reader.foot_lines != reader.lines:
        problems.append(
            Problem(
                Source(str(path), reader.lines),
                "dsr-line-count",
                f"FOOT says the file has {reader.foot_lines} lines; it has {reader.lines}",
                "the file may be truncated or concatenated; ask the sender for a new copy",
                Severity.WARNING,
            )
        )
    try:
        reporting = Month.parse(end[:7])
        sale_period = Month.parse(start[:7]) if start else None
    except ValueError:
        reason = f"HEAD has no usage period (UsageEndDate {end!r})"
        for sale in reader.sales:
            account.reject(RejectedLine(Source(str(path), sale.line), "UsageEndDate", reason))
        return DsrRead(iter(()), reader.lines, problems)
    return DsrRead(_lines(reader, reporting, sale_period), reader.lines, problems)


def _lines(reader: _Reader, reporting: Month, sale_period: Month | None) -> Iterator[StatementLine]:
    """Each sale as a canonical line, with its summary's currency, channel and country and
    its resource's codes; BasicAudio sales with their share of the summary's revenue."""
    allocated = _allocated(reader)
    store = reader.head.get("SenderName") or None
    file = str(reader.path)
    for sale in reader.sales:
        source = Source(file, sale.line)
        summary = reader.summaries.get(sale.summary)
        if summary is None:
            reason = f"no summary {sale.summary!r}"
            reader.account.reject(RejectedLine(source, "SummaryRecordId", reason))
            continue
        resource = reader.resources.get(f"{sale.block}/{sale.resource}") or reader.resources.get(
            sale.resource
        )
        upc, upc_reported = reader.releases.get(sale.resource, (None, ""))
        yield StatementLine(
            source=source,
            format=DDEX_DSR.name,
            reporting_period=reporting,
            sale_period=sale_period,
            store=store,
            territory=summary.territory,
            territory_reported=summary.territory_reported,
            channel=summary.channel,
            isrc=resource.isrc if resource else None,
            upc=upc,
            title=resource.title if resource else None,
            artist=resource.artist if resource else None,
            units=sale.usages,
            gross=None,
            net=sale.net if sale.net is not None else allocated[sale.line],
            currency=summary.currency,
            exchange_rate=None,
            isrc_reported=resource.isrc_reported if resource else None,
            upc_reported=upc_reported or None,
        )
