"""Opening files others sent: only regular files, and only from inside their folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from points.confined import (
    NotRegularFile,
    OutsideFolder,
    TooLarge,
    leads_outside,
    open_regular_file,
    read_confined,
    refused,
)


def test_a_fifo_is_refused_without_blocking_and_says_what_it_is(tmp_path: Path) -> None:
    fifo = tmp_path / "q1.csv"
    os.mkfifo(fifo)  # no writer: a blocking open would wait forever
    with pytest.raises(NotRegularFile, match=r"^it is a named pipe \(FIFO\); only regular"):
        open_regular_file(fifo)


def test_a_link_to_a_device_names_where_it_leads(tmp_path: Path) -> None:
    link = tmp_path / "zero.tsv"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotRegularFile) as raised:
        open_regular_file(link)
    assert (raised.value.kind, raised.value.link) == ("a device", "/dev/zero")
    assert (
        str(raised.value)
        == "it is a device, through a link to /dev/zero; only regular files are read"
    )


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile, match="it is a folder"):
        open_regular_file(tmp_path)


def test_links_within_the_folder_are_inside_and_links_out_are_not(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "ws", tmp_path / "private.txt"
    (folder / "shared").mkdir(parents=True)
    elsewhere.write_text("secret")
    (folder / "shared" / "a.yaml").write_text("a: 1")
    inside, out, dotted = (
        folder / "in.yaml",
        folder / "out.yaml",
        folder / "shared" / ".." / ".." / "private.txt",
    )
    inside.symlink_to(Path("shared") / "a.yaml")
    out.symlink_to(elsewhere)
    assert leads_outside(inside, folder) is None
    assert leads_outside(out, folder) == elsewhere.resolve()
    assert leads_outside(dotted, folder) == elsewhere.resolve()  # ``..`` is followed too


def test_read_confined_reads_at_most_its_limit_and_only_from_inside(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    folder.mkdir()
    small, big = folder / "small.csv", folder / "big.csv"
    small.write_bytes(b"12345")
    big.write_bytes(b"123456")
    assert read_confined(small, folder, 5) == b"12345"
    with pytest.raises(TooLarge) as raised:
        read_confined(big, folder, 5)
    assert (raised.value.size, raised.value.limit) == (6, 5)
    out = folder / "out.csv"
    out.symlink_to(tmp_path / "elsewhere.csv")
    (tmp_path / "elsewhere.csv").write_bytes(b"1")
    with pytest.raises(OutsideFolder):
        read_confined(out, folder, 5)
    assert read_confined(out, None, 5) == b"1"  # a file named by the user, not a workspace's


def test_each_refusal_is_a_problem_naming_the_file(tmp_path: Path) -> None:
    outside = refused(
        "ws/rates.csv", OutsideFolder(Path("ws/rates.csv"), Path("/etc/x"), Path("ws"))
    )
    assert (outside.code, outside.message) == (
        "outside-folder",
        "not read: a symbolic link leading out of ws (to /etc/x)",
    )
    fifo = refused(
        "ws/points.yaml", NotRegularFile(Path("ws/points.yaml"), "a named pipe (FIFO)", None)
    )
    assert (str(fifo.source), fifo.code, fifo.hint) == (
        "ws/points.yaml",
        "not-a-file",
        "save it as a file in its place",
    )
