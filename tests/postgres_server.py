"""A throwaway PostgreSQL server for the ledger's tests (issue 5: the same code against a real
server). It runs from Debian's postgresql package (``scripts/system-packages`` installs it in CI),
on a Unix socket in a temporary folder, as the ``postgres`` user when the tests run as root
(PostgreSQL refuses to run as root). Where no server can be started, the tests that need one
skip and say why."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class NoServer(Exception):
    """Why no PostgreSQL server could be started here."""


@dataclass(frozen=True)
class PostgresServer:
    socket_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://points@/{database}?host={self.socket_dir}&port=5432"

    def new_database(self) -> str:
        """A fresh, empty database on the server; returns its URL."""
        import psycopg

        name = f"ledger_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise NoServer(f"no {name}: install Debian's postgresql (scripts/system-packages does)")
    return found


def _as_server_user() -> tuple[list[str], int | None]:
    """The command prefix to run the server's programs, and the uid owning its folder."""
    if os.geteuid() != 0:
        return [], None
    try:
        uid = pwd.getpwnam("postgres").pw_uid
    except KeyError as error:
        raise NoServer("running as root and there is no postgres user to run the server") from error
    runuser = shutil.which("runuser")
    if runuser is None:
        raise NoServer("running as root and there is no runuser to drop to the postgres user")
    return [runuser, "-u", "postgres", "--"], uid


@dataclass
class _Running:
    server: PostgresServer
    stop: list[str]


def start() -> Iterator[PostgresServer]:
    """Start a server, yield it, and stop it (a generator for a session fixture)."""
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        raise NoServer("psycopg is not installed (pip install -e '.[test]')") from error
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    prefix, uid = _as_server_user()
    base = Path(tempfile.mkdtemp(prefix="points-pg-"))
    os.chmod(base, 0o755)
    if uid is not None:
        os.chown(base, uid, -1)
    data = base / "data"

    def run(*command: str) -> None:
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise NoServer(f"{' '.join(command[:2])} failed: {done.stderr.strip()[-400:]}")

    run(initdb, "-D", str(data), "-A", "trust", "-U", "points", "--no-sync", "-E", "UTF8")
    options = f"-k {base} -c listen_addresses='' -p 5432 -c fsync=off"
    run(pg_ctl, "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start")
    try:
        yield PostgresServer(base)
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)
