"""Bandcamp sales report ("raw data" CSV): UTF-16 with a BOM, comma-separated, lower-case
headers whose order varies between vintages (matched by name).

``net amount`` is what the seller earns, in the line's own ``currency`` (a label account can
mix currencies); some lines leave it empty or ``n/a``, and then ``amount you received`` stands.
``payout`` lines are transfers to the seller, skipped as not income; refunds and (pending or
cancelled) reversals are kept as the negative or positive adjustments they are. Buyer names,
e-mails and addresses are never read (../shared/STATEMENT_FORMATS.md, section 4).
"""

from __future__ import annotations

from points.ingest.formats.base import PAYOUT, ChannelRule, Field, TextFormat
from points.model.contracts import Channel

BANDCAMP = TextFormat(
    name="bandcamp",
    title="Bandcamp sales report",
    columns={
        Field.REPORTING_DATE: ("date",),
        Field.PRODUCT_KIND: ("item type",),
        Field.TITLE: ("item name",),
        Field.ARTIST: ("artist",),
        Field.CURRENCY: ("currency",),
        Field.UNITS: ("quantity",),
        Field.GROSS: ("item total",),
        Field.NET: ("net amount", "amount you received"),
        Field.ISRC: ("isrc",),
        Field.UPC: ("upc",),
        Field.TERRITORY: ("country code", "ship to country code"),
    },
    required=(Field.REPORTING_DATE, Field.PRODUCT_KIND, Field.CURRENCY, Field.NET),
    date_formats=("%m/%d/%y %I:%M%p", "%m/%d/%Y %I:%M%p", "%m/%d/%y"),
    channel=ChannelRule(
        Field.PRODUCT_KIND,
        {
            "album": Channel.DOWNLOAD,
            "track": Channel.DOWNLOAD,
            "bundle": Channel.DOWNLOAD,
            "package": Channel.PHYSICAL,
        },
        Channel.OTHER,
    ),
    not_income={Field.PRODUCT_KIND: {"payout": PAYOUT}},
)
