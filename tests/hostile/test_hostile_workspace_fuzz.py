"""Random YAML thrown at ``points check`` (issue 15): mappings, sequences and scalars of every
kind, anchors and aliases, deep nesting, numbers past every bound, and random bytes, in any
workspace file. Whatever arrives, ``check`` answers with a report of problems (each naming its
file) or a clean bill, exit 1 or 0; never a traceback.

Fast in ``make test``; ``POINTS_FUZZ_EXAMPLES=2000`` explores for longer."""

from __future__ import annotations

import os
import re
from pathlib import Path
from tempfile import TemporaryDirectory

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from points.cli import main

from workspaces import valid_files

EXAMPLES = int(os.environ.get("POINTS_FUZZ_EXAMPLES", "60"))

FILES = (
    "contracts/jane-producer.yaml",
    "splits/glass-harbor.yaml",
    "parties.yaml",
    "catalog.yaml",
    "points.yaml",
    "rates.csv",
)

# Scalars a collaborator (or an attacker) might write, as YAML text.
WORDS = st.sampled_from(
    [
        "1e400",
        "-1e400",
        "1e-400",
        "1" * 85,
        "0." + "1" * 80,
        "100.00000000000000000000000000001",
        "100." + "0" * 85,
        "1/3",
        "1/0",
        "33 1/3%",
        "-0",
        ".nan",
        ".inf",
        "NaN",
        "~",
        "null",
        "yes",
        "NO",
        "0x1F",
        "0o17",
        "1_000",
        "2026-13-45",
        "2026-02-30",
        "!!binary AAAA",
        "!!python/object/apply:os.system ['true']",
        "!!float 1",
        "!custom x",
        "'quoted'",
        '"\\x00"',
        '"\\uD800"',
        "*undefined",
        "USD",
        "stream",
        "jane",
        "QZ-RLR-26-00001",
        "",
    ]
)
SCALARS = st.one_of(
    WORDS,
    st.integers().map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12).map(
        lambda text: '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    ),
)
KEYS = st.sampled_from(
    [
        "id",
        "title",
        "amount",
        "points",
        "percent",
        "currency",
        "parties",
        "contributors",
        "composition_share",
        "royalties",
        "fees",
        "<<",
        "? x",
        "accounting",
        "x",
    ]
)


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A flow sequence or mapping of ``children``, sometimes anchored."""
    sequence = st.lists(children, max_size=5).map(lambda items: "[" + ", ".join(items) + "]")
    mapping = st.lists(st.tuples(KEYS, children), max_size=5).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    )
    anchor = st.sampled_from(["", "&a ", "&b ", "&a0 "])
    return st.tuples(anchor, st.one_of(sequence, mapping)).map("".join)


NODES = st.recursive(st.one_of(SCALARS, st.sampled_from(["*a", "*b", "*a0"])), _flow, max_leaves=20)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """One file's content: random YAML, a valid file with one value replaced, deep or
    aliased YAML, or random bytes."""
    kind = draw(st.sampled_from(["yaml", "spliced", "deep", "bomb", "deep aliases", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "deep":
        depth = draw(st.integers(min_value=1, max_value=5_000))
        opener = draw(st.sampled_from(["[", "{a: ", "- "]))
        closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
        return ("x: " + opener * depth + "1" + closer * depth + "\n").encode()
    if kind == "bomb":
        levels, width = draw(st.integers(1, 12)), draw(st.integers(1, 12))
        lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
        for level in range(1, levels + 1):
            lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
        return ("\n".join(lines) + "\n").encode()
    if kind == "deep aliases":  # each anchor nests the one before: depth through aliases
        levels, depth = draw(st.integers(1, 40)), draw(st.integers(1, 64))
        lines = ["a0: &a0 " + "[" * depth + "1" + "]" * depth]
        for level in range(1, levels + 1):
            lines.append(f"a{level}: &a{level} " + "[" * depth + f"*a{level - 1}" + "]" * depth)
        return ("\n".join(lines) + "\n").encode()
    if kind == "yaml":
        pairs = draw(st.lists(st.tuples(KEYS, NODES), max_size=6))
        return "".join(f"{key}: {value}\n" for key, value in pairs).encode()
    # spliced: a valid contract or split sheet with one scalar replaced
    base = draw(st.sampled_from([valid_files()[FILES[0]], valid_files()[FILES[1]]]))
    values = list(re.finditer(r"(?<=: )[^\s{}\[\],][^,}\]\n]*", base))
    target = draw(st.sampled_from(values))
    node = draw(NODES)
    return (base[: target.start()] + node + base[target.end() :]).encode("utf-8", "replace")


def _check(spoiled: dict[str, bytes]) -> None:
    with TemporaryDirectory() as folder:
        root = Path(folder)
        for relative, text in valid_files().items():
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
        (root / "points.yaml").write_text("name: fuzz\ncurrency: USD\n", encoding="utf-8")
        for relative, content in spoiled.items():
            (root / relative).write_bytes(content)
        result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert re.search(r"^\d+ error\(s\), \d+ warning\(s\)$", result.output, re.M), result.output
        problems = [line for line in result.output.splitlines() if ": error [" in line]
        assert problems, result.output
        assert all(line.startswith(str(root)) for line in problems), result.output
    else:
        assert ": ok (" in result.output


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.dictionaries(st.sampled_from(FILES), documents(), min_size=1, max_size=3))
@example({"contracts/jane-producer.yaml": b"id: &me [1, *me]\n"})
@example({"splits/glass-harbor.yaml": b"contributors: [{composition_share: 1e999999999}]\n"})
@example({"contracts/jane-producer.yaml": ("x: " + "[" * 50_000).encode()})
@example({"rates.csv": b"month,currency,rate\n,EUR,1e400\n,GBP,\xff\n"})
@example({"rates.csv": b"month,currency,rate\n,EUR,1," + b"x" * 200_000 + b"\n"})
@example({"rates.csv": b'month,currency,rate\n,EUR,"1\n,GBP,1\n'})
def test_random_yaml_gets_a_report_never_a_traceback(spoiled: dict[str, bytes]) -> None:
    _check(spoiled)
