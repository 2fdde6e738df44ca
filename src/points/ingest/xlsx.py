"""Rows of an Excel workbook as text cells, sheet by sheet, with each row's place recorded.

A workbook is a zip of XML parts, and it comes from someone else: this module reads the parts
itself, streaming, within the bounds of ``points.ingest.limits``, rather than through
openpyxl's reader, which trusts what the file says of itself (a sheet whose ``dimension``
claims ``A1:XFD1048576`` makes it pad every row to 16,384 cells and invent a million rows)
and holds each cell's text whole. Here:

* each part's uncompressed size and compression ratio are checked against absolute limits
  before it is opened, and the bytes are counted again as they are inflated;
* XML is parsed by defusedxml's expat reader, which refuses a DTD, entity declarations and
  external references (billion laughs, external entities); a truncated part, an undefined
  entity or a sheet in another namespace is refused, naming the sheet and the place;
* only the rows and cells the sheet holds are read (``dimension`` is ignored): a row without
  a value is no line, a row ends at its last cell with a value, and no cell's text may pass
  ``MAX_CELL_CHARS``.

Numeric cells keep Excel's stored text. A value Excel wrote as a double (``0.1``,
``8.336E-2``) is shown as the shortest decimal that round-trips, which is the number the
person typed; whole numbers (barcodes) stay as written. Cells formatted as dates become ISO
dates. Every refusal is a ``WorkbookError`` naming the file and what to do.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from defusedxml.expatreader import DefusedExpatParser

from points.errors import Source
from points.ingest.files import Record, StatementRefusal, open_regular
from points.ingest.limits import (
    INFLATE_RATIO_FLOOR_BYTES,
    MAX_CELL_CHARS,
    MAX_FIELDS,
    MAX_INFLATE_RATIO,
    MAX_WORKBOOK_MEMBERS,
    MAX_XLSX_MEMBER_BYTES,
    MAX_XLSX_PART_BYTES,
    MAX_XLSX_SHARED_STRINGS_BYTES,
)

__all__ = ["WorkbookError", "cell_text", "sheets"]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CHUNK = 64 * 1024
_ANEW = "save it again from Excel (or the source) as an Excel Workbook (.xlsx)"
# failures of the zip layer: a damaged or truncated deflate stream, an unknown or encrypted
# compression, a CRC that does not match
_ZIP_FAULTS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)


class WorkbookError(StatementRefusal):
    """The file is not an Excel workbook that can be read safely; the message says why."""


def cell_text(value: object) -> str:
    """A cell's value as the text a statement would have shown."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def number_text(stored: str) -> str:
    """A numeric cell's stored text as the statement showed it: whole numbers as written, a
    double as its shortest round-trip decimal, anything out of a double's range (``1e400``) or
    not a number as written, for the amount reader to refuse by name."""
    text = stored.strip()
    try:
        exact = Decimal(text)
    except InvalidOperation:
        return text
    if not exact.is_finite():
        return text
    if not any(mark in text for mark in ".eE"):
        return text.lstrip("+")
    if exact and not -30 <= exact.adjusted() <= 30:
        return text  # no statement figure; left for the amount reader to refuse as written
    return cell_text(float(text))


def _column(reference: str) -> int | None:
    """The 1-based column of a cell reference (``AB12`` → 28); ``None`` if it is not one.
    Anything past three letters (``XFD``, Excel's last) is taken as one column too far."""
    letters = reference.rstrip("0123456789").upper()
    if not letters or not letters.isascii() or not letters.isalpha():
        return None
    if len(letters) > 3:
        return MAX_FIELDS + 1
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _letters(column: int) -> str:
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


