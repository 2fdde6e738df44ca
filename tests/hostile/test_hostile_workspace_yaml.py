"""Hostile YAML in a workspace (issue 15): alias bombs, recursive aliases, deep nesting and
huge files are refused by name and limit, fast and in little memory, by ``check`` and ``run``.

Before the limits, nine levels of nested aliases took over 3.8 GB, a 50 MB file 300 s and
2.6 GB, and 50,000 nested brackets overflowed the stack."""

from __future__ import annotations

from pathlib import Path

import pytest

from points.model.limits import MAX_YAML_ALIAS_NODES, MAX_YAML_BYTES, MAX_YAML_DEPTH

from hostile.workspace_cli import STATEMENT, points, sample_workspace

CONTRACT = "contracts/jane-doe-producer.yaml"


def _alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": each anchor a list of nine aliases to the one before."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def _spoil(tmp_path: Path, text: str, name: str = CONTRACT) -> Path:
    root = sample_workspace(tmp_path)
    (root / name).write_text(text, encoding="utf-8")
    return root


HOSTILE = {
    # name: (file text, code, line, words of the message)
    "alias bomb": (_alias_bomb(), "yaml-alias-expansion", 6, f"{MAX_YAML_ALIAS_NODES:,} values"),
    "recursive alias": ("id: &me [1, *me]\n", "yaml-recursive-alias", 1, "contains it"),
    "recursive mapping": ("a: &m {b: *m}\n", "yaml-recursive-alias", 1, "contains it"),
    "nested brackets": (
        "id: " + "[" * 50_000 + "]" * 50_000 + "\n",
        "yaml-too-deep",
        1,
        f"more than {MAX_YAML_DEPTH} levels",
    ),
    "nested mappings": (
        "".join(" " * level + f"k{level}:\n" for level in range(1_000)),
        "yaml-too-deep",
        MAX_YAML_DEPTH,
        f"more than {MAX_YAML_DEPTH} levels",
    ),
    "aliases nesting aliases": (
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
        f"more than {MAX_YAML_DEPTH} levels",
    ),
    "nested flow mappings": (
        "id: " + "{a: " * 50_000 + "}" * 50_000 + "\n",
        "yaml-too-deep",
        1,
        f"more than {MAX_YAML_DEPTH} levels",
    ),
}


@pytest.mark.parametrize("command", ["check", "run"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_is_refused_by_name_line_and_limit(
    tmp_path: Path, case: str, command: str
) -> None:
    text, code, line, words = HOSTILE[case]
    root = _spoil(tmp_path, text)
    args = ("--statements", STATEMENT) if command == "run" else ()
    outcome = points(command, root, *args)
    assert outcome.code == 1, outcome.output
    assert "Traceback" not in outcome.output
    assert f"{root / CONTRACT}:{line}:" in outcome.output
    assert f"[{code}]" in outcome.output
    assert words in outcome.output
    assert "hint:" in outcome.output
    # Refused in the time it takes to start Python, in the memory it takes to load points.
    assert outcome.seconds < 15, outcome
    assert outcome.peak_mib < 300, outcome


@pytest.mark.parametrize("command", ["check", "run"])
def test_a_50_mb_yaml_file_is_refused_by_its_size_unread(tmp_path: Path, command: str) -> None:
    root = sample_workspace(tmp_path)
    block = "# padding\n" * 100_000  # 1 MB
    with (root / "catalog.yaml").open("a", encoding="utf-8") as stream:
        for _ in range(50):
            stream.write(block)
    args = ("--statements", STATEMENT) if command == "run" else ()
    outcome = points(command, root, *args)
    assert outcome.code == 1, outcome.output
    assert f"{root / 'catalog.yaml'}: error [file-too-large]" in outcome.output
    assert f"more than the {MAX_YAML_BYTES:,} bytes" in outcome.output
    assert outcome.seconds < 15, outcome
    assert outcome.peak_mib < 300, outcome


def test_a_file_just_within_the_size_limit_is_read(tmp_path: Path) -> None:
    """The limit refuses only what is past it: a valid file padded to the limit is fine."""
    root = sample_workspace(tmp_path)
    path = root / CONTRACT
    text = path.read_text(encoding="utf-8")
    padding = MAX_YAML_BYTES - len(text.encode("utf-8"))
    path.write_text(text + "#" * (padding - 1) + "\n", encoding="utf-8")
    assert path.stat().st_size == MAX_YAML_BYTES
    outcome = points("check", root)
    assert outcome.code == 0, outcome.output
    assert "ok (" in outcome.output


def test_a_few_honest_aliases_are_still_read(tmp_path: Path) -> None:
    """Aliases as people use them (one set of terms for two channels) still work."""
    root = sample_workspace(tmp_path)
    path = root / CONTRACT
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - channels: physical", "  - channels: &physical physical")
    text = text.replace("base: ppd\n", "base: ppd\n    # same channel list as above\n")
    path.write_text(text + "notes: *physical\n", encoding="utf-8")
    outcome = points("check", root)
    assert outcome.code == 0, outcome.output
