"""Numbers beyond exact arithmetic (``1e400``, ``1e-400``, 80 digits) and statements in
UTF-16 or UTF-32: a number is a rejected line (file, line, column, value, why) and the
valid lines and the other files are kept; an encoding is detected and read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile.hostile_cli import STATEMENTS, copy_fixture, files_under, run_points

GOOD = "distrokid.tsv"  # 8 lines, 3683 units, 24.340313712922 USD
GOOD_NET = "24.340313712922"
EIGHTY_DIGITS = "9" * 85


def _numbers(place: Path) -> Path:
    """The sample's first line five times over: its earnings 1e400, 1e-400, 85 digits, then
    its units 1e400 (a warning: the line is kept with 0 units), then a good line."""
    header, first = (STATEMENTS / GOOD).read_text(encoding="latin-1").splitlines()[:2]
    rows = [header]
    for net, units in (("1e400", "1"), ("1e-400", "1"), (EIGHTY_DIGITS, "1"), ("3.5", "1e400"),
                       ("2.25", "7")):  # fmt: skip
        cells = first.split("\t")
        cells[7], cells[12] = units, net
        rows.append("\t".join(cells))
    path = place / "numbers.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_ingest_rejects_each_number_by_line_and_keeps_the_rest(place: Path) -> None:
    numbers, good = _numbers(place), copy_fixture(GOOD, place)
    before = files_under(place)
    outcome = run_points("ingest", "--json", numbers, good, cwd=place)
    outcome.clean()
    assert outcome.status == 0  # rejected lines are a report; --strict makes them a failure
    assert files_under(place) == before
    files = {Path(f["path"]).name: f for f in json.loads(outcome.stdout)["files"]}
    read = files["numbers.tsv"]
    assert read["lines"] == {"read": 5, "accepted": 2, "skipped": 0, "rejected": 3}
    column = "Earnings (USD)"
    assert read["errors"] == [
        {"line": 2, "column": column,
         "reason": "'1e400' is too large for an amount (more than 20 digits before the point)"},
        {"line": 3, "column": column,
         "reason": "'1e-400' has more than 20 places after the point (statements write at most "
                   "10)"},
        {"line": 4, "column": column,
         "reason": "'999999999999999999999999'… (85 characters) is too long for an amount (at "
                   "most 20 digits before the point and 20 after)"},
    ]  # fmt: skip
    (warning,) = read["warnings"]
    assert (warning["line"], warning["column"], warning["code"]) == (5, 8, "bad-units")
    assert "'1e400' is too large for an amount" in warning["message"]
    assert read["totals"] == {"USD": {"units": "7", "net": "5.75"}}  # 3.5 + 2.25; 0 + 7 units
    assert files[GOOD]["totals"]["USD"]["net"] == GOOD_NET


def test_strict_ingest_fails_on_them(place: Path) -> None:
    outcome = run_points("ingest", "--strict", _numbers(place), cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert "numbers.tsv:2: error [rejected-line] column 'Earnings (USD)': '1e400'" in outcome.stdout


def test_import_keeps_the_valid_lines_and_imports_the_other_files(
    place: Path, workspace: Path
) -> None:
    numbers, good = _numbers(place), copy_fixture(GOOD, place)
    outcome = run_points(  # the two cover the same month: separate statements
        "import", "--workspace", workspace, "--json", "--additional", numbers, good, cwd=place
    )
    outcome.clean()
    assert outcome.status == 0
    imports = json.loads(outcome.stdout)["imports"]
    assert [(Path(i["path"]).name, i["status"]) for i in imports] == [
        ("numbers.tsv", "imported"),
        (GOOD, "imported"),
    ]
    assert imports[0]["import"]["lines"] == {"read": 5, "accepted": 2, "skipped": 0, "rejected": 3}


def test_run_takes_the_valid_lines(place: Path, workspace: Path) -> None:
    numbers, good = _numbers(place), copy_fixture(GOOD, place)
    outcome = run_points(
        "run", workspace, "--json", "--statements", numbers, "--statements", good, cwd=place
    )
    outcome.clean()
    assert outcome.status == 0
    document = json.loads(outcome.stdout)
    assert document["unreadable"] == []
    assert document["periods"]


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_utf16_and_utf32_statements_read_as_the_utf8_one(place: Path, encoding: str) -> None:
    """With a byte order mark (``utf-16``, ``utf-32``) or without one (``-le``, ``-be``)."""
    text = (STATEMENTS / GOOD).read_text(encoding="latin-1")  # DistroKid writes Latin-1
    encoded = place / f"{encoding}.tsv"
    encoded.write_bytes(text.encode(encoding))
    outcome = run_points("ingest", "--json", encoded, STATEMENTS / GOOD, cwd=place)
    outcome.clean()
    assert outcome.status == 0
    theirs, ours = json.loads(outcome.stdout)["files"]
    assert theirs["format"] == "distrokid"
    assert theirs["lines"] == ours["lines"]
    assert theirs["by_isrc"] == ours["by_isrc"]
    assert theirs["totals"] == {"USD": {"units": "3683", "net": GOOD_NET}}