@dataclass
class _Book:
    """The workbook's parts that say how to read its sheets."""

    path: Path
    archive: zipfile.ZipFile
    sheets: list[tuple[str, str]] = field(default_factory=list)  # title, part
    strings: list[str] = field(default_factory=list)
    dates: frozenset[int] = frozenset()  # styles whose format shows a date
    epoch: dt.datetime = dt.datetime(1899, 12, 30)

    def refuse(self, what: str, hint: str = _ANEW) -> WorkbookError:
        return WorkbookError(f"{what}; {hint}")

    def open(self, name: str, limit: int) -> _Counted:
        """A part, opened after its declared size and ratio are checked; reading it counts
        the bytes again, and stops at ``limit``."""
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise self.refuse(f"the workbook has no part {name!r}") from None
        if info.file_size > limit:
            raise self.refuse(
                f"part {name!r} inflates to {info.file_size:,} bytes, more than the "
                f"{limit:,} a statement's part may have",
                "split the statement into smaller files, or export it as CSV",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > INFLATE_RATIO_FLOOR_BYTES and ratio > MAX_INFLATE_RATIO:
            raise self.refuse(
                f"part {name!r} inflates {ratio:,.0f} times ({info.compress_size:,} bytes to "
                f"{info.file_size:,}); no real workbook compresses past {MAX_INFLATE_RATIO} "
                "times, so it is refused as a zip bomb",
                "ask the sender for the statement as exported, or as CSV",
            )
        try:
            return _Counted(
                self.archive.open(info), limit, self.refuse(f"part {name!r} is larger than it says")
            )
        except _ZIP_FAULTS as error:
            raise self.refuse(f"part {name!r} cannot be read: {error}") from None

    def read(self, name: str, limit: int = MAX_XLSX_PART_BYTES) -> Element:
        """A small part, parsed whole (defused)."""
        try:
            with self.open(name, limit) as stream:
                data = stream.read()
            root = fromstring(data, forbid_dtd=True)
        except _ZIP_FAULTS as error:
            raise self.refuse(f"part {name!r} cannot be read: {error}") from None
        except DefusedXmlException as error:
            raise _unsafe(self, f"part {name!r}", error) from None
        except ParseError as error:
            raise self.refuse(f"part {name!r} is not well-formed XML: {error}") from None
        return root

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id → (type, part name it points to)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self.archive.NameToInfo:
            return {}
        found = {}
        for rel in self.read(rels).iter(f"{{{_PKG_RELS}}}Relationship"):
            target = rel.get("Target", "")
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], resolved)
        return found


class _Counted:
    """A part's inflated bytes, refused once more than ``limit`` come out."""

    def __init__(self, stream: IO[bytes], limit: int, too_large: WorkbookError) -> None:
        self.stream, self.left, self.too_large = stream, limit, too_large

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(self.left + 1 if size < 0 else min(size, self.left + 1))
        self.left -= len(data)
        if self.left < 0:
            raise self.too_large
        return data

    def __enter__(self) -> _Counted:
        return self

    def __exit__(self, *_: object) -> None:
        self.stream.close()

    def close(self) -> None:
        self.stream.close()


def _open_book(path: Path, raw: IO[bytes]) -> _Book:
    try:
        archive = zipfile.ZipFile(raw)
    except _ZIP_FAULTS as error:
        raise WorkbookError(
            f"not a readable Excel workbook ({error}); if it is password-protected, "
            "save a copy without a password; else export the statement again"
        ) from None
    book = _Book(path, archive)
    if len(archive.infolist()) > MAX_WORKBOOK_MEMBERS:
        raise book.refuse(
            f"the zip lists {len(archive.infolist()):,} files, more than the "
            f"{MAX_WORKBOOK_MEMBERS:,} a workbook may have"
        )
    office = [p for t, p in book.relationships("").values() if t == "officeDocument"]
    workbook_part = office[0] if office else "xl/workbook.xml"
    root = book.read(workbook_part)
    if root.tag != f"{{{MAIN}}}workbook":
        strict = root.tag.startswith(f"{{{_STRICT}}}")
        raise book.refuse(
            "it is written in Strict Open XML, which is not read"
            if strict
            else f"its workbook part is {root.tag!r}, not an Excel workbook",
            "save it from Excel as an Excel Workbook (.xlsx), not Strict Open XML"
            if strict
            else _ANEW,
        )
    properties = root.find(f"{{{MAIN}}}workbookPr")
    if properties is not None and properties.get("date1904", "0").lower() in ("1", "true"):
        book.epoch = dt.datetime(1904, 1, 1)
    relations = book.relationships(workbook_part)
    for sheet in root.iter(f"{{{MAIN}}}sheet"):
        kind, part = relations.get(sheet.get(f"{{{_DOC_RELS}}}id", ""), ("", ""))
        if kind == "worksheet":  # chart and dialog sheets hold no rows
            book.sheets.append((sheet.get("name", part), part))
    for kind, part in relations.values():
        if kind == "sharedStrings":
            book.strings = _shared_strings(book, part)
        elif kind == "styles":
            book.dates = _date_styles(book.read(part))
    return book


