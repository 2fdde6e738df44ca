"""Names reach a terminal only as text: control and bidi characters become visible escapes."""

from __future__ import annotations

import pytest

from points.render.terminal import printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Jane Doe", "Jane Doe"),
        ("clear\x1b[2Jscreen", "clear\\x1b[2Jscreen"),
        ("title\x1b]0;pwned\x07", "title\\x1b]0;pwned\\x07"),
        ("link\x1b]8;;https://e.example\x1b\\x", "link\\x1b]8;;https://e.example\\x1b\\x"),
        ("one-byte CSI\x9b31m", "one-byte CSI\\x9b31m"),
        ("overwrite\rthis", "overwrite\\x0dthis"),
        ("del\x7f nul\x00", "del\\x7f nul\\x00"),
        ("\u202eeod.exe", "\\u202eeod.exe"),
        (
            "isolates \u2066x\u2069 marks \u200e\u200f\u061c",
            "isolates \\u2066x\\u2069 marks \\u200e\\u200f\\u061c",
        ),
        ("line\u2028para\u2029", "line\\u2028para\\u2029"),
        (
            "kept:\ttab and\nnewline, é, 語, 😀, \u200d joiner",
            "kept:\ttab and\nnewline, é, 語, 😀, \u200d joiner",
        ),
    ],
)
def test_unsafe_characters_are_shown_as_escapes(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_showing_twice_changes_nothing() -> None:
    once = printable("a\x1b[2Jb\u202e")
    assert printable(once) == once
