"""Fixtures for the hostile-input tests (the runner is ``hostile_cli``): a folder to run in,
a workspace, and a summary of each run's time and memory with ``POINTS_HOSTILE_REPORT=1``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hostile.hostile_cli import MEASURED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The time and memory each hostile run took, for the record (``-rA`` not needed)."""
    if MEASURED and os.environ.get("POINTS_HOSTILE_REPORT"):
        terminalreporter.section("hostile runs: exit, seconds, peak MiB")
        for command, status, seconds, peak in MEASURED:
            terminalreporter.line(f"{status}  {seconds:6.2f} s  {peak:6.1f} MiB  {command}")


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder to run in (and the only one a test checks for files written)."""
    root = tmp_path / "place"
    root.mkdir()
    return root


@pytest.fixture
def workspace(place: Path) -> Path:
    """A workspace made by ``points init``, for ``import`` and ``run``."""
    from points.scaffold import init_workspace

    root = place / "ws"
    init_workspace(root)
    return root
