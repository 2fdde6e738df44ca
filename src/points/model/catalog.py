"""The catalog: recordings (masters, by ISRC), releases (products, by UPC/EAN) and works
(compositions, by ISWC).

Master and composition are different rights (DOMAIN.md, "Mechanicals"): a recording has an
artist and producers and earns master royalties; a work has writers and publishers. A recording
may name the work it embodies.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import Field, field_validator

from points.model.common import (
    CurrencyCode,
    Frozen,
    Identifier,
    Isrc,
    Iswc,
    Percent,
    UnitPrice,
    Upc,
    require_total_100,
)

__all__ = ["Catalog", "Price", "ProductFormat", "Recording", "Release", "Work", "WorkShare"]


class ProductFormat(StrEnum):
    CD = "cd"
    VINYL = "vinyl"
    CASSETTE = "cassette"
    DIGITAL_ALBUM = "digital_album"
    DIGITAL_TRACK = "digital_track"


# Container deductions applied to SRLP when a price does not state one (DOMAIN.md, "Royalty
# bases": 25% CD, 20% vinyl; digital usually none in current deals).
DEFAULT_PACKAGING_DEDUCTION: dict[ProductFormat, Decimal] = {
    ProductFormat.CD: Decimal(25),
    ProductFormat.VINYL: Decimal(20),
    ProductFormat.CASSETTE: Decimal(20),
    ProductFormat.DIGITAL_ALBUM: Decimal(0),
    ProductFormat.DIGITAL_TRACK: Decimal(0),
}


class Recording(Frozen):
    isrc: Isrc
    title: str = Field(min_length=1)
    artist: str = Field(min_length=1, description="the display artist, as credited")
    version: str | None = None
    work: Identifier | None = Field(default=None, description="id of the work it records")


class Price(Frozen):
    """A release's dealer price (PPD) and retail list price (SRLP) in one format."""

    format: ProductFormat
    currency: CurrencyCode
    ppd: UnitPrice | None = None
    srlp: UnitPrice | None = None
    packaging_deduction: Percent | None = None

    @property
    def effective_packaging_deduction(self) -> Decimal:
        if self.packaging_deduction is not None:
            return self.packaging_deduction
        return DEFAULT_PACKAGING_DEDUCTION[self.format]


class Release(Frozen):
    upc: Upc
    title: str = Field(min_length=1)
    artist: str = Field(min_length=1)
    release_date: date | None = None
    label: Identifier | None = Field(default=None, description="party id of the label")
    tracks: tuple[Isrc, ...] = Field(min_length=1, description="ISRCs in running order")
    prices: tuple[Price, ...] = ()


class WorkShare(Frozen):
    """A writer's or publisher's share of a composition, as a percentage of the whole."""

    party: Identifier
    share: Percent


class Work(Frozen):
    id: Identifier
    title: str = Field(min_length=1)
    iswc: Iswc | None = None
    writers: tuple[WorkShare, ...] = Field(min_length=1)
    publishers: tuple[WorkShare, ...] = ()

    @field_validator("writers")
    @classmethod
    def _writers_total_100(cls, writers: tuple[WorkShare, ...]) -> tuple[WorkShare, ...]:
        require_total_100(writers, lambda w: w.share, "writer shares")
        return writers

    @field_validator("publishers")
    @classmethod
    def _publishers_total_100(cls, publishers: tuple[WorkShare, ...]) -> tuple[WorkShare, ...]:
        require_total_100(publishers, lambda p: p.share, "publisher shares")
        return publishers


class Catalog(Frozen):
    """The contents of ``catalog.yaml``."""

    recordings: tuple[Recording, ...] = ()
    releases: tuple[Release, ...] = ()
    works: tuple[Work, ...] = ()
