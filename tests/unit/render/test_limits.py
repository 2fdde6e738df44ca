"""The limits hold together: each is far above real use and below what hurts a 1 GiB machine."""

from __future__ import annotations

from points.render import limits


def test_limits_are_ordered_as_their_docstrings_say() -> None:
    # one value may be made, and a document holds more than one value
    assert limits.MAX_RANGE < limits.MAX_VALUE_SIZE < limits.MAX_OUTPUT_CHARS
    assert limits.MAX_RANGE <= limits.MAX_LOOP_ITERATIONS
    # a whole render's text, held a few times over (escaping, blocks), stays far from 1 GiB
    assert limits.MAX_OUTPUT_CHARS * 4 * 8 < 1 << 30
    # room for a temporary file's suffix on a 255-byte file system
    assert limits.MAX_FILENAME_BYTES + 50 <= 255
    assert limits.RENDER_SECONDS > 0
    assert limits.MAX_INCLUDES >= 1
