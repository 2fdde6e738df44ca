"""Templates: found in the shipped folder and the workspace's, run in the sandbox, and every
failure named by file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from points.render.templates import (
    DocumentError,
    TemplateFailure,
    TemplateRefusal,
    TemplateSet,
)

HEADER = "{#\ntitle: Test\ntakes: contract\nkind: draft\n#}\n"


def _write(folder: Path, name: str, body: str, header: str = HEADER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md.j2"
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    shipped, workspace = tmp_path / "shipped", tmp_path / "ws" / "templates"
    _write(shipped, "letter", "# Shipped {{ name }}\n")
    _write(shipped, "sheet", "# Sheet\n", "{#\ntitle: Sheet\ntakes: split_sheet\nkind: sheet\n#}\n")
    return shipped, workspace


def test_a_workspace_template_replaces_a_shipped_one_and_adds_others(
    folders: tuple[Path, Path],
) -> None:
    shipped, workspace = folders
    _write(workspace, "letter", "# Ours {{ name }}\n")
    _write(workspace, "extra", "# Extra\n")
    templates = TemplateSet(shipped, workspace)
    found, broken = templates.all()
    assert broken == []
    assert [(t.name, t.origin, t.overrides) for t in found] == [
        ("extra", "workspace", False),
        ("letter", "workspace", True),
        ("sheet", "shipped", False),
    ]
    letter = templates.get("letter")
    assert letter.where == f"workspace (replaces shipped): {workspace / 'letter.md.j2'}"
    assert templates.render(letter, {"name": "Ava"}) == "# Ours Ava\n"
    assert templates.render(templates.get("sheet"), {}) == "# Sheet\n"


def test_without_a_workspace_folder_the_shipped_templates_serve(
    folders: tuple[Path, Path],
) -> None:
    shipped, workspace = folders
    templates = TemplateSet(shipped, workspace)
    assert templates.render(templates.get("letter"), {"name": "Ava"}) == "# Shipped Ava\n"
    with pytest.raises(
        DocumentError, match="no template 'leter'; the templates are: letter, sheet"
    ):
        templates.get("leter")


def test_values_are_escaped_for_the_dialect(folders: tuple[Path, Path]) -> None:
    shipped, _ = folders
    templates = TemplateSet(shipped)
    text = templates.render(templates.get("letter"), {"name": "<b>|#"})
    assert text == "# Shipped \\<b\\>\\|\\#\n"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("ok\n{{ ''.__class__.__mro__ }}\n", 7, "not allowed in a template"),
        ("{{ name.__class__ }}\n", 6, "not allowed in a template"),
        ("{{ name.format.__globals__ }}\n", 6, "not allowed in a template"),
        ("{% set x = items.append(1) %}\n", 6, "not allowed in a template"),
        ("\n\n{{ nmae }}\n", 8, "UndefinedError: 'nmae' is undefined"),
        ("{% if %}\n", 6, "template syntax error"),
        ("{{ 1 / 0 }}\n", 6, "ZeroDivisionError"),
    ],
)
def test_a_broken_or_hostile_template_fails_naming_file_and_line(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    path = _write(tmp_path, "evil", body)
    templates = TemplateSet(tmp_path)
    with pytest.raises(TemplateFailure, match=message) as caught:
        templates.render(templates.get("evil"), {"name": "Ava", "items": [1]})
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_a_template_may_refuse_what_it_is_given(tmp_path: Path) -> None:
    _write(tmp_path, "picky", "{% if not fee %}{{ refuse('no fee to state') }}{% endif %}\n")
    templates = TemplateSet(tmp_path)
    with pytest.raises(TemplateRefusal, match=r"^picky: no fee to state$"):
        templates.render(templates.get("picky"), {"fee": ""})
    assert templates.render(templates.get("picky"), {"fee": "$1"}) == ""


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# no comment\n", ":1: a template starts with a {# … #} comment"),
        ("{#\ntitle: X\ntakes: song\n#}\n", "takes: 'song' is not one of contract"),
        ("{#\ntitle: X\nkind: memo\n#}\n", "kind: 'memo' is not one of draft"),
        ("{#\ntitle: X\nauthor: me\n#}\n", ":3: expected 'title:', 'takes:'"),
    ],
)
def test_a_bad_opening_comment_is_reported_not_used(
    tmp_path: Path, header: str, message: str
) -> None:
    shipped = tmp_path / "shipped"
    _write(shipped, "good", "x\n")
    _write(tmp_path / "ws", "bad", "x\n", header)
    templates = TemplateSet(shipped, tmp_path / "ws")
    found, broken = templates.all()
    assert [t.name for t in found] == ["good"]
    assert len(broken) == 1
    assert message in broken[0]
    assert broken[0].startswith(str(tmp_path / "ws" / "bad.md.j2"))
    with pytest.raises(TemplateFailure):
        templates.get("bad")


def test_the_front_matter_defaults_and_words(tmp_path: Path) -> None:
    _write(tmp_path, "co-writer", "x\n", "{#\n#}\n")
    info = TemplateSet(tmp_path).get("co-writer.md.j2")
    assert (info.title, info.takes, info.kind) == ("Co writer", "contract", "draft")
    assert (info.takes_words, info.kind_words, info.where) == (
        "a contract",
        "an agreement draft",
        "shipped",
    )


def test_the_shipped_templates_all_load() -> None:
    shipped = Path(__file__).resolve().parents[3] / "contract_templates"
    found, broken = TemplateSet(shipped).all()
    assert broken == []
    assert {(t.name, t.takes, t.kind) for t in found} == {
        ("co-writer-agreement", "split_sheet", "draft"),
        ("letter-of-direction", "contract", "draft"),
        ("producer-agreement", "contract", "draft"),
        ("split-sheet", "split_sheet", "sheet"),
        ("split-sheet-derived", "recordings", "derived"),
        ("work-for-hire", "contract", "draft"),
    }
