"""The README's "Security / Workspace files" states the limits the code enforces: each number
in it is read from ``points.model.limits``, so changing a limit without the README fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from points import money
from points.model import limits

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("### Workspace files", text.index("## Security"))
    end = text.find("\n#", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize(
    "stated",
    [
        f"over 2 MiB ({limits.MAX_YAML_BYTES:,} bytes)",
        f"`rates.csv` over {limits.MAX_RATES_BYTES // 1024**2} MiB",
        f"More than {limits.MAX_YAML_DEPTH} levels",
        f"At most {limits.MAX_YAML_ALIASES:,} alias uses",
        f"at most {limits.MAX_YAML_ALIAS_NODES:,} values",
        f"at most {limits.MAX_INTEGER_DIGITS} (below 10^{limits.MAX_INTEGER_DIGITS}) | "
        f"at most {limits.MAX_AMOUNT_PLACES} |",
        f"`per_unit` | at most {limits.MAX_UNIT_PRICE_DIGITS} | "
        f"at most {limits.MAX_UNIT_PRICE_PLACES}",
        f"catalog | 0 to 100 | at most {limits.MAX_PERCENT_PLACES} |",
        f"at most {limits.MAX_SHARE_PLACES}, or a fraction",
        f"denominator is at most {limits.MAX_SHARE_DENOMINATOR:,}",
        f"`rates.csv` | at most {limits.MAX_RATE_INTEGER_DIGITS} | "
        f"at most {limits.MAX_RATE_PLACES}",
        f"at most {limits.MAX_MULTIPLIERS} multipliers",
        f"`streams_per_unit` is at most 10^{len(str(limits.MAX_COUNT)) - 1}",
        f"{money.CONTEXT.prec}-digit decimal context",
    ],
)
def test_the_readme_states_each_limit_as_the_code_has_it(stated: str) -> None:
    assert stated in " ".join(_section().split()), stated
