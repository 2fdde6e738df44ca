"""Time `points ingest` against DuckDB reading and aggregating the same statement.

    .venv/bin/python benchmarks/run_ingest.py 10000000     # generates the file if missing
    .venv/bin/python benchmarks/run_ingest.py 10000000 --repeat 4   # points, duckdb, points, …

Each side runs in its own process; wall time, CPU time (user + sys) and peak RSS are measured
per process (wait4), and the totals per currency must be identical to the last decimal, or the
run fails. With --repeat the two sides alternate, so a machine that others load slows both
alike; the ratios of each pair and the medians are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from generate_distrokid import generate

DUCKDB_QUERY = """
import duckdb, sys
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")  # it would draw on stdout
rows = con.sql(
    "select ISRC, \\"Country of Sale\\", substr(\\"Reporting Date\\", 1, 7), "
    "sum(CAST(Quantity AS DECIMAL(38,6))), sum(CAST(\\"Earnings (USD)\\" AS DECIMAL(38,12))) "
    f"from read_csv('{sys.argv[1]}', delim='\\t', header=true, all_varchar=true) group by all"
).fetchall()
print(sum(r[3] for r in rows), sum(r[4] for r in rows))
"""


def _measure(command: list[str]) -> tuple[float, float, int, str]:
    """Wall time, CPU time and peak RSS from the kernel's record of this child alone."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command[:2])} failed")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lines", type=int, nargs="?", default=10_000_000)
    parser.add_argument("--path", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="pairs of runs, interleaved")
    args = parser.parse_args()
    path = args.path or Path(f"/tmp/points-bench/distrokid-{args.lines}.tsv")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating {args.lines:,} lines into {path} …", flush=True)
        generate(args.lines, path)
    size = path.stat().st_size / 1e6
    bin_dir = Path(sys.executable).parent
    print(f"file: {path} ({args.lines:,} lines, {size:,.0f} MB)")
    ratios, points_times, duck_times = [], [], []
    for _ in range(args.repeat):
        points_time, points_cpu, points_rss, points_out = _measure(
            [str(bin_dir / "points"), "ingest", "--json", str(path)]
        )
        duck_time, duck_cpu, duck_rss, duck_out = _measure(
            [sys.executable, "-c", DUCKDB_QUERY, str(path)]
        )
        totals = json.loads(points_out)["files"][0]["totals"]["USD"]
        units, net = (Decimal(v) for v in duck_out.split())
        same = Decimal(totals["units"]) == units and Decimal(totals["net"]) == net
        print(f"points ingest: {points_time:7.2f} s  CPU {points_cpu:6.2f} s  ", end="")
        print(f"peak RSS {points_rss:5} MiB")
        print(
            f"duckdb:        {duck_time:7.2f} s  CPU {duck_cpu:6.2f} s  peak RSS {duck_rss:5} MiB"
        )
        print(f"ratio points/duckdb: {points_time / duck_time:.2f}x (target 1.5x)", flush=True)
        print(f"totals identical: {same} (units {totals['units']}, net {totals['net']})")
        if not same:
            sys.exit(f"totals differ: duckdb units {units}, net {net}")
        ratios.append(points_time / duck_time)
        points_times.append(points_time)
        duck_times.append(duck_time)
    if args.repeat > 1:
        print(f"ratios: {', '.join(f'{r:.2f}x' for r in ratios)}")
        points_median, duck_median = statistics.median(points_times), statistics.median(duck_times)
        print(
            f"medians: points {points_median:.2f} s, duckdb {duck_median:.2f} s, "
            f"ratio {points_median / duck_median:.2f}x"
        )


if __name__ == "__main__":
    main()
