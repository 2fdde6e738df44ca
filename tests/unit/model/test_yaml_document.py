"""The YAML reader: exact numbers, codes kept as text, YAML 1.2 words, and every position."""

from __future__ import annotations

from decimal import Decimal
from textwrap import dedent

from points.errors import Source
from points.model.yaml_document import parse_yaml


def _parse(text: str) -> object:
    document, problems = parse_yaml(dedent(text), "f.yaml")
    assert problems == []
    assert document is not None
    return document.data


def test_scalars_keep_their_meaning() -> None:
    data = _parse(
        """
        fee: 1.50
        big: 1e3
        count: 42
        upc: 012345678905
        territory: NO
        word: yes
        nothing: ~
        signed: 2025-10-03
        quoted: "3.50"
        flag: true
        """
    )
    assert data == {
        "fee": Decimal("1.50"),
        "big": Decimal("1E+3"),
        "count": 42,
        "upc": "012345678905",
        "territory": "NO",
        "word": "yes",
        "nothing": None,
        "signed": "2025-10-03",
        "quoted": "3.50",
        "flag": True,
    }
    assert isinstance(data, dict)
    assert str(data["fee"]) == "1.50"


def test_positions_are_one_based_for_values_and_keys() -> None:
    text = "contract:\n  fees:\n    - amount: 2500\n"
    document, _ = parse_yaml(text, "c.yaml")
    assert document is not None
    assert document.values[("contract", "fees", 0, "amount")] == (3, 15)
    assert document.keys[("contract", "fees", 0, "amount")] == (3, 7)
    assert document.values[("contract", "fees", 0)] == (3, 7)
    assert document.source(("contract", "fees", 0, "amount"), at_key=True) == Source("c.yaml", 3, 7)


def test_a_missing_path_falls_back_to_its_nearest_ancestor() -> None:
    document, _ = parse_yaml("accounting:\n  period: monthly\n", "c.yaml")
    assert document is not None
    assert document.source(("accounting", "currency")) == Source("c.yaml", 2, 3)
    assert document.source(("nowhere", 3)) == Source("c.yaml", 1, 1)


def test_duplicate_keys_are_reported_not_silently_merged() -> None:
    document, problems = parse_yaml("fees: 1\nroyalties: 2\nfees: 3\n", "c.yaml")
    assert document is not None
    assert document.data == {"fees": 1, "royalties": 2}
    (problem,) = problems
    assert (problem.code, problem.source) == ("duplicate-key", Source("c.yaml", 3, 1))
    assert "first on line 1" in problem.message


def test_infinity_is_not_a_number() -> None:
    _, problems = parse_yaml("rate: .inf\n", "c.yaml")
    assert [(p.code, p.source.line) for p in problems] == [("not-a-number", 1)]


def test_unsupported_tags_are_reported() -> None:
    _, problems = parse_yaml("rate: !pct 3\n", "c.yaml")
    assert [p.code for p in problems] == ["bad-tag"]


def test_a_syntax_error_names_its_line() -> None:
    document, problems = parse_yaml("id: x\ntitle: [unclosed\nfees: 1\n", "c.yaml")
    assert document is None
    (problem,) = problems
    assert problem.code == "yaml-syntax"
    assert problem.source.file == "c.yaml"
    assert problem.source.line == 3


def test_an_empty_file_has_no_data() -> None:
    document, problems = parse_yaml("", "c.yaml")
    assert problems == []
    assert document is not None
    assert document.data is None
