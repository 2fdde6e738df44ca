"""Split sheets: who owns what share of a song (composition) and of its master recording.

Composition and master are separate tables with the same rule: shares total exactly 100%
(DOMAIN.md, "Split sheets"). Three equal writers are 33.33 / 33.33 / 33.34 on paper, or
exactly a third each, written ``1/3``; the payout allocates cents so nothing is lost. The
default convention states each writer's share of the whole song; ``writer_and_publisher``
states writer and publisher halves, each totalling 100.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from points.model.common import Frozen, Identifier, Isrc, Share, invalid, require_total_100

__all__ = ["Contributor", "SplitSheet"]


class Contributor(Frozen):
    party: Identifier
    roles: tuple[str, ...] = Field(min_length=1, description="lyrics, music, topline, production…")
    composition_share: Share | None = None
    publisher: Identifier | None = Field(default=None, description="party id of the publisher")
    publisher_share: Share | None = None
    master_share: Share | None = None
    signed: dt.date | None = None


class SplitSheet(Frozen):
    """One file in ``splits/``: a song, its contributors and their shares."""

    id: Identifier
    title: str = Field(min_length=1)
    date: dt.date
    work: Identifier | None = Field(default=None, description="id of the work in the catalog")
    recording: Isrc | None = None
    convention: Literal["whole_song", "writer_and_publisher"] = "whole_song"
    contributors: tuple[Contributor, ...] = Field(min_length=1)
    notes: str | None = None

    @field_validator("contributors")
    @classmethod
    def _shares_total_100(
        cls, people: tuple[Contributor, ...], info: ValidationInfo
    ) -> tuple[Contributor, ...]:
        has_composition = any(c.composition_share is not None for c in people)
        has_master = any(c.master_share is not None for c in people)
        if not (has_composition or has_master):
            raise invalid(
                "no-shares",
                "a split sheet needs composition_share or master_share for its contributors",
            )
        require_total_100(people, lambda c: c.composition_share, "composition shares")
        require_total_100(people, lambda c: c.master_share, "master shares")
        if info.data.get("convention") == "writer_and_publisher":
            require_total_100(people, lambda c: c.publisher_share, "publisher shares")
        return people
