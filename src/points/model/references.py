"""Checks that span files: duplicate ids and references to parties, recordings, releases,
works and contracts that the workspace does not define.

Pure: takes a ``Workspace`` and returns ``Finding`` records that point at an item of a collection
and a key path inside it; the loader turns them into problems with file, line and column.
``checked`` names the collections that loaded without errors: references into a collection that
failed to load are not checked, so one broken file does not bury the report in echoes.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from points.model.workspace import Workspace

__all__ = ["Finding", "check_references", "did_you_mean", "suggest"]

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    collection: str
    index: int
    path: KeyPath
    code: str
    message: str
    hint: str | None = None


def did_you_mean(value: str, known: Iterable[str]) -> str | None:
    """``did you mean 'jane-doe'?`` for the known name closest to a mistyped one, if any is
    close: how ``points check`` and the commands that take an id suggest."""
    close = difflib.get_close_matches(value, sorted(set(known)), n=1)
    return f"did you mean {close[0]!r}?" if close else None


def suggest(value: str, known: Iterable[str]) -> str:
    """What to say after "no such id": the closest known one, else the known ones, else that
    the workspace has none."""
    names = sorted(set(known))
    return did_you_mean(value, names) or (
        f"known: {', '.join(names)}" if names else "the workspace has none"
    )


def _suggest(value: str, known: Iterable[str], what: str) -> str:
    return did_you_mean(value, known) or f"add it to {what} first"


@dataclass(frozen=True, slots=True)
class _Target:
    """A collection that references can point into."""

    name: str
    ids: frozenset[str]
    where: str
    code: str
    checked: bool

    def check(
        self, value: str | None, collection: str, index: int, path: KeyPath
    ) -> Iterator[Finding]:
        if value is None or not self.checked or value in self.ids:
            return
        yield Finding(
            collection,
            index,
            path,
            self.code,
            f"{self.name} {value!r} is not defined",
            _suggest(value, self.ids, self.where),
        )


def _duplicates(collection: str, keys: list[str], key_name: str) -> Iterator[Finding]:
    first_seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key in first_seen:
            yield Finding(
                collection,
                index,
                (key_name,),
                "duplicate-id",
                f"{key_name} {key!r} is defined twice",
                f"the first definition is {collection} item {first_seen[key] + 1}; "
                "remove one or give it a new id",
            )
        else:
            first_seen[key] = index


def check_references(workspace: Workspace, checked: frozenset[str]) -> list[Finding]:
    """Every duplicate id and dangling reference in ``workspace``."""
    ws = workspace
    party = _Target(
        "party",
        frozenset(ws.parties_by_id),
        "parties.yaml",
        "unknown-party",
        "parties" in checked,
    )
    isrc = _Target(
        "recording",
        frozenset(ws.recordings_by_isrc),
        "catalog.yaml recordings",
        "unknown-recording",
        "recordings" in checked,
    )
    upc = _Target(
        "release",
        frozenset(ws.releases_by_upc),
        "catalog.yaml releases",
        "unknown-release",
        "releases" in checked,
    )
    work = _Target(
        "work",
        frozenset(w.id for w in ws.works),
        "catalog.yaml works",
        "unknown-work",
        "works" in checked,
    )
    contract = _Target(
        "contract",
        frozenset(ws.contracts_by_id),
        "contracts/",
        "unknown-contract",
        "contracts" in checked,
    )
    findings: list[Finding] = []
    add = findings.extend

    add(_duplicates("parties", [p.id for p in ws.parties], "id"))
    add(_duplicates("recordings", [r.isrc for r in ws.recordings], "isrc"))
    add(_duplicates("releases", [r.upc for r in ws.releases], "upc"))
    add(_duplicates("works", [w.id for w in ws.works], "id"))
    add(_duplicates("contracts", [c.id for c in ws.contracts], "id"))
    add(_duplicates("split_sheets", [s.id for s in ws.split_sheets], "id"))

    for i, recording in enumerate(ws.recordings):
        add(work.check(recording.work, "recordings", i, ("work",)))
    for i, release in enumerate(ws.releases):
        add(party.check(release.label, "releases", i, ("label",)))
        for t, track in enumerate(release.tracks):
            add(isrc.check(track, "releases", i, ("tracks", t)))
    for i, composition in enumerate(ws.works):
        for key, shares in (
            ("writers", composition.writers),
            ("publishers", composition.publishers),
        ):
            for s, writer_or_publisher in enumerate(shares):
                add(party.check(writer_or_publisher.party, "works", i, (key, s, "party")))

    pools: dict[str, int] = {}
    for i, deal in enumerate(ws.contracts):
        add(party.check(deal.payer, "contracts", i, ("payer",)))
        add(party.check(deal.payee, "contracts", i, ("payee",)))
        for p, payee in enumerate(deal.payees):
            add(party.check(payee.party, "contracts", i, ("payees", p, "party")))
        if deal.letter_of_direction:
            lod = deal.letter_of_direction
            add(party.check(lod.artist, "contracts", i, ("letter_of_direction", "artist")))
            add(party.check(lod.paid_by, "contracts", i, ("letter_of_direction", "paid_by")))
        for r, code in enumerate(deal.recordings):
            add(isrc.check(code, "contracts", i, ("recordings", r)))
        for r, code in enumerate(deal.releases):
            add(upc.check(code, "contracts", i, ("releases", r)))
        if deal.record_one and deal.record_one.artist_contract:
            target = deal.record_one.artist_contract
            path: KeyPath = ("record_one", "artist_contract")
            if target == deal.id:
                findings.append(
                    Finding(
                        "contracts",
                        i,
                        path,
                        "self-reference",
                        "record one cannot take recording costs from its own contract",
                        "name the artist's contract",
                    )
                )
            add(contract.check(target, "contracts", i, path))
        if deal.recoupment_pool:
            findings.extend(_pool_mismatch(ws, deal.recoupment_pool, i, pools))

    for i, sheet in enumerate(ws.split_sheets):
        add(work.check(sheet.work, "split_sheets", i, ("work",)))
        add(isrc.check(sheet.recording, "split_sheets", i, ("recording",)))
        for c, person in enumerate(sheet.contributors):
            add(party.check(person.party, "split_sheets", i, ("contributors", c, "party")))
            add(party.check(person.publisher, "split_sheets", i, ("contributors", c, "publisher")))
    return findings


def _pool_mismatch(ws: Workspace, pool: str, index: int, pools: dict[str, int]) -> list[Finding]:
    """Cross-collateralized contracts must share a payee and a currency: one account, one pool."""
    if pool not in pools:
        pools[pool] = index
        return []
    first, this = ws.contracts[pools[pool]], ws.contracts[index]
    for attribute, mine, theirs in (
        ("payee", this.payee, first.payee),
        ("accounting currency", this.accounting.currency, first.accounting.currency),
    ):
        if mine != theirs:
            return [
                Finding(
                    "contracts",
                    index,
                    ("recoupment_pool",),
                    "pool-mismatch",
                    f"pool {pool!r} joins contracts with different {attribute}s: "
                    f"{mine} here, {theirs} in {first.id!r}",
                    "only one payee's contracts in one currency can share a recoupment pool",
                )
            ]
    return []
