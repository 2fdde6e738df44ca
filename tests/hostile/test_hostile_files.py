"""Statements that are not files, lines that never end, records a million cells wide: each
is refused by name, quickly and in bounded memory, and the other files are still read."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from points.ingest.limits import (
    MAX_DSR_SALES_LINES,
    MAX_FIELDS,
    MAX_INFLATE_RATIO,
    MAX_LINE_CHARS,
    MAX_LISTED_LINES,
)

from hostile.hostile_cli import STATEMENTS, copy_fixture, files_under, run_points
from hostile.zips import gzip_of, repeated

GOOD = "distrokid.tsv"  # 8 lines, 24.340313712922 USD
GOOD_NET = "24.340313712922"


def _links(place: Path) -> list[Path]:
    """A link to /dev/zero and a FIFO, each named like a statement."""
    zero = place / "zero.tsv"
    zero.symlink_to("/dev/zero")
    fifo = place / "fifo.csv"
    os.mkfifo(fifo)
    return [zero, fifo]


def test_ingest_refuses_devices_and_fifos_by_name_and_reads_the_rest(place: Path) -> None:
    zero, fifo = _links(place)
    good = copy_fixture(GOOD, place)
    before = files_under(place)
    outcome = run_points("ingest", "--json", zero, fifo, good, cwd=place)
    outcome.clean()
    assert outcome.status == 1  # a file could not be read
    files = {Path(f["path"]).name: f for f in json.loads(outcome.stdout)["files"]}
    assert "a device, through a link to /dev/zero" in files["zero.tsv"]["error"]
    assert "named pipe (FIFO)" in files["fifo.csv"]["error"]
    assert "only regular files are read" in files["fifo.csv"]["error"]
    assert files[GOOD]["totals"]["USD"]["net"] == GOOD_NET
    assert files_under(place) == before


def test_import_refuses_devices_and_fifos_and_imports_the_rest(
    place: Path, workspace: Path
) -> None:
    zero, fifo = _links(place)
    good = copy_fixture(GOOD, place)
    before = files_under(place)
    outcome = run_points("import", "--workspace", workspace, zero, fifo, good, cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert f"{zero}: not a statement file: it is a device" in outcome.stdout
    assert f"{fifo}: not a statement file: it is a named pipe (FIFO)" in outcome.stdout
    assert f"{good}: imported as import 1 (distrokid, 8 lines taken" in outcome.stdout
    written = set(files_under(place) - before)
    assert {p.name for p in written} <= {
        "ledger.sqlite3",
        "ledger.sqlite3-wal",
        "ledger.sqlite3-shm",
    }
    assert all(p.parent == Path("ws") for p in written)


def test_run_names_a_statement_it_cannot_read_and_runs_the_others(
    place: Path, workspace: Path
) -> None:
    zero, fifo = _links(place)
    good = copy_fixture(GOOD, place)
    before = files_under(place)
    outcome = run_points(
        "run", workspace, "--json", "--statements", zero, "--statements", fifo,
        "--statements", good, cwd=place,
    )  # fmt: skip
    outcome.clean()
    assert outcome.status == 1
    document = json.loads(outcome.stdout)
    assert {Path(f["path"]).name for f in document["unreadable"]} == {"zero.tsv", "fifo.csv"}
    assert document["periods"]  # the good statement was run
    assert files_under(place) == before


@pytest.mark.parametrize(
    ("command", "what_is_not_done"),
    [
        (["explain", "kofi-mensah", "--period", "2026-H1"], "no working is shown"),
        (
            ["statement", "kofi-mensah", "--period", "2026-H1", "--format", "html"],
            "no statement is written",
        ),
    ],
)
def test_explain_and_statement_refuse_when_a_named_statement_cannot_be_read(
    place: Path, workspace: Path, command: list[str], what_is_not_done: str
) -> None:
    """``run`` runs the files it can read and exits 1; a payee's statement or its working
    must not: figures that silently leave a named file's income out are wrong on their face."""
    zero, fifo = _links(place)
    good = copy_fixture(GOOD, place)
    before = files_under(place)
    outcome = run_points(
        *command, "--workspace", workspace, "--statements", good, "--statements", zero,
        "--statements", fifo, cwd=place,
    )  # fmt: skip
    outcome.clean()
    assert outcome.status == 1
    assert f"{zero}: error: not a statement file: it is a device" in outcome.stdout
    assert f"{fifo}: error: not a statement file: it is a named pipe (FIFO)" in outcome.stdout
    assert f"2 statement file(s) could not be read: {what_is_not_done}" in outcome.stdout
    assert "Royalties earned" not in outcome.stdout
    assert files_under(place) == before


