"""DistroKid "Excruciating Detail" (Bank → See Excruciating Detail → download).

Tab-separated, often Latin-1, CRLF. Two header vintages: 13 columns (``Song/Album``,
``Songwriter Royalties Withheld``) and 15 (``Date Inserted``, ``Source Type``, ``Recoup (USD)``).
``Earnings (USD)`` is already the uploader's share after team splits; ISRC is blank on album
lines; country ``OU`` means outside the US (../shared/STATEMENT_FORMATS.md, section 1).
No lines that are not income are known: withdrawals show on DistroKid's Bank page, not in this
export, and withheld songwriter royalties are a column, not a line.
"""

from __future__ import annotations

from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.model.contracts import Channel

# Stores whose DistroKid lines are sales of downloads; everything else is streaming income.
DOWNLOAD_STORES = ("itunes", "itunes match", "amazon", "amazon (downloads)", "google play")

DISTROKID = TextFormat(
    name="distrokid",
    title="DistroKid (Excruciating Detail)",
    columns={
        Field.REPORTING_DATE: ("Reporting Date",),
        Field.SALE_DATE: ("Sale Month",),
        Field.STORE: ("Store",),
        Field.ARTIST: ("Artist",),
        Field.TITLE: ("Title",),
        Field.ISRC: ("ISRC",),
        Field.UPC: ("UPC",),
        Field.UNITS: ("Quantity",),
        Field.PRODUCT_KIND: ("Song/Album", "Source Type"),
        Field.TERRITORY: ("Country of Sale",),
        Field.NET: ("Earnings (USD)",),
    },
    required=(Field.REPORTING_DATE, Field.STORE, Field.UNITS, Field.NET, Field.TERRITORY),
    date_formats=("%Y-%m-%d", "%Y-%m"),
    channel=ChannelRule(
        Field.STORE, dict.fromkeys(DOWNLOAD_STORES, Channel.DOWNLOAD), Channel.STREAM
    ),
    currency="USD",
)
