"""Read human-edited YAML into plain data, remembering where every key and value stood.

We compose the YAML node tree (ruamel.yaml, YAML 1.2, so ``NO`` stays the territory code and
``yes`` stays a word) and build the data ourselves, because the deal model needs three things a
stock loader does not give:

* exact numbers: ``1.50`` becomes ``Decimal('1.50')``, never a float;
* codes with leading zeros kept: ``012345678905`` (a UPC) stays text, not the integer 12345678905;
* the line and column of every key and value, so a validation error names its place in the file.

Duplicate keys are reported (YAML would silently keep the last one, dropping a term).

The text is untrusted (a collaborator's file): its size, its nesting and what its aliases copy
in are bounded (``points.model.limits``) and checked before or while the node tree is composed,
never after, so a "billion laughs" file or 50,000 nested brackets is refused in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, StreamMark, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from points.errors import Problem, Source
from points.model.limits import (
    MAX_YAML_ALIAS_NODES,
    MAX_YAML_ALIASES,
    MAX_YAML_BYTES,
    MAX_YAML_DEPTH,
)

__all__ = ["KeyPath", "YamlDocument", "YamlLimitError", "parse_yaml", "too_large"]

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data and the position of each value and mapping key."""

    file: str
    data: Any
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)

    def source(self, path: KeyPath, *, at_key: bool = False) -> Source:
        """The position of ``path``, or of its nearest ancestor present in the file."""
        while True:
            position = (self.keys.get(path) if at_key else None) or self.values.get(path)
            if position is not None or not path:
                break
            path = path[:-1]
        line, column = position if position is not None else (None, None)
        return Source(self.file, line, column)


