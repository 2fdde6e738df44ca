"""A paper is written whole or not at all: a failed write leaves no partial or empty file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from points.render.output import OutputError, write_atomic


def test_a_paper_is_written_with_the_usual_permissions(tmp_path: Path) -> None:
    path = tmp_path / "paper.md"
    write_atomic(path, b"hello")
    assert path.read_bytes() == b"hello"
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["paper.md"]


def test_a_full_disk_half_way_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "paper.md"
    path.write_bytes(b"old")
    real_write = os.write
    calls = []

    def write(descriptor: int, data: bytes | memoryview) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(descriptor, bytes(data)[:3])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(OutputError, match="the disk is full; nothing was written there"):
        write_atomic(path, b"a much longer new paper")
    assert calls == [23, 20]  # it did start writing: the test is not vacuous
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["paper.md"]


def test_a_missing_folder_is_said_in_words(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="its folder does not exist"):
        write_atomic(tmp_path / "missing" / "paper.md", b"x")


def test_a_link_is_written_through_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
