"""What makes two imports the same statement, and which imported income still counts.

A statement is recognised by what it says, not by its bytes (issue "No cent lost or
invented", defect 12): the same export re-saved with other line ends, as UTF-16 or with a byte
order mark, or with its columns in another order, sums to the same income, and so has the same
``content_digest``. A statement of the same format that covers months an import still in force
covers is refused unless the user says what it is: a correction that replaces the earlier
import (``replace``), or a separate statement (``additional``).

A replaced import is kept (the audit trail shows it as superseded) but its income no longer
counts. Where a close had already taken that income, the open books carry it negated, beside
the replacement's income, so the next open period books only the difference and the closed
period never changes (DESIGN.md, "History is never rewritten").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Literal

from points.engine import Revenue
from points.model.periods import Month

__all__ = ["OverlapRule", "StatementOverlapError", "content_digest", "open_income"]

# What to do with a statement that covers months an import in force of its format covers.
OverlapRule = Literal["refuse", "replace", "additional"]


class StatementOverlapError(ValueError):
    """A statement covers months that imports still in force, of its format, cover.

    Attributes:
        earlier: the ids of those imports.
        months: the months in common.
    """

    def __init__(self, earlier: Sequence[int], months: Sequence[str]) -> None:
        self.earlier = tuple(earlier)
        self.months = tuple(months)
        named = ", ".join(f"import {number}" for number in self.earlier)
        super().__init__(f"covers months {', '.join(self.months)} that {named} covers")


def _plain(value: Decimal) -> str:
    """A number as one text whatever its notation: 1.50 and 1.5 alike, never '-0'."""
    return "0" if value.is_zero() else format(value.normalize(), "f")


def content_digest(format_name: str, income: Iterable[Revenue]) -> str:
    """The statement's fingerprint: its format and, for each recording, channel, territory,
    month and currency (sales and returns apart), the units, net and number of lines, and the
    net in a second currency where the statement gives one, sorted; hashed. Where each row
    came from (file names, line numbers) is not part of it."""
    rows = sorted(
        "\t".join(
            (
                row.recording,
                row.channel.value,
                row.territory,
                str(row.month),
                row.currency,
                _plain(row.units),
                _plain(row.net),
                str(row.lines),
                *((row.other_currency, _plain(row.other_net)) if row.other_currency else ()),
            )
        )
        for row in income
    )
    digest = hashlib.sha256(f"points statement content 1\n{format_name}\n".encode())
    for row in rows:
        digest.update(row.encode("utf-8") + b"\n")
    return digest.hexdigest()


def _withdrawn(row: Revenue, superseded_by: int) -> Revenue:
    """An income row taken back: its units and nets negated, its sources saying why."""
    sources = tuple(
        f"{source} withdrawn (replaced by import {superseded_by})" for source in row.sources
    )
    return replace(row, units=-row.units, net=-row.net, other_net=-row.other_net, sources=sources)


def open_income(
    rows: Iterable[tuple[Revenue, int]],
    superseded_by: Mapping[int, int],
    through: Month | None,
    last_import_id: int,
) -> list[Revenue]:
    """The income the open periods run on, from every imported row and its import's id, the
    imports replaced (``{id: id of the import that replaced it}``) and the last close (the
    month it closed through and the last import it took; ``None`` and 0 with no close).

    A row no close took counts while its import is in force. A row a close took (its import
    was taken, its month closed) is done with, unless its import has since been replaced by
    one no close has taken: then it is carried negated, so the engine books the difference in
    the next open period. (A row of an import replaced before any close took it was never in
    a close's books: a close runs on what is in force when it reads them.)
    """
    income = []
    for row, import_id in rows:
        taken = through is not None and import_id <= last_import_id and row.month <= through
        replacement = superseded_by.get(import_id)
        if replacement is None:
            if not taken:
                income.append(row)
        elif taken and replacement > last_import_id:
            income.append(_withdrawn(row, replacement))
    return income
