"""Every limit that keeps hostile names, titles and templates from hurting, in one place.

A workspace's templates and the names in its files come from other people, so what they can
make is bounded here; the README's "Security" section quotes these figures, and the tests
feed each past its limit through the ``points`` command. Each limit is far above what a real
paper needs (the shipped templates write under 20,000 characters, a few hundred loop turns
and no include), and far below what would exhaust a 1 GiB machine.
"""

from __future__ import annotations

__all__ = [
    "MAX_FILENAME_BYTES",
    "MAX_INCLUDES",
    "MAX_LOOP_ITERATIONS",
    "MAX_OUTPUT_CHARS",
    "MAX_POWER_BITS",
    "MAX_RANGE",
    "MAX_VALUE_SIZE",
    "RENDER_SECONDS",
]

MAX_OUTPUT_CHARS = 2_000_000
"""What one template may write, in characters (about 800 pages of text). The render streams
and stops as soon as the running total passes it, so the refused text is never held whole."""

MAX_VALUE_SIZE = 1_000_000
"""The largest string or list a template may make (``'x' * n``, ``[0] * n``, ``a + b``,
``a ~ b``, a filter's result), counted in characters or items, items of nested lists
included. Checked before a multiplication, a join or a formatting is done (widths included),
so ``'x' * 3000000000`` is refused without allocating anything; and a whole number passed to
a filter above it, as a width or a count (``center``, ``batch``), is refused for the same
reason. The numbers a document prints are not limited."""

MAX_RANGE = 10_000
"""The most numbers one ``range()`` may give (jinja2's own sandbox allows 100,000)."""

MAX_LOOP_ITERATIONS = 1_000_000
"""All the turns of all the ``{% for %}`` loops of one render together. Nested loops multiply
(``range(10000)`` inside ``range(10000)`` is 10^8 turns, minutes of CPU with no output), so
the count is shared: a million turns take about a second."""

MAX_INCLUDES = 20
"""How many ``{% include %}``, ``{% import %}`` or ``{% extends %}`` one render may load.
A template that includes itself would otherwise recurse until Python's stack gives out."""

MAX_POWER_BITS = 4096
"""The largest whole number ``a ** b`` may make, in bits: ``9 ** 9 ** 9`` would take minutes
and gigabytes before anything could check its size."""

RENDER_SECONDS = 10.0
"""Wall-clock time one render may take, checked at every loop turn, call and operator: the
backstop for whatever slow path the limits above do not count."""

MAX_FILENAME_BYTES = 200
"""The longest file name ``safe_filename`` makes, in UTF-8 bytes with its extension: common
file systems allow 255 bytes, and a little room is left for a copy's " (1)" or a temporary
name's suffix. A longer title is cut and ends with a short hash of the whole, so two long
titles that differ only at the end still get two names."""
