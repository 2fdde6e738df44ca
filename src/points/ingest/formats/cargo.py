"""Cargo Records (UK) physical sales report (.xlsx): a label-style distribution statement.

Sheet ``<labelid>_<YYYY>_Q<n>``, header on row 1. ``Period`` is ``2023_01``; ``Net after fee``
is the amount, in GBP; returns are negative quantities; ``Sale / Cost`` tells sales from costs
charged on the statement (kept, as charges, never dropped); countries are names or ``UK``;
the UPC is stored as a number, so leading zeros may be lost; amounts may be text such as
``(7.60)`` or ``£12.30`` (../shared/STATEMENT_FORMATS.md, section 9). No lines are skipped as
not income: costs are charges against the statement's income, and are kept.
"""

from __future__ import annotations

from points.ingest.formats.base import ChannelRule, Field, TextFormat
from points.model.contracts import Channel

CARGO_PHYSICAL = TextFormat(
    name="cargo-physical",
    title="Cargo Records physical sales report",
    columns={
        Field.REPORTING_DATE: ("Period",),
        Field.STORE: ("Sold To",),
        Field.SALES_TYPE: ("Sale / Cost",),
        Field.TERRITORY: ("Country",),
        Field.ARTIST: ("Artist / Invoice Ref",),
        Field.TITLE: ("Title / More info",),
        Field.UPC: ("UPC on report",),
        Field.PRODUCT_KIND: ("Format",),
        Field.UNITS: ("Net Qty",),
        Field.GROSS: ("Gross value",),
        Field.NET: ("Net after fee",),
    },
    required=(Field.REPORTING_DATE, Field.SALES_TYPE, Field.UNITS, Field.NET),
    date_formats=("%Y_%m", "%Y-%m"),
    channel=ChannelRule(Field.SALES_TYPE, {"sale": Channel.PHYSICAL}, Channel.OTHER),
    currency="GBP",
)
