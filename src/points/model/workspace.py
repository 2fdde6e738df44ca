"""The workspace: everything loaded from one folder, validated as a whole.

``Workspace`` is a frozen value the engine and renderers read. Loading it from disk, and mapping
problems to file and line, is ``points.model.loader``'s job.
"""

from __future__ import annotations

from functools import cached_property

from pydantic import Field

from points.model.catalog import Recording, Release, Work
from points.model.common import CurrencyCode, Frozen
from points.model.contracts import Contract, CostKind
from points.model.parties import Party
from points.model.rates import ExchangeRate
from points.model.splits import SplitSheet
from points.money import Money, total

__all__ = ["Settings", "Workspace"]


class Settings(Frozen):
    """The contents of ``points.yaml``: workspace-wide defaults."""

    name: str | None = None
    currency: CurrencyCode | None = Field(default=None, description="default reporting currency")
    locale: str = Field(default="en_US", description="how amounts are written for people")
    database_url: str | None = Field(
        default=None,
        description="a postgresql:// URL for a ledger the team shares; POINTS_DATABASE_URL wins",
    )


class Workspace(Frozen):
    settings: Settings = Settings()
    parties: tuple[Party, ...] = ()
    recordings: tuple[Recording, ...] = ()
    releases: tuple[Release, ...] = ()
    works: tuple[Work, ...] = ()
    contracts: tuple[Contract, ...] = ()
    split_sheets: tuple[SplitSheet, ...] = ()
    rates: tuple[ExchangeRate, ...] = ()  # rates.csv

    @cached_property
    def parties_by_id(self) -> dict[str, Party]:
        return {party.id: party for party in self.parties}

    @cached_property
    def recordings_by_isrc(self) -> dict[str, Recording]:
        return {recording.isrc: recording for recording in self.recordings}

    @cached_property
    def releases_by_upc(self) -> dict[str, Release]:
        return {release.upc: release for release in self.releases}

    @cached_property
    def contracts_by_id(self) -> dict[str, Contract]:
        return {contract.id: contract for contract in self.contracts}

    def record_one_costs(self, contract: Contract) -> Money | None:
        """The recording costs a contract's record-one gate must see recouped.

        Stated on the term, or the artist contract's ``recording`` costs at their recoupable
        share (DOMAIN.md, "Record one"). ``None`` when the contract has no record-one term.
        """
        term = contract.record_one
        if term is None:
            return None
        code = contract.accounting.currency
        if term.recording_costs is not None:
            return Money.of(term.recording_costs, code)
        artist = self.contracts_by_id.get(term.artist_contract or "")
        if artist is None:
            return None
        return total(
            (
                Money.of(cost.amount, cost.currency or artist.accounting.currency).percent(
                    cost.effective_recoupable_percent
                )
                for cost in artist.costs
                if cost.kind is CostKind.RECORDING
            ),
            code,
        )

    def party_name(self, party_id: str) -> str:
        party = self.parties_by_id.get(party_id)
        return party.display_name if party else party_id
