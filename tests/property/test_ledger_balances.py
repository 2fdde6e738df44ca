"""Hypothesis over the ledger's workflow (issue 5, "Tests"): whatever statements are imported,
in whatever pieces, and whatever is closed and paid, each payee's balance is the sum of their
closed payable entries less the payments recorded; the entries agree with the closed figures;
and a payment never exceeds what is owed unless it is recorded as an advance."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from points import api
from points.engine import EntryKind
from points.ledger.store import LEDGER_FILE, Payment
from points.model.periods import Month

from conftest import SAMPLE_DATA

STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"
HEADER, *LINES = STATEMENT.read_text(encoding="utf-8").splitlines()
PAYEES = ("jane-doe", "marcus-okafor", "ava-stone")

imports = st.lists(st.integers(0, 2), min_size=len(LINES), max_size=len(LINES))  # file per line
closes = st.lists(st.sampled_from(["2026-06", "2026-12"]), max_size=2)
payments = st.lists(
    st.tuples(
        st.sampled_from(PAYEES),
        st.decimals(Decimal("0.01"), Decimal("3000"), places=2),
        st.booleans(),  # an advance?
    ),
    max_size=4,
)


def _check(root: Path) -> None:
    with api.ledger_of(root) as ledger:
        closed = ledger.closed_results()
        paid = ledger.payments()
    payable: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for entry in closed.entries:
        if entry.kind is EntryKind.PAYABLE:
            payable[entry.party, entry.currency] += entry.amount
    figures: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for summary in closed.summaries:
        figures[summary.payee, summary.currency] += summary.payable
    assert {k: v for k, v in figures.items() if v} == {k: v for k, v in payable.items() if v}
    for balance in api.balances(root):
        key = (balance.payee, balance.currency)
        mine = [p for p in paid if (p.payee, p.currency) == key]
        assert balance.payable == payable.get(key, Decimal(0))
        assert balance.paid == sum((p.amount for p in mine if not p.advance), Decimal(0))
        assert balance.advanced == sum((p.amount for p in mine if p.advance), Decimal(0))
        assert balance.owed == balance.payable - balance.paid - balance.advanced
        assert balance.owed >= -balance.advanced  # only an advance takes it below nothing


@settings(max_examples=60)
@given(files=imports, through=closes, paying=payments, pay_after=st.integers(0, 2))
def test_balances_are_the_sum_of_entries_and_payments_never_exceed_what_is_owed(
    files: list[int], through: list[str], paying: list[tuple[str, Decimal, bool]], pay_after: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ws"
        shutil.copytree(SAMPLE_DATA, root, ignore=shutil.ignore_patterns(LEDGER_FILE))
        paths = []
        for number in sorted(set(files)):
            path = Path(folder) / f"part-{number}.tsv"
            chosen = [line for line, n in zip(LINES, files, strict=True) if n == number]
            path.write_text("\n".join([HEADER, *chosen]) + "\n", encoding="utf-8")
            paths.append(path)
        api.import_files(root, paths, overlap="additional")  # parts of one statement
        steps: list[object] = [*sorted(set(through))]
        steps[pay_after:pay_after] = paying  # payments before, between or after the closes
        for step in steps:
            if isinstance(step, str):
                with contextlib.suppress(api.LedgerRefusal):  # closed already: nothing to do
                    api.close_through(root, Month.parse(step))
            else:
                payee, amount, advance = step  # type: ignore[misc]
                owed = {b.payee: b.owed for b in api.balances(root)}.get(payee, Decimal(0))
                payment = Payment(payee, "USD", amount, dt.date(2027, 1, 4), "ref", advance)
                try:
                    api.pay(root, payment)
                    assert advance or amount <= owed  # it went through: it was allowed
                except api.LedgerRefusal:
                    assert not advance  # refused only when it is too much
                    assert amount > owed
            _check(root)
