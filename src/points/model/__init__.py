"""The deal model: parties, catalog, contracts and split sheets, loaded from YAML.

Owns: the pydantic models (frozen, unknown keys forbidden), the YAML reader that keeps exact
numbers and positions, cross-file reference checks, the workspace loader that reports every
problem with file, line and column, and the limits on what a workspace file may hold
(``limits``: sizes, YAML nesting and aliases, the bounds of every number).
Inputs: a workspace folder. Outputs: a ``Workspace`` value and a list of ``Problem`` records.
May import: ``points.money``, ``points.errors``, pydantic, ruamel.yaml, babel (territory codes).
Must not import: ``engine``, ``ingest``, ``ledger``, ``render``, ``cli``.
"""

from points.model.catalog import Catalog, Price, ProductFormat, Recording, Release, Work, WorkShare
from points.model.contracts import (
    Accounting,
    Advance,
    Channel,
    Contract,
    CostKind,
    DealKind,
    Escalation,
    EscalationStep,
    FlatFee,
    LetterOfDirection,
    Milestone,
    Multiplier,
    PayeeShare,
    ProfitShare,
    RecordOne,
    RecoupableCost,
    Reserve,
    RoyaltyBase,
    RoyaltyRate,
)
from points.model.loader import LoadResult, load_workspace
from points.model.parties import Party, Role
from points.model.splits import Contributor, SplitSheet
from points.model.workspace import Settings, Workspace

__all__ = [
    "Accounting",
    "Advance",
    "Catalog",
    "Channel",
    "Contract",
    "Contributor",
    "CostKind",
    "DealKind",
    "Escalation",
    "EscalationStep",
    "FlatFee",
    "LetterOfDirection",
    "LoadResult",
    "Milestone",
    "Multiplier",
    "Party",
    "PayeeShare",
    "Price",
    "ProductFormat",
    "ProfitShare",
    "RecordOne",
    "Recording",
    "RecoupableCost",
    "Release",
    "Reserve",
    "Role",
    "RoyaltyBase",
    "RoyaltyRate",
    "Settings",
    "SplitSheet",
    "Work",
    "WorkShare",
    "Workspace",
    "load_workspace",
]
