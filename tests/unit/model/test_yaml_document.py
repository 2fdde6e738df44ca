"""The YAML reader: exact numbers, codes kept as text, YAML 1.2 words, and every position."""

from __future__ import annotations

from decimal import Decimal
from textwrap import dedent
from typing import Any

import pytest

from points.errors import Severity, Source
from points.model.yaml_document import YamlDocument, parse_yaml


def _document(text: str) -> YamlDocument:
    document, problems = parse_yaml(dedent(text), "c.yaml")
    assert problems == []
    assert document is not None
    return document


def _value(scalar: str) -> Any:
    """What ``value: <scalar>`` reads as."""
    data = _document(f"value: {scalar}\n").data
    assert isinstance(data, dict)
    return data["value"]


# Scalars


@pytest.mark.parametrize(
    ("scalar", "text"),
    [("1.50", "1.50"), ("0.10", "0.10"), ("2500.00", "2500.00"), ("-3.5", "-3.5"), (".5", "0.5")],
)
def test_a_decimal_keeps_its_exact_text(scalar: str, text: str) -> None:
    value = _value(scalar)
    assert type(value) is Decimal
    assert value == Decimal(text)
    assert str(value) == text


@pytest.mark.parametrize(("scalar", "number"), [("42", 42), ("0", 0), ("-7", -7), ("1_000", 1000)])
def test_an_integer_is_an_int(scalar: str, number: int) -> None:
    value = _value(scalar)
    assert type(value) is int
    assert value == number


@pytest.mark.parametrize("scalar", ["012345678905", "00781204552", "007"])
def test_an_integer_with_leading_zeros_stays_text(scalar: str) -> None:
    assert _value(scalar) == scalar


@pytest.mark.parametrize("scalar", ["NO", "no", "yes", "Yes", "on", "off", "y", "n"])
def test_yaml_1_1_booleans_stay_words(scalar: str) -> None:
    assert _value(scalar) == scalar


@pytest.mark.parametrize(("scalar", "flag"), [("true", True), ("false", False), ("True", True)])
def test_yaml_1_2_booleans_are_bools(scalar: str, flag: bool) -> None:
    assert _value(scalar) is flag


@pytest.mark.parametrize("scalar", ["~", "null", ""])
def test_null_is_none(scalar: str) -> None:
    assert _value(scalar) is None


@pytest.mark.parametrize("scalar", ["2025-10-03", "2025-10-03T10:00:00"])
def test_a_date_stays_text_for_the_model_to_read(scalar: str) -> None:
    assert _value(scalar) == scalar


@pytest.mark.parametrize(("scalar", "text"), [('"3.50"', "3.50"), ("'42'", "42"), ('"NO"', "NO")])
def test_quoted_scalars_are_text(scalar: str, text: str) -> None:
    assert _value(scalar) == text


def test_a_whole_document_builds_plain_data() -> None:
    document = _document(
        """
        id: deal
        territories: [NO, gb]
        fees:
          - amount: 1.50
            upc: 012345678905
        """
    )
    assert document.file == "c.yaml"
    assert document.data == {
        "id": "deal",
        "territories": ["NO", "gb"],
        "fees": [{"amount": Decimal("1.50"), "upc": "012345678905"}],
    }


# Positions


TEXT = "contract:\n  id: deal\n  fees:\n    - amount: 2500\n      due: delivery\n"


@pytest.mark.parametrize(
    ("path", "position"),
    [
        ((), (1, 1)),
        (("contract", "id"), (2, 7)),
        (("contract", "fees", 0), (4, 7)),
        (("contract", "fees", 0, "amount"), (4, 15)),
        (("contract", "fees", 0, "due"), (5, 12)),
    ],
)
def test_value_positions_are_1_based(
    path: tuple[str | int, ...], position: tuple[int, int]
) -> None:
    assert _document(TEXT).values[path] == position


@pytest.mark.parametrize(
    ("path", "position"),
    [
        (("contract",), (1, 1)),
        (("contract", "id"), (2, 3)),
        (("contract", "fees"), (3, 3)),
        (("contract", "fees", 0, "amount"), (4, 7)),
        (("contract", "fees", 0, "due"), (5, 7)),
    ],
)
def test_key_positions_are_recorded(path: tuple[str | int, ...], position: tuple[int, int]) -> None:
    assert _document(TEXT).keys[path] == position


def test_sequence_items_have_no_key_position() -> None:
    assert ("contract", "fees", 0) not in _document(TEXT).keys


def test_source_names_the_value_or_its_key() -> None:
    document = _document(TEXT)
    assert document.source(("contract", "fees", 0, "amount")) == Source("c.yaml", 4, 15)
    assert document.source(("contract", "fees", 0, "amount"), at_key=True) == Source("c.yaml", 4, 7)


@pytest.mark.parametrize(
    ("path", "at_key", "source"),
    [
        pytest.param(("contract", "fees", 0, "currency"), False, Source("c.yaml", 4, 7), id="key"),
        pytest.param(("contract", "fees", 3, "amount"), False, Source("c.yaml", 4, 5), id="item"),
        pytest.param(("contract", "fees", 0, "x"), True, Source("c.yaml", 4, 7), id="at-key"),
        pytest.param(("nowhere", 3), False, Source("c.yaml", 1, 1), id="root"),
    ],
)
def test_a_missing_path_falls_back_to_its_nearest_ancestor(
    path: tuple[str | int, ...], at_key: bool, source: Source
) -> None:
    assert _document(TEXT).source(path, at_key=at_key) == source


