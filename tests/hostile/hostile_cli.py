"""Hostile statements fed through the real CLI in a child process, under an address-space
limit, with its time, peak memory and every file it left behind measured.

A statement comes from other people; whatever it holds, ``points`` must end quickly with a
report or a clean refusal (exit 0 or 1, never a traceback), within bounded memory, and write
nothing but what the command writes (an import's ledger).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

STATEMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "statements"
ADDRESS_SPACE = 1 << 30  # 1 GiB: far less than the hostile files claim to hold
# Generous: the machine runs other jobs beside the tests. The report quotes measured times.
TIME_LIMIT = 60.0
MEMORY_LIMIT_MIB = 400


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@dataclass(frozen=True)
class Outcome:
    """What one CLI run did: exit status, output, wall time, peak resident memory."""

    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float

    def clean(self) -> None:
        """Ended by itself, as a report or a refusal, with no traceback, fast and small."""
        assert self.status in (0, 1), (self.status, self.stderr[-2000:])
        assert "Traceback" not in self.stderr + self.stdout, self.stderr[-2000:]
        assert self.seconds < TIME_LIMIT
        assert self.peak_mib < MEMORY_LIMIT_MIB


def _points() -> list[str]:
    script = Path(sys.executable).with_name("points")
    return [str(script)] if script.exists() else [sys.executable, "-m", "points.cli"]


def _resident_peak_kib(pid: int) -> int:
    """The process's own peak resident memory (``VmHWM``), sampled while it runs: ``wait4``'s
    ``ru_maxrss`` would also count the test runner's memory, which the child inherits at
    fork."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def run_points(*args: str | Path, cwd: Path, timeout: float = TIME_LIMIT) -> Outcome:
    """Run ``points ARGS`` in ``cwd`` under a 1 GiB address-space limit; kill it past
    ``timeout``. Peak memory is the child's own, sampled every 20 ms (``_resident_peak_kib``)."""
    out, err = cwd / ".points-stdout", cwd / ".points-stderr"
    env = {**os.environ, "HOME": str(cwd), "COLUMNS": "200", "NO_COLOR": "1"}
    start = time.monotonic()
    with out.open("wb") as stdout, err.open("wb") as stderr:
        child = subprocess.Popen(
            [*_points(), *map(str, args)],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            preexec_fn=_limit_address_space,
        )
        peak = 0
        while True:
            peak = max(peak, _resident_peak_kib(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                child.send_signal(signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.monotonic() - start
    outcome = Outcome(
        os.waitstatus_to_exitcode(status),
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
        seconds,
        (peak or usage.ru_maxrss) / 1024,
    )
    out.unlink()
    err.unlink()
    MEASURED.append((" ".join(map(str, args))[:90], outcome.status, seconds, outcome.peak_mib))
    return outcome


MEASURED: list[tuple[str, int, float, float]] = []


def files_under(root: Path) -> set[Path]:
    """Every file and link under ``root``, relative to it."""
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def copy_fixture(name: str, to: Path, as_name: str | None = None) -> Path:
    target = to / (as_name or name)
    shutil.copyfile(STATEMENTS / name, target)
    return target
