"""Split-sheet and payee shares are compared exactly (issue 15): a share a hair over 100 is
over 100, and 100 written with 85 zeros is 100. The messages show the numbers as written:
they once went through a 28-digit context, which read 100.00000000000000000000000000001 as 100
("composition shares total 100%, not 100%").

Decided: shares are exact fractions, and bounded by places (``MAX_SHARE_PLACES``), not by
length: trailing zeros carry no places, so an exact 100 is accepted however it is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from points.cli import main
from points.model.limits import MAX_SHARE_DENOMINATOR, MAX_SHARE_PLACES

from hostile.workspace_cli import points, sample_workspace

SHEET = """\
id: glass-harbor
title: Glass Harbor
date: 2025-10-03
work: glass-harbor
recording: QZ-RLR-26-00002
contributors:
{people}
"""
PEOPLE = ("ava-stone", "marcus-okafor", "lena-park")
A_HAIR_OVER = "100.00000000000000000000000000001"


def _sheet(root: Path, *shares: str) -> Path:
    people = "\n".join(
        f"  - {{party: {party}, roles: [music], composition_share: {share}}}"
        for party, share in zip(PEOPLE, shares, strict=False)
    )
    path = root / "splits" / "glass-harbor.yaml"
    path.write_text(SHEET.format(people=people), encoding="utf-8")
    return path


def _check(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_a_share_a_hair_over_100_is_over_100_and_shown_as_written(tmp_path: Path) -> None:
    root = sample_workspace(tmp_path)
    path = _sheet(root, A_HAIR_OVER)
    code, output = _check(root)
    assert code == 1
    assert (
        f"{path}:7:59: error [percent-out-of-range] a share must be between 0 and 100, found "
        f"{A_HAIR_OVER}"
    ) in output


@pytest.mark.parametrize("zeros", [1, 28, 85, 1000])
def test_an_exact_100_with_many_zeros_is_100(tmp_path: Path, zeros: int) -> None:
    root = sample_workspace(tmp_path)
    _sheet(root, "100." + "0" * zeros)
    code, output = _check(root)
    assert code == 0, output


def test_shares_a_hair_over_100_in_total_are_refused_with_the_exact_excess(tmp_path: Path) -> None:
    root = sample_workspace(tmp_path)
    tiny = "0." + "0" * (MAX_SHARE_PLACES - 1) + "1"
    path = _sheet(root, f"33.34{'0' * (MAX_SHARE_PLACES - 3)}1", "33.33", "33.33")
    code, output = _check(root)
    assert code == 1
    assert f"{path}:7:3: error [shares-total] composition shares total 100{tiny[1:]}%" in output
    assert f"remove {tiny}% so they total exactly 100" in output


def test_a_share_past_the_places_limit_is_refused_not_rounded(tmp_path: Path) -> None:
    root = sample_workspace(tmp_path)
    path = _sheet(root, "33.34" + "0" * 30 + "1", "33.33", "33.33")
    code, output = _check(root)
    assert code == 1
    assert (
        f"{path}:7:59: error [number-too-precise] composition_share: 33.34{'0' * 30}1 has 33 "
        f"decimal places; a share may have at most {MAX_SHARE_PLACES}"
    ) in output


def test_thirds_are_exact_and_an_outlandish_fraction_is_refused(tmp_path: Path) -> None:
    root = sample_workspace(tmp_path)
    _sheet(root, "1/3", "1/3", "1/3")
    assert _check(root)[0] == 0
    path = _sheet(root, "1/3", "1/3", f"1/3 + 1/{MAX_SHARE_DENOMINATOR * 7}")
    assert _check(root)[0] == 1  # not a share at all
    path = _sheet(root, f"1/{MAX_SHARE_DENOMINATOR * 7}%", "50", "50")
    code, output = _check(root)
    assert code == 1
    assert f"{path}:7:" in output
    assert "[number-too-precise]" in output
    assert f"a share may have a denominator of at most {MAX_SHARE_DENOMINATOR:,}" in output


def test_a_payee_share_a_hair_over_100_is_refused_by_check_and_run(tmp_path: Path) -> None:
    root = sample_workspace(tmp_path)
    contract = root / "contracts" / "jane-doe-producer.yaml"
    contract.write_text(
        contract.read_text(encoding="utf-8")
        + f"payees:\n  - {{party: jane-doe, percent: {A_HAIR_OVER}}}\n",
        encoding="utf-8",
    )
    for args in (("check", root), ("run", root)):
        outcome = points(*args)
        assert outcome.code == 1, outcome.output
        assert "Traceback" not in outcome.output
        assert f"found {A_HAIR_OVER}" in outcome.output
        assert outcome.seconds < 30, outcome
        assert outcome.peak_mib < 300, outcome
