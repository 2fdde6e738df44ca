"""Small workspaces as text, shared by the loader and CLI tests."""

from textwrap import dedent
from typing import Any

from pydantic import BaseModel, ValidationError

from points.model import Contract

Loc = tuple[str | int, ...]

PARTIES = dedent("""
    parties:
      - {id: ava, legal_name: Ava Stone, roles: [artist, writer]}
      - {id: jane, legal_name: Jane Doe, roles: [producer]}
      - {id: lena, legal_name: Lena Park, roles: [writer]}
    """).lstrip()

CATALOG = dedent("""
    recordings:
      - {isrc: QZ-RLR-26-00001, title: Glass Harbor, artist: Ava Stone}
    releases:
      - upc: "198724001509"
        title: Glass Harbor
        artist: Ava Stone
        tracks: [QZ-RLR-26-00001]
    """).lstrip()

CONTRACT = dedent("""
    id: jane-producer
    title: Producer agreement
    payer: ava
    payee: jane
    recordings: [QZ-RLR-26-00001]
    accounting:
      currency: USD
      period: quarterly
    fees:
      - amount: 2500
    royalties:
      - channels: [stream]
        points: 4
    """).lstrip()

SPLIT = dedent("""
    id: glass-harbor
    title: Glass Harbor
    date: 2025-10-03
    contributors:
      - {party: ava, roles: [lyrics], composition_share: 33.34}
      - {party: jane, roles: [music], composition_share: 33.33}
      - {party: lena, roles: [topline], composition_share: 33.33}
    """).lstrip()


def valid_files() -> dict[str, str]:
    return {
        "parties.yaml": PARTIES,
        "catalog.yaml": CATALOG,
        "contracts/jane-producer.yaml": CONTRACT,
        "splits/glass-harbor.yaml": SPLIT,
    }


MINIMAL_CONTRACT: dict[str, Any] = {
    "id": "deal",
    "title": "Producer agreement",
    "payer": "ava",
    "payee": "jane",
    "accounting": {"currency": "USD", "period": "quarterly"},
}


def make_contract(**terms: Any) -> Contract:
    """A valid contract between parties ``ava`` (payer) and ``jane`` (payee), plus ``terms``."""
    return Contract.model_validate(MINIMAL_CONTRACT | terms)


def validation_errors(model: type[BaseModel], data: dict[str, Any]) -> list[tuple[str, Loc]]:
    """The (type, loc) of each error ``data`` gives as a ``model``; it must give some."""
    try:
        model.model_validate(data)
    except ValidationError as caught:
        return [(error["type"], error["loc"]) for error in caught.errors()]
    raise AssertionError(f"{model.__name__} accepted {data!r}")
