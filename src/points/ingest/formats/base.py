"""A statement format described as data: which columns hold which canonical field, how dates and
amounts are written, how a line's channel is told, and which lines are not income and why.

Header names are matched after normalising case, spacing and stray BOM or NUL characters, since
exports drift (``Country of Sale`` vs ``Country Of Sale``, ``Country / Region`` vs
``Country/Region``). A format is recognised by the columns it requires.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from points.model.contracts import Channel

__all__ = [
    "PAYOUT",
    "WITHDRAWAL",
    "ChannelRule",
    "ColumnIndex",
    "Field",
    "TextFormat",
    "normalise_header",
]

# Reasons for skipping lines that statements list but that are not income to share.
WITHDRAWAL = "withdrawal, not income"
PAYOUT = "payout, not income"


class Field(StrEnum):
    """Canonical fields a source column can feed."""

    REPORTING_DATE = "reporting_date"
    SALE_DATE = "sale_date"
    STORE = "store"
    TERRITORY = "territory"
    ISRC = "isrc"
    UPC = "upc"
    TITLE = "title"
    ARTIST = "artist"
    UNITS = "units"
    GROSS = "gross"
    NET = "net"
    CURRENCY = "currency"
    EXCHANGE_RATE = "exchange_rate"
    OTHER_NET = "other_net"  # the net in a second currency, as the statement states it
    OTHER_CURRENCY = "other_currency"
    PRODUCT_KIND = "product_kind"
    SALES_TYPE = "sales_type"


_SPACES = re.compile(r"\s+")


def normalise_header(name: str) -> str:
    """``' Country  Of Sale\\ufeff'`` → ``'country of sale'``; ``'Country / Region'`` →
    ``'country/region'``."""
    text = name.replace("\ufeff", "").replace("\x00", "").strip().casefold()
    return _SPACES.sub(" ", text).replace(" / ", "/")


@dataclass(frozen=True)
class ChannelRule:
    """The channel of a line: looked up from one field's value (case-insensitive), else a default.

    ``kind_album`` lets album lines of a download store count as downloads too.
    """

    field: Field
    values: Mapping[str, Channel]
    default: Channel

    def channel(self, value: str | None) -> Channel:
        if value is None:
            return self.default
        return self.values.get(value.strip().casefold(), self.default)


# Where each field's columns are, in the order their names are listed: the first non-empty
# value wins (TuneCore's ISRC is in "Optional ISRC", else in "TC Song ID").
ColumnIndex = Mapping[Field, tuple[int, ...]]


@dataclass(frozen=True)
class TextFormat:
    """How one source writes its delimited-text statements."""

    name: str
    title: str
    columns: Mapping[Field, tuple[str, ...]]
    required: tuple[Field, ...]
    date_formats: tuple[str, ...]
    channel: ChannelRule
    currency: str | None = None
    decimal_comma: bool = False
    # Lines that are not income: a field's value (case-folded) → why the line is skipped.
    not_income: Mapping[Field, Mapping[str, str]] = field(default_factory=dict)
    # Set where a format knows better than sniffing (user mappings may say so).
    delimiter: str | None = None
    encoding: str | None = None
    header_line: int | None = None

    def bind(self, header: Sequence[str]) -> ColumnIndex | None:
        """Where each field's column is in this header; ``None`` if a required one is missing."""
        positions = {normalise_header(name): i for i, name in enumerate(header)}
        index: dict[Field, tuple[int, ...]] = {}
        for canonical, names in self.columns.items():
            found = tuple(positions[n] for n in map(normalise_header, names) if n in positions)
            if found:
                index[canonical] = found
        if any(required not in index for required in self.required):
            return None
        return index

    def missing(self, header: Sequence[str]) -> list[str]:
        """The required column names this header lacks, for the error report."""
        positions = {normalise_header(name) for name in header}
        return [
            self.columns[required][0]
            for required in self.required
            if not any(normalise_header(n) in positions for n in self.columns[required])
        ]
