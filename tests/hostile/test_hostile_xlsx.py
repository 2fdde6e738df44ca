"""Hostile Excel workbooks: a sheet that claims the whole grid, zip bombs, a gigabyte cell,
XML entity attacks, damaged or foreign XML. Each is read as far as it holds real rows, or
refused by name (sheet, part or cell) quickly and in bounded memory; other files are read."""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from points.ingest.limits import MAX_CELL_CHARS, MAX_FIELDS, MAX_INFLATE_RATIO

from hostile.hostile_cli import STATEMENTS, copy_fixture, files_under, run_points
from hostile.zips import Deflated, repeated, with_parts

AMUSE = STATEMENTS / "amuse.xlsx"  # sheet 'Transactions': 2 lines taken, 9.386 USD
SHEET = "xl/worksheets/sheet1.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
GOOD = "distrokid.tsv"
GOOD_NET = "24.340313712922"


def _sheet() -> bytes:
    import zipfile

    with zipfile.ZipFile(AMUSE) as book:
        return book.read(SHEET)


def _hostile(place: Path, sheet: bytes | Deflated, name: str = "hostile.xlsx") -> Path:
    return with_parts(AMUSE, place / name, {SHEET: sheet})


def _ingest(place: Path, *files: Path) -> dict[str, dict[str, object]]:
    before = files_under(place)
    outcome = run_points("ingest", "--json", *files, cwd=place)
    outcome.clean()
    assert files_under(place) == before
    return {Path(str(f["path"])).name: f for f in json.loads(outcome.stdout)["files"]}


def _error(place: Path, hostile: Path) -> str:
    """Ingest the hostile workbook beside a good statement; the hostile one's refusal."""
    files = _ingest(place, hostile, copy_fixture(GOOD, place))
    good = files[GOOD]
    assert isinstance(good["totals"], dict)
    assert good["totals"]["USD"]["net"] == GOOD_NET
    assert files[hostile.name]["format"] is None
    return str(files[hostile.name]["error"])


def test_a_sheet_claiming_the_whole_grid_reads_only_its_rows(place: Path) -> None:
    """``dimension`` says A1:XFD1048576 and a styled empty cell sits at XFD1048576: the
    statement reads exactly as the honest one does (openpyxl's reader never ended)."""
    sheet = _sheet().replace(b'<dimension ref="A1:N6" />', b'<dimension ref="A1:XFD1048576"/>')
    sheet = sheet.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'
    )
    hostile = _hostile(place, sheet)
    assert hostile.stat().st_size < 10_000
    files = _ingest(place, hostile, AMUSE)
    honest = files["amuse.xlsx"]
    assert (
        files[hostile.name]["totals"]
        == honest["totals"]
        == {"USD": {"units": "5213", "net": "9.386"}}
    )
    assert files[hostile.name]["lines"] == honest["lines"]


def test_a_sheet_claiming_the_whole_grid_through_run(place: Path, workspace: Path) -> None:
    sheet = _sheet().replace(b'<dimension ref="A1:N6" />', b'<dimension ref="A1:XFD1048576"/>')
    hostile = _hostile(place, sheet)
    outcome = run_points("run", workspace, "--json", "--statements", hostile, cwd=place)
    outcome.clean()
    assert outcome.status == 0
    assert json.loads(outcome.stdout)["unreadable"] == []


_ROWS = b'<row><c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"


