"""Sniffing: the same statement in several real dialects is read the same way."""

from __future__ import annotations

import codecs

import pytest

from points.ingest.sniff import HEAD_BYTES, decode_head, sniff

HEADER = [
    "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC", "Quantity",
    "Team Percentage", "Song/Album", "Country of Sale", "Songwriter Royalties Withheld",
    "Earnings (USD)",
]  # fmt: skip
ROWS = [
    ["2026-03-05", "2026-01", "Spotify", "Ava Stone", "Café Lights", "QZRLR2600001",
     "198724001509", "1200", "100", "Song", "US", "0", "3.74400000"],
    ["2026-03-05", "2026-01", "Apple Music", "Ava Stone", "Café Lights", "QZRLR2600001",
     "198724001509", "300", "100", "Song", "NO", "0", "2.34000000"],
]  # fmt: skip


def _text(delimiter: str, title_block: list[str] | None = None) -> str:
    lines = [*(title_block or []), delimiter.join(HEADER), *(delimiter.join(r) for r in ROWS)]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (_text("\t").encode("utf-8"), "utf-8", "\t"),
        (codecs.BOM_UTF8 + _text(",").encode("utf-8"), "utf-8-sig", ","),
        (codecs.BOM_UTF16_LE + _text("\t").encode("utf-16-le"), "utf-16", "\t"),
        (_text("\t").encode("utf-16-le"), "utf-16-le", "\t"),
        (codecs.BOM_UTF16_BE + _text(";").encode("utf-16-be"), "utf-16", ";"),
        (_text("\t").encode("latin-1"), "cp1252", "\t"),
        (_text(";").encode("utf-8"), "utf-8", ";"),
        (codecs.BOM_UTF32_LE + _text("\t").encode("utf-32-le"), "utf-32", "\t"),
        (codecs.BOM_UTF32_BE + _text(",").encode("utf-32-be"), "utf-32", ","),
        (_text("\t").encode("utf-32-le"), "utf-32-le", "\t"),
        (_text("\t").encode("utf-32-be"), "utf-32-be", "\t"),
        (_text("\t").encode("utf-16-be"), "utf-16-be", "\t"),
    ],
    ids=[
        "utf8-tsv",
        "utf8-bom-csv",
        "utf16le-bom",
        "utf16le-no-bom",
        "utf16be-semicolon",
        "latin1-tsv",
        "semicolon",
        "utf32le-bom (whose mark starts with UTF-16 LE's)",
        "utf32be-bom",
        "utf32le-no-bom",
        "utf32be-no-bom",
        "utf16be-no-bom",
    ],
)
def test_the_same_statement_in_every_dialect(data: bytes, encoding: str, delimiter: str) -> None:
    dialect = sniff(data)
    assert (dialect.encoding, dialect.delimiter, dialect.header_row) == (encoding, delimiter, 0)
    text, _ = decode_head(data)
    assert "Café Lights" in text


def test_a_title_block_above_the_header_is_skipped() -> None:
    """Apple Music S1: four key<TAB>value lines, then the header."""
    title = ["Start Date\t10/01/2017", "End Date\t10/31/2017", "Report Type\tApple Music",
             "Currency\tAUD"]  # fmt: skip
    dialect = sniff(_text("\t", title).encode("utf-8"))
    assert (dialect.delimiter, dialect.header_row) == ("\t", 4)
    assert dialect.delimiter_name == "tab"


def test_a_known_header_can_be_recognised_by_the_caller() -> None:
    dialect = sniff(_text(",", ["Statement for Ava Stone"]).encode(), lambda r: "ISRC" in r)
    assert dialect.header_row == 1


def test_commas_inside_quoted_cells_do_not_fool_the_delimiter() -> None:
    lines = ['Title\tArtist\tAmount', '"Hello, World"\t"Doe, Jane"\t1.00',
             '"One, Two, Three"\tX\t2.00']  # fmt: skip
    assert sniff("\n".join(lines).encode()).delimiter == "\t"


def test_a_head_cut_mid_character_is_still_utf8() -> None:
    body = ("Title,Amount\n" + "Café,1.00\n" * 10_000).encode("utf-8")
    cut = body[:HEAD_BYTES]
    while cut[-1] < 0x80 or cut[-1] >= 0xC0:  # end inside a two-byte character
        cut = cut[:-1]
    assert sniff(cut).encoding == "utf-8"


def test_empty_input() -> None:
    dialect = sniff(b"")
    assert (dialect.encoding, dialect.header_row) == ("utf-8", 0)