def _statement_with(place: Path, name: str, hostile: bytes) -> Path:
    """DistroKid's header, the hostile line 2, then the sample's valid lines."""
    header, rest = (STATEMENTS / GOOD).read_bytes().split(b"\n", 1)
    path = place / name
    with path.open("wb") as out:
        out.write(header + b"\n")
        out.write(hostile + b"\n")
        out.write(rest)
    return path


def test_a_200_mb_line_is_refused_at_its_line(place: Path) -> None:
    long_line = _statement_with(place, "long.tsv", b"x" * (200 * 1024 * 1024))
    good = copy_fixture(GOOD, place)
    outcome = run_points("ingest", long_line, good, cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert (
        f"{long_line}: error: line 2: the line is longer than {MAX_LINE_CHARS:,} characters"
        in outcome.stdout
    )
    assert "total USD: 3683 units, net 24.340313712922" in outcome.stdout  # the good file


def test_a_200_mb_line_stops_no_import_of_the_other_files(place: Path, workspace: Path) -> None:
    long_line = _statement_with(place, "long.tsv", b"7," * (100 * 1024 * 1024))
    good = copy_fixture(GOOD, place)
    outcome = run_points("import", "--workspace", workspace, long_line, good, cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert f"{long_line}: line 2: the line is longer than" in outcome.stdout
    assert f"{good}: imported as import 1" in outcome.stdout


@pytest.mark.parametrize(
    ("cells", "line"),
    [
        pytest.param(b"\t" * 1_000_000, 2, id="a million empty columns"),
        pytest.param(b"\t".join([b"1"] * (MAX_FIELDS + 1)), 2, id="one column too many"),
    ],
)
def test_a_million_columns_are_refused_at_their_line(place: Path, cells: bytes, line: int) -> None:
    wide = _statement_with(place, "wide.tsv", cells)
    good = copy_fixture(GOOD, place)
    outcome = run_points("ingest", "--json", wide, good, cwd=place)
    outcome.clean()
    assert outcome.status == 1
    files = {Path(f["path"]).name: f for f in json.loads(outcome.stdout)["files"]}
    width = cells.count(b"\t") + 1
    assert files["wide.tsv"]["error"].startswith(
        f"line {line}: the line has {width:,} cells, more than the {MAX_FIELDS:,}"
    )
    assert files[GOOD]["totals"]["USD"]["net"] == GOOD_NET


def test_a_million_columns_in_the_header_through_run(place: Path, workspace: Path) -> None:
    wide = place / "wide.csv"
    wide.write_bytes(b"a," * 1_000_000 + b"\n1,2\n")
    good = copy_fixture(GOOD, place)
    outcome = run_points("run", workspace, "--statements", wide, "--statements", good, cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert f"{wide}: error: line 1: the line is longer than" in outcome.stdout
    assert "Kofi Mensah" in outcome.stdout  # the good statement was run


def test_a_flood_of_bad_and_blank_lines_is_counted_not_listed(place: Path) -> None:
    """210,000 lines that are rejected or skipped, then a good one: every line is counted,
    the first 100,000 of each kind are listed, a note says the rest are not, and the good
    line is taken. (The per-line reader takes a few seconds over them.)"""
    header, good_line = (STATEMENTS / GOOD).read_bytes().split(b"\n")[:2]
    flood = place / "flood.tsv"
    flood.write_bytes(header + b"\n" + b"x\n\n" * 105_000 + good_line + b"\n")
    outcome = run_points("ingest", flood, cwd=place)
    outcome.clean()
    assert outcome.status == 0
    said = outcome.stdout
    assert "lines: 210001 read, 1 accepted, 105000 skipped, 105000 rejected" in said
    assert "skipped lines by reason: blank line (105000)" in said
    assert (
        f"{flood}: warning [not-all-listed] only the first {MAX_LISTED_LINES:,} skipped lines, "
        "rejected lines and warnings are listed; 5,000 skipped lines, 5,000 rejected lines and "
        "0 warnings more are counted but not listed"
    ) in said
    assert "total USD: 1200 units, net 3.74400000" in said


def test_past_the_listing_bound_json_lists_exactly_the_first_lines(
    place: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bound, made small in-process, through ``ingest --json``."""
    from click.testing import CliRunner

    from points.cli import main
    from points.ingest import read

    monkeypatch.setattr(read, "MAX_LISTED_LINES", 10)
    header, good_line = (STATEMENTS / GOOD).read_bytes().split(b"\n")[:2]
    flood = place / "flood.tsv"
    flood.write_bytes(header + b"\n" + b"x\n\n" * 15 + good_line + b"\n")
    result = CliRunner().invoke(main, ["ingest", "--json", str(flood)])
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.output)["files"]
    assert file["lines"] == {"read": 31, "accepted": 1, "skipped": 15, "rejected": 15}
    assert [e["line"] for e in file["errors"]] == list(range(2, 22, 2))
    assert [s["line"] for s in file["skipped"]] == list(range(3, 23, 2))
    assert file["skipped_by_reason"] == {"blank line": 15}
    (note,) = file["notes"]
    assert "5 skipped lines, 5 rejected lines and 0 warnings more" in note["message"]


DSR_GZ = "DSR_Redline_StreamCo_Premium_2026-02_GB_1of1_20260310T080000.tsv.gz"


def test_a_truncated_gzip_statement_is_refused_and_the_rest_imported(
    place: Path, workspace: Path
) -> None:
    """The old reader let gzip's EOFError out: click said only 'Aborted!'."""
    data = (STATEMENTS / DSR_GZ).read_bytes()
    truncated = place / DSR_GZ
    truncated.write_bytes(data[: len(data) // 2])
    good = copy_fixture(GOOD, place)
    outcome = run_points("import", "--workspace", workspace, truncated, good, cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert (
        f"{truncated}: the compressed file is damaged (Compressed file ended before the "
        "end-of-stream marker was reached); ask the sender for a new copy"
    ) in outcome.stdout
    assert f"{good}: imported as import 1" in outcome.stdout


def test_a_gzip_bomb_is_refused_once_it_inflates_past_the_ratio(place: Path) -> None:
    """A gzip statement of 200 MB of junk lines in about 200 KB: refused once it has inflated
    MAX_INFLATE_RATIO times the file's size, long before 200 MB. (Up to there it is read as
    any statement is, so a bomb of short lines takes longer to refuse: see the README.)"""
    header = (STATEMENTS / GOOD).read_bytes().split(b"\n")[0]
    junk = (b"x" * 50_000 + b"\n") * 20  # 1 MB
    bomb = place / "bomb.tsv.gz"
    bomb.write_bytes(gzip_of(repeated(header + b"\n", junk, 200, b"")))
    size = bomb.stat().st_size
    outcome = run_points("ingest", bomb, copy_fixture(GOOD, place), cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert (
        f"{bomb}: error: the compressed file inflates more than {MAX_INFLATE_RATIO} times its "
        f"{size:,} bytes"
    ) in outcome.stdout
    assert "total USD: 3683 units, net 24.340313712922" in outcome.stdout


def test_a_dsr_of_more_sales_lines_than_are_held_is_refused_at_the_line(place: Path) -> None:
    """A DSR's sales are held until its summaries are shared out: 2 MB of gzip holding
    MAX_DSR_SALES_LINES + 1 one-stream BasicAudio sales (34 MB of text) is refused at the
    line past the bound, within the memory limit; the other file is still read."""
    head = (
        "HEAD\tdsrf/1.1.2/1.6/1.0\tBasicAudioProfile\t1.2\tMSG-1\t2026-03-10T08:00:00Z\t1\t1\t"
        "2026-02-01\t2026-02-28\tPADPIDA0000000003\tStreamCo\tPremium\tPADPIDA0000000002\tRL\n"
        "SY02.02\tS1\t\t\tSubscriptionModel\tOnDemandStream\tGB\tPremium\t3\t\tGBP\t10.00\n"
        "AS01\tB1\tR1\tDSPRES1\tQZRLR2600001\tNight Transit\t\tAva Stone\n"
    )
    sales = "".join(
        f"SU02\tB1\tS1\tT{n}\tRel1\tR1\tTrue\t1\n" for n in range(MAX_DSR_SALES_LINES + 1)
    )
    dsr = place / "DSR_RL_StreamCo_Premium_2026-02_GB_1of1.tsv.gz"
    dsr.write_bytes(gzip.compress((head + sales).encode(), compresslevel=1))
    outcome = run_points("ingest", dsr, copy_fixture(GOOD, place), cwd=place)
    outcome.clean()
    assert outcome.status == 1
    past = MAX_DSR_SALES_LINES + 3 + 1  # three records before the sales
    assert f"{dsr}: error: line {past}: more than {MAX_DSR_SALES_LINES:,} sales lines" in (
        outcome.stdout
    )
    assert "total USD: 3683 units, net 24.340313712922" in outcome.stdout
