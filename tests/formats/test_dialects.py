"""The same statement in several real dialects gives the same canonical lines.

One DistroKid export, re-saved the ways users re-save files: UTF-8, UTF-8 with a BOM, UTF-16
with a BOM (Excel's "Unicode Text"), with a title block above the header, and with a totals
row and blank lines below the data. Only where each line came from may differ.
"""

from __future__ import annotations

import codecs
import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from points.ingest.lines import StatementLine
from points.ingest.read import read_statement

ORIGINAL = Path(__file__).parents[1] / "fixtures" / "statements" / "distrokid.tsv"
TEXT = ORIGINAL.read_bytes().decode("latin-1")
Variant = Callable[[str], bytes]

VARIANTS: dict[str, Variant] = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16 with BOM (Excel Unicode Text)": lambda text: (
        codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    ),
    "title block above": lambda text: ("Statement for Ava Stone\r\nMarch 2026\r\n" + text).encode(
        "utf-8"
    ),
    "totals row and blanks below": lambda text: (
        text + "\r\nTotal\t\t\t\t\t\t\t3683\t\t\t\t\t24.340313712922\r\n\r\n"
    ).encode("utf-8"),
    "LF line ends": lambda text: text.replace("\r\n", "\n").encode("utf-8"),
}


def _without_provenance(lines: list[StatementLine]) -> list[StatementLine]:
    return [dataclasses.replace(line, source=ORIGINAL_SOURCE) for line in lines]


ORIGINAL_SOURCE = read_statement(ORIGINAL).lines[0].source


@pytest.mark.parametrize("variant", VARIANTS, ids=list(VARIANTS))
def test_every_dialect_gives_the_same_lines(variant: str, tmp_path: Path) -> None:
    path = tmp_path / "statement.tsv"
    path.write_bytes(VARIANTS[variant](TEXT))
    expected = read_statement(ORIGINAL)
    result = read_statement(path)
    assert _without_provenance(result.lines) == _without_provenance(expected.lines)
    assert result.counts.accepted == expected.counts.accepted == 8
    assert result.counts.rejected == 0