def _date_styles(styles: Element) -> frozenset[int]:
    """The cell styles (indices of ``cellXfs``) whose number format shows a date."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    for number_format in styles.iter(f"{{{MAIN}}}numFmt"):
        try:
            formats[int(number_format.get("numFmtId", ""))] = number_format.get("formatCode", "")
        except ValueError:
            continue
    cell_styles = styles.find(f"{{{MAIN}}}cellXfs")
    if cell_styles is None:
        return frozenset()
    dates = set()
    for index, style in enumerate(cell_styles.iter(f"{{{MAIN}}}xf")):
        try:
            code = formats.get(int(style.get("numFmtId", "0")), "")
        except ValueError:
            continue
        if code and is_date_format(code):
            dates.add(index)
    return frozenset(dates)


class _Texts(ContentHandler):
    """Collects the text of ``t`` elements (not the phonetic guides of ``rPh``) in a bounded
    buffer; ``where`` says what to name when a text passes ``MAX_CELL_CHARS``."""

    def __init__(self, book: _Book) -> None:
        super().__init__()
        self.book = book
        self.chunks: list[str] = []
        self.size = 0
        self.collecting = False
        self.phonetic = 0
        self.events = 0  # elements and texts met: a part that feeds none holds a giant token

    def where(self) -> str:
        raise NotImplementedError

    def start(self, name: tuple[str | None, str], attrs: AttributesNSImpl) -> None:
        raise NotImplementedError

    def end(self, name: tuple[str | None, str]) -> None:
        raise NotImplementedError

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        self.events += 1
        self.start(name, attrs)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.events += 1
        self.end(name)

    def characters(self, content: str) -> None:
        self.events += 1
        if self.collecting and not self.phonetic:
            self.size += len(content)
            if self.size > MAX_CELL_CHARS:
                raise self.book.refuse(
                    f"{self.where()} holds more than {MAX_CELL_CHARS:,} characters (Excel "
                    "itself stops at 32,767); the file is damaged or not a statement",
                    "export the statement again from the source",
                )
            self.chunks.append(content)

    def take(self) -> str:
        text = "".join(self.chunks)
        self.chunks, self.size = [], 0
        return text


class _SharedStrings(_Texts):
    def __init__(self, book: _Book) -> None:
        super().__init__(book)
        self.strings: list[str] = []

    def where(self) -> str:
        return f"shared string {len(self.strings) + 1:,}"

    def start(self, name: tuple[str | None, str], attrs: AttributesNSImpl) -> None:
        if name == (MAIN, "rPh"):
            self.phonetic += 1
        elif name == (MAIN, "t"):
            self.collecting = True

    def end(self, name: tuple[str | None, str]) -> None:
        if name == (MAIN, "rPh"):
            self.phonetic -= 1
        elif name == (MAIN, "t"):
            self.collecting = False
        elif name == (MAIN, "si"):
            self.strings.append(self.take())


# Bytes fed with no element or text coming out: expat holds a tag, comment or processing
# instruction whole until it ends, so one longer than a cell's text may be is refused.
_MAX_TOKEN_BYTES = 4 * MAX_CELL_CHARS


def _parse(book: _Book, part: str, limit: int, handler: _Texts, what: str) -> Iterator[None]:
    """Feed a part to a defused streaming parser a chunk at a time, pausing after each chunk
    so the caller can take what the handler gathered."""
    parser = DefusedExpatParser(forbid_dtd=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        with book.open(part, limit) as stream:
            fed, events = 0, 0
            while chunk := stream.read(_CHUNK):
                parser.feed(chunk)
                fed = 0 if handler.events != events else fed + len(chunk)
                events = handler.events
                if fed > _MAX_TOKEN_BYTES:
                    raise book.refuse(
                        f"{what} ({part}) holds a tag or comment longer than "
                        f"{_MAX_TOKEN_BYTES:,} bytes, which no workbook has",
                        "export the statement again from the source",
                    )
                yield
            parser.close()
        yield
    except SAXParseException as error:
        raise book.refuse(
            f"{what} is damaged ({part}, line {error.getLineNumber()}, column "
            f"{error.getColumnNumber()}: {error.getMessage()})"
        ) from None
    except DefusedXmlException as error:
        raise _unsafe(book, f"{what} ({part})", error) from None
    except SAXException as error:
        raise book.refuse(f"{what} cannot be read ({part}: {error.getMessage()})") from None
    except _ZIP_FAULTS as error:
        raise book.refuse(f"{what} cannot be read ({part}: {error})") from None


_UNSAFE = {
    "DTDForbidden": "a DTD",
    "EntitiesForbidden": "XML entities (the 'billion laughs' attack expands them)",
    "ExternalReferenceForbidden": "a reference to an outside file or address",
}


def _unsafe(book: _Book, what: str, error: DefusedXmlException) -> WorkbookError:
    declared = _UNSAFE.get(type(error).__name__, type(error).__name__)
    return book.refuse(
        f"{what} declares {declared}, which no Excel workbook does; refused as unsafe XML",
        "export the statement again from the source",
    )


def _shared_strings(book: _Book, part: str) -> list[str]:
    handler = _SharedStrings(book)
    for _ in _parse(book, part, MAX_XLSX_SHARED_STRINGS_BYTES, handler, "the shared strings"):
        pass
    return handler.strings


class _SheetRows(_Texts):
    """Gathers a worksheet's rows as ``(row number, cells)`` as the parser meets them."""

    def __init__(self, book: _Book, title: str) -> None:
        super().__init__(book)
        self.title = title
        self.rows: list[tuple[int, list[str]]] = []
        self.started = False
        self.row = 0
        self.cells: dict[int, str] = {}
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.value: str | None = None
        self.inline: str | None = None

    def where(self) -> str:
        return f"sheet {self.title!r} cell {_letters(self.column)}{self.row}"

    def start(self, name: tuple[str | None, str], attrs: AttributesNSImpl) -> None:
        namespace, local = name
        if not self.started:
            self.started = True
            if name != (MAIN, "worksheet"):
                raise self.book.refuse(
                    f"sheet {self.title!r} is {{{namespace}}}{local}, not an Excel worksheet"
                    + (" (Strict Open XML, which is not read)" if namespace == _STRICT else "")
                )
        if namespace != MAIN:
            return
        if local == "row":
            self.row = _number(attrs.get((None, "r")), self.row + 1)
            self.cells, self.column = {}, 0
        elif local == "c":
            reference = attrs.get((None, "r")) or ""
            self.column = _column(reference) or self.column + 1
            self.kind = attrs.get((None, "t")) or "n"
            self.style = _number(attrs.get((None, "s")), 0)
            self.value = self.inline = None
        elif local == "rPh":
            self.phonetic += 1
        elif local in ("v", "t"):
            self.collecting = True
            self.take()

    def end(self, name: tuple[str | None, str]) -> None:
        namespace, local = name
        if namespace != MAIN:
            return
        if local == "v":
            self.collecting, self.value = False, self.take()
        elif local == "t":
            self.collecting = False
            self.inline = (self.inline or "") + self.take()
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "c":
            text = self._text()
            if text:
                if self.column > MAX_FIELDS:
                    raise self.book.refuse(
                        f"{self.where()} holds a value beyond the {MAX_FIELDS:,} columns a "
                        "statement may have",
                        "delete what lies right of the statement's columns, or export it again",
                    )
                self.cells[self.column] = text
        elif local == "row" and self.cells:  # a row without a value (styled, say) is no line
            width = max(self.cells)
            self.rows.append((self.row, [self.cells.get(c, "") for c in range(1, width + 1)]))

    def _text(self) -> str:
        """The cell's value as a statement shows it."""
        kind, value = self.kind, self.value
        if kind == "inlineStr":
            return self.inline or ""
        if value is None:
            return ""
        if kind == "s":
            index = _number(value, -1)
            if not 0 <= index < len(self.book.strings):
                raise self.book.refuse(
                    f"{self.where()} refers to shared string {value!r}, which the workbook "
                    "does not have"
                )
            return self.book.strings[index]
        if kind == "b":
            return "TRUE" if value.strip() == "1" else "FALSE"
        if kind == "d":
            return value.strip()[:10]
        if kind in ("str", "e"):
            return value
        if self.style in self.book.dates:
            return _date_text(value, self.book.epoch)
        return number_text(value)


