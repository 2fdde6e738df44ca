"""What agreement templates see: a contract, restated in the words of ``points demo``.

Every term comes from ``points.render.deals`` (``describe_terms`` for each kind of term,
``describe_contract`` for the whole deal), so a draft and the numbers the engine computes from
the same contract file cannot disagree. What the contract file does not say is left for counsel
in the templates, marked ``[●]``, never filled in with a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from points.model import Contract, Role, Workspace
from points.money import Money
from points.render.deals import PERIOD_WORDS, describe_contract, describe_terms
from points.render.documents import (
    PartyView,
    RecordingView,
    party_view,
    recording_view,
)
from points.render.text import format_count, format_date, format_money, format_percent

__all__ = [
    "ContractView",
    "LetterView",
    "PaymentView",
    "ReleaseView",
    "ShareView",
    "contract_context",
]


@dataclass(frozen=True, slots=True)
class ReleaseView:
    upc: str
    title: str
    artist: str
    release_date: str


@dataclass(frozen=True, slots=True)
class ContractView:
    id: str
    title: str
    date: str  # written out, or "" when the contract file has none
    role: str  # "producer", "co-producer", …
    role_title: str  # "Producer"
    payer_title: str  # "Artist" when the payer is an artist, else "Company"
    currency: str
    period: str  # "semi-annually"
    minimum_payment: str  # "$50", or ""
    statement_due_days: str  # "90", or ""
    recordings: tuple[RecordingView, ...]
    releases: tuple[ReleaseView, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class PaymentView:
    text: str  # "$2,500 fee on delivery", as points demo says it
    description: str


@dataclass(frozen=True, slots=True)
class ShareView:
    party: PartyView
    percent: str


@dataclass(frozen=True, slots=True)
class LetterView:
    artist: PartyView
    paid_by: PartyView
    date: str


def contract_context(contract: Contract, workspace: Workspace) -> dict[str, object]:
    """The template context for one contract."""
    locale = workspace.settings.locale
    terms = describe_terms(contract, workspace)
    payer = workspace.parties_by_id.get(contract.payer)
    accounting = contract.accounting
    releases = tuple(
        ReleaseView(
            upc=release.upc,
            title=release.title,
            artist=release.artist,
            release_date=format_date(release.release_date, locale) if release.release_date else "",
        )
        for upc in contract.releases
        if (release := workspace.releases_by_upc.get(upc)) is not None
    )
    view = ContractView(
        id=contract.id,
        title=contract.title,
        date=format_date(contract.date, locale) if contract.date else "",
        role=contract.role.replace("_", "-"),
        role_title=contract.role.replace("_", "-").title(),
        payer_title="Artist" if payer and Role.ARTIST in payer.roles else "Company",
        currency=accounting.currency,
        period=PERIOD_WORDS[accounting.period],
        minimum_payment=(
            format_money(Money.of(accounting.minimum_payment, accounting.currency), locale)
            if accounting.minimum_payment
            else ""
        ),
        statement_due_days=(
            format_count(accounting.statement_due_days, locale)
            if accounting.statement_due_days is not None
            else ""
        ),
        recordings=tuple(recording_view(workspace, isrc) for isrc in contract.recordings),
        releases=releases,
        notes=contract.notes or "",
    )
    lod = contract.letter_of_direction
    return {
        "contract": view,
        "payer": party_view(workspace, contract.payer),
        "payee": party_view(workspace, contract.payee),
        "deal": describe_contract(contract, workspace),
        "terms": terms,
        "fees": tuple(
            PaymentView(text, fee.description or "")
            for fee, text in zip(contract.fees, terms.fees, strict=True)
        ),
        "advances": tuple(
            PaymentView(text, advance.description or "")
            for advance, text in zip(contract.advances, terms.advances, strict=True)
        ),
        "payees": tuple(
            ShareView(party_view(workspace, share.party), format_percent(share.percent))
            for share in contract.payees
        ),
        "letter_of_direction": (
            LetterView(
                party_view(workspace, lod.artist),
                party_view(workspace, lod.paid_by),
                format_date(lod.date, locale) if lod.date else "",
            )
            if lod is not None
            else None
        ),
    }
