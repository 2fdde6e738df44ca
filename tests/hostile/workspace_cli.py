"""Run ``points`` on a hostile workspace in a child process, under an address-space limit, and
measure it: the exit code, what it printed, the wall time and the child's peak memory."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"
MEMORY_LIMIT = 1024**3  # 1 GiB of address space: a bomb that got past the limits would die here


@dataclass(frozen=True)
class Outcome:
    code: int
    output: str
    seconds: float
    peak_mib: float


_PEAK = "\npeak-rss-kib="
# The child reports its own peak resident memory (VmHWM, KiB) as it exits, however it exits.
# Not ru_maxrss: on Linux that keeps the forking parent's peak across exec.
_CHILD = f"""
import atexit, re, sys
def peak():
    status = open("/proc/self/status").read()
    sys.stderr.write({_PEAK!r} + re.search(r"VmHWM:\\s*(\\d+)", status).group(1))
atexit.register(peak)
from points.cli import main
main()
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def points(*args: str | Path, timeout: float = 120) -> Outcome:
    """``points ARGS...`` in a child under ``MEMORY_LIMIT``; stdout and stderr together."""
    command = [sys.executable, "-c", _CHILD, *map(str, args)]
    start = time.perf_counter()
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        check=False,
    )
    seconds = time.perf_counter() - start
    stderr, _, peak = done.stderr.rpartition(_PEAK)
    return Outcome(done.returncode, done.stdout + stderr, seconds, int(peak or 0) / 1024)


def sample_workspace(tmp_path: Path) -> Path:
    """A copy of the bundled sample workspace, to be spoiled by a test."""
    root = tmp_path / "ws"
    shutil.copytree(SAMPLE_DATA, root)
    return root
