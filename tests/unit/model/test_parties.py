"""Parties: names, roles, society identifiers and optional payment details."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from points.model import Party, Role


def test_a_party_with_everything() -> None:
    party = Party.model_validate(
        {
            "id": "mko",
            "legal_name": "Marcus Okafor",
            "professional_name": "MKO",
            "roles": ["producer", "writer"],
            "pro": "PRS",
            "ipi": "781204552",
            "country": "gb",
            "payment": {"method": "bank_transfer", "iban": "GB33BUKB20201555555555"},
        }
    )
    assert party.display_name == "MKO"
    assert party.roles == (Role.PRODUCER, Role.WRITER)
    assert party.ipi == "00781204552"
    assert party.country == "GB"


def test_the_legal_name_is_shown_when_there_is_no_professional_name() -> None:
    assert Party(id="jane", legal_name="Jane Doe").display_name == "Jane Doe"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("roles", ["beatmaker"], "enum"),
        ("legal_name", "", "string_too_short"),
        ("payment", {"method": "bitcoin"}, "enum"),
        ("payment", {"sort_code": "12-34-56"}, "extra_forbidden"),
    ],
)
def test_party_errors(field: str, value: object, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Party.model_validate({"id": "x", "legal_name": "X"} | {field: value})
    assert caught.value.errors()[0]["type"] == code
