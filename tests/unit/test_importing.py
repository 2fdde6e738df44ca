"""Statement files into a ledger: each once, by what it says, each file's outcome reported."""

from __future__ import annotations

from pathlib import Path

from points.importing import import_into, revenue_of, sha256_of, source_of
from points.ingest.read import ingest_files
from points.ledger.store import Ledger

from conftest import SAMPLE_DATA

STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"


def test_income_rows_name_their_file_and_lines() -> None:
    assert source_of("dk.tsv", "2-51") == "dk.tsv:2-51"
    assert source_of("big.tsv", "") == "big.tsv"
    rows = revenue_of(ingest_files([STATEMENT]))
    assert len(rows) == 50
    assert {r.sources[0].rsplit(":", 1)[0] for r in rows} == {str(STATEMENT)}


def test_the_bytes_hash_is_the_files(tmp_path: Path) -> None:
    one, two = tmp_path / "a", tmp_path / "b"
    one.write_bytes(b"x" * (3 << 20))
    two.write_bytes(b"x" * (3 << 20) + b"\n")
    assert sha256_of(one) == sha256_of(one)
    assert sha256_of(one) != sha256_of(two)


def test_each_file_is_imported_refused_replaced_or_found_the_same(tmp_path: Path) -> None:
    text = STATEMENT.read_text(encoding="utf-8")
    lf, fixed = tmp_path / "lf.tsv", tmp_path / "fixed.tsv"
    lf.write_text(text, encoding="utf-8")
    fixed.write_text(text.replace("\t23.11920000", "\t25.11920000"), encoding="utf-8")
    with Ledger(tmp_path / "l.sqlite3") as ledger:
        first, same, refused = import_into(ledger, [STATEMENT, lf, fixed])
        assert (first.new, first.record and first.record.id) == (True, 1)
        assert (same.new, same.record, same.error) == (False, first.record, None)
        assert refused.record is None
        assert refused.error is not None
        assert refused.error.startswith("covers months 2026-06, 2026-07 that import 1 (")
        assert [r.id for r in refused.overlaps] == [1]
        (replacing,) = import_into(ledger, [fixed], overlap="replace")
        assert replacing.new
        assert [r.id for r in replacing.replaced] == [1]
        assert replacing.overlaps == []
        again = import_into(ledger, [STATEMENT])[0]  # its bytes are known: no-op, and says so
        assert (again.new, again.record and again.record.superseded_by) == (False, 2)