def _date_text(stored: str, epoch: dt.datetime) -> str:
    """A date cell's serial number as an ISO date (as openpyxl reads it), or the number as
    written if it is no date."""
    from openpyxl.utils.datetime import from_excel

    try:
        return cell_text(from_excel(float(stored), epoch))
    except (ValueError, OverflowError):
        return number_text(stored)


def _number(text: str | None, default: int) -> int:
    """A small whole number from an attribute (a row number, a style); ``default`` if none."""
    if text is None or not text.isdigit() or len(text) > 9:
        return default
    return int(text)


def sheets(path: Path) -> Iterator[tuple[str, Iterator[Record]]]:
    """Each worksheet's name and its rows as ``(source, cells)``; the source names the sheet
    and the row number. Rows without a value are passed over; a sheet's rows are read as they
    are asked for.

    Raises:
        WorkbookError: the file is not a workbook that can be read safely (the message says
            why, and what to do); raised as soon as the fault is met.
        NotRegularFileError: the path is a FIFO, device or the like.
    """
    with open_regular(path) as raw:
        book = _open_book(path, raw)
        with book.archive:
            for title, part in book.sheets:
                records = _records(book, title, part)
                try:
                    yield title, records
                finally:
                    records.close()


def _records(book: _Book, title: str, part: str) -> Generator[Record, None, None]:
    handler = _SheetRows(book, title)
    for _ in _parse(book, part, MAX_XLSX_MEMBER_BYTES, handler, f"sheet {title!r}"):
        rows, handler.rows = handler.rows, []
        for number, cells in rows:
            yield Record(Source(str(book.path), number, sheet=title), cells)
