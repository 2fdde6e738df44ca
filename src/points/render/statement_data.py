"""A payee statement as data: JSON (money as exact decimal strings) and CSV (one table).

JSON holds every figure of the statement, named as ``points run --json`` names them, so a
script can check one against the other. CSV is one flat table an accountant can filter: the
statement's arithmetic (``contract``, ``recoupment`` and ``account`` sections, amounts signed
as they move the balance), every royalty line of the period (``royalty``), and the income
held for the payee's contracts (``held``). Text from user files is neutralised against
formula injection; amounts are exact, never rounded.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from points.model.common import percent_text
from points.render.safety import neutralise
from points.render.statement import (
    Account,
    ContractAccount,
    PayeeStatement,
    account_lines,
    contract_lines,
    pool_lines,
)

__all__ = ["CSV_COLUMNS", "statement_csv", "statement_json"]


def _decimal(value: Decimal | None) -> str | None:
    """Plain text, never exponent form ('0.000000000000', not '0E-12')."""
    return None if value is None else format(value, "f")


_CONTRACT_FIGURES = (
    "brought_forward",
    "earned",
    "fees",
    "reserve_held",
    "reserve_released",
    "reserve_charged",
    "recouped",
    "forfeited",
    "dropped",
    "deficit",
    "payable",
    "carried_forward",
    "record_one_held",
    "record_one_released",
    "unrecouped_balance",
)


def _contract_json(account: ContractAccount) -> dict[str, Any]:
    return {
        "contract": account.contract,
        "title": account.title,
        "payer": account.payer,
        "share": percent_text(account.share),
        "pool": account.pool,
        "minimum_payment": _decimal(account.minimum_payment),
        **{name: _decimal(getattr(account, name)) for name in _CONTRACT_FIGURES},
        "due": _decimal(account.due),
    }


def _account_json(account: Account) -> dict[str, Any]:
    return {
        "currency": account.currency,
        "contracts": [_contract_json(c) for c in account.contracts],
        "recoupment": [
            {
                "pool": pool.pool,
                "contracts": list(pool.contracts),
                "brought_forward": _decimal(pool.brought_forward),
                "charges": [
                    {
                        "contract": c.contract,
                        "description": c.description,
                        "amount": _decimal(c.amount),
                    }
                    for c in pool.charges
                ],
                "recouped": _decimal(pool.recouped),
                "carried_forward": _decimal(pool.carried_forward),
            }
            for pool in account.pools
        ],
        "statement_of_account": {
            "opening_balance": _decimal(account.opening_balance),
            "unpaid_brought_forward": _decimal(account.unpaid_brought_forward),
            "carried_brought_forward": _decimal(account.total("brought_forward")),
            "activity": _decimal(account.total("activity")),
            "payable": _decimal(account.total("payable")),
            "payments": [
                {
                    "paid_on": p.paid_on.isoformat(),
                    "reference": p.reference,
                    "amount": _decimal(p.amount),
                    "advance": p.advance,
                }
                for p in account.payments
            ],
            "paid": _decimal(account.paid),
            "closing_balance": _decimal(account.closing_balance),
            "unpaid_carried_forward": _decimal(account.unpaid_carried_forward),
            "carried_forward": _decimal(account.total("carried_forward")),
        },
        "by_recording": [
            {
                "contract": r.contract,
                "recording": r.recording,
                "title": r.title,
                "channel": r.channel,
                "units": _decimal(r.units),
                "receipts": _decimal(r.receipts),
                "receipts_currency": r.receipts_currency,
                "royalty": _decimal(r.royalty),
            }
            for r in account.by_recording
        ],
        "by_territory": [
            {
                "contract": r.contract,
                "territory": r.territory,
                "country": r.country,
                "units": _decimal(r.units),
                "receipts": _decimal(r.receipts),
                "receipts_currency": r.receipts_currency,
                "royalty": _decimal(r.royalty),
            }
            for r in account.by_territory
        ],
        "lines": [
            {
                "contract": line.contract,
                "month": line.month,
                "recording": line.recording,
                "title": line.title,
                "channel": line.channel,
                "territory": line.territory,
                "units": _decimal(line.units),
                "receipts": _decimal(line.receipts),
                "receipts_currency": line.receipts_currency,
                "working": line.working,
                "royalty": _decimal(line.royalty),
            }
            for line in account.lines
        ],
        "history": [
            {
                "period": point.period,
                "earned": _decimal(point.earned),
                "payable": _decimal(point.payable),
                "unrecouped_balance": _decimal(point.unrecouped_balance),
            }
            for point in account.history
        ],
    }


def statement_json(statement: PayeeStatement) -> str:
    """The statement as one JSON document (UTF-8 text, indented, keys in a fixed order)."""
    document = {
        "document": "royalty statement",
        "payee": {
            "id": statement.payee,
            "name": statement.payee_name,
            "legal_name": statement.legal_name,
            "address": statement.address,
            "email": statement.email,
            "payment": statement.payment_details,
        },
        "period": {
            "name": statement.period,
            "start": statement.period_start.isoformat(),
            "end": statement.period_end.isoformat(),
        },
        "issued": statement.issued.isoformat() if statement.issued else None,
        "prepared_by": statement.workspace_name,
        "payers": list(statement.payers),
        "accounts": [_account_json(a) for a in statement.accounts],
        "held": list(statement.held),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "section",
    "contract",
    "item",
    "description",
    "month",
    "recording",
    "title",
    "channel",
    "territory",
    "units",
    "receipts",
    "receipts_currency",
    "amount",
    "currency",
)
_NUMBERS = {"units", "receipts", "amount"}


def _rows(statement: PayeeStatement) -> list[dict[str, str | None]]:
    rows: list[dict[str, str | None]] = []
    for account in statement.accounts:
        code = account.currency

        def row(
            section: str, owner: str, key: str, label: str, amount: Decimal, code: str = code
        ) -> None:
            rows.append(
                {
                    "section": section,
                    "contract": owner,
                    "item": key,
                    "description": label,
                    "amount": _decimal(amount),
                    "currency": code,
                }
            )

        for contract in account.contracts:
            for line in contract_lines(contract):
                row("contract", contract.contract, line.key, line.label, line.amount)
        for pool in account.pools:
            for line in pool_lines(pool):
                row("recoupment", pool.pool, line.key, line.label, line.amount)
        for line in account_lines(account):
            row("account", "", line.key, line.label, line.amount)
        for royalty in account.lines:
            rows.append(
                {
                    "section": "royalty",
                    "contract": royalty.contract,
                    "item": "earned",
                    "description": royalty.working,
                    "month": royalty.month,
                    "recording": royalty.recording,
                    "title": royalty.title,
                    "channel": royalty.channel,
                    "territory": royalty.territory,
                    "units": _decimal(royalty.units),
                    "receipts": _decimal(royalty.receipts),
                    "receipts_currency": royalty.receipts_currency,
                    "amount": _decimal(royalty.royalty),
                    "currency": code,
                }
            )
    rows += ({"section": "held", "description": note} for note in statement.held)
    return rows


def statement_csv(statement: PayeeStatement) -> str:
    """The statement as one CSV table (see the module docstring for its sections)."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in _rows(statement):
        writer.writerow(
            [
                (value if column in _NUMBERS else neutralise(value))
                if (value := row.get(column)) is not None
                else ""
                for column in CSV_COLUMNS
            ]
        )
    return stream.getvalue()
