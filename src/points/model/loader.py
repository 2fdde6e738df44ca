"""Load a workspace folder into a ``Workspace``, with every problem named by file, line, column.

Layout of a workspace (``points init`` writes a commented example of each)::

    points.yaml        settings; the commands that use a workspace need it there
    parties.yaml       parties: [...]
    catalog.yaml       recordings: [...], releases: [...], works: [...]
    contracts/*.yaml   one contract per file
    splits/*.yaml      one split sheet per file
    rates.csv          exchange rates (optional; ``points.model.rates``)

Every file is parsed and validated, and then the references between files are checked, so one run
reports every problem in the workspace at once. A pydantic error's ``loc`` is mapped back to the
YAML position recorded at parse time (STYLE.md, "Errors as values").
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from points.confined import NotRegularFile, OutsideFolder, TooLarge, read_confined, refused
from points.errors import Problem, Source, has_errors, sorted_problems
from points.model.catalog import Catalog
from points.model.common import Frozen
from points.model.contracts import Contract
from points.model.limits import MAX_YAML_BYTES
from points.model.parties import Party
from points.model.rates import RATES_FILE, ExchangeRate, read_rates
from points.model.references import check_references
from points.model.splits import SplitSheet
from points.model.workspace import Settings, Workspace
from points.model.yaml_document import KeyPath, YamlDocument, parse_yaml, too_large

__all__ = ["LoadResult", "load_workspace", "validate_document"]

SETTINGS_FILE = "points.yaml"
PARTIES_FILE = "parties.yaml"
CATALOG_FILE = "catalog.yaml"
CONTRACTS_DIR = "contracts"
SPLITS_DIR = "splits"


M = TypeVar("M", bound=BaseModel)


class PartiesFile(Frozen):
    parties: tuple[Party, ...] = ()


@dataclass(frozen=True)
class LoadResult:
    workspace: Workspace
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


def _model_classes(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through Optional, unions, tuples, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_classes(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        return [m for arg in typing.get_args(annotation) for m in _model_classes(arg)]
    return []


def _allowed_keys(model: type[BaseModel], loc: Iterable[str | int]) -> list[str]:
    """The keys the model accepts at ``loc``: the 'did you mean' list for an unknown key."""
    models = [model]
    for element in loc:
        if isinstance(element, int):
            continue
        deeper = [
            m
            for current in models
            if (info := current.model_fields.get(element)) is not None
            for m in _model_classes(info.annotation)
        ]
        if deeper:
            models = deeper
    return sorted({name for m in models for name in m.model_fields})


def _data_path(data: Any, loc: Iterable[str | int]) -> KeyPath:
    """The part of a pydantic ``loc`` that indexes into the data (drops union tags)."""
    path: list[str | int] = []
    current = data
    for element in loc:
        in_mapping = isinstance(current, dict) and element in current
        in_list = isinstance(current, list) and isinstance(element, int) and element < len(current)
        if not (in_mapping or in_list):
            continue  # a union tag or model name, not a key of the data
        current = current[element]
        path.append(element)
    return tuple(path)


def _describe_error(
    error: ErrorDetails, model: type[BaseModel], data_path: KeyPath
) -> tuple[str, str, str | None]:
    """(code, message, hint) for one pydantic error, in the words of someone editing YAML."""
    kind, loc = error["type"], error["loc"]
    context: dict[str, Any] = dict(error.get("ctx") or {})
    field = str(loc[-1]) if loc else "value"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(field, allowed, n=1)
        hint = (
            (f"did you mean {close[0]!r}? " if close else "")
            + "keys allowed here: "
            + ", ".join(allowed)
        )
        return "unknown-key", f"unknown key {field!r}", hint
    if kind == "missing":
        return "missing-key", f"missing required key {field!r}", f"add '{field}:' here"
    if kind in ("enum", "literal_error"):
        expected = str(context.get("expected", ""))
        choices = [part.strip(" '") for part in expected.replace(" or ", ",").split(",")]
        close = difflib.get_close_matches(str(error["input"]), choices, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"use one of: {expected}"
        return "invalid-choice", f"{field}: {error['input']!r} is not one of {expected}", hint
    if kind.startswith("number-") and loc and isinstance(loc[-1], str):  # name the field
        return kind, f"{field}: {error['msg']}", context.get("hint")
    if "-" in kind:  # our own codes (points.model.common.invalid) are kebab-case
        return kind, error["msg"], context.get("hint")
    where = f"{field}: " if loc and isinstance(loc[-1], str) else ""
    return "invalid-value", f"{where}{error['msg']}", None


def validate_document(document: YamlDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate a parsed YAML document against ``model``; map each error to its position."""
    try:
        return model.model_validate(document.data if document.data is not None else {}), []
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            path = _data_path(document.data, detail["loc"])
            code, message, hint = _describe_error(detail, model, path)
            at_key = detail["type"] in ("extra_forbidden",)
            problems.append(Problem(document.source(path, at_key=at_key), code, message, hint))
        return None, problems