@pytest.fixture(scope="module")
def sheet_bomb() -> Deflated:
    """A sheet of 2 GB of rows in about 5 MB."""
    chunk = _ROWS * 1000
    head = b'<worksheet xmlns="' + MAIN + b'"><sheetData>'
    return repeated(head, chunk, (2 << 30) // len(chunk), b"</sheetData></worksheet>")


def test_a_sheet_inflating_to_2_gb_is_refused_before_it_is_read(
    place: Path, sheet_bomb: Deflated
) -> None:
    hostile = _hostile(place, sheet_bomb)
    assert hostile.stat().st_size < 8 << 20
    error = _error(place, hostile)
    assert error.startswith(f"part '{SHEET}' inflates to 2,147,")
    assert "split the statement into smaller files, or export it as CSV" in error


def test_a_zip_bomb_stops_no_import_of_the_other_files(
    place: Path, workspace: Path, sheet_bomb: Deflated
) -> None:
    hostile = _hostile(place, sheet_bomb)
    good = copy_fixture(GOOD, place)
    outcome = run_points("import", "--workspace", workspace, hostile, good, cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert f"{hostile}: part '{SHEET}' inflates to" in outcome.stdout
    assert f"{good}: imported as import 1" in outcome.stdout


def test_a_gigabyte_cell_is_refused_as_a_bomb(place: Path) -> None:
    head = b'<worksheet xmlns="' + MAIN + b'"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    bomb = repeated(head, b"A" * (1 << 20), 1000, b"</t></is></c></row></sheetData></worksheet>")
    error = _error(place, _hostile(place, bomb))
    assert "inflates" in error
    assert f"past {MAX_INFLATE_RATIO} times" in error
    assert "refused as a zip bomb" in error


def test_a_cell_past_the_limit_that_compresses_honestly_is_refused_by_cell(place: Path) -> None:
    """4 MiB of random text in B3: no bomb, so the cell limit names the cell."""
    text = base64.b64encode(random.Random(7).randbytes(3 << 20))
    sheet = _sheet().replace(b"<t>Type</t>", b"<t>" + text + b"</t>")
    error = _error(place, _hostile(place, sheet))
    assert error.startswith(
        f"sheet 'Transactions' cell B3 holds more than {MAX_CELL_CHARS:,} characters"
    )


def test_a_value_far_right_of_the_statement_is_refused_by_cell(place: Path) -> None:
    sheet = _sheet().replace(b"</row>", b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', 1)
    error = _error(place, _hostile(place, sheet))
    assert error.startswith(
        f"sheet 'Transactions' cell XFD1 holds a value beyond the {MAX_FIELDS:,} columns"
    )


_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b"]>"
)


@pytest.mark.parametrize(
    ("sheet", "said"),
    [
        pytest.param(
            _LAUGHS + _sheet().replace(b"<t>Type</t>", b"<t>&lol9;</t>"),
            "sheet 'Transactions' (xl/worksheets/sheet1.xml) declares a DTD, which no Excel "
            "workbook does; refused as unsafe XML",
            id="billion laughs",
        ),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + _sheet().replace(b"<t>Type</t>", b"<t>&x;</t>"),
            "declares a DTD, which no Excel workbook does",
            id="external entity",
        ),
        pytest.param(
            _sheet().replace(b"<t>Type</t>", b"<t>&undefined;</t>"),
            "sheet 'Transactions' is damaged (xl/worksheets/sheet1.xml, line 1, column",
            id="undefined entity",
        ),
        pytest.param(
            _sheet()[: len(_sheet()) // 2],
            "sheet 'Transactions' is damaged (xl/worksheets/sheet1.xml, line 1, column",
            id="truncated",
        ),
        pytest.param(
            _sheet().replace(MAIN, b"urn:not-excel"),
            "sheet 'Transactions' is {urn:not-excel}worksheet, not an Excel worksheet",
            id="mis-namespaced",
        ),
        pytest.param(
            _sheet().replace(MAIN, b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
            "(Strict Open XML, which is not read)",
            id="strict namespace",
        ),
    ],
)
def test_unsafe_or_damaged_sheet_xml_is_refused_by_sheet(
    place: Path, sheet: bytes, said: str
) -> None:
    error = _error(place, _hostile(place, sheet))
    assert said in error


def test_an_entity_bomb_in_the_workbook_part_is_refused(place: Path) -> None:
    import zipfile

    with zipfile.ZipFile(AMUSE) as book:
        workbook = book.read("xl/workbook.xml")
    hostile = with_parts(AMUSE, place / "hostile.xlsx", {"xl/workbook.xml": _LAUGHS + workbook})
    assert "part 'xl/workbook.xml' declares a DTD" in _error(place, hostile)


def test_amounts_beyond_exact_arithmetic_in_cells_are_rejected_lines(place: Path) -> None:
    """A Total of 1e400 (Excel cannot hold it; a hostile file can write it): the line is
    rejected by sheet, row and column, and the other line is taken."""
    sheet = _sheet()
    total = sheet.index(b'<c r="N4"')
    value = sheet.index(b"<v>", total)
    end = sheet.index(b"</v>", value)
    hostile = _hostile(place, sheet[: value + 3] + b"1e400" + sheet[end:])
    files = _ingest(place, hostile)
    read = files[hostile.name]
    assert read["lines"] == {"read": 3, "accepted": 1, "skipped": 1, "rejected": 1}
    assert read["errors"] == [
        {
            "line": 4,
            "column": "Total",
            "reason": "'1e400' is too large for an amount (more than 20 digits before the point)",
        }
    ]


@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(lambda text: b"<!--" + text + b"-->", id="comment"),
        pytest.param(lambda text: b'<sheetPr codeName="' + text + b'"/>', id="attribute"),
    ],
)
def test_a_giant_tag_or_comment_is_refused_before_it_is_held(
    place: Path, wrap: Callable[[bytes], bytes]
) -> None:
    """Expat holds a tag or comment whole until it ends: 8 MiB of random text in one (no
    bomb, so the size checks pass) is refused once 4 MiB have gone in without an end."""
    text = base64.b64encode(random.Random(8).randbytes(6 << 20))
    sheet = _sheet().replace(b"<sheetPr>", wrap(text) + b"<sheetPr>", 1)
    error = _error(place, _hostile(place, sheet))
    assert error.startswith(
        f"sheet 'Transactions' ({SHEET}) holds a tag or comment longer than 4,194,304 bytes"
    )


def test_a_part_that_lies_about_its_size_is_refused(place: Path, sheet_bomb: Deflated) -> None:
    """The zip says the 2 GB sheet is 2 KB: no more than 2 KB is inflated, and the CRC that
    does not match refuses it."""
    liar = Deflated(sheet_bomb.data, sheet_bomb.crc, 2048)
    error = _error(place, _hostile(place, liar))
    assert error.startswith(f"sheet 'Transactions' cannot be read ({SHEET}: Bad CRC-32")
