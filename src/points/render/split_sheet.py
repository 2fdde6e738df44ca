"""What split sheet templates see: a split sheet, or the master points contracts give.

A split sheet (DOMAIN.md, "Split sheets") states who owns what share of a song and of its
master; the loader has already refused one whose shares do not total 100%. The derived sheet is
different in kind: the royalty points each contract covering a recording gives its payees, as
the contracts state them (the same words as ``points demo``). Points are percentages of a
royalty base, not ownership shares, so they need not total 100%, and the document says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from points.engine.royalties import Cover
from points.model import Contract, SplitSheet, Workspace
from points.model.references import suggest
from points.render.deals import describe_terms
from points.render.documents import (
    PartyView,
    RecordingView,
    party_view,
    recording_view,
)
from points.render.templates import DocumentError
from points.render.text import format_date, format_percent

__all__ = [
    "ContributorView",
    "MasterPoints",
    "SheetView",
    "derived_context",
    "find_split_sheet",
    "recordings_for",
    "split_sheet_context",
]

CONVENTION_WORDS = {
    "whole_song": "each writer's share of the whole song (writer's and publisher's share together)",
    "writer_and_publisher": "writer shares of the writer's half and publisher shares of the "
    "publisher's half, each totalling 100%",
}


def find_split_sheet(workspace: Workspace, key: str) -> SplitSheet:
    """The split sheet with id ``key``, or the only one for the work ``key``.

    Raises:
        DocumentError: none matches, or the work has several sheets.
    """
    for sheet in workspace.split_sheets:
        if sheet.id == key:
            return sheet
    for_work = [s for s in workspace.split_sheets if s.work == key]
    if len(for_work) == 1:
        return for_work[0]
    if for_work:
        ids = ", ".join(s.id for s in for_work)
        raise DocumentError(f"work {key!r} has {len(for_work)} split sheets ({ids}); name one")
    known = [s.id for s in workspace.split_sheets] + [
        s.work for s in workspace.split_sheets if s.work
    ]
    raise DocumentError(
        f"no split sheet {key!r} (by split sheet id or work id): {suggest(key, known)}"
    )


def _total(shares: Iterable[Fraction | None]) -> str:
    present = [s for s in shares if s is not None]
    return format_percent(sum(present, Fraction(0))) if present else ""


def _percent(share: Fraction | None) -> str:
    return format_percent(share) if share is not None else ""


@dataclass(frozen=True, slots=True)
class SheetView:
    id: str
    title: str
    date: str
    work_id: str
    work_title: str
    iswc: str
    recording: RecordingView | None
    convention: str
    convention_words: str
    notes: str
    composition_total: str  # "" when the sheet has no composition shares
    publisher_total: str
    master_total: str


@dataclass(frozen=True, slots=True)
class ContributorView:
    party: PartyView
    roles: str
    composition_share: str
    publisher: PartyView | None
    publisher_share: str
    master_share: str
    signed: str  # the date signed, written out, or ""


def split_sheet_context(sheet: SplitSheet, workspace: Workspace) -> dict[str, object]:
    """The template context for a split sheet (and the co-writer agreement made from one)."""
    locale = workspace.settings.locale
    work = next((w for w in workspace.works if w.id == sheet.work), None)
    people = sheet.contributors
    view = SheetView(
        id=sheet.id,
        title=sheet.title,
        date=format_date(sheet.date, locale),
        work_id=sheet.work or "",
        work_title=work.title if work else "",
        iswc=(work.iswc or "") if work else "",
        recording=recording_view(workspace, sheet.recording) if sheet.recording else None,
        convention=sheet.convention,
        convention_words=CONVENTION_WORDS[sheet.convention],
        notes=sheet.notes or "",
        composition_total=_total(c.composition_share for c in people),
        publisher_total=_total(c.publisher_share for c in people),
        master_total=_total(c.master_share for c in people),
    )
    contributors = tuple(
        ContributorView(
            party=party_view(workspace, c.party),
            roles=", ".join(c.roles),
            composition_share=_percent(c.composition_share),
            publisher=party_view(workspace, c.publisher) if c.publisher else None,
            publisher_share=_percent(c.publisher_share),
            master_share=_percent(c.master_share),
            signed=format_date(c.signed, locale) if c.signed else "",
        )
        for c in people
    )
    return {
        "sheet": view,
        "contributors": contributors,
        "has_composition": bool(view.composition_total),
        "has_publishers": any(c.publisher or c.publisher_share for c in contributors),
        "has_master": bool(view.master_total),
    }


def recordings_for(workspace: Workspace, key: str) -> tuple[str, tuple[str, ...]]:
    """The song title and recordings (ISRCs) named by a split sheet id, a work id or an ISRC.

    Raises:
        DocumentError: ``key`` names none of these, or a work with no recordings.
    """
    sheet = next((s for s in workspace.split_sheets if s.id == key), None)
    if sheet is not None and sheet.recording:
        return sheet.title, (sheet.recording,)
    work_id = sheet.work if sheet is not None else key
    work = next((w for w in workspace.works if w.id == work_id), None)
    if work is not None:
        isrcs = tuple(r.isrc for r in workspace.recordings if r.work == work.id)
        if not isrcs:
            raise DocumentError(
                f"work {work.id!r} has no recordings in the catalog: add 'work: {work.id}' "
                "to its recordings in catalog.yaml"
            )
        return work.title, isrcs
    code = key.replace("-", "").replace(" ", "").upper()
    recording = workspace.recordings_by_isrc.get(code)
    if recording is not None:
        return recording.title, (code,)
    known = [s.id for s in workspace.split_sheets] + [w.id for w in workspace.works]
    raise DocumentError(f"no split sheet, work or recording {key!r}: {suggest(key, known)}")


@dataclass(frozen=True, slots=True)
class MasterPoints:
    """One royalty rate a contract gives one of its payees on a recording."""

    party: PartyView
    contract_id: str
    contract_title: str
    role: str
    royalty: str  # the rate as the contract states it, in the words of points demo
    share: str  # the party's share of the contract's payable
    points: str  # the rate's points times that share ("" for a per-unit rate)
    paid: str  # who pays, where the contract says (a letter of direction, a payee split)


@dataclass(frozen=True, slots=True)
class DerivedRecording:
    recording: RecordingView
    rows: tuple[MasterPoints, ...]


def _covers(contract: Contract, workspace: Workspace, isrc: str) -> bool:
    return isrc in Cover(contract, workspace.releases_by_upc).known


def _times(points: Decimal, share: Fraction) -> Decimal | Fraction:
    """Points times a payee's percentage share: exact (a third of 3 points is 1 point; a
    third of 4 points stays a fraction, written as one)."""
    return Fraction(points) * share / 100


def derived_context(workspace: Workspace, title: str, isrcs: Iterable[str]) -> dict[str, object]:
    """The template context for the master points contracts give on some recordings.

    Raises:
        DocumentError: no contract covers any of them.
    """
    recordings = []
    for isrc in isrcs:
        rows: list[MasterPoints] = []
        for contract in sorted(workspace.contracts, key=lambda c: (c.role != "artist", c.id)):
            if not _covers(contract, workspace, isrc) or not contract.royalties:
                continue
            terms = describe_terms(contract, workspace)
            paid = terms.letter_of_direction or ""
            for payee in contract.payee_shares:
                for rate, words in zip(contract.royalties, terms.royalties, strict=True):
                    rows.append(
                        MasterPoints(
                            party=party_view(workspace, payee.party),
                            contract_id=contract.id,
                            contract_title=contract.title,
                            role=contract.role.replace("_", "-"),
                            royalty=words,
                            share=format_percent(payee.percent),
                            points=(
                                format_percent(_times(rate.points, payee.percent))
                                if rate.points is not None
                                else ""
                            ),
                            paid=paid,
                        )
                    )
        if rows:
            recordings.append(DerivedRecording(recording_view(workspace, isrc), tuple(rows)))
    if not recordings:
        raise DocumentError(f"no contract with royalty points covers {title!r}")
    return {"title": title, "recordings": tuple(recordings)}
