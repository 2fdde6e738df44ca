"""Problems as values: every stage reports bad input as ``Problem`` records, never by raising.

A ``Problem`` names where (``Source``: file, line and column, or sheet and cell), what
(``code``, a stable kebab-case identifier scripts can match), why (``message``) and what to do
(``hint``). Stages return ``(result, problems)``; the CLI prints them as
``file:line:col: error [code] message`` and as JSON. Exceptions are kept for bugs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Problem", "Severity", "Source", "has_errors", "sorted_problems"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: a file and, where known, a line and column (1-based) or a cell."""

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f"[{self.sheet}]"
        if self.cell is not None:
            where += f"!{self.cell}"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def sort_key(self) -> tuple[str, str, int, int, str]:
        return (self.file, self.sheet or "", self.line or 0, self.column or 0, self.cell or "")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, with enough context to fix it without reading code."""

    source: Source
    code: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        text = f"{self.source}: {self.severity} [{self.code}] {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.source.file,
            "line": self.source.line,
            "column": self.source.column,
            "sheet": self.source.sheet,
            "cell": self.source.cell,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.severity is Severity.ERROR for problem in problems)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file, line, column order, so reports and golden files are stable."""
    return sorted(problems, key=lambda p: (p.source.sort_key(), p.code, p.message))
