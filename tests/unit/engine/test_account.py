"""A contract's period account: what its payees share, and sales apart from returns."""

from __future__ import annotations

from decimal import Decimal

from points.engine.account import Account
from points.model.contracts import Channel

from workspaces import make_contract

D = Decimal


def test_net_is_royalties_and_fees_and_a_deficit_made_good() -> None:
    account = Account(
        make_contract(),
        {Channel.STREAM: D("10"), Channel.PHYSICAL: D("-40")},
        {Channel.PHYSICAL: [D("20"), D("-60")]},
        fees=D("5"),
    )
    assert account.net() == D("-25")
    account.deficit = D("25")  # charged to the pool instead
    assert account.net() == 0
    assert (account.sales(Channel.PHYSICAL), account.returns(Channel.PHYSICAL)) == (20, -60)
    assert account.sales(Channel.DOWNLOAD) == account.returns(Channel.DOWNLOAD) == 0
