"""Shared test set-up: hypothesis profiles, a helper that writes a workspace from text, golden
files, and the ledger's two backends (a SQLite file; a throwaway PostgreSQL server)."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import postgres_server

# CI runs derandomized so a red build is reproducible; locally hypothesis explores freely.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

REPO = Path(__file__).resolve().parents[1]
SAMPLE_DATA = REPO / "sample_data"

WorkspaceMaker = Callable[..., Path]


@pytest.fixture
def make_workspace(tmp_path: Path) -> WorkspaceMaker:
    """Write ``{relative path: YAML text}`` into a fresh folder (text is dedented)."""

    def make(files: dict[str, str], name: str = "ws") -> Path:
        root = tmp_path / name
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make


GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output (review the diff before committing).",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with ``tests/golden/NAME``; ``--update-golden`` rewrites it instead."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
        assert actual == path.read_text(encoding="utf-8")

    return check


@pytest.fixture(scope="session")
def postgres() -> Iterator[postgres_server.PostgresServer | str]:
    """A PostgreSQL server for the session, or the reason none could be started."""
    try:
        yield from postgres_server.start()
    except postgres_server.NoServer as reason:
        yield f"PostgreSQL ledger tests skipped: {reason}"


@dataclass(frozen=True)
class LedgerBackend:
    """Which ledger a test runs on; ``server`` is the PostgreSQL server when it is that one."""

    name: str
    server: postgres_server.PostgresServer | None = None

    def give_own_ledger(self, workspace: Path) -> None:
        """Point a workspace at a fresh database of its own, through its ``points.yaml``
        setting (a SQLite workspace has a ledger file of its own already)."""
        if self.server is None:
            return
        settings = workspace / "points.yaml"
        text = settings.read_text(encoding="utf-8") if settings.exists() else ""
        kept = [line for line in text.splitlines() if not line.startswith("database_url:")]
        url = self.server.new_database()
        settings.write_text("\n".join([*kept, f'database_url: "{url}"', ""]), encoding="utf-8")


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_backend(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    postgres: postgres_server.PostgresServer | str,
) -> LedgerBackend:
    """Run the test once on a SQLite ledger and once on a fresh PostgreSQL database (through
    ``POINTS_DATABASE_URL``, which subprocesses inherit too)."""
    monkeypatch.delenv("POINTS_DATABASE_URL", raising=False)
    if request.param == "sqlite":
        return LedgerBackend("sqlite")
    if isinstance(postgres, str):
        pytest.skip(postgres)
    monkeypatch.setenv("POINTS_DATABASE_URL", postgres.new_database())
    return LedgerBackend("postgresql", postgres)


@pytest.fixture
def backend(ledger_backend: LedgerBackend, monkeypatch: pytest.MonkeyPatch) -> LedgerBackend:
    """Each workspace names its own ledger (the PostgreSQL ones through their settings)."""
    monkeypatch.delenv("POINTS_DATABASE_URL", raising=False)
    return ledger_backend


def copy_workspace(source: Path, target: Path, backend: LedgerBackend) -> Path:
    """A copy of a workspace with a ledger of its own."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("ledger.sqlite3"))
    backend.give_own_ledger(target)
    return target


@pytest.fixture
def workspace(tmp_path: Path, backend: LedgerBackend) -> Path:
    """The sample workspace, its ledger a SQLite file or a fresh PostgreSQL database."""
    return copy_workspace(SAMPLE_DATA, tmp_path / "ws", backend)
