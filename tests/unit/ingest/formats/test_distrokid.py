"""DistroKid: both header vintages are recognised; downloads are told from streams by store."""

from __future__ import annotations

import pytest

from points.ingest.formats.base import Field
from points.ingest.formats.distrokid import DISTROKID
from points.model.contracts import Channel

OLDER = [
    "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC", "Quantity",
    "Team Percentage", "Song/Album", "Country of Sale", "Songwriter Royalties Withheld",
    "Earnings (USD)",
]  # fmt: skip
NEWER = [
    "Date Inserted", "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC",
    "Quantity", "Team Percentage", "Source Type", "Country of Sale",
    "Songwriter Royalties Withheld (USD)", "Earnings (USD)", "Recoup (USD)",
]  # fmt: skip


@pytest.mark.parametrize(("header", "kind", "net"), [(OLDER, 9, 12), (NEWER, 10, 13)])
def test_both_header_vintages(header: list[str], kind: int, net: int) -> None:
    index = DISTROKID.bind(header)
    assert index is not None
    assert (index[Field.PRODUCT_KIND], index[Field.NET]) == ((kind,), (net,))


@pytest.mark.parametrize(
    ("store", "channel"),
    [
        ("Spotify", Channel.STREAM),
        ("iTunes", Channel.DOWNLOAD),
        ("YouTube (Red)", Channel.STREAM),
        ("Amazon", Channel.DOWNLOAD),
        ("Amazon Unlimited", Channel.STREAM),
    ],
)
def test_channel_by_store(store: str, channel: Channel) -> None:
    assert DISTROKID.channel.channel(store) is channel
