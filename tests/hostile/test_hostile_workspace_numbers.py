"""Hostile numbers in a workspace (issue 15): ``points check`` refuses what ``points run``
cannot compute, naming the file, line and field; and every number at its bound at once still
runs exactly (``points.model.limits`` is a digit budget for ``money.CONTEXT``).

Before the bounds, a contract fee of 85 digits passed ``check`` and crashed ``run`` with
``decimal.Inexact``."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from points.cli import main
from points.model.limits import (
    MAX_AMOUNT_PLACES,
    MAX_INTEGER_DIGITS,
    MAX_MULTIPLIERS,
    MAX_PERCENT_PLACES,
    MAX_RATE_INTEGER_DIGITS,
    MAX_RATE_PLACES,
    MAX_SHARE_PLACES,
    MAX_UNIT_PRICE_DIGITS,
    MAX_UNIT_PRICE_PLACES,
)

from hostile.workspace_cli import STATEMENT, points, sample_workspace

HUGE = {"1e400": "1e400", "1e-400": "1e-400", "85 digits": "1" * 85, "80 places": "0." + "1" * 80}

# (file, the text to replace, what replaces it with {n} for the number, field named, limit)
PLACES = {
    "fee": ("contracts/jane-doe-producer.yaml", "  - amount: 2500", "  - amount: {n}", "amount"),
    "points": ("contracts/jane-doe-producer.yaml", "    points: 4", "    points: {n}", "points"),
    "minimum": (
        "contracts/jane-doe-producer.yaml",
        "  minimum_payment: 50",
        "  minimum_payment: {n}",
        "minimum_payment",
    ),
    "advance": (
        "contracts/marcus-okafor-producer.yaml",
        "  - amount: 5000",
        "  - amount: {n}",
        "amount",
    ),
    "price": ("catalog.yaml", "ppd: 7.50", "ppd: {n}", "ppd"),
    "split share": (
        "splits/glass-harbor.yaml",
        "composition_share: 33.34",
        "composition_share: {n}",
        "composition_share",
    ),
    "work share": ("catalog.yaml", "share: 33.34", "share: {n}", "share"),
}


def _spoil(root: Path, where: str, number: str) -> tuple[Path, int]:
    """Put ``number`` in the place named; returns the file and the line it is on."""
    file, old, new, _ = PLACES[where]
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    text = text.replace(old, new.format(n=number), 1)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(new.format(n=number))].count("\n") + 1
    return path, line


@pytest.mark.parametrize("number", sorted(HUGE))
@pytest.mark.parametrize("where", sorted(PLACES))
def test_check_and_run_refuse_a_number_past_its_bounds(
    tmp_path: Path, where: str, number: str
) -> None:
    root = sample_workspace(tmp_path)
    path, line = _spoil(root, where, HUGE[number])
    field = PLACES[where][3]
    for command in (["check", str(root)], ["run", str(root), "--statements", str(STATEMENT)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        problem = re.search(
            rf"^{re.escape(str(path))}:{line}:\d+: error \[(?P<code>[a-z-]+)\] (?P<message>.*)$",
            result.output,
            re.M,
        )
        assert problem is not None, result.output
        assert problem["code"] in ("number-too-large", "number-too-precise", "percent-out-of-range")
        assert field in problem["message"] or problem["code"] == "percent-out-of-range"
        assert "hint:" in result.output


def test_an_85_digit_fee_is_refused_fast_and_small_in_a_child_process(tmp_path: Path) -> None:
    """The issue's case, measured: ``check`` and ``run`` each exit 1 under a 1 GiB limit."""
    root = sample_workspace(tmp_path)
    path, line = _spoil(root, "fee", "1" * 85)
    for args in (("check", root), ("run", root, "--statements", STATEMENT)):
        outcome = points(*args)
        assert outcome.code == 1, outcome.output
        assert "Traceback" not in outcome.output
        assert (
            f"{path}:{line}:13: error [number-too-large] amount: {'1' * 40}… (85 characters) "
            in (outcome.output)
        )
        assert (
            f"has 85 digits before the point; an amount may have at most {MAX_INTEGER_DIGITS}"
            in (outcome.output)
        )
        assert outcome.seconds < 30, outcome
        assert outcome.peak_mib < 300, outcome


