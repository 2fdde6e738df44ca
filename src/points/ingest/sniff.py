"""Work out how a text export is written from its first bytes: encoding, delimiter, header row.

Real statements arrive as UTF-8 with or without a BOM, UTF-16 with a BOM (Bandcamp, and anything
re-saved from Excel as "Unicode Text"), or Latin-1 (DistroKid); UTF-16 without a BOM and UTF-32
with or without one are rare, and read too. They are separated by commas, tabs or semicolons,
sometimes with a title block of ``key<TAB>value`` lines above the header (Apple Music
S1). Only the head of the file is read here, so a large file can then be streamed with the
settings found (../shared/STATEMENT_FORMATS.md, "Cross-cutting facts").
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["DELIMITERS", "Dialect", "decode_head", "not_text", "sniff"]

DELIMITERS = ("\t", ",", ";", "|")
HEAD_BYTES = 64 * 1024
_SAMPLE_ROWS = 40

_BOMS = (  # UTF-32's before UTF-16's: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_PICTURE = "points reads the statement's data export (CSV, TSV, Excel), not a picture of it"

# Files that are not text exports, by their first bytes, and what to do with each.
_NOT_TEXT = (
    (b"PK\x03\x04", "a zip archive",
     "unzip it and name the statements inside (an Excel workbook must end in .xlsx)"),
    (b"%PDF", "a PDF document",
     "points reads the CSV, TSV or Excel export: ask the sender for that, not the printout"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls) or other Office file",
     "open it in Excel or LibreOffice and save it as .xlsx or CSV"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", _PICTURE),
    (b"\xff\xd8\xff", "a JPEG image", _PICTURE),
    (b"GIF8", "a GIF image", _PICTURE),
)  # fmt: skip


def not_text(head: bytes) -> tuple[str, str] | None:
    """What a file is, and what to do, if its first bytes say it is not a text export (a zip,
    a PDF, an old Excel file, an image): such a file is named as what it is, not as a header
    that matches no known format."""
    for magic, kind, advice in _NOT_TEXT:
        if head.startswith(magic):
            return kind, advice
    return None


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one text file is written.

    ``header_row`` is the 0-based index of the header among the file's lines; lines above it
    are a title block.
    """

    encoding: str
    delimiter: str
    header_row: int

    @property
    def delimiter_name(self) -> str:
        return {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}[self.delimiter]


def _bomless_utf32(head: bytes) -> str | None:
    """UTF-32 without a BOM: ASCII and Latin text then has three NULs in every four bytes,
    the one that is not at the same place each time."""
    sample = head[: 4096 - 4096 % 4]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 8:
        return None
    nuls = [sample[offset::4].count(0) / (len(sample) // 4) for offset in range(4)]
    if nuls[0] < 0.05 and min(nuls[1:]) > 0.9:
        return "utf-32-le"
    if nuls[3] < 0.05 and min(nuls[:3]) > 0.9:
        return "utf-32-be"
    return None


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII text then has a NUL in every other byte."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _detect_encoding(head: bytes) -> str:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    bomless = _bomless_utf32(head) or _bomless_utf16(head)
    if bomless:
        return bomless
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A head cut mid-character fails only in its last 3 bytes; anything earlier is not UTF-8.
        if error.start < len(head) - 3:
            return "cp1252" if _is_cp1252(head) else "latin-1"
    return "utf-8"


def _is_cp1252(head: bytes) -> bool:
    """Windows-1252 (Latin-1 plus € and curly quotes in 0x80-0x9F), if it decodes as such."""
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def decode_head(head: bytes) -> tuple[str, str]:
    """Decode the head of a file; returns ``(text, encoding)``. Never raises."""
    encoding = _detect_encoding(head)
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(head, final=False), encoding


def _rows(lines: list[str], delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))


def _score(rows: list[list[str]]) -> tuple[int, int]:
    """How well a delimiter fits: (cells in the rows sharing the best width, that width).

    Weighting by width lets a wide table win over a narrow title block above it.
    """
    widths = Counter(len(row) for row in rows if len(row) > 1)
    if not widths:
        return (0, 0)
    width, count = max(widths.items(), key=lambda item: (item[0] * item[1], item[0]))
    return (count * width, width)


def _looks_like_header(row: list[str]) -> bool:
    """A header row is mostly text: few of its non-empty cells parse as numbers."""
    cells = [cell.strip() for cell in row if cell.strip()]
    if len(cells) < 2:
        return False
    numeric = sum(_is_number(cell) for cell in cells)
    return numeric <= len(cells) // 4


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell.replace(",", "").replace(" ", ""))
    except InvalidOperation:
        return False
    return True


def sniff(head: bytes, is_header: Callable[[list[str]], bool] | None = None) -> Dialect:
    """Find encoding, delimiter and header row from the first bytes of a text export.

    Args:
        head: the first bytes of the file (64 KiB is plenty).
        is_header: recognises a known format's header row; by default, the first row as wide as
            the data that is mostly text is taken as the header.
    """
    text, encoding = decode_head(head)
    lines = text.splitlines()
    if len(head) >= HEAD_BYTES and lines:
        lines = lines[:-1]  # the last line may be cut short
    lines = lines[:_SAMPLE_ROWS]
    delimiter = max(DELIMITERS, key=lambda d: (_score(_rows(lines, d)), -DELIMITERS.index(d)))
    rows = _rows(lines, delimiter)
    _, width = _score(rows)
    header_row = 0
    for index, row in enumerate(rows):
        matches = is_header(row) if is_header else len(row) == width and _looks_like_header(row)
        if matches:
            header_row = index
            break
    return Dialect(encoding, delimiter, header_row)
