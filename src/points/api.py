"""The library surface: every operation the ``points`` command offers, callable from Python.

The CLI only parses options, calls these and prints; anything it can do, a script can do here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from points.errors import Problem, Severity, Source
from points.model import LoadResult, Workspace, load_workspace
from points.render.deals import DealSummary, describe_workspace
from points.scaffold import ScaffoldExistsError, init_workspace

__all__ = [
    "DealsReport",
    "LoadResult",
    "Problem",
    "ScaffoldExistsError",
    "Severity",
    "Source",
    "Workspace",
    "counts",
    "describe_deals",
    "init_workspace",
    "load_workspace",
    "sample_data_path",
]


def sample_data_path() -> Path:
    """The bundled sample workspace: inside the installed package, or the source checkout's."""
    packaged = Path(__file__).parent / "sample_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_data"


def counts(workspace: Workspace) -> dict[str, int]:
    """How many of each thing a workspace defines, for summaries."""
    return {
        "parties": len(workspace.parties),
        "recordings": len(workspace.recordings),
        "releases": len(workspace.releases),
        "works": len(workspace.works),
        "contracts": len(workspace.contracts),
        "split_sheets": len(workspace.split_sheets),
    }


@dataclass(frozen=True)
class DealsReport:
    loaded: LoadResult
    deals: list[DealSummary]


def describe_deals(root: Path) -> DealsReport:
    """Every contract of a valid workspace restated in plain English (none if it is invalid)."""
    loaded = load_workspace(root)
    return DealsReport(loaded, describe_workspace(loaded.workspace) if loaded.ok else [])