@pytest.mark.parametrize(
    ("rate", "words"),
    [
        (
            "1e400",
            "401 digits before the point; an exchange rate may have at most "
            f"{MAX_RATE_INTEGER_DIGITS}",
        ),
        ("1e-400", f"400 decimal places; an exchange rate may have at most {MAX_RATE_PLACES}"),
        ("1" * 85, "85 digits before the point"),
        ("-1", "above zero"),
        ("NaN", "is not a number"),
    ],
)
def test_a_rate_past_its_bounds_is_refused_by_line(tmp_path: Path, rate: str, words: str) -> None:
    root = sample_workspace(tmp_path)
    (root / "rates.csv").write_text(
        f"month,currency,rate,source\n2026-04,EUR,1.08,ECB\n,GBP,{rate},pasted\n", encoding="utf-8"
    )
    for command in (["check", str(root)], ["run", str(root), "--statements", str(STATEMENT)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1, result.output
        assert f"{root / 'rates.csv'}:3: error [bad-rate] " in result.output
        assert words in result.output


# --- every number at its bound at once -----------------------------------------------------


def _most(digits: int, places: int) -> str:
    """The largest number of ``digits`` digits and ``places`` places: 99.999 for (2, 3)."""
    return "9" * digits + ("." + "9" * places if places else "")


AMOUNT = _most(MAX_INTEGER_DIGITS, MAX_AMOUNT_PLACES)
UNIT_PRICE = _most(MAX_UNIT_PRICE_DIGITS, MAX_UNIT_PRICE_PLACES)
TINY = "0." + "0" * (MAX_AMOUNT_PLACES - 1) + "1"
PERCENT = _most(2, MAX_PERCENT_PLACES)  # 99.9999
THIRD_PERCENT = "33." + "3" * MAX_PERCENT_PLACES
SHARE = "33." + "3" * MAX_SHARE_PLACES
LAST_SHARE = "33." + "3" * (MAX_SHARE_PLACES - 1) + "4"
RATE = _most(MAX_RATE_INTEGER_DIGITS, MAX_RATE_PLACES)


def _worst_contract(contract_id: str, shares: tuple[str, str, str]) -> str:
    multipliers = "\n".join(
        f"  - {{percent: {PERCENT}, reason: m{i}}}" for i in range(MAX_MULTIPLIERS)
    )
    return f"""\
id: {contract_id}
title: Every number at its bound
payer: ava-stone
payee: marcus-okafor
recordings: [QZ-RLR-26-00001, QZ-RLR-26-00002]
releases: ["198724001509"]
accounting: {{currency: EUR, period: quarterly, exchange_rate: rates_file, minimum_payment: {TINY}}}
fees: [{{amount: {AMOUNT}, due: signing}}]
advances: [{{amount: {AMOUNT}}}]
costs:
  - {{kind: video, amount: {AMOUNT}, recoupable_percent: {THIRD_PERCENT}}}
  - {{kind: recording, amount: {TINY}}}
royalties:
  - channels: physical
    base: srlp
    points: {THIRD_PERCENT}
    packaging_deduction: {THIRD_PERCENT}
    escalation:
      mode: retroactive
      steps: [{{above: {TINY}, points: {PERCENT}}}, {{above: 1.{TINY[2:]}, points: {PERCENT}}}]
  - channels: stream
    points: {THIRD_PERCENT}
    escalation:
      counter: stream_equivalent_units
      streams_per_unit: 999999999
      mode: retroactive
      steps: [{{above: {TINY}, points: {PERCENT}}}]
  - channels: download
    base: per_unit
    per_unit: {UNIT_PRICE}
multipliers:
{multipliers}
reserve:
  percent: {THIRD_PERCENT}
  liquidation_periods: 3
  schedule: [{THIRD_PERCENT}, {THIRD_PERCENT}, 33.{"3" * (MAX_PERCENT_PLACES - 1)}4]
record_one:
  artist_all_in_points: {PERCENT}
  other_producer_points: {THIRD_PERCENT}
  recording_costs: {AMOUNT}
payees:
  - {{party: marcus-okafor, percent: {shares[0]}}}
  - {{party: jane-doe, percent: {shares[1]}}}
  - {{party: lena-park, percent: {shares[2]}}}
"""


def _statement(root: Path) -> Path:
    """Sales and returns of a trillion units and of a hundred-millionth of a dollar, on
    tracks, on an album line (pro-rated by thirds) and on a track no contract covers."""
    header = (
        "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage"
        "\tSong/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)"
    )
    rows = [header]
    lines = (("999999999999", "999999999999.99999999"), ("1", "0.00000001"), ("-3", "-12.3333"))
    for isrc in ("QZRLR2600001", "QZRLR2600002", "QZRLR2600003"):
        for store in ("Spotify", "iTunes", "Amazon"):
            for quantity, earned in lines:
                rows.append(
                    f"2026-06-05\t2026-04\t{store}\tAva Stone\tT\t{isrc}\t198724001509\t{quantity}"
                    f"\t100\tSong\tUS\t0\t{earned}"
                )
        rows.append(
            f"2026-06-05\t2026-04\tiTunes\tAva Stone\tAlbum\t{isrc}\t198724001509\t7\t100\tAlbum"
            "\tDE\t0\t99999999999.12345678"
        )
    path = root / "statements" / "worst.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_every_workspace_number_at_its_bound_still_runs_exactly(tmp_path: Path) -> None:
    root = sample_workspace(tmp_path)
    (root / "points.yaml").write_text("name: worst case\ncurrency: EUR\n", encoding="utf-8")
    (root / "rates.csv").write_text(f"month,currency,rate,source\n,USD,{RATE},bound\n")
    catalog = (root / "catalog.yaml").read_text(encoding="utf-8")
    catalog = re.sub(
        r"currency: USD, ppd: [0-9.]+, srlp: [0-9.]+",
        "currency: EUR, ppd: "
        f"{UNIT_PRICE}, srlp: {UNIT_PRICE}, packaging_deduction: {THIRD_PERCENT}",
        catalog,
    )
    (root / "catalog.yaml").write_text(catalog, encoding="utf-8")
    for old in (root / "contracts").iterdir():
        old.unlink()
    contracts = root / "contracts"
    (contracts / "decimal-shares.yaml").write_text(
        _worst_contract("decimal-shares", (SHARE, SHARE, LAST_SHARE)), encoding="utf-8"
    )
    (contracts / "thirds.yaml").write_text(
        _worst_contract("thirds", ("1/3", "1/3", "1/3")), encoding="utf-8"
    )
    statement = _statement(root)
    check = CliRunner().invoke(main, ["check", str(root)])
    assert check.exit_code == 0, check.output
    result = CliRunner().invoke(main, ["run", str(root), "--statements", str(statement), "--json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert '"payable"' in result.output
    # Both contracts' payees were paid on the bounded figures, in euros.
    assert result.output.count('"contract": "thirds"') >= 1
    assert result.output.count('"contract": "decimal-shares"') >= 1
    assert Decimal(AMOUNT) < 10**MAX_INTEGER_DIGITS
    # Every statement line was read, so the bounds met the engine (none was rejected).
    assert '"rejected": 0' in result.output or '"rejected"' not in result.output


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        # a cell past the csv module's field limit raised _csv.Error through `points check`
        (",EUR,1.1,ok\n,GBP,1.2," + "x" * 200_000 + "\n", 3, "field larger than field limit"),
        # an open quote swallowed the lines after it into one cell, and their rates with it
        (',GBP,1.2,"unterminated\n,EUR,1.1,ECB\n', 2, "unexpected end of data"),
    ],
)
def test_a_rates_file_the_csv_reader_cannot_follow_is_reported_by_line(
    tmp_path: Path, content: str, line: int, words: str
) -> None:
    root = sample_workspace(tmp_path)
    (root / "rates.csv").write_text("month,currency,rate,source\n" + content, encoding="utf-8")
    for command in (["check", str(root)], ["run", str(root), "--statements", str(STATEMENT)]):
        result = CliRunner().invoke(main, command)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.exit_code == 1, result.output
        assert f"{root / 'rates.csv'}:{line}: error [rates-syntax] " in result.output
        assert words in result.output
        assert "the lines after it are not read" in result.output