def _read_yaml(path: Path, shown: str, root: Path) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file of the workspace at ``root``; a file past ``MAX_YAML_BYTES``, or one
    that is not a regular file inside the workspace, is refused unread."""
    try:
        raw = read_confined(path, root, MAX_YAML_BYTES)
        text = raw.decode("utf-8-sig")
    except TooLarge as error:
        return None, [too_large(shown, error.size)]
    except (NotRegularFile, OutsideFolder) as error:
        return None, [refused(shown, error)]
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                Source(shown),
                "encoding",
                f"not UTF-8 text (byte {error.start})",
                "save the file as UTF-8",
            )
        ]
    except OSError as error:
        return None, [Problem(Source(shown), "unreadable", f"cannot read: {error.strerror}")]
    return parse_yaml(text, shown)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    # every entry but a folder: a FIFO or a link to a device is refused by name, not passed over
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())


@dataclass
class _Collector:
    """Gathers problems, and remembers which document and key path each item came from."""

    root: Path
    problems: list[Problem]
    origins: dict[tuple[str, int], tuple[YamlDocument, KeyPath]]
    failed: set[str]

    def load(self, path: Path, model: type[M]) -> tuple[YamlDocument | None, M | None]:
        """Parse and validate one file; its problems are collected."""
        document, problems = _read_yaml(path, str(path), self.root)
        self.problems.extend(problems)
        if document is None:
            return None, None
        result, problems = validate_document(document, model)
        self.problems.extend(problems)
        return document, result

    def remember(self, document: YamlDocument, collection: str, base: KeyPath, index: int) -> None:
        self.origins[(collection, index)] = (document, base)


def load_settings(root: Path) -> Settings:
    """Only ``points.yaml``, for commands that need a setting and not the whole workspace; a
    file with mistakes gives the defaults here (``points check`` reports them)."""
    collector = _Collector(root, [], {}, set())
    return _load_single(collector, root / SETTINGS_FILE, Settings, ()) or Settings()


def load_workspace(root: Path) -> LoadResult:
    """Load and check every file of the workspace at ``root``; never raises on bad input."""
    if not root.is_dir():
        problem = Problem(Source(str(root)), "not-a-workspace", "no such folder")
        return LoadResult(Workspace(), [problem])
    known = [root / SETTINGS_FILE, root / PARTIES_FILE, root / CATALOG_FILE]
    if not any(p.exists() for p in known) and not _yaml_files(root / CONTRACTS_DIR):
        problem = Problem(
            Source(str(root)),
            "not-a-workspace",
            "no points.yaml, parties.yaml, catalog.yaml or contracts/ here",
            f"create one with: points init {root}",
        )
        return LoadResult(Workspace(), [problem])

    collector = _Collector(root, [], {}, set())
    settings = _load_single(collector, root / SETTINGS_FILE, Settings, ()) or Settings()
    parties_file = _load_single(collector, root / PARTIES_FILE, PartiesFile, ("parties",))
    catalog = (
        _load_single(collector, root / CATALOG_FILE, Catalog, ("recordings", "releases", "works"))
        or Catalog()
    )
    workspace = Workspace(
        settings=settings,
        parties=parties_file.parties if parties_file else (),
        recordings=catalog.recordings,
        releases=catalog.releases,
        works=catalog.works,
        contracts=_load_each(collector, root / CONTRACTS_DIR, Contract, "contracts"),
        split_sheets=_load_each(collector, root / SPLITS_DIR, SplitSheet, "split_sheets"),
        rates=_load_rates(collector, root / RATES_FILE, settings.currency),
    )
    checked = frozenset(set(COLLECTIONS) - collector.failed)
    for finding in check_references(workspace, checked):
        document, base = collector.origins[(finding.collection, finding.index)]
        collector.problems.append(
            Problem(
                document.source((*base, *finding.path)),
                finding.code,
                finding.message,
                finding.hint,
            )
        )
    return LoadResult(workspace, sorted_problems(collector.problems))


def _load_rates(
    collector: _Collector, path: Path, workspace_currency: str | None
) -> tuple[ExchangeRate, ...]:
    if not path.exists():
        return ()
    rates, problems = read_rates(path, workspace_currency, collector.root)
    collector.problems += problems
    return tuple(rates)


COLLECTIONS = ("parties", "recordings", "releases", "works", "contracts", "split_sheets")


def _load_single(
    collector: _Collector, path: Path, model: type[M], collections: tuple[str, ...]
) -> M | None:
    """Load an optional file holding whole collections (``parties.yaml``, ``catalog.yaml``)."""
    if not path.exists():
        return None
    document, result = collector.load(path, model)
    if document is None or result is None:
        collector.failed.update(collections)
        return None
    for collection in collections:
        for index in range(len(getattr(result, collection))):
            collector.remember(document, collection, (collection, index), index)
    return result


def _load_each(
    collector: _Collector, folder: Path, model: type[M], collection: str
) -> tuple[M, ...]:
    """Load one model per YAML file in ``folder``, in file name order."""
    items: list[M] = []
    for path in _yaml_files(folder):
        document, item = collector.load(path, model)
        if document is None or item is None:
            collector.failed.add(collection)
            continue
        collector.remember(document, collection, (), len(items))
        items.append(item)
    return tuple(items)
