"""The engine against the reference model (issue 14): random deals using every term, random
income, every payee's figures in every period and the entries' totals, compared exactly.

CI runs ``POINTS_REFERENCE_EXAMPLES`` examples (default 150, derandomized with ``CI=1``); set it
higher for a longer search.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, localcontext

import pytest
from hypothesis import event, given, settings

from points.engine import EngineState, EntryKind, PayeeSummary, run
from points.money import CONTEXT
from reference import model
from reference.strategies import RATES, Scenario, scenarios

EXAMPLES = int(os.environ.get("POINTS_REFERENCE_EXAMPLES", "150"))


@pytest.fixture(autouse=True)
def exact_sums() -> Iterator[None]:
    """The tests' sums in the money context, exact or an error, as the engine's are."""
    with localcontext(CONTEXT):
        yield


def engine_figures(
    scenario: Scenario,
) -> tuple[list[PayeeSummary], dict[tuple[str, str, EntryKind], Decimal]]:
    """The engine run after run, each from the state the last one left."""
    contracts, releases = scenario.contracts(), scenario.releases()
    state, summaries = EngineState(), []
    totals: dict[tuple[str, str, EntryKind], Decimal] = defaultdict(Decimal)
    for rows, through in scenario.runs():
        result = run(contracts, releases, rows, RATES, state, through)
        summaries += result.summaries
        for entry in result.entries:
            totals[entry.contract, entry.period, entry.kind] += entry.amount
        state = result.state
    return summaries, {key: amount for key, amount in totals.items() if amount}


# Figures that cannot end (a third of an album line, a row split between escalation steps, a
# stream-equivalent count) are taken at 20 places (README, "Money"); in what order such a figure
# meets the multiplications around it (a profit share's percentage before or after the third)
# the README leaves open, so two right answers can differ far below a cent: by half a unit in
# the 20th place per figure, times factors near 1, over a few dozen figures. What is rounded
# (the payables) must agree exactly; every other figure to 18 places.
PRECISION = Decimal("1e-18")
EXACT = {"payable", EntryKind.PAYABLE}


def agree(figure: object, engine: Decimal, reference: Decimal) -> bool:
    if figure in EXACT:
        return engine == reference
    return abs(engine - reference) <= PRECISION


def check(scenario: Scenario) -> None:
    summaries, totals = engine_figures(scenario)
    reference = model.run(scenario.contracts(), scenario.releases(), scenario.runs(), RATES)
    ours = {key: amount for key, amount in reference.totals.items() if amount}

    def keyed(rows: list[PayeeSummary]) -> dict[tuple[str, str, str], PayeeSummary]:
        return {(s.contract, s.period, s.payee): s for s in rows}

    engine, expected = keyed(summaries), keyed(reference.summaries)
    assert sorted(engine) == sorted(expected), "the same payees and periods"
    differences = [
        f"{key} {figure}: engine {getattr(engine[key], figure)}, "
        f"reference {getattr(expected[key], figure)}"
        for key in sorted(engine)
        for figure in PayeeSummary._fields[4:]
        if not agree(figure, getattr(engine[key], figure), getattr(expected[key], figure))
    ]
    differences += [
        f"{key}: engine {totals.get(key, 0)}, reference {ours.get(key, 0)}"
        for key in sorted(set(totals) | set(ours))
        if not agree(key[2], totals.get(key, Decimal(0)), ours.get(key, Decimal(0)))
    ]
    assert not differences, "\n".join(differences[:30])
    for (_, _, kind), amount in totals.items():
        event(f"entries: {kind.value}{' (negative)' if amount < 0 else ''}")
    for hit in boundaries(scenario, reference.trace):
        event(f"boundary: {hit}")


def boundaries(scenario: Scenario, trace: dict[str, list[Decimal]]) -> set[str]:
    """Which thresholds the income met exactly (for ``--hypothesis-show-statistics``)."""
    hits = set()
    for terms in scenario.deals:
        name = terms["id"]
        for index, rate in enumerate(terms.get("royalties", ())):
            steps = {Decimal(step["above"]) for step in rate.get("escalation", {}).get("steps", ())}
            if steps & set(trace.get(f"counter:{name}:{index}", ())):
                hits.add(f"an escalation counter at a step, {rate['escalation']['mode']}")
        record_one = terms.get("record_one")
        if record_one and Decimal(record_one["recording_costs"]) in trace.get(f"gate:{name}", ()):
            hits.add("record one's gate at the recording costs")
        for index, advance in enumerate(terms.get("advances", ())):
            if Decimal(advance["amount"]) in trace.get(f"recouped:{name}/advances[{index}]", ()):
                hits.add("an advance recouped exactly")
        minimum = Decimal(terms["accounting"].get("minimum_payment", "0"))
        payables = (
            v for key, values in trace.items() if key.startswith(f"payable:{name}:") for v in values
        )
        if minimum and minimum in payables:
            hits.add(f"a payable at the minimum, {terms['accounting']['minimum_rule']}")
    return hits


@settings(max_examples=EXAMPLES, deadline=None)
@given(scenarios())
def test_the_engine_agrees_with_the_reference(scenario: Scenario) -> None:
    check(scenario)
