"""The statement's arithmetic holds to the last digit, for every payee and period of the sample:
carried in + activity = due = payable + carried on; opening balance + activity - payments =
closing balance; brought forward + charged - recouped = unrecouped; and the detail rows sum
exactly to the engine's earned."""

from __future__ import annotations

from decimal import Decimal

import pytest

from points import api
from points.render.statement import (
    PayeeStatement,
    account_lines,
    channel_words,
    contract_lines,
    pool_lines,
)
from points.render.statement_build import build_statement
from statement_fixtures import STATEMENT_FILE, sample_statement

from conftest import SAMPLE_DATA


def _every_statement() -> list[PayeeStatement]:
    outcome = api.run_workspace(SAMPLE_DATA, [STATEMENT_FILE])
    assert outcome.result is not None
    result = outcome.result
    return [
        build_statement(
            outcome.loaded.workspace, s.payee, s.period, result.summaries, result.entries
        )
        for s in result.summaries
    ]


@pytest.mark.parametrize("statement", _every_statement(), ids=lambda s: f"{s.payee}-{s.period}")
def test_the_arithmetic_holds_exactly(statement: PayeeStatement) -> None:
    for account in statement.accounts:
        for contract in account.contracts:
            assert contract.brought_forward + contract.activity == contract.due
            assert contract.due == contract.payable + contract.carried_forward
            lines = contract_lines(contract)
            moved = sum(line.amount for line in lines if line.kind == "movement")
            assert lines[0].amount + moved == next(x.amount for x in lines if x.key == "due")
        for pool in account.pools:
            lines = pool_lines(pool)
            assert sum(line.amount for line in lines[:-1]) == lines[-1].amount
            assert pool.brought_forward + pool.charged - pool.recouped == pool.carried_forward
        lines = account_lines(account)
        moved = sum(line.amount for line in lines if line.kind == "movement")
        assert account.opening_balance + moved == account.closing_balance
        # detail rows sum to the summary's earned, to the last decimal
        earned = account.total("earned")
        assert sum(line.royalty for line in account.lines) == earned
        assert sum(row.royalty for row in account.by_recording) == earned
        assert sum(row.royalty for row in account.by_territory) == earned
        units = sum(row.units for row in account.by_recording)
        assert units == sum(row.units for row in account.by_territory)
        assert units == sum(line.units or 0 for line in account.lines)


def test_rare_lines_show_only_when_they_are_not_zero() -> None:
    (contract,) = sample_statement("marcus-okafor", "2026-H2", ()).accounts[0].contracts
    keys = [line.key for line in contract_lines(contract)]
    assert "forfeited" not in keys
    assert "dropped" not in keys
    assert "record_one_held" in keys  # a note, shown because MKO's royalties are held
    assert keys[:2] == ["brought_forward", "earned"]
    assert contract_lines(contract)[3].amount == Decimal(0)  # reserves held: shown, as zero


def test_channel_words() -> None:
    assert channel_words("stream") == "Streaming"
    assert channel_words("sync") == "Sync licences"
    assert channel_words("carrier-pigeon") == "Carrier-pigeon"
