"""What ``points check`` accepts, ``points run`` computes (issue 15): random contracts with
every number anywhere within its bound (``points.model.limits``), converted at a random
exchange rate, run over the sample statement without an inexact or invalid decimal operation.
The fixed worst case is in ``test_hostile_workspace_numbers.py``; this explores around it."""

from __future__ import annotations

import os
import shutil
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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

from hostile.workspace_cli import SAMPLE_DATA, STATEMENT

EXAMPLES = max(8, int(os.environ.get("POINTS_FUZZ_EXAMPLES", "60")) // 5)


def _fixed(digits: int, places: int, low: int = 1) -> st.SearchStrategy[str]:
    """Exact decimals of at most ``digits`` digits before the point and ``places`` after."""
    return st.integers(low, 10 ** (digits + places) - 1).map(lambda units: _exact(units, places))


def _exact(units: int, places: int) -> str:
    """``units`` × 10^-places, exactly (``Decimal.scaleb`` would round to 28 digits)."""
    return str(Decimal(f"{units}E-{places}"))


AMOUNTS = st.one_of(
    _fixed(MAX_INTEGER_DIGITS, MAX_AMOUNT_PLACES),
    st.sampled_from(["0." + "0" * (MAX_AMOUNT_PLACES - 1) + "1", "9" * MAX_INTEGER_DIGITS, "1"]),
)
PERCENTS = st.one_of(
    st.integers(0, 100 * 10**MAX_PERCENT_PLACES).map(
        lambda units: _exact(units, MAX_PERCENT_PLACES)
    ),
    st.sampled_from(["99.9999", "33.3333", "0.0001"]),
)
RATES = st.one_of(
    _fixed(MAX_RATE_INTEGER_DIGITS, MAX_RATE_PLACES),
    st.sampled_from(["9999999.9999999999", "0.0000000001"]),
)


@st.composite
def shares(draw: st.DrawFn) -> list[str]:
    """Two to four payee shares totalling exactly 100: decimals of up to the places limit,
    or equal fractions (thirds, sevenths)."""
    count = draw(st.integers(2, 4))
    if draw(st.booleans()):
        return [f"1/{count}"] * count
    whole = 100 * 10**MAX_SHARE_PLACES
    cuts = sorted(
        draw(
            st.lists(st.integers(1, whole - 1), min_size=count - 1, max_size=count - 1, unique=True)
        )
    )
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, whole], strict=True)]
    return [_exact(part, MAX_SHARE_PLACES) for part in parts]


@st.composite
def contracts(draw: st.DrawFn) -> str:
    people = ("marcus-okafor", "jane-doe", "lena-park", "ava-stone")
    payees = "\n".join(
        f"  - {{party: {people[i]}, percent: {share}}}" for i, share in enumerate(draw(shares()))
    )
    multipliers = draw(st.lists(PERCENTS, max_size=MAX_MULTIPLIERS))
    lines = "\n".join(f"  - {{percent: {p}, reason: m{i}}}" for i, p in enumerate(multipliers))
    low, high = sorted(
        draw(st.lists(AMOUNTS, min_size=2, max_size=2, unique_by=Decimal)), key=Decimal
    )
    steps = (
        f"[{{above: {low}, points: {draw(PERCENTS)}}}, {{above: {high}, points: {draw(PERCENTS)}}}]"
    )
    return f"""\
id: bounded
title: Random numbers within the bounds
payer: ava-stone
payee: marcus-okafor
recordings: [QZ-RLR-26-00001, QZ-RLR-26-00002, QZ-RLR-26-00003, QZ-RLR-26-00004]
releases: ["198724001509"]
accounting:
  currency: EUR
  period: quarterly
  exchange_rate: rates_file
  minimum_payment: {draw(AMOUNTS)}
fees: [{{amount: {draw(AMOUNTS)}, due: signing}}]
advances: [{{amount: {draw(AMOUNTS)}}}]
costs: [{{kind: video, amount: {draw(AMOUNTS)}, recoupable_percent: {draw(PERCENTS)}}}]
royalties:
  - channels: stream
    points: {draw(PERCENTS)}
    escalation:
      mode: {draw(st.sampled_from(["prospective", "retroactive"]))}
      steps: {steps}
  - channels: download
    base: per_unit
    per_unit: {draw(_fixed(MAX_UNIT_PRICE_DIGITS, MAX_UNIT_PRICE_PLACES))}
{"multipliers:" if lines else ""}
{lines}
payees:
{payees}
"""


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(contracts(), RATES)
def test_what_check_accepts_run_computes(contract: str, rate: str) -> None:
    with TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        shutil.copytree(SAMPLE_DATA, root)
        (root / "points.yaml").write_text("name: bounded\ncurrency: EUR\n", encoding="utf-8")
        (root / "rates.csv").write_text(f"month,currency,rate,source\n,USD,{rate},random\n")
        (root / "contracts" / "bounded.yaml").write_text(contract, encoding="utf-8")
        check = CliRunner().invoke(main, ["check", str(root)])
        assert check.exit_code == 0, check.output
        result = CliRunner().invoke(main, ["run", str(root), "--statements", str(STATEMENT)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 0, result.output
    assert "(bounded)" in result.output
