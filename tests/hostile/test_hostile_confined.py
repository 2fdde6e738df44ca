"""Files read only from inside their folder, and only if they are files: a workspace or a
statement folder that someone sent, holding a link out to a private file or a FIFO, gets a
refusal by name, quickly, and nothing of the private file reaches the output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from points.scaffold import init_workspace

from hostile.hostile_cli import copy_fixture, files_under, run_points

SECRET = "SECRET-3f9a"  # would show in a report if the linked file were read
GOOD = "distrokid.tsv"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A private file outside every folder a command reads, readable as YAML and as CSV."""
    path = tmp_path / "private.yaml"
    path.write_text(f"{SECRET}: {SECRET}\nReporting Date,Store\n{SECRET},{SECRET}\n")
    return path


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("contracts/leak.yaml", "outside-folder"),
        ("parties.yaml", "outside-folder"),
        ("rates.csv", "outside-folder"),
        ("contracts/zero.yaml", "not-a-file"),
        ("points.yaml", "not-a-file"),
    ],
)
def test_check_refuses_a_workspace_file_that_leads_out_or_is_not_a_file(
    place: Path, secret: Path, name: str, code: str
) -> None:
    """A link out (to the private file) or to ``/dev/zero``, or a FIFO (``points.yaml``, which
    blocked the old reader forever): each is one problem naming the file, exit 1."""
    workspace = place / "ws"
    init_workspace(workspace)
    path = workspace / name
    path.unlink(missing_ok=True)
    if name == "points.yaml":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero" if "zero" in name else secret)
    outcome = run_points("check", workspace, cwd=place, timeout=30)
    outcome.clean()
    assert outcome.status == 1
    assert f"{path}: error [{code}] not read: " in outcome.stdout
    if code == "outside-folder":
        assert f"leading out of {workspace} (to {secret.resolve()})" in outcome.stdout
    assert SECRET not in outcome.stdout + outcome.stderr


def test_a_link_inside_the_workspace_is_read(place: Path) -> None:
    """Confined, not link-shy: a contract linked from another folder of the workspace is read."""
    workspace = place / "ws"
    init_workspace(workspace)
    contract = workspace / "contracts" / "kofi-mensah-producer.yaml"
    kept = workspace / "shared" / contract.name
    kept.parent.mkdir()
    contract.rename(kept)
    contract.symlink_to(Path("..") / "shared" / contract.name)
    outcome = run_points("check", workspace, cwd=place)
    assert outcome.status == 0, outcome.stdout
    assert "ok" in outcome.stdout


def test_a_statement_linked_out_of_its_folder_is_refused_and_the_rest_read(
    place: Path, secret: Path
) -> None:
    folder = place / "statements"
    folder.mkdir()
    leak = folder / "q1.csv"
    leak.symlink_to(secret)
    inside = folder / "latest.tsv"
    inside.symlink_to(copy_fixture(GOOD, folder).name)  # a link within the folder is read
    before = files_under(place)
    outcome = run_points("ingest", leak, inside, cwd=place)
    outcome.clean()
    assert outcome.status == 1
    assert (
        f"{leak}: error: not read: it is a symbolic link leading out of its folder "
        f"(to {secret.resolve()}); a statement is read only from inside the folder it is "
        "named in: copy the file there, or name the file itself"
    ) in outcome.stdout
    assert "total USD: 3683 units, net 24.340313712922" in outcome.stdout
    assert SECRET not in outcome.stdout + outcome.stderr
    assert files_under(place) == before
