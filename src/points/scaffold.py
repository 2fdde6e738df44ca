"""``points init``: write a new workspace of commented example files.

The examples in ``points/workspace_template/`` are a valid workspace (a test loads them), so a
new user starts from something that passes ``points check`` and edits it into their own deals.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["ScaffoldExistsError", "init_workspace"]


class ScaffoldExistsError(FileExistsError):
    """The target already holds files the scaffold would overwrite."""


def _walk(folder: Traversable, prefix: Path) -> list[tuple[Path, Traversable]]:
    found: list[tuple[Path, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(("_", ".")):
            continue
        if entry.is_dir():
            found.extend(_walk(entry, prefix / entry.name))
        else:
            found.append((prefix / entry.name, entry))
    return found


def init_workspace(target: Path, *, force: bool = False) -> list[Path]:
    """Copy the example workspace into ``target`` and return the files written.

    Raises:
        ScaffoldExistsError: a file would be overwritten and ``force`` is false.
    """
    templates = _walk(files("points").joinpath("workspace_template"), Path())
    clashes = [relative for relative, _ in templates if (target / relative).exists()]
    if clashes and not force:
        raise ScaffoldExistsError(
            f"{target} already has {', '.join(map(str, clashes))}; use --force to overwrite"
        )
    written = []
    for relative, template in templates:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
        written.append(destination)
    return written
