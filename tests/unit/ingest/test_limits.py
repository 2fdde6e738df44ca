"""The bounds statements are read within are stated once, in code, and the README's
"Security" section quotes the same numbers."""

from __future__ import annotations

import re
from pathlib import Path

from points.ingest import limits

README = Path(__file__).resolve().parents[3] / "README.md"


def _statements_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Security")
    start = text.index("### Statements", start)
    end = text.find("\n## ", start)
    return text[start : end if end >= 0 else len(text)]


def _readme_numbers() -> set[int]:
    """Every number the section writes: ``1,048,576``, ``4,096``, ``200``, and sizes as
    ``1 GiB``, ``256 MiB``."""
    section = _statements_section()
    numbers = {int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", section)}
    for amount, unit in re.findall(r"\b(\d+) (MiB|GiB)\b", section):
        numbers.add(int(amount) * {"MiB": 1 << 20, "GiB": 1 << 30}[unit])
    return numbers


def test_the_readme_quotes_every_limit() -> None:
    quoted = _readme_numbers()
    missing = {name: getattr(limits, name) for name in limits.__all__}
    missing = {name: value for name, value in missing.items() if value not in quoted}
    assert missing == {}


def test_every_limit_says_why() -> None:
    """Each bound carries its reason, as an attribute docstring right after it."""
    source = Path(limits.__file__).read_text(encoding="utf-8")
    for name in limits.__all__:
        assert re.search(rf'^{name} = .+\n"""\S', source, re.MULTILINE), name


def test_limits_are_far_above_real_statements() -> None:
    """A real line, row or amount is never near a bound (STATEMENT_FORMATS.md)."""
    assert limits.MAX_LINE_CHARS >= 256 * 4096
    assert limits.MAX_FIELDS >= 60 * 10
    assert limits.MAX_AMOUNT_PLACES >= 10 + 10
    assert limits.MAX_XLSX_MEMBER_BYTES >= 512 * (1 << 20)