# Problems


def test_a_duplicate_key_is_reported_with_the_line_of_the_first() -> None:
    document, problems = parse_yaml("fees: 1\nroyalties: 2\nfees: 3\n", "c.yaml")
    assert document is not None
    (problem,) = problems
    assert problem.code == "duplicate-key"
    assert problem.severity is Severity.ERROR
    assert problem.source == Source("c.yaml", 3, 1)
    assert problem.message == "key 'fees' appears twice in this mapping (first on line 1)"


def test_a_nested_duplicate_key_is_reported_where_it_stands() -> None:
    _, problems = parse_yaml("accounting:\n  currency: USD\n  currency: EUR\n", "c.yaml")
    assert [(p.code, p.source) for p in problems] == [("duplicate-key", Source("c.yaml", 3, 3))]
    assert "first on line 2" in problems[0].message


@pytest.mark.parametrize("scalar", [".inf", "-.inf", ".nan"])
def test_infinity_and_nan_are_not_numbers(scalar: str) -> None:
    document, problems = parse_yaml(f"id: x\nrate: {scalar}\n", "c.yaml")
    assert document is not None
    assert [(p.code, p.source) for p in problems] == [("not-a-number", Source("c.yaml", 2, 7))]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("id: x\ntitle: [unclosed\nfees: 1\n", 3, id="unclosed-flow-sequence"),
        pytest.param("id: x\ntitle: a: b\n", 2, id="colon-in-plain-text"),
        pytest.param("id: x\naccounting:\n\tcurrency: USD\n", 3, id="tab-indent"),
        pytest.param("a: 1\n---\nb: 2\n", 2, id="two-documents"),
    ],
)
def test_a_syntax_error_returns_no_document_and_names_its_line(text: str, line: int) -> None:
    document, problems = parse_yaml(text, "c.yaml")
    assert document is None
    (problem,) = problems
    assert problem.code == "yaml-syntax"
    assert problem.source.file == "c.yaml"
    assert problem.source.line == line
    assert problem.message.startswith("not valid YAML: ")
    assert problem.hint


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n"])
def test_an_empty_text_gives_a_document_without_data(text: str) -> None:
    document, problems = parse_yaml(text, "c.yaml")
    assert problems == []
    assert document is not None
    assert document.data is None
    assert document.source(("id",)) == Source("c.yaml")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("rate: !pct 3\n", "bad-tag", id="unsupported-tag"),
        pytest.param("? [a, b]\n: 1\n", "bad-key", id="sequence-as-key"),
    ],
)
def test_tags_and_keys_the_model_cannot_use_are_reported(text: str, code: str) -> None:
    document, problems = parse_yaml(text, "c.yaml")
    assert document is not None
    assert [(p.code, p.source.line) for p in problems] == [(code, 1)]


def test_a_control_character_is_a_problem_not_a_crash() -> None:
    """A stray BEL or NUL pasted into a file made the reader raise (found by a helper's test)."""
    document, problems = parse_yaml("id: x\ntitle: a\x07b\n", "c.yaml")
    assert document is None
    (problem,) = problems
    assert (problem.code, problem.source) == ("yaml-syntax", Source("c.yaml", 2, 9))
    assert problem.message == "not valid YAML: character '\\x07' (U+0007) is not allowed"
    assert problem.hint is not None
    assert problem.hint.startswith("delete the invisible control character")


# Limits (points.model.limits): refused while composing, before anything is copied


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: &a [1, *a]\n", "yaml-recursive-alias", 1),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
                for i in range(6)
            ),
            "yaml-alias-expansion",
            5,  # e: ten copies of d's 10,111 values pass 100,000
        ),
        ("a: " + "[" * 65 + "]" * 65 + "\n", "yaml-too-deep", 1),
        ("".join(" " * i + f"k{i}:\n" for i in range(70)), "yaml-too-deep", 64),
        (  # each alias 60 levels deep inside another 60: a tree thousands of levels deep
            "a0: &a0 "
            + "[" * 60
            + "1"
            + "]" * 60
            + "\n"
            + "".join(
                f"a{i}: &a{i} " + "[" * 60 + f"*a{i - 1}" + "]" * 60 + "\n" for i in range(1, 40)
            ),
            "yaml-too-deep",
            2,
        ),
    ],
)
def test_yaml_past_a_limit_is_refused_with_its_place(text: str, code: str, line: int) -> None:
    document, problems = parse_yaml(text, "c.yaml")
    assert document is None
    assert [(p.code, p.source.line) for p in problems] == [(code, line)]


def test_nesting_up_to_the_limit_and_quoted_brackets_are_read() -> None:
    text = (
        "a: "
        + "[" * 60
        + "]" * 60
        + "\nb: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\n"
    )
    document, problems = parse_yaml(text, "c.yaml")
    assert problems == []
    assert document is not None
    assert set(document.data["b"]) == {"["}


def test_text_past_the_size_limit_is_refused_unparsed() -> None:
    from points.model.limits import MAX_YAML_BYTES

    document, problems = parse_yaml("#" * (MAX_YAML_BYTES + 1), "c.yaml")
    assert document is None
    assert [p.code for p in problems] == ["file-too-large"]