def _position(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[KeyPath, Position] = {}
        self.keys: dict[KeyPath, Position] = {}
        self.problems: list[Problem] = []

    def problem(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        line, column = _position(node)
        self.problems.append(Problem(Source(self.file, line, column), code, message, hint))

    def build(self, node: Node, path: KeyPath) -> Any:
        self.values[path] = _position(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "bad-key", "a key must be a plain word")
                continue
            key = str(key_node.value)
            if key in result:
                first_line = self.keys[(*path, key)][0]
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"key {key!r} appears twice in this mapping (first on line {first_line})",
                    "most YAML readers would silently keep only one of them; merge the two "
                    "or remove one",
                )
                continue
            self.keys[(*path, key)] = _position(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        tag, text = str(node.tag), str(node.value)
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return text.lower() == "true"
        if tag == _TAG + "int":
            if text.lstrip("+-").startswith("0") and len(text.lstrip("+-")) > 1:
                return text  # leading zeros: a code (UPC, IPI), not a quantity
            try:
                return int(text.replace("_", ""), 0)
            except ValueError:
                return text
        if tag == _TAG + "float":
            try:
                number = Decimal(text.replace("_", ""))
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite():
                self.problem(node, "not-a-number", f"{text!r} is not a finite number")
                return text
            return number
        if tag in (_TAG + "str", _TAG + "timestamp"):
            return text  # dates are parsed by the model, which knows which fields hold them
        self.problem(node, "bad-tag", f"unsupported YAML tag {tag!r}", "remove the tag")
        return text


_TOO_DEEP = (
    f"nested more than {MAX_YAML_DEPTH} levels deep",
    "a workspace file needs a few levels; this looks generated or damaged",
)


class YamlLimitError(Exception):
    """A file past one of the limits of ``points.model.limits``: where, and which limit."""

    def __init__(self, mark: StreamMark | None, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.code, self.message, self.hint = mark, code, message, hint


class _BoundedComposer(Composer):
    """ruamel's composer, counting as it goes: nesting depth, alias uses, and the nodes each
    alias would copy in (each anchored node's size is known once it is composed, so a
    "billion laughs" file is refused at its first costly alias, before anything is copied).
    Depth counts what aliases bring in too: an alias to a node 60 levels deep, placed 60
    levels deep, builds a tree 120 levels deep."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False  # legal YAML (the later one counts); not for stderr
        self._nested = 0
        self._aliases = 0
        self._copied = 0
        # Per open node: [values in it, levels below it], aliases expanded.
        self._open: list[list[int]] = [[0, 0]]
        # id of an anchored node -> (its values, its levels), aliases expanded
        self._sizes: dict[int, tuple[int, int]] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None:
                self._count_alias(event.anchor, target, event.start_mark)
            return super().compose_node(parent, index)
        self._nested += 1
        if self._nested > MAX_YAML_DEPTH:
            mark = self.parser.peek_event().start_mark
            raise YamlLimitError(mark, "yaml-too-deep", *_TOO_DEEP)
        self._open.append([1, 1])
        node = super().compose_node(parent, index)
        size, levels = self._open.pop()
        self._add(size, levels)
        if node.anchor is not None:
            self._sizes[id(node)] = (size, levels)
        self._nested -= 1
        return node

    def _add(self, size: int, levels: int) -> None:
        """Count a finished child (or an alias's copy) into the node that holds it."""
        holder = self._open[-1]
        holder[0] += size
        holder[1] = max(holder[1], levels + 1)

    def _count_alias(self, name: str, target: Node, mark: StreamMark) -> None:
        found = self._sizes.get(id(target))
        if found is None:  # its anchor is still open: the alias is inside what it names
            raise YamlLimitError(
                mark,
                "yaml-recursive-alias",
                f"alias *{name} refers to a node that contains it",
                "a recursive alias never ends; write the value out instead",
            )
        size, levels = found
        self._aliases += 1
        self._copied += size
        if self._aliases > MAX_YAML_ALIASES:
            raise YamlLimitError(
                mark,
                "yaml-too-many-aliases",
                f"more than {MAX_YAML_ALIASES} aliases (*name) in one file",
                "write the values out, or split the file",
            )
        if self._copied > MAX_YAML_ALIAS_NODES:
            raise YamlLimitError(
                mark,
                "yaml-alias-expansion",
                f"aliases would copy in more than {MAX_YAML_ALIAS_NODES:,} values",
                "aliases naming nodes full of aliases grow exponentially; write the values out",
            )
        if self._nested + levels > MAX_YAML_DEPTH:
            raise YamlLimitError(mark, "yaml-too-deep", *_TOO_DEEP)
        self._add(size, levels)


# Brackets, and what hides them: quoted text and comments (on one line). A rough tokenizer,
# on purpose: at worst it misses brackets (then the composer's own count still applies).
_FLOW = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'|(?:^|(?<=\s))#[^\n]*|[\[\]{}]""", re.M)


def _flow_nesting(text: str) -> int | None:
    """Where brackets (``[[[[…``) first nest past ``MAX_YAML_DEPTH``, found in one regex pass:
    the YAML scanner looks ahead over every open bracket and would take seconds to get there."""
    depth = 0
    for match in _FLOW.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return match.start()
        elif token in "]}":
            depth = max(depth - 1, 0)
    return None


SYNTAX_HINT = "check the indentation and that text with ':' or '#' is quoted"
CHARACTER_HINT = "delete the invisible control character (often pasted in from another program)"


def _where_and_why(error: YAMLError, text: str) -> tuple[int | None, int | None, str, str]:
    """Line, column and words of a YAML error: syntax errors carry a mark; a character the
    reader refuses (a control character pasted into the file) carries an offset."""
    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        if mark is None:
            return None, None, message, SYNTAX_HINT
        return mark.line + 1, mark.column + 1, message, SYNTAX_HINT
    if isinstance(error, ReaderError):
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        return (
            line,
            column,
            f"character {chr(code)!r} (U+{code:04X}) is not allowed",
            (CHARACTER_HINT),
        )
    return None, None, str(error), SYNTAX_HINT


def parse_yaml(text: str, file: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document.

    Returns:
        The document (``None`` if the text is not valid YAML or is past a limit of
        ``points.model.limits``) and the problems found.
    """
    if len(text) > MAX_YAML_BYTES:
        return None, [too_large(file, len(text), "characters")]
    too_deep = _flow_nesting(text)
    if too_deep is not None:
        before = text[:too_deep]
        at = Source(file, before.count("\n") + 1, too_deep - (before.rfind("\n") + 1) + 1)
        return None, [Problem(at, "yaml-too-deep", *_TOO_DEEP)]
    reader = YAML(typ="safe", pure=True)
    reader.Composer = _BoundedComposer
    try:
        root = reader.compose(text)
    except YamlLimitError as error:
        mark = error.mark
        at = Source(file, mark.line + 1, mark.column + 1) if mark is not None else Source(file)
        return None, [Problem(at, error.code, error.message, error.hint)]
    except RecursionError:  # not reached within the depth limit; kept so no input can crash
        return None, [
            Problem(Source(file), "yaml-too-deep", "nested too deeply to read", SYNTAX_HINT)
        ]
    except YAMLError as error:
        line, column, message, hint = _where_and_why(error, text)
        return None, [
            Problem(
                Source(file, line, column),
                "yaml-syntax",
                f"not valid YAML: {message}",
                hint,
            )
        ]
    if root is None:
        return YamlDocument(file, None), []
    builder = _Builder(file)
    data = builder.build(root, ())
    return YamlDocument(file, data, builder.values, builder.keys), builder.problems


def too_large(file: str, size: int, unit: str = "bytes") -> Problem:
    """The problem for a YAML file past ``MAX_YAML_BYTES``, refused unread."""
    return Problem(
        Source(file),
        "file-too-large",
        f"{size:,} {unit}, more than the {MAX_YAML_BYTES:,} bytes a workspace YAML file may hold",
        "a contract or split sheet is a few KB; split a very large catalog, or check that "
        "this is the file you meant",
    )
