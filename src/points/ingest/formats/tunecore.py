"""TuneCore sales report (CSV, UTF-8).

``Total Earned`` is the amount, in ``Currency``, after converting ``Net Sales`` (in
``Net Sales Currency``) at ``Exchange Rate``, which is empty on USD lines; where the two
currencies differ, ``Net Sales`` is kept as the line's second-currency net. The ISRC is in
``Optional ISRC``, else in ``TC Song ID``; units may carry thousands separators (``"1,200"``);
``UK`` appears for GB; re-saved files have two-digit years (../shared/STATEMENT_FORMATS.md, 2).
No lines that are not income are known: the report lists sales (``Streaming``, ``Download``).
"""

from __future__ import annotations

from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.model.contracts import Channel

TUNECORE = TextFormat(
    name="tunecore",
    title="TuneCore sales report",
    columns={
        Field.SALE_DATE: ("Sales Period",),
        Field.REPORTING_DATE: ("Posted Date",),
        Field.STORE: ("Store Name",),
        Field.TERRITORY: ("Country Of Sale",),
        Field.ARTIST: ("Artist",),
        Field.PRODUCT_KIND: ("Release Type",),
        Field.TITLE: ("Song Title", "Release Title"),
        Field.UPC: ("UPC", "Optional UPC"),
        Field.ISRC: ("Optional ISRC", "TC Song ID"),
        Field.SALES_TYPE: ("Sales Type",),
        Field.UNITS: ("# Units Sold",),
        Field.GROSS: ("Net Sales",),
        Field.EXCHANGE_RATE: ("Exchange Rate",),
        Field.OTHER_NET: ("Net Sales",),
        Field.OTHER_CURRENCY: ("Net Sales Currency",),
        Field.NET: ("Total Earned",),
        Field.CURRENCY: ("Currency",),
    },
    required=(Field.REPORTING_DATE, Field.STORE, Field.UNITS, Field.NET, Field.CURRENCY),
    date_formats=("%Y-%m-%d", "%y-%m-%d"),
    channel=ChannelRule(
        Field.SALES_TYPE,
        {"streaming": Channel.STREAM, "stream": Channel.STREAM, "download": Channel.DOWNLOAD},
        Channel.OTHER,
    ),
)
