"""Workbooks built byte by byte for the hostile tests: a copy of a real statement with one
part replaced, and parts that inflate far past what they take on disk.

``Deflated`` holds a part already compressed. A zip bomb is made without compressing
gigabytes: a chunk deflated once, from a fresh compressor and ended with a full flush, is a
stand-alone piece of a raw deflate stream, so the piece repeated N times (then an empty final
block) inflates to the chunk repeated N times. Only its CRC is computed over the whole.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_FINAL_EMPTY_BLOCK = b"\x03\x00"


@dataclass(frozen=True)
class Deflated:
    """A zip member's raw deflate stream, its CRC-32 and its inflated size."""

    data: bytes
    crc: int
    size: int


def _piece(chunk: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)


def deflate(data: bytes) -> Deflated:
    return Deflated(_piece(data) + _FINAL_EMPTY_BLOCK, zlib.crc32(data), len(data))


def repeated(head: bytes, chunk: bytes, times: int, tail: bytes) -> Deflated:
    """``head + chunk * times + tail``, deflated in about ``len(chunk) / 1000 * times`` bytes."""
    piece = _piece(chunk)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    data = b"".join([_piece(head), piece * times, _piece(tail), _FINAL_EMPTY_BLOCK])
    return Deflated(data, crc, len(head) + len(chunk) * times + len(tail))


def write_zip(path: Path, members: dict[str, Deflated]) -> None:
    """A zip of deflated members, in order (sizes under 4 GiB: no ZIP64 needed)."""
    central = b""
    with path.open("wb") as out:
        for name, member in members.items():
            encoded = name.encode()
            offset = out.tell()
            out.write(
                struct.pack(
                    "<4s5H3L2H",
                    b"PK\x03\x04",
                    20,
                    0,
                    8,
                    0,
                    _DOS_DATE,
                    member.crc,
                    len(member.data),
                    member.size,
                    len(encoded),
                    0,
                )
                + encoded
            )
            out.write(member.data)
            central += (
                struct.pack(
                    "<4s6H3L5H2L",
                    b"PK\x01\x02",
                    20,
                    20,
                    0,
                    8,
                    0,
                    _DOS_DATE,
                    member.crc,
                    len(member.data),
                    member.size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
        start = out.tell()
        out.write(central)
        count = len(members)
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central),
                              start, 0))  # fmt: skip


def with_parts(source: Path, target: Path, replaced: dict[str, bytes | Deflated]) -> Path:
    """A copy of the workbook ``source`` with some parts replaced (given as bytes, or
    already deflated)."""
    members: dict[str, Deflated] = {}
    with zipfile.ZipFile(source) as book:
        for name in book.namelist():
            members[name] = deflate(book.read(name))
    for name, part in replaced.items():
        members[name] = part if isinstance(part, Deflated) else deflate(part)
    write_zip(target, members)
    return target


def gzip_of(deflated: Deflated) -> bytes:
    """The deflate stream as a .gz file (RFC 1952: header, data, CRC and size mod 2^32)."""
    header = b"\x1f\x8b\x08\x00" + b"\x00" * 4 + b"\x00\x03"
    return header + deflated.data + struct.pack("<LL", deflated.crc, deflated.size & 0xFFFFFFFF)
