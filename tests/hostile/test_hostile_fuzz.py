"""Whatever bytes arrive, ``points ingest`` and ``points import`` answer with a report or a
clean refusal (exit 0 or 1, a message), never a traceback: random bytes, real workbooks with
bytes flipped, gzip statements cut short or flipped, and random tables under headers taken
from the real layouts, in random delimiters, encodings and cells (numbers past exact
arithmetic, quotes, NULs, long text).

``POINTS_FUZZ_EXAMPLES`` sets how many examples each property tries (default: a few seconds'
worth, for ``make test``); e.g. ``POINTS_FUZZ_EXAMPLES=2000`` for a long run.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from points.cli import main
from points.ingest.formats import shipped_formats
from points.scaffold import init_workspace

from hostile.hostile_cli import STATEMENTS

EXAMPLES = int(os.environ.get("POINTS_FUZZ_EXAMPLES", "30"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HEADERS = [[names[0] for names in fmt.columns.values()] for fmt in shipped_formats()]
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "(7.60)",
            "1,200",
            "1e400",
            "1e-400",
            "9" * 85,
            "NaN",
            "Infinity",
            "Total",
            "US",
            "Deutschland",
            "QZRLR2600001",
            "198724001509",
            "8.59712E+11",
            "2026-03-05",
            "2026-13-01",
            "03/2026",
            '"',
            '""',
            "é",
            "\x00",
            "\ufeff",
            "USD",
            "€",
        ]
    ),
    st.text(max_size=20),
    st.integers(0, 5000).map(lambda n: "x" * n),
)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1"]


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, bytes]:
    """A statement-shaped file: a real layout's header, shuffled and cut, and random rows."""
    header = draw(st.sampled_from(HEADERS))
    header = draw(st.permutations(header))[: draw(st.integers(1, len(header)))]
    delimiter = draw(st.sampled_from(["\t", ",", ";", "|"]))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 2), max_size=12))
    text = "\r\n".join(delimiter.join(row) for row in [header, *rows])
    encoding = draw(st.sampled_from(ENCODINGS))
    name = draw(st.sampled_from(["s.csv", "s.tsv", "s.txt"]))
    return name, text.encode(encoding, errors="replace")


def _flipped_workbook(seed: int) -> bytes:
    """A real workbook with a few bytes changed: the zip, its inflation or its XML breaks."""
    data = bytearray(
        (STATEMENTS / ("amuse.xlsx" if seed % 2 else "cargo-physical.xlsx")).read_bytes()
    )
    chance = random.Random(seed)
    for _ in range(chance.randint(1, 8)):
        data[chance.randrange(len(data))] = chance.randrange(256)
    return bytes(data)


def _damaged_gzip(seed: int) -> bytes:
    """A real gzip statement cut short, or with bytes flipped."""
    data = bytearray((STATEMENTS / DSR_GZ).read_bytes())
    chance = random.Random(seed)
    if seed % 2:
        return bytes(data[: chance.randrange(len(data))])
    for _ in range(chance.randint(1, 4)):
        data[chance.randrange(len(data))] = chance.randrange(256)
    return bytes(data)


DSR_GZ = "DSR_Redline_StreamCo_Premium_2026-02_GB_1of1_20260310T080000.tsv.gz"
files = st.one_of(
    tables(),
    st.tuples(st.sampled_from(["r.csv", "r.tsv", "r.xlsx", "r.gz", "r"]), st.binary(max_size=4096)),
    st.integers(0, 2**32).map(lambda seed: ("flipped.xlsx", _flipped_workbook(seed))),
    st.integers(0, 2**32).map(lambda seed: ("damaged.tsv.gz", _damaged_gzip(seed))),
)


def _clean(result: Result) -> None:
    """A report (exit 0) or a refusal (exit 1) with words, and no exception escaped."""
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    assert result.output.strip()


def _write(folder: Path, named: tuple[str, bytes]) -> Path:
    name, data = named
    path = folder / name
    path.write_bytes(data)
    return path


@fuzz
@given(st.lists(files, min_size=1, max_size=3))
def test_ingest_answers_any_file_with_a_report_or_a_refusal(batch: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, named in enumerate(batch):  # a folder each: names may repeat
            (Path(folder) / str(number)).mkdir()
            paths.append(_write(Path(folder) / str(number), named))
        for as_json in ([], ["--json"]):
            result = CliRunner().invoke(main, ["ingest", *as_json, *map(str, paths)])
            _clean(result)
            assert all(str(path) in result.output for path in paths)


@pytest.fixture(scope="module")
def ledger_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "ws"
    init_workspace(root)
    return root


@fuzz
@given(st.lists(files, min_size=1, max_size=3))
def test_import_answers_any_file_with_a_report_or_a_refusal(
    ledger_workspace: Path, batch: list[tuple[str, bytes]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, named in enumerate(batch):  # a folder each: names may repeat
            (Path(folder) / str(number)).mkdir()
            paths.append(_write(Path(folder) / str(number), named))
        result = CliRunner().invoke(
            main, ["import", "--workspace", str(ledger_workspace), "--additional", *map(str, paths)]
        )
        _clean(result)
        assert all(str(path) in result.output for path in paths)
