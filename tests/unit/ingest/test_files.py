"""Compressed statements read like plain ones."""

from __future__ import annotations

import gzip
from pathlib import Path

from points.ingest.files import open_binary


def test_plain_and_gzip(tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.tsv", tmp_path / "a.tsv.gz"
    plain.write_bytes(b"HEAD\tx\n")
    packed.write_bytes(gzip.compress(b"HEAD\tx\n"))
    for path in (plain, packed):
        with open_binary(path) as stream:
            assert stream.read() == b"HEAD\tx\n"
