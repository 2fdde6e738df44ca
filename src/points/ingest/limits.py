"""The bounds every statement is read within, in one place: statements come from other
people, and a file that breaks one of these is refused by name (file and line, or sheet and
cell) instead of being allowed to take the machine's memory or time.

Each bound is far above anything a real export has (STATEMENT_FORMATS.md: the widest layout
has under 60 columns, the longest line under 4 KB, the largest sheet a million rows), and low
enough that reading stays within a few hundred MiB of memory whatever a file holds. The README's
"Security" section quotes these numbers; ``tests/hostile`` checks they hold.
"""

from __future__ import annotations

__all__ = [
    "INFLATE_RATIO_FLOOR_BYTES",
    "MAX_AMOUNT_INTEGER_DIGITS",
    "MAX_AMOUNT_PLACES",
    "MAX_CELL_CHARS",
    "MAX_DSR_SALES_LINES",
    "MAX_FIELDS",
    "MAX_INFLATE_RATIO",
    "MAX_LINE_CHARS",
    "MAX_LISTED_LINES",
    "MAX_WORKBOOK_MEMBERS",
    "MAX_XLSX_MEMBER_BYTES",
    "MAX_XLSX_PART_BYTES",
    "MAX_XLSX_SHARED_STRINGS_BYTES",
]

MAX_LINE_CHARS = 1024 * 1024
"""Characters in one physical line of a text statement (1 MiB). Real lines are under 4 KB;
a line is read at most this far before the file is refused, so a file that is one endless
line (or ``/dev/zero`` renamed) costs a bounded buffer, never the whole file in memory."""

MAX_FIELDS = 4096
"""Cells in one record of a text statement, or columns of a sheet. The widest real layout
(DistroKid's, DDEX DSR's) has fewer than 60; this keeps a record's list of cells small."""

MAX_CELL_CHARS = 1024 * 1024
"""Characters in one Excel cell or shared string (1 MiB; Excel itself stops at 32,767). A
longer one is refused before it is held, so a 1 GB cell never becomes a 1 GB string."""

MAX_AMOUNT_INTEGER_DIGITS = 20
"""Digits before the decimal point of an amount, units count or rate: 10^20 is a hundred
million times the world's yearly music revenue. Sums of such amounts stay exact in the money
context's 76 digits, so ``1e400`` is a rejected line, never an arithmetic error."""

MAX_AMOUNT_PLACES = 20
"""Places after the decimal point of an amount: statements write at most 10 (DSRs), and the
engine's pro-ration works at 20. ``1e-400`` is a rejected line, not 400 places of zeros."""

MAX_XLSX_MEMBER_BYTES = 1024 * 1024 * 1024
"""Uncompressed bytes of one sheet of a workbook (1 GiB): a full Excel sheet (1,048,576 rows
of a statement's dozen columns) is about half that. Checked against the size the zip
declares before anything is read, and again while reading, since a declaration can lie."""

MAX_XLSX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024
"""Uncompressed bytes of the workbook's shared strings (256 MiB), which are held in memory
while the sheets are read; a statement's titles, artists and stores are a few MiB."""

MAX_XLSX_PART_BYTES = 16 * 1024 * 1024
"""Uncompressed bytes of the workbook's other parts that are read (its list of sheets, their
relationships, the styles that tell dates from numbers): a few KB in real files."""

MAX_INFLATE_RATIO = 200
"""Uncompressed to compressed size of a workbook part or a ``.gz`` statement. Real sheets and
statements compress 5 to 30 times; a zip bomb (2 MB inflating to 2 GB) is a thousand.
Checked only past ``INFLATE_RATIO_FLOOR_BYTES``, since a little text of repeated bytes
compresses as far."""

INFLATE_RATIO_FLOOR_BYTES = 1024 * 1024
"""Parts and files inflating to less than this (1 MiB) are not held to
``MAX_INFLATE_RATIO``: whatever they inflate to is small."""

MAX_WORKBOOK_MEMBERS = 10_000
"""Files inside one workbook's zip (a real one has 10 to 50): the zip's directory is read
whole, so a file listing millions of members is refused."""

MAX_LISTED_LINES = 100_000
"""Skipped lines, rejected lines and warnings listed one by one for a file, each; past it they
are counted (skipped ones by reason) and the report says so, so a file of a million bad or
blank lines costs counters, not a million records. A real statement has a handful."""

MAX_DSR_SALES_LINES = 1_000_000
"""Sales lines of one DDEX DSR. A BasicAudio summary's revenue is shared among its sales by
their usages once all are read, so a DSR's sales are held while it is read (under 1 KB each
at the peak: a million took 660 MiB, measured). A million is a large label's monthly
report on one service; DSPs split larger reports into numbered files ('1of3'), each read on
its own, and a ``.gz`` DSR inflating past this is refused at the line that passes it."""
