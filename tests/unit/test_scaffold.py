"""``points init`` writes a valid, commented workspace and never overwrites by accident."""

from __future__ import annotations

from pathlib import Path

import pytest

from points.model import load_workspace
from points.scaffold import ScaffoldExistsError, init_workspace


def test_the_scaffold_is_a_valid_workspace(tmp_path: Path) -> None:
    written = init_workspace(tmp_path / "new")
    relative = sorted(str(p.relative_to(tmp_path / "new")) for p in written)
    assert relative == [
        "catalog.yaml",
        "contracts/kofi-mensah-producer.yaml",
        "parties.yaml",
        "points.yaml",
        "splits/first-light.yaml",
        "statements/README.md",
    ]
    result = load_workspace(tmp_path / "new")
    assert result.problems == []
    assert len(result.workspace.contracts) == 1


def test_every_example_file_explains_itself(tmp_path: Path) -> None:
    for path in init_workspace(tmp_path):
        if path.suffix == ".yaml":
            assert path.read_text(encoding="utf-8").lstrip().startswith("#"), path


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "parties.yaml").write_text("parties: []\n", encoding="utf-8")
    with pytest.raises(ScaffoldExistsError, match=r"parties\.yaml"):
        init_workspace(tmp_path)
    assert not (tmp_path / "catalog.yaml").exists()
    init_workspace(tmp_path, force=True)
    assert "kofi-mensah" in (tmp_path / "parties.yaml").read_text(encoding="utf-8")
