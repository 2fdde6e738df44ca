"""Time the engine on the aggregates of a large statement (issue 4: within a quarter of the
time ingest takes on the same file).

    .venv/bin/python benchmarks/run_engine.py 10000000   # generates the file if missing

Reads the file once (untimed) into aggregates, then times `points.engine.run` over them with
the sample workspace's three contracts, whose catalog is widened to every ISRC in the file.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from generate_distrokid import generate

from points.api import ingest_files, revenue_of, sample_data_path
from points.engine import run
from points.model import load_workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lines", type=int, nargs="?", default=10_000_000)
    args = parser.parse_args()
    path = Path(f"/tmp/points-bench/distrokid-{args.lines}.tsv")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generate(args.lines, path)
    start = time.perf_counter()
    files = ingest_files([path])
    ingest_seconds = time.perf_counter() - start
    revenue = revenue_of(files)
    workspace = load_workspace(sample_data_path()).workspace
    isrcs = sorted({r.recording for r in revenue if not r.recording.startswith("upc:")})
    contracts = [
        c.model_copy(update={"recordings": tuple(isrcs)}) if c.recordings else c
        for c in workspace.contracts
    ]
    start = time.perf_counter()
    result = run(contracts, workspace.releases_by_upc, revenue)
    engine_seconds = time.perf_counter() - start
    print(f"file: {path} ({args.lines:,} lines), {len(revenue):,} aggregates")
    print(f"ingest: {ingest_seconds:7.2f} s (in-process)")
    print(f"engine: {engine_seconds:7.2f} s, {len(result.entries):,} entries")
    print(f"ratio engine/ingest: {engine_seconds / ingest_seconds:.2f} (target 0.25)")


if __name__ == "__main__":
    main()
