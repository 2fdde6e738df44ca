"""The shape of the code: every module has a test file, and stages import only what they may.

Boundaries (../shared/STYLE.md, "Module boundaries"): ``money`` and ``errors`` stand alone,
``confined`` (opening files others sent) builds on ``errors`` alone; ``model`` builds on them,
``render`` reads models, and only ``cli``/``api`` sit on top. ``engine`` may import ``money``
and ``model`` and nothing that does IO.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "points"
TESTS = Path(__file__).resolve().parent

# What each stage may import: project packages by prefix, third-party packages by top name.
ALLOWED: dict[str, tuple[set[str], set[str]]] = {
    "points.money": (set(), {"iso4217"}),
    "points.errors": (set(), set()),
    "points.confined": ({"points.errors"}, set()),
    "points.model": (
        {"points.money", "points.errors", "points.confined", "points.model"},
        {"pydantic", "pydantic_core", "ruamel", "babel", "iso3166"},
    ),
    "points.engine": ({"points.money", "points.model", "points.engine"}, set()),
    "points.ingest": (
        {"points.money", "points.errors", "points.confined", "points.model", "points.ingest"},
        {"pandas", "pyarrow", "openpyxl", "duckdb", "babel", "iso3166", "pydantic", "defusedxml"},
    ),
    "points.render": (
        {"points.money", "points.confined", "points.model", "points.engine", "points.render"},
        {"babel", "jinja2", "openpyxl", "docx"},
    ),
    "points.ledger": (
        {"points.money", "points.model", "points.engine", "points.errors", "points.ledger"},
        {"psycopg"},
    ),
    "points.scaffold": (set(), set()),  # copies files only
}


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py")


def _module_name(path: Path) -> str:
    return ".".join(("points", *path.relative_to(SRC).with_suffix("").parts))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "points":  # `from points import money` imports points.money
                names.update(f"points.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
    return names


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_every_module_has_a_test_file(module: Path) -> None:
    relative = module.relative_to(SRC)
    expected = TESTS / "unit" / relative.parent / f"test_{relative.name}"
    if relative == Path("cli.py"):
        expected = TESTS / "cli" / "test_cli.py"
    assert expected.exists(), f"{relative} has no test file {expected.relative_to(TESTS)}"


def _stage(module_name: str) -> str | None:
    return next((s for s in ALLOWED if module_name == s or module_name.startswith(s + ".")), None)


@pytest.mark.parametrize(
    "path",
    [p for p in SRC.rglob("*.py") if _stage(_module_name(p).removesuffix(".__init__"))],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_stages_import_only_what_they_may(path: Path) -> None:
    stage = _stage(_module_name(path).removesuffix(".__init__"))
    assert stage is not None
    project, third_party = ALLOWED[stage]
    for name in _imports(path):
        top = name.split(".")[0]
        if top == "points":
            assert any(name == p or name.startswith(p + ".") for p in project), (
                f"{path.relative_to(SRC)} imports {name}, outside its stage's boundary"
            )
        elif top not in sys.stdlib_module_names and top != "__future__":
            assert top in third_party, f"{path.relative_to(SRC)} imports {name}"


def test_no_float_where_money_flows() -> None:
    for path in [SRC / "money.py", *SRC.joinpath("model").rglob("*.py")]:
        source = path.read_text(encoding="utf-8")
        assert "float(" not in source, f"{path.relative_to(SRC)} converts to float"
