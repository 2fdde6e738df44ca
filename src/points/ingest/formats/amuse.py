"""Amuse "Financial Statements" (.xlsx from the web Wallet).

One sheet of wallet transactions: credits (``Type`` ``credited``, or ``Credit``) are royalties;
debits (``debited``, ``Debit``, with ``Source`` ``Withdrawal``) are the payee's withdrawals,
skipped as not income: taking them as negative income turned a six-month statement's
1,412.01 into 1,289.66. ``Total`` is the amount after the payee's ``Split``; ``Amount`` is
before it. Amuse accounts in USD (../shared/STATEMENT_FORMATS.md, section 11; column spelling
from Amuse's help page).
"""

from __future__ import annotations

from points.ingest.formats.base import WITHDRAWAL, ChannelRule, Field, TextFormat
from points.model.contracts import Channel

AMUSE = TextFormat(
    name="amuse",
    title="Amuse financial statement",
    columns={
        Field.REPORTING_DATE: ("Transaction date",),
        Field.PRODUCT_KIND: ("Type",),
        Field.SALES_TYPE: ("Source",),
        Field.SALE_DATE: ("Royalty Date",),
        Field.STORE: ("Service",),
        Field.UPC: ("UPC",),
        Field.ISRC: ("ISRC",),
        Field.ARTIST: ("Artist",),
        Field.TITLE: ("Track", "Release"),
        Field.UNITS: ("Quantity",),
        Field.GROSS: ("Amount",),
        Field.NET: ("Total",),
    },
    required=(Field.REPORTING_DATE, Field.PRODUCT_KIND, Field.STORE, Field.NET),
    date_formats=("%Y-%m-%d", "%d/%m/%Y"),
    channel=ChannelRule(
        Field.SALES_TYPE,
        {"download": Channel.DOWNLOAD, "downloads": Channel.DOWNLOAD},
        Channel.STREAM,
    ),
    currency="USD",
    not_income={
        Field.PRODUCT_KIND: dict.fromkeys(("debit", "debited", "withdrawal"), WITHDRAWAL),
        Field.SALES_TYPE: dict.fromkeys(("withdrawal", "withdrawals"), WITHDRAWAL),
    },
)
