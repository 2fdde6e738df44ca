"""Checks made before a command changes anything (issue "No cent lost or invented", defects 8
and 11): the folder is a workspace, the payee or contract named is one of its own, a file to be
written is neither the ledger nor a workspace file, and a payment is one that can be paid.

Each check raises with a message that says what is wrong and what to do. ``UsageRefusal`` is
what the command line itself got wrong (the CLI exits 2); ``Refusal`` is what the workspace or
the ledger does not allow (exit 1). Nothing here writes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from points.ledger.store import LEDGER_FILE, Payment
from points.model.loader import (
    CATALOG_FILE,
    CONTRACTS_DIR,
    PARTIES_FILE,
    SETTINGS_FILE,
    SPLITS_DIR,
)
from points.model.references import did_you_mean, suggest
from points.model.workspace import Workspace
from points.money import Money, UnknownCurrencyError, currency

__all__ = [
    "LARGEST_PAYMENT",
    "NotAWorkspaceError",
    "Refusal",
    "UnknownIdError",
    "UsageRefusal",
    "check_contract",
    "check_output",
    "check_payee",
    "check_payment",
    "payee_currencies",
    "require_workspace",
]

# The ledger's file and the files SQLite keeps beside it while it writes.
LEDGER_FILES = tuple(LEDGER_FILE + suffix for suffix in ("", "-wal", "-shm", "-journal"))
WORKSPACE_FILES = (SETTINGS_FILE, PARTIES_FILE, CATALOG_FILE, "rates.csv")
WORKSPACE_FOLDERS = (CONTRACTS_DIR, SPLITS_DIR, "statements", "templates")
# The money context keeps 76 digits, enough for 10^12 units with every fraction the engine
# carries (points.money.CONTEXT); no payment comes near it.
LARGEST_PAYMENT = Decimal(10) ** 12


class UsageRefusal(ValueError):
    """The command line names something that cannot be: not a workspace, not an amount."""


class NotAWorkspaceError(UsageRefusal):
    """The folder has no ``points.yaml``."""


class Refusal(ValueError):
    """What was asked is not allowed by the workspace, or would write where nothing may."""


class UnknownIdError(Refusal, LookupError):
    """A payee or contract the workspace does not have."""


def require_workspace(root: Path) -> None:
    """Raise unless ``root`` is a workspace folder (it has ``points.yaml``).

    Raises:
        NotAWorkspaceError: it is not; nothing was created there.
    """
    if not (root / SETTINGS_FILE).is_file():
        raise NotAWorkspaceError(
            f"{root} is not a points workspace (no {SETTINGS_FILE}); run `points init {root}` "
            "to make one, or name the workspace folder with --workspace"
        )


def payee_currencies(workspace: Workspace) -> dict[str, set[str]]:
    """Each party some contract pays (its payee, or each payee of its split), and the
    currencies it is paid in (each contract's accounting currency)."""
    paid: dict[str, set[str]] = {}
    for contract in workspace.contracts:
        for share in contract.payee_shares:
            paid.setdefault(share.party, set()).add(contract.accounting.currency)
    return paid


def _unknown(what: str, value: str, known: Iterable[str], workspace_ok: bool) -> UnknownIdError:
    hint = "" if workspace_ok else " (the workspace has errors: `points check` lists them)"
    return UnknownIdError(f"no {what} {value!r} in this workspace; {suggest(value, known)}{hint}")


def check_payee(workspace: Workspace, payee: str, *, workspace_ok: bool = True) -> None:
    """Raise unless some contract of the workspace pays ``payee``.

    Raises:
        UnknownIdError: no contract does, with the closest payee id.
    """
    payees = payee_currencies(workspace)
    if payee in payees:
        return
    if payee in workspace.parties_by_id:
        close = did_you_mean(payee, payees)
        raise UnknownIdError(
            f"{payee!r} is a party, but no contract of this workspace pays them"
            + (f"; {close}" if close else "")
        )
    raise _unknown("payee", payee, payees, workspace_ok)


def check_contract(workspace: Workspace, contract: str, *, workspace_ok: bool = True) -> None:
    """Raise unless the workspace has a contract with this id.

    Raises:
        UnknownIdError: it has not, with the closest contract id.
    """
    if contract not in workspace.contracts_by_id:
        raise _unknown("contract", contract, workspace.contracts_by_id, workspace_ok)


def check_payment(workspace: Workspace, payment: Payment, *, workspace_ok: bool = True) -> None:
    """Raise unless ``payment`` can be recorded: a positive, finite amount of an ISO 4217
    currency with no more places than its minor unit, to a payee some contract pays in that
    currency. Whether it is more than is owed is the ledger's to say, as it writes.

    Raises:
        UsageRefusal: the amount or the currency cannot be a payment's.
        UnknownIdError: no contract pays the payee.
        Refusal: no contract pays the payee in that currency.
    """
    try:
        code = currency(payment.currency)
    except UnknownCurrencyError as error:
        raise UsageRefusal(f"{error}; a payment is in the currency its contract pays in") from None
    amount = payment.amount
    if not amount.is_finite() or amount <= 0:
        raise UsageRefusal(f"a payment must be an amount above zero, not {amount}")
    if amount >= LARGEST_PAYMENT:
        raise UsageRefusal(f"{amount} is too large to be a payment (under {LARGEST_PAYMENT:,})")
    if not Money(amount, code).is_whole():
        raise UsageRefusal(
            f"{amount} has more decimal places than {code.code} has ({code.minor_unit})"
        )
    check_payee(workspace, payment.payee, workspace_ok=workspace_ok)
    currencies = payee_currencies(workspace)[payment.payee]
    if code.code not in currencies:
        raise Refusal(
            f"no contract pays {payment.payee} in {code.code}; they are paid in "
            f"{', '.join(sorted(currencies))}"
        )


def _protected_in(target: Path, root: Path) -> str | None:
    """How ``target`` (resolved) belongs to the workspace at ``root`` (resolved), if it does."""
    if not target.is_relative_to(root):
        return None
    parts = target.relative_to(root).parts
    if not parts:
        return "the workspace folder itself"
    top = parts[0].casefold()
    if top in (name.casefold() for name in WORKSPACE_FOLDERS):
        return f"in the workspace's {parts[0]}/ folder"
    if len(parts) == 1 and top in (n.casefold() for n in (*WORKSPACE_FILES, *LEDGER_FILES)):
        return f"the workspace's {parts[0]}"
    return None


def _same_file(target: Path, root: Path) -> str | None:
    """Whether an existing ``target`` is, under another name (a hard link, a case-insensitive
    file system), the ledger or a settings file of the workspace at ``root``."""
    if not target.exists():
        return None
    for name in (*LEDGER_FILES, *WORKSPACE_FILES):
        other = root / name
        if other.exists() and os.path.samefile(target, other):
            return f"the workspace's {name}"
    return None


def check_output(path: Path, workspace: Path | None = None, *, force: bool = False) -> None:
    """Raise unless a command may write ``path``: never the ledger (``ledger.sqlite3`` and the
    files beside it) nor a workspace file (``points.yaml``, ``parties.yaml``, ``catalog.yaml``,
    ``rates.csv``, anything under ``contracts/``, ``splits/``, ``statements/``,
    ``templates/``), of ``workspace`` or of any workspace the path lies in, even with
    ``force``; and an existing file only with ``force``. Symbolic links and relative paths
    are resolved first.

    Raises:
        Refusal: the path may not be written (or not without ``force``).
    """
    target = path.resolve()
    reason = None
    if target.name.casefold() in (name.casefold() for name in LEDGER_FILES):
        reason = "a points ledger"
    roots = [workspace.resolve()] if workspace is not None else []
    roots += [folder for folder in target.parents if (folder / SETTINGS_FILE).is_file()]
    for root in roots:
        reason = reason or _protected_in(target, root) or _same_file(target, root)
    if reason:
        raise Refusal(f"{path} is {reason}: points never writes over it; choose another --out")
    if path.exists() and not force:
        raise Refusal(f"{path} exists; pass --force to replace it, or --out another path")
