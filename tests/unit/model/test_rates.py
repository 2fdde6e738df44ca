"""The workspace's exchange rates (rates.csv): read exactly, every bad line named."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from points.model.periods import Month
from points.model.rates import ExchangeRate, read_rates


def test_rates_to_the_workspace_s_currency_by_month_or_for_any_month(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(
        "month,currency,rate,source\n"
        "2026-03,EUR,1.0842,ECB reference rate 2026-03-31\n"
        ",gbp,1.27,agreed with the label\n"
        "\n"
    )
    rates, problems = read_rates(path, "USD")
    assert problems == []
    assert rates == [
        ExchangeRate(
            "EUR", "USD", Month(2026, 3), Decimal("1.0842"), "ECB reference rate 2026-03-31", 2
        ),
        ExchangeRate("GBP", "USD", None, Decimal("1.27"), "agreed with the label", 3),
    ]


def test_the_older_from_to_header_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("from,to,rate,month\nEUR,GBP,0.85,2026-01\n")
    rates, problems = read_rates(path, None)
    assert problems == []
    assert [(r.source, r.target, r.month, r.rate) for r in rates] == [
        ("EUR", "GBP", Month(2026, 1), Decimal("0.85"))
    ]


def test_every_bad_line_is_named_and_the_good_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(
        "month,currency,rate,source\n"
        "2026-03,EUR,1.0842,ECB\n"
        "2026-13,EUR,1.1,typo\n"
        "2026-04,ZZZ,1.1,no such currency\n"
        "2026-04,EUR,0,zero\n"
        "2026-04,EUR,one,words\n"
        "2026-03,EUR,1.09,twice\n"
        "2026-04,USD,1,itself\n"
    )
    rates, problems = read_rates(path, "USD")
    assert [r.line for r in rates] == [2]
    assert [(p.source.line, p.code) for p in problems] == [
        (3, "bad-rate"),
        (4, "bad-rate"),
        (5, "bad-rate"),
        (6, "bad-rate"),
        (7, "duplicate-rate"),
        (8, "bad-rate"),
    ]
    assert "a rate must be above zero" in problems[2].message
    assert problems[4].hint == "see line 2"


def test_a_header_without_a_target_currency_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rates.csv"
    path.write_text("month,currency,rate\n2026-03,EUR,1.08\n")
    rates, problems = read_rates(path, None)  # no points.yaml currency, no 'to' column
    assert rates == []
    assert [(p.source.line, p.code) for p in problems] == [(1, "rates-header")]
    assert "to" in problems[0].message
