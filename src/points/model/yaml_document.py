"""Read human-edited YAML into plain data, remembering where every key and value stood.

We compose the YAML node tree (ruamel.yaml, YAML 1.2, so ``NO`` stays the territory code and
``yes`` stays a word) and build the data ourselves, because the deal model needs three things a
stock loader does not give:

* exact numbers: ``1.50`` becomes ``Decimal('1.50')``, never a float;
* codes with leading zeros kept: ``012345678905`` (a UPC) stays text, not the integer 12345678905;
* the line and column of every key and value, so a validation error names its place in the file.

Duplicate keys are reported (YAML would silently keep the last one, dropping a term).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from points.errors import Problem, Source

__all__ = ["KeyPath", "YamlDocument", "parse_yaml"]

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
        The document (``None`` if the text is not valid YAML) and the problems found.
    """
    try:
        root = YAML(typ="safe", pure=True).compose(text)
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
