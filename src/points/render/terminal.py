"""Text for a terminal: names and titles from other people's files, made unable to act.

A party called ``"\\x1b[2J"`` would clear the screen of whoever runs ``points run``; an OSC
sequence can set the window title or hide a link (OSC 8) behind innocent text, ``\\r`` can
overwrite what was printed, and U+202E can make ``gpj.exe`` read backwards. In what ``points``
prints for people, every such character is shown as a visible escape instead (``\\x1b``,
``\\u202e``), so the text is still all there, and still says where it came from. Newlines and
tabs are kept: the reports are laid out with them. Data written for programs (``--json``,
CSV, the statement files) keeps the exact text: that is the point of them.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), bidi embeddings,
# overrides, isolates and marks, and the Unicode line and paragraph separators.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""``text`` with every control and bidi-override character shown as an escape.

    >>> printable("Jane\x1b[2J Doe\u202e")
    'Jane\\x1b[2J Doe\\u202e'
    """
    return _UNSAFE.sub(_escape, text)
