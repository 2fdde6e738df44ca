"""The royalty engine: contracts over aggregated income, period by period, exact and explained.

Pure: it takes validated models and income and returns ledger entries, summaries and the state
to carry on from; it never reads files or a database (DESIGN.md, "Boundaries").
"""

from points.engine.entries import (
    EngineState,
    Entry,
    EntryKind,
    Held,
    PayeeSummary,
    RunResult,
    held_totals,
)
from points.engine.period import Period, period_of
from points.engine.revenue import ExchangeRates, Revenue
from points.engine.run import run

__all__ = [
    "EngineState",
    "Entry",
    "EntryKind",
    "ExchangeRates",
    "Held",
    "PayeeSummary",
    "Period",
    "Revenue",
    "RunResult",
    "held_totals",
    "period_of",
    "run",
]
