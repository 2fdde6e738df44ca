"""Parties: the people and companies named in deals, split sheets and statements.

A party has a legal name (what contracts and cheques say) and, often, a professional name (what
the credits say). PRO and IPI/CAE identify songwriters to collecting societies; payment details
are optional, since many workspaces keep them elsewhere.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from points.model.common import Frozen, Identifier, Ipi, Territory

__all__ = ["Party", "PaymentDetails", "PaymentMethod", "Role"]


class Role(StrEnum):
    ARTIST = "artist"
    FEATURED_ARTIST = "featured_artist"
    PRODUCER = "producer"
    CO_PRODUCER = "co_producer"
    MIXER = "mixer"
    ENGINEER = "engineer"
    REMIXER = "remixer"
    WRITER = "writer"
    PUBLISHER = "publisher"
    LABEL = "label"
    DISTRIBUTOR = "distributor"
    MANAGER = "manager"
    OTHER = "other"


class PaymentMethod(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    PAYPAL = "paypal"
    CHEQUE = "cheque"
    OTHER = "other"


class PaymentDetails(Frozen):
    """How a payee is paid. Every field is optional: keep only what this workspace needs."""

    method: PaymentMethod | None = None
    account_name: str | None = None
    iban: str | None = None
    account_number: str | None = None
    routing_number: str | None = None
    email: str | None = None
    reference: str | None = None


class Party(Frozen):
    id: Identifier
    legal_name: str = Field(min_length=1)
    professional_name: str | None = None
    roles: tuple[Role, ...] = ()
    pro: str | None = Field(default=None, description="performing rights organisation, e.g. ASCAP")
    ipi: Ipi | None = None
    email: str | None = None
    address: str | None = None
    country: Territory | None = None
    payment: PaymentDetails | None = None

    @property
    def display_name(self) -> str:
        """The name people know: the professional name where there is one."""
        return self.professional_name or self.legal_name
