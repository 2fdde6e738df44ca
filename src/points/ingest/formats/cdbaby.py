"""CD Baby sales / accounting report (tab-separated ``.txt``).

Dates are US-ordered with a time (``10/15/2023 12:00:00 AM``); ``Subtotal`` is the amount, in
USD (there is no currency column), more precise than Price × Quantity; ISRCs are lower case
and barcodes quoted (../shared/STATEMENT_FORMATS.md, section 3). No lines that are not
income are known: every ``Transaction Type`` seen (Stream, Download, Royalty, YouTube Audio
Tier) is income.
"""

from __future__ import annotations

from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.model.contracts import Channel

CDBABY = TextFormat(
    name="cdbaby",
    title="CD Baby sales report",
    columns={
        Field.REPORTING_DATE: ("Report Date",),
        Field.SALE_DATE: ("Sales Date",),
        Field.UNITS: ("Quantity",),
        Field.NET: ("Subtotal",),
        Field.ISRC: ("Isrc",),
        Field.UPC: ("Barcode",),
        Field.TITLE: ("Track Name", "Album Name"),
        Field.ARTIST: ("Artist Name",),
        Field.STORE: ("Partner Name",),
        Field.SALES_TYPE: ("Transaction Type",),
        Field.TERRITORY: ("Delivery Country",),
    },
    required=(Field.REPORTING_DATE, Field.UNITS, Field.NET, Field.STORE, Field.SALES_TYPE),
    date_formats=("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y"),
    channel=ChannelRule(
        Field.SALES_TYPE,
        {
            "stream": Channel.STREAM,
            "youtube audio tier": Channel.STREAM,
            "download": Channel.DOWNLOAD,
            "physical": Channel.PHYSICAL,
        },
        Channel.OTHER,
    ),
    currency="USD",
)
