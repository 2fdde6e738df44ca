"""What a workspace file may hold: every limit on its size, its YAML and its numbers, in one place.

Workspace files come from collaborators (a lawyer's contract, a co-writer's split sheet, a
label's rates), so they are read as untrusted input. A file that would take minutes or gigabytes
to read, or a number the engine's exact arithmetic cannot carry, is refused by name, with the
limit, before anything is computed: ``points check`` refuses what ``points run`` could not do.

The engine computes in ``points.money.CONTEXT``: 76 significant digits, ``Inexact`` trapped (an
operation that would drop a digit raises rather than lose a fraction of a cent). A sum needs as
many digits as its largest figure has before the point plus its finest figure has after it, and
a product the places of both factors, so the number bounds below are a digit budget:

* magnitude: an amount below 10^15, times an exchange rate below 10^7, is below 10^22, and a
  count of units times a price or per-unit rate stays within 15 + 15 digits;
* places: 20 for a figure that cannot end (a third of an album line, ``money.SHARE_PLACES``)
  or an amount, plus a few percentages (multipliers, points, reserve, a payee's share) of a
  bounded number of places each, plus an exchange rate's places.

``tests/hostile/test_hostile_workspace_numbers.py`` runs ``points run`` with every bound at its
worst at once and checks the arithmetic stays exact; README, "Security", states these numbers.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

__all__ = [
    "MAX_AMOUNT_PLACES",
    "MAX_COUNT",
    "MAX_INTEGER_DIGITS",
    "MAX_MULTIPLIERS",
    "MAX_PERCENT_PLACES",
    "MAX_RATES_BYTES",
    "MAX_RATE_INTEGER_DIGITS",
    "MAX_RATE_PLACES",
    "MAX_SHARE_DENOMINATOR",
    "MAX_SHARE_PLACES",
    "MAX_UNIT_PRICE_DIGITS",
    "MAX_UNIT_PRICE_PLACES",
    "MAX_YAML_ALIASES",
    "MAX_YAML_ALIAS_NODES",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "integer_digits",
    "places",
]

# --- Files and YAML -------------------------------------------------------------------------

MAX_YAML_BYTES = 2 * 1024 * 1024
"""2 MiB per YAML file. The pure-Python YAML reader (which keeps exact numbers and positions)
takes about 6–14 s and 50 MB of memory per MB of YAML, so a 50 MB file took five minutes and
2.6 GB. A contract or split sheet is a few KB; 2 MiB holds a catalog of some 27,000 recordings
(checked in 25 s and 200 MiB on a busy 2-core machine). The size is checked before the file is
read."""

MAX_RATES_BYTES = 8 * 1024 * 1024
"""8 MiB for ``rates.csv``: a rate per currency per month for every ISO currency over 30 years
is about 3 MB; the CSV reader is fast, but a file is read whole into memory."""

MAX_YAML_DEPTH = 64
"""Nesting of mappings and sequences. A contract is about 6 levels deep; the reader composes
recursively, so 50,000 levels would exhaust the stack. Checked while composing, level by level."""

MAX_YAML_ALIASES = 1_000
"""Alias uses (``*name``) per file. A workspace uses a few (``<<: *defaults``); a "billion
laughs" file uses thousands, each naming a node that names others."""

MAX_YAML_ALIAS_NODES = 100_000
"""Nodes an alias may copy in, summed over the file: an alias to a list of 10 aliases to lists
of 10… grows tenfold per level (nine levels took 3.8 GB). Counted from each anchored node's
size as it is composed, before anything is copied; an alias to a node that contains it (a
recursive alias) is refused outright."""

# --- Numbers (see the digit budget above) ----------------------------------------------------

MAX_INTEGER_DIGITS = 15
"""Digits before the point of an amount, a price, a threshold or a count: below 10^15, a
thousand trillion in any currency (the largest national budgets are near 10^13 in USD)."""

MAX_UNIT_PRICE_DIGITS = 8
"""Digits before the point of a price or royalty per unit (PPD, SRLP, ``per_unit``): below
10^8, room for a box set priced in Vietnamese dong or Indonesian rupiah. Multiplied by a
statement's count of units (up to 10^12), a figure stays below 10^20, within what the statement
renderer can show (babel formats in a 28-digit context)."""

MAX_AMOUNT_PLACES = 20
"""Decimal places of an amount in a workspace file (fees, advances, costs, minimum payment,
recording costs, thresholds): the finest figure the engine itself keeps (a share it cannot
take exactly is taken at 20 places, ``money.SHARE_PLACES``), so a threshold or an advance can
sit exactly on any figure a run reports; every currency's minor unit (at most 4) fits."""

MAX_UNIT_PRICE_PLACES = 6
"""Decimal places of a price or royalty per unit: a per-unit royalty of a fraction of a cent
(0.0125) fits. Fewer than an amount's, because a price is multiplied by units, by the packaging
deduction, the multipliers and the points, each adding its places."""

MAX_PERCENT_PLACES = 4
"""Decimal places of points and percentages (multipliers, reserves, recoupable shares,
packaging deductions): 3.125 points and 33.3333% fit; a percentage between 0 and 100."""

MAX_SHARE_PLACES = 10
"""Decimal places of a split-sheet or payee share written as a decimal (33.3333333333). Shares
are compared exactly, as fractions; a share that no decimal can write (a third, ``1/3``) is kept
exact and taken at ``money.SHARE_PLACES`` places where money is split."""

MAX_SHARE_DENOMINATOR = 1_000_000
"""The denominator of a share written as a fraction (``1/3``, ``33 1/3%``) once reduced: any
split among people fits, and the engine's exact fractions stay small."""

MAX_MULTIPLIERS = 8
"""Multipliers per contract: each that applies to a line multiplies its royalty by another
percentage, adding its places; a deal has one or two (foreign, budget line)."""

MAX_RATE_INTEGER_DIGITS = 7
"""Digits before the point of an exchange rate: below 10^7 (a US dollar in Iranian rials, about
10^6, the largest rate in use, fits)."""

MAX_RATE_PLACES = 10
"""Decimal places of an exchange rate: a rial in US dollars (0.0000010) fits, with room."""

MAX_COUNT = 10**9
"""Whole counts a contract states (streams per unit): a billion streams per unit."""


def _significant(value: Decimal) -> tuple[int, int]:
    """(count of significant digits, exponent of the last), trailing zeros dropped, exactly:
    ``Decimal.normalize`` would round to the default context's 28 digits first."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    count = len(digits)
    while count > 1 and digits[count - 1] == 0:
        count, exponent = count - 1, exponent + 1
    return count, exponent


def integer_digits(value: Decimal) -> int:
    """Digits before the point (0 for 0.5 and for 0)."""
    if not value:
        return 0
    count, exponent = _significant(value)
    return max(count + exponent, 0)


def places(value: Decimal | Fraction) -> int | None:
    """Decimal places the exact value needs (trailing zeros carry none: 100.000 has 0);
    ``None`` for a fraction no decimal holds (a third)."""
    if isinstance(value, Fraction):
        denominator, twos, fives = value.denominator, 0, 0
        while denominator % 2 == 0:
            denominator, twos = denominator // 2, twos + 1
        while denominator % 5 == 0:
            denominator, fives = denominator // 5, fives + 1
        return max(twos, fives) if denominator == 1 else None
    if not value:
        return 0
    _, exponent = _significant(value)
    return max(-exponent, 0)
