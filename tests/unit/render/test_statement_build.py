"""A statement is built from the engine's figures: the payee's share of each, the pools'
balances, the payments dated in the period, and the names a royalty accountant would use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from points.engine import Revenue, run
from points.model import load_workspace
from points.model.contracts import Channel
from points.model.periods import Month
from points.render.statement import PayeeStatement, PaymentMade
from points.render.statement_build import UnknownPayeeError, build_statement, period_bounds
from statement_fixtures import sample_statement

from conftest import WorkspaceMaker
from workspaces import CATALOG, PARTIES

DUO = """
    id: duo
    title: Co-production
    payer: ava
    payee: jane
    recordings: [QZ-RLR-26-00001]
    accounting: {currency: USD, period: quarterly, minimum_payment: 10}
    advances:
      - {amount: 100, description: production advance}
    royalties:
      - {channels: [stream], points: 50}
    payees:
      - {party: jane, percent: 50}
      - {party: lena, percent: 50}
    """


def _income(month: int, net: str) -> Revenue:
    return Revenue(
        "QZRLR2600001", Channel.STREAM, "US", Month(2026, month), "USD", Decimal(1000), Decimal(net)
    )


def _duo(
    make_workspace: WorkspaceMaker, period: str, payments: list[PaymentMade]
) -> PayeeStatement:
    root = make_workspace(
        {"parties.yaml": PARTIES, "catalog.yaml": CATALOG, "contracts/duo.yaml": DUO}
    )
    workspace = load_workspace(root).workspace
    result = run(
        workspace.contracts, workspace.releases_by_upc, [_income(2, "150"), _income(5, "400")]
    )
    return build_statement(workspace, "jane", period, result.summaries, result.entries, payments)


def test_a_worked_example_with_a_half_share_an_advance_and_payments(
    make_workspace: WorkspaceMaker,
) -> None:
    # Q1: 50% of 150 = 75 earned, all of it recoups the 100 advance (25 left); nothing payable.
    # Q2: 50% of 400 = 200 earned, 25 recoups the rest; 175 net, Jane's half 87.50 >= 10.
    # Jane took a 5.00 advance on 1 March (Q1) and 20.00 on 1 May (Q2).
    payments = [
        PaymentMade("jane", dt.date(2026, 3, 1), "early", Decimal(5), "USD", advance=True),
        PaymentMade("jane", dt.date(2026, 5, 1), "BACS 1", Decimal(20), "USD", advance=True),
        PaymentMade("lena", dt.date(2026, 5, 1), "not hers", Decimal(99), "USD"),
        PaymentMade("jane", dt.date(2026, 5, 1), "other currency", Decimal(1), "EUR"),
    ]
    q1 = _duo(make_workspace, "2026-q1", payments)
    (account,) = q1.accounts
    (contract,) = account.contracts
    assert (contract.share, contract.earned, contract.recouped) == (50, 37.5, 37.5)
    assert (contract.payable, contract.carried_forward) == (0, 0)
    (pool,) = account.pools
    assert [(c.description, c.amount) for c in pool.charges] == [
        ("Advance (production advance)", 100)
    ]
    assert (pool.brought_forward, pool.charged, pool.recouped, pool.carried_forward) == (
        0,
        100,
        75,
        25,
    )
    assert [p.reference for p in account.payments] == ["early"]

    q2 = _duo(make_workspace, "2026-Q2", payments)
    (account,) = q2.accounts
    (contract,) = account.contracts
    assert q2.period == "2026-Q2"
    assert (q2.period_start, q2.period_end) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert (contract.earned, contract.recouped, contract.payable) == (100, 12.5, Decimal("87.50"))
    (pool,) = account.pools
    assert (pool.brought_forward, pool.charged, pool.recouped, pool.carried_forward) == (
        25,
        0,
        25,
        0,
    )
    # opening: nothing payable in Q1, less the 5.00 advance paid then
    assert account.unpaid_brought_forward == -5
    assert [p.reference for p in account.payments] == ["BACS 1"]
    assert account.opening_balance == -5
    assert account.closing_balance == Decimal("62.50")  # -5 + 87.50 - 20
    assert [(p.period, p.earned, p.unrecouped_balance) for p in account.history] == [
        ("2026-Q1", 37.5, 25),
        ("2026-Q2", 100, 0),
    ]


def test_a_statement_reads_the_sample_as_an_accountant_would() -> None:
    statement = sample_statement("marcus-okafor", "2026-H2", ())
    (account,) = statement.accounts
    (contract,) = account.contracts
    # MKO's royalties are held until record one: carried, with nothing payable
    assert contract.brought_forward == Decimal("23.9274810000")
    assert contract.record_one_held == contract.earned == Decimal("12.8449890000")
    assert contract.carried_forward == Decimal("36.7724700000")
    assert statement.payee_name == "MKO"
    assert statement.payment_details == (
        "Bank transfer to MKO Productions Ltd, account ending 5555"
    )
    assert statement.payers == ("Redline Records LLC",)
    # The advance and the recording costs fall due in 2025-H2, before any income: that period
    # is run and stated too, and 2026-H1 brings their 57,000 forward.
    ava = sample_statement("ava-stone", "2025-H2", ())
    (pool,) = ava.accounts[0].pools
    assert [c.description for c in pool.charges][:2] == [
        "Advance (album advance), due 2025-09-01",
        "Recording cost: Blackbird Studio, tracking, 2025-10-14",
    ]
    assert (pool.brought_forward, pool.carried_forward) == (0, 57000)
    ava = sample_statement("ava-stone", "2026-H1", ())
    (pool,) = ava.accounts[0].pools
    assert [c.description for c in pool.charges] == [
        "Paid to Jane Doe under jane-doe-producer, 2026-H1",
        "Video cost: Northlight Films, Glass Harbor video, 2026-03-02 (50% of 12000 recoupable)",
    ]
    assert pool.brought_forward == 57000
    assert pool.carried_forward == Decimal("65363.571581000000")


def test_an_unknown_payee_or_period_is_named() -> None:
    with pytest.raises(UnknownPayeeError, match="periods with figures: 2026-H1, 2026-H2"):
        sample_statement("jane-doe", "2027-H1", ())
    with pytest.raises(UnknownPayeeError, match="no figures for 'nobody'"):
        sample_statement("nobody", "2026-H1", ())
    with pytest.raises(ValueError, match="is not a period"):
        sample_statement("jane-doe", "H1-2026", ())


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("2026-H1", (2026, 1, 1), (2026, 6, 30)),
        ("2026-q4", (2026, 10, 1), (2026, 12, 31)),
        ("2028-02", (2028, 2, 1), (2028, 2, 29)),
    ],
)
def test_period_bounds(name: str, start: tuple[int, int, int], end: tuple[int, int, int]) -> None:
    assert period_bounds(name) == (dt.date(*start), dt.date(*end))
