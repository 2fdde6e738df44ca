"""Format descriptions: header matching that survives drift, and channel rules."""

from __future__ import annotations

from points.ingest.formats.base import ChannelRule, Field, TextFormat, normalise_header
from points.model.contracts import Channel

SAMPLE = TextFormat(
    name="sample",
    title="Sample",
    columns={
        Field.REPORTING_DATE: ("Reporting month",),
        Field.TERRITORY: ("Country / Region", "Country"),
        Field.NET: ("Net Revenue",),
        Field.SALES_TYPE: ("Sales Type",),
    },
    required=(Field.REPORTING_DATE, Field.NET),
    date_formats=("%Y/%m/%d",),
    channel=ChannelRule(Field.SALES_TYPE, {"download": Channel.DOWNLOAD}, Channel.STREAM),
)


def test_header_names_are_compared_without_case_spacing_or_stray_bytes() -> None:
    assert normalise_header("\ufeff Country  Of Sale ") == "country of sale"
    assert normalise_header("Country / Region") == "country/region"
    assert normalise_header("R\x00e\x00") == "re"


def test_bind_finds_columns_by_any_accepted_name() -> None:
    index = SAMPLE.bind(["NET REVENUE", "x", "country/region", "Reporting Month"])
    assert index == {Field.NET: (0,), Field.TERRITORY: (2,), Field.REPORTING_DATE: (3,)}
    both = SAMPLE.bind(["Country", "Net Revenue", "Country / Region", "Reporting month"])
    assert both is not None
    assert both[Field.TERRITORY] == (2, 0)  # in the order the names are listed
    assert SAMPLE.bind(["Country", "Net Revenue"]) is None
    assert SAMPLE.missing(["Country", "Net Revenue"]) == ["Reporting month"]


def test_channel_rule() -> None:
    assert SAMPLE.channel.channel("Download ") is Channel.DOWNLOAD
    assert SAMPLE.channel.channel("Streaming") is Channel.STREAM
    assert SAMPLE.channel.channel(None) is Channel.STREAM
