"""The library surface: every operation the ``points`` command offers, callable from Python.

The CLI only parses options, calls these and prints; anything it can do, a script can do here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from pathlib import Path

from points.engine import (
    Entry,
    EntryKind,
    ExchangeRates,
    Held,
    PayeeSummary,
    RunResult,
    held_totals,
    run,
)
from points.engine.period import last_month_of
from points.errors import Problem, Severity, Source
from points.guards import (
    NotAWorkspaceError,
    Refusal,
    UnknownIdError,
    UsageRefusal,
    check_contract,
    check_output,
    check_payee,
    check_payment,
    require_workspace,
)
from points.importing import ImportOutcome, import_into, revenue_of
from points.ingest.aggregate import (
    Amounts,
)
from points.ingest.formats import TextFormat
from points.ingest.formats.generic import load_mapping
from points.ingest.read import (
    IngestedFile,
    Progress,
    ingest_files,
)
from points.ledger.imports import OverlapRule
from points.ledger.schema import NewerLedgerError
from points.ledger.store import (
    AUDIT_COLUMNS,
    ImportRecord,
    Ledger,
    LedgerBusyError,
    LedgerConflictError,
    LedgerUnavailableError,
    OpenBooks,
    OverpaymentError,
    Payment,
)
from points.model import LoadResult, Workspace, load_workspace
from points.model.loader import load_settings
from points.model.periods import Month
from points.model.rates import ExchangeRate, read_rates
from points.render import STATEMENT_FORMATS
from points.render.agreements import contract_context
from points.render.audit import write_audit
from points.render.deals import DealSummary, describe_workspace
from points.render.documents import FORMATS, Format, RenderedDocument, render_template
from points.render.explain import UnknownPayeeError, explain
from points.render.output import OutputError, write_atomic
from points.render.pdf import PdfError, find_chromium, html_to_pdf
from points.render.safety import safe_filename
from points.render.split_sheet import (
    derived_context,
    find_split_sheet,
    recordings_for,
    split_sheet_context,
)
from points.render.statement import PayeeStatement, PaymentMade
from points.render.statement_build import build_statement, held_notes
from points.render.statement_data import statement_csv, statement_json
from points.render.statement_html import statement_html
from points.render.templates import DocumentError, TemplateInfo, TemplateSet
from points.scaffold import ScaffoldExistsError, init_workspace

__all__ = [
    "LEDGER_REFUSALS",
    "STATEMENT_FORMATS",
    "Amounts",
    "Balance",
    "DealsReport",
    "Explanation",
    "ImportOutcome",
    "ImportRecord",
    "IngestedFile",
    "LedgerBusyError",
    "LedgerConflictError",
    "LedgerRefusal",
    "LoadResult",
    "NotAWorkspaceError",
    "OutputError",
    "OverlapRule",
    "PapersWritten",
    "PayeeStatement",
    "Payment",
    "PdfError",
    "Problem",
    "Refusal",
    "ScaffoldExistsError",
    "Severity",
    "Source",
    "StatementReport",
    "UnknownIdError",
    "UnknownPayeeError",
    "UsageRefusal",
    "Workspace",
    "audit_export",
    "balances",
    "close_through",
    "counts",
    "describe_deals",
    "explain_payee",
    "held_income",
    "held_totals",
    "history",
    "import_files",
    "imports",
    "ingest_files",
    "init_workspace",
    "load_mapping",
    "load_rates",
    "load_workspace",
    "pay",
    "payee_statement",
    "render_statement",
    "require_workspace",
    "run_workspace",
    "sample_data_path",
    "save_statement",
    "statement_filename",
]


def sample_data_path() -> Path:
    """The bundled sample workspace: inside the installed package, or the source checkout's."""
    packaged = Path(__file__).parent / "sample_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_data"


def counts(workspace: Workspace) -> dict[str, int]:
    """How many of each thing a workspace defines, for summaries."""
    return {
        "parties": len(workspace.parties),
        "recordings": len(workspace.recordings),
        "releases": len(workspace.releases),
        "works": len(workspace.works),
        "contracts": len(workspace.contracts),
        "split_sheets": len(workspace.split_sheets),
    }


@dataclass(frozen=True)
class DealsReport:
    loaded: LoadResult
    deals: list[DealSummary]


def describe_deals(root: Path) -> DealsReport:
    """Every contract of a valid workspace restated in plain English (none if it is invalid)."""
    loaded = load_workspace(root)
    return DealsReport(loaded, describe_workspace(loaded.workspace) if loaded.ok else [])


@dataclass(frozen=True)
class WorkspaceRun:
    """A workspace run over statements: what loading and reading found, and the engine's result
    (``None`` when the workspace is invalid)."""

    loaded: LoadResult
    files: list[IngestedFile]
    result: RunResult | None

    @property
    def unreadable(self) -> list[IngestedFile]:
        """The statement files that could not be read at all (each with its error)."""
        return [item for item in self.files if item.read is None]


def exchange_rates(rates: Iterable[ExchangeRate]) -> ExchangeRates:
    """The engine's rate table from the workspace's rates (``rates.csv``) or a file's."""
    return ExchangeRates({(r.source, r.target, r.month): r.rate for r in rates})


def load_rates(path: Path, root: Path | None = None) -> tuple[ExchangeRates, list[Problem]]:
    """Exchange rates from a CSV file, as ``rates.csv`` in a workspace is written
    (``points.model.rates``): ``month,currency,rate,source``, each a rate to the workspace's
    currency (``root``'s ``points.yaml``) unless a ``to`` column names another; or the older
    ``from,to,rate[,month]``. Each bad line is reported by number."""
    workspace_currency = load_settings(root).currency if root is not None else None
    rates, problems = read_rates(path, workspace_currency)
    return exchange_rates(rates), problems


def _database_url(root: Path) -> str | None:
    return load_settings(root).database_url


def ledger_of(root: Path) -> Ledger:
    """The workspace's ledger: its SQLite file, or the PostgreSQL database that
    ``POINTS_DATABASE_URL`` or the workspace's ``database_url`` setting names.

    Raises:
        NotAWorkspaceError: ``root`` is not a workspace; no ledger is made there.
    """
    require_workspace(root)
    return Ledger.of(root, _database_url(root))


def run_workspace(
    root: Path,
    statements: list[Path],
    through: Month | None = None,
    progress: Callable[[Path], Progress | None] | None = None,
    rates: ExchangeRates | None = None,
    books: OpenBooks | None = None,
    formats: Sequence[TextFormat] | None = None,
) -> WorkspaceRun:
    """Load a workspace, read its statements (or, naming none, take the ledger's open books:
    what no close has taken, and what the last close held or could not match) and run every
    contract through every period, at ``rates`` (default: the workspace's ``rates.csv``).
    ``formats``: the statement formats to read the files as (a user's mapping,
    ``load_mapping``); by default the shipped ones."""
    loaded = load_workspace(root)
    files = ingest_files(statements, formats=formats, progress=progress)
    if not loaded.ok:
        return WorkspaceRun(loaded, files, None)
    workspace = loaded.workspace
    income, state = revenue_of(files), None
    if books is None and not statements and Ledger.exists_for(root, _database_url(root)):
        with ledger_of(root) as ledger:  # no files named: the ledger's open periods
            books = ledger.open_books()
    if books is not None:  # from where the last close left off
        income, state = books.income, books.close.state if books.close else None
    result = run(
        workspace.contracts,
        workspace.releases_by_upc,
        income,
        rates if rates is not None else exchange_rates(workspace.rates),
        state=state,
        through=through,
    )
    return WorkspaceRun(loaded, files, result)


class LedgerRefusal(ValueError):
    """What was asked would change a closed period or pay more than is owed."""


# What a command that opens the ledger (or writes a file) may be refused with, each carrying
# a message to show. A ``UsageRefusal`` is the command line's own mistake.
LEDGER_REFUSALS = (
    LedgerRefusal,
    LedgerBusyError,
    LedgerConflictError,
    LedgerUnavailableError,
    NewerLedgerError,
    OutputError,
    Refusal,
)


def close_through(root: Path, through: Month, rates: ExchangeRates | None = None) -> WorkspaceRun:
    """Run the open periods up to ``through`` and close them: their figures, entries and the
    engine's state after them are kept, and later runs start from there.

    Raises:
        LedgerRefusal: those periods are closed already.
    """
    with ledger_of(root) as ledger:
        books = ledger.open_books()
        last = books.close
        if last is not None and through <= last.through:
            raise LedgerRefusal(
                f"periods through {last.through} are closed already ({last.closed_at})"
            )
        outcome = run_workspace(root, [], through, rates=rates, books=books)
        if outcome.result is not None:
            result = outcome.result
            state = replace(result.state, closed_through=through)  # nothing is booked before
            ledger.record_close(through, books, state, result.summaries, result.entries)
    return outcome


@dataclass(frozen=True)
class HeldIncome:
    """Income a contract could not take yet (no exchange rate for it, say), in the statement's
    currency: kept, shown, and booked in the first open period once it can be."""

    currency: str
    net: Decimal
    reason: str
    rows: int

    def __str__(self) -> str:
        return f"held: {self.net} {self.currency}, {self.reason}"


def held_income(held: Iterable[Held]) -> list[HeldIncome]:
    """Held rows summed per currency and reason ("no rate" for every missing rate)."""
    sums: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for (_, code, why), (net, rows) in held_totals(held).items():
        before, count = sums.get((code, why), (Decimal(0), 0))
        sums[code, why] = (before + net, count + rows)
    return [HeldIncome(code, net, why, rows) for (code, why), (net, rows) in sorted(sums.items())]


@dataclass(frozen=True)
class Balance:
    """A payee's account in one currency: payable in closed periods, paid, and still owed;
    and, as the last closed period left them, what is carried forward (earned but not yet
    paid: under the minimum, or a rounding remainder), the unrecouped balance of each
    recoupment pool the payee shares in (counted once per pool, however many of its
    contracts pay the payee), and the income held for the payee's contracts."""

    payee: str
    currency: str
    payable: Decimal
    paid: Decimal
    advanced: Decimal
    carried: Decimal = Decimal(0)
    unrecouped: Decimal = Decimal(0)
    held: tuple[HeldIncome, ...] = ()

    @property
    def owed(self) -> Decimal:
        return self.payable - self.paid - self.advanced


def balances(root: Path) -> list[Balance]:
    """Each payee's balance, derived from the closed periods' payable entries and the
    payments (never stored as a second truth)."""
    with ledger_of(root) as ledger:
        closed, payments, close = ledger.closed_results(), ledger.payments(), ledger.last_close()
    contracts = load_workspace(root).workspace.contracts_by_id
    figures: dict[tuple[str, str], list[Decimal]] = {}

    def slot(payee: str, currency: str) -> list[Decimal]:
        return figures.setdefault((payee, currency), [Decimal(0)] * 5)

    for entry in closed.entries:
        if entry.kind is EntryKind.PAYABLE:
            slot(entry.party, entry.currency)[0] += entry.amount
    for payment in payments:
        slot(payment.payee, payment.currency)[2 if payment.advance else 1] += payment.amount
    latest = {(s.payee, s.contract, s.currency): s for s in closed.summaries}  # closes in order
    by_pool: dict[tuple[str, str, str], Decimal] = {}
    for summary in latest.values():
        slot(summary.payee, summary.currency)[3] += summary.carried_forward
        contract = contracts.get(summary.contract)
        pool = contract.pool if contract is not None else f"contract:{summary.contract}"
        by_pool[summary.payee, summary.currency, pool] = summary.unrecouped_balance
    for (payee, currency, _), balance in by_pool.items():
        slot(payee, currency)[4] += balance
    held: dict[tuple[str, str], list[Held]] = {}
    for item in close.state.held if close else ():
        contract = contracts.get(item.contract)
        if contract is None:
            continue
        for share in contract.payee_shares:
            key = (share.party, contract.accounting.currency)
            slot(*key)
            held.setdefault(key, []).append(item)
    return [
        Balance(
            payee,
            code,
            payable,
            paid,
            advanced,
            carried,
            unrecouped,
            tuple(held_income(held.get((payee, code), ()))),
        )
        for (payee, code), (payable, paid, advanced, carried, unrecouped) in sorted(figures.items())
    ]


def pay(root: Path, payment: Payment) -> int:
    """Record a payment, after checking it is one (``guards.check_payment``: a positive
    amount, in whole minor units, to a payee some contract pays in that currency). It may not
    exceed what the payee is owed unless it is an advance: the ledger reads what is owed
    inside the transaction that records it, so two payments at once cannot both be taken.

    Raises:
        NotAWorkspaceError: ``root`` is not a workspace.
        UsageRefusal: the amount or currency cannot be a payment's.
        Refusal: no contract pays the payee (in that currency).
        LedgerRefusal: the payment is more than is owed.
    """
    require_workspace(root)
    loaded = load_workspace(root)
    check_payment(loaded.workspace, payment, workspace_ok=loaded.ok)
    with ledger_of(root) as ledger:
        try:
            return ledger.record_payment(payment)
        except OverpaymentError as refused:
            raise LedgerRefusal(str(refused)) from None


def import_files(
    root: Path,
    paths: list[Path],
    format_name: str = "auto",
    formats: Sequence[TextFormat] | None = None,
    progress: Callable[[Path], Progress | None] | None = None,
    overlap: OverlapRule = "refuse",
) -> list[ImportOutcome]:
    """Import statement files into the workspace's ledger, each in one transaction. A file
    imported before is not read again, and a statement saying what an import in force says
    (re-saved, re-encoded) is not kept again: either changes nothing. A statement of the same
    format covering months an import in force covers is refused or, as ``overlap`` says,
    replaces that import or is added beside it (``points.importing``).

    Raises:
        NotAWorkspaceError: ``root`` is not a workspace.
        LedgerBusyError: another points command is writing to the ledger.
    """
    with ledger_of(root) as ledger:
        return import_into(ledger, paths, format_name, formats, progress, overlap)


def imports(root: Path) -> list[ImportRecord]:
    """Every statement imported into the workspace's ledger, oldest first, each with the
    import that replaced it, if one did (``superseded_by``)."""
    with ledger_of(root) as ledger:
        return ledger.imports()


@dataclass(frozen=True)
class Explanation:
    """The working for one payee and period, and where its figures came from: ``closed`` (the
    ledger, as the period was closed), ``open`` (a run of the ledger's open periods) or
    ``statements`` (a run of the files named). ``lines`` is empty if the workspace has errors
    or if a statement file named could not be read (``unreadable``): working that leaves a
    file out would explain figures nobody is paid on."""

    loaded: LoadResult
    source: str
    lines: list[str]
    unreadable: list[IngestedFile] = field(default_factory=list)


def _check_payee(root: Path, payee: str) -> None:
    """Raise ``UnknownIdError`` (with the closest payee) unless a contract of the workspace
    at ``root`` pays ``payee``; a workspace with errors is left to report them."""
    loaded = load_workspace(root)
    if loaded.ok:
        check_payee(loaded.workspace, payee)


def explain_payee(
    root: Path,
    payee: str,
    period: str,
    statements: Sequence[Path] = (),
    rates: ExchangeRates | None = None,
    formats: Sequence[TextFormat] | None = None,
) -> Explanation:
    """The working behind one payee's figures in one period: from the statements named (read
    as ``formats``, by default the shipped ones) or, naming none, from the ledger, where a
    closed period reads exactly as it was closed.

    Raises:
        UnknownIdError: no contract of the workspace pays ``payee``.
        UnknownPayeeError: the payee has no figures in that period.
    """
    _check_payee(root, payee)
    if not statements and Ledger.exists_for(root, _database_url(root)):
        with ledger_of(root) as ledger:
            closed, last = ledger.closed_results(), ledger.last_close()
        if period in closed.periods:
            loaded = load_workspace(root)
            if not loaded.ok:
                return Explanation(loaded, "closed", [])
            lines = explain(closed, loaded.workspace, payee, period)
            held = last.state.held if last else ()
            return Explanation(loaded, "closed", lines + _held_lines(loaded, payee, held))
    outcome = run_for_period(root, list(statements), period, rates, formats)
    if outcome.result is None or outcome.unreadable:
        return Explanation(outcome.loaded, "statements", [], outcome.unreadable)
    lines = explain(outcome.result, outcome.loaded.workspace, payee, period)
    lines += _held_lines(outcome.loaded, payee, outcome.result.held)
    return Explanation(outcome.loaded, "statements" if statements else "open", lines)


def _held_lines(loaded: LoadResult, payee: str, held: Sequence[Held]) -> list[str]:
    """The income held for the payee's contracts, as the statement words it."""
    notes = held_notes(loaded.workspace, payee, held)
    return ["", *(f"Income {note}: booked once it can be." for note in notes)] if notes else []


def audit_export(root: Path, period: str, path: Path, *, force: bool = False) -> int:
    """Write the entries of a closed period to ``path`` (CSV or XLSX); returns how many. An
    existing file is replaced only with ``force``; the ledger or a workspace file never.

    Raises:
        Refusal: ``path`` may not be written (``guards.check_output``).
        LedgerRefusal: the period has no closed entries.
    """
    check_output(path, root, force=force)
    with ledger_of(root) as ledger:
        rows = ledger.closed_entries(period)
    if not rows:
        raise LedgerRefusal(f"no closed entries for {period}: close it first (points close)")
    write_audit(path, AUDIT_COLUMNS, rows, "amount")
    return len(rows)


@dataclass(frozen=True)
class HistoryLine:
    """One thing that happened to a payee's account: a closed period's figures, or a payment."""

    when: str
    what: str
    amount: Decimal
    currency: str


def history(root: Path, payee: str) -> list[HistoryLine]:
    """A payee's closed periods and payments, oldest first.

    Raises:
        UnknownIdError: no contract of the workspace pays ``payee``.
    """
    require_workspace(root)
    _check_payee(root, payee)
    with ledger_of(root) as ledger:
        summaries, payments = ledger.closed_summaries(), ledger.payments()
    lines = [
        HistoryLine(
            s.period,
            f"payable under {s.contract} (earned {s.earned}, recouped "
            f"{s.recouped}, carried {s.carried_forward})",
            s.payable,
            s.currency,
        )
        for s in summaries
        if s.payee == payee
    ] + [
        HistoryLine(
            p.paid_on.isoformat(),
            f"{'advance' if p.advance else 'payment'} {p.reference}",
            -p.amount,
            p.currency,
        )
        for p in payments
        if p.payee == payee
    ]

    def when(line: HistoryLine) -> str:  # a period sorts after the days of its last month
        return line.when if len(line.when) == 10 else f"{last_month_of(line.when)}-99"

    return sorted(lines, key=when)


# --- Payee statements (issue 6): figures from the engine, documents from points.render -------


@dataclass(frozen=True)
class StatementReport:
    """A payee statement built, or what stopped it (``statement`` is ``None``): the workspace's
    problems, or statement files named that could not be read (``unreadable``), since a paper
    sent to a payee must not silently leave a file's income out."""

    loaded: LoadResult
    statement: PayeeStatement | None
    unreadable: list[IngestedFile] = field(default_factory=list)


def run_for_period(
    root: Path,
    statements: list[Path],
    period: str,
    rates: ExchangeRates | None = None,
    formats: Sequence[TextFormat] | None = None,
) -> WorkspaceRun:
    """The run a statement or an explanation of ``period`` reads: `points run`'s own, and, for
    a period after the last month of income, one run on to that period (a nil period: nothing
    earned, what is carried carried on), so the figures of every period agree with `run`'s."""
    outcome = run_workspace(root, statements, rates=rates, formats=formats)
    if outcome.result is None or any(s.period == period for s in outcome.result.summaries):
        return outcome
    through = last_month_of(period)
    runs_to = max((last_month_of(s.period) for s in outcome.result.summaries), default=None)
    if runs_to is not None and through <= runs_to:
        return outcome
    return run_workspace(root, statements, through, rates=rates, formats=formats)


def _payee_books(
    root: Path,
    statements: list[Path],
    period: str,
    rates: ExchangeRates | None = None,
    formats: Sequence[TextFormat] | None = None,
) -> tuple[WorkspaceRun, list[PayeeSummary], list[Entry]]:
    """What a statement is built from: the run of ``run_for_period`` over the statement files
    named or, naming none, the ledger: the closed periods' figures and entries as their closes
    kept them, then a run of the open periods."""
    outcome = run_for_period(root, statements, period, rates, formats)
    if outcome.result is None:
        return outcome, [], []
    summaries, entries = list(outcome.result.summaries), list(outcome.result.entries)
    if not statements and Ledger.exists_for(root, _database_url(root)):
        with ledger_of(root) as ledger:
            closed = ledger.closed_results()
        summaries, entries = closed.summaries + summaries, closed.entries + entries
    return outcome, summaries, entries


def payee_statement(
    root: Path,
    payee: str,
    period: str,
    statements: Sequence[Path] = (),
    issued: dt.date | None = None,
    rates: ExchangeRates | None = None,
    formats: Sequence[TextFormat] | None = None,
) -> StatementReport:
    """The royalty statement of ``payee`` for ``period`` (``2026-H1``): over the statement
    files given (read as ``formats``, by default the shipped ones) or, with none, what was
    imported into the ledger; payments from the ledger if the workspace has one. ``issued`` is
    the statement date (default: today); ``rates`` override the workspace's ``rates.csv``.

    Raises:
        UnknownIdError: no contract of the workspace pays ``payee``.
        UnknownPayeeError: the payee has no figures in that period.
        ValueError: ``period`` is not a period name.
    """
    name = period.strip().upper()
    last_month_of(name)  # a bad name is refused before anything is read
    _check_payee(root, payee)
    outcome, summaries, entries = _payee_books(root, list(statements), name, rates, formats)
    if outcome.result is None or outcome.unreadable:
        return StatementReport(outcome.loaded, None, outcome.unreadable)
    payments: list[PaymentMade] = []
    if Ledger.exists_for(root, _database_url(root)):
        with ledger_of(root) as ledger:
            payments = [
                PaymentMade(p.payee, p.paid_on, p.reference, p.amount, p.currency, p.advance)
                for p in ledger.payments()
            ]
    statement = build_statement(
        outcome.loaded.workspace,
        payee,
        name,
        summaries,
        entries,
        payments,
        issued or dt.date.today(),
        outcome.result.held,
    )
    return StatementReport(outcome.loaded, statement)


def render_statement(statement: PayeeStatement, format_name: str) -> bytes:
    """The statement as a file's bytes in one of ``STATEMENT_FORMATS``.

    Raises:
        PdfError: PDF was asked for and Chromium could not print it (or is missing).
        ValueError: an unknown format.
    """
    if format_name == "xlsx":
        from points.render.statement_xlsx import statement_xlsx  # openpyxl loads slowly

        return statement_xlsx(statement)
    if format_name == "html":
        return statement_html(statement).encode("utf-8")
    if format_name == "pdf":
        return html_to_pdf(statement_html(statement))
    if format_name == "csv":
        return statement_csv(statement).encode("utf-8")
    if format_name == "json":
        return statement_json(statement).encode("utf-8")
    raise ValueError(f"unknown statement format {format_name!r}: {', '.join(STATEMENT_FORMATS)}")


def statement_filename(statement: PayeeStatement, format_name: str) -> str:
    """A safe file name from the payee's name and the period:
    ``Royalty statement - Jane Doe - 2026-H1.pdf``."""
    title = f"Royalty statement - {statement.payee_name} - {statement.period}"
    return safe_filename(title, format_name)


def save_statement(
    statement: PayeeStatement,
    format_name: str,
    out: Path | None = None,
    *,
    force: bool = False,
    workspace: Path | None = None,
) -> Path:
    """Render the statement and write it to ``out`` (default: a safe name in the current
    folder); returns where it went. An existing file is replaced only with ``force``; the
    ledger or a workspace file (of ``workspace``, or of one ``out`` lies in) never.

    Raises:
        Refusal: the file may not be written (``guards.check_output``).
        PdfError: as ``render_statement``.
        OutputError: the file cannot be written (disk full, read-only); nothing is left.
    """
    path = out if out is not None else Path(statement_filename(statement, format_name))
    check_output(path, workspace, force=force)
    data = render_statement(statement, format_name)
    write_atomic(path, data)
    return path


# -- Papers: split sheets, agreement drafts and their templates (issue 6) -----------------------

__all__ += [
    "FORMATS",
    "DocumentError",
    "Format",
    "PaperOutcome",
    "RenderedDocument",
    "TemplateInfo",
    "draft",
    "list_templates",
    "shipped_templates_path",
    "split_sheet",
    "template_set",
    "write_document",
    "write_papers",
]

TEMPLATES_DIR = "templates"


def shipped_templates_path() -> Path:
    """The templates that ship with points: inside the installed package, or the checkout's."""
    packaged = Path(__file__).parent / "contract_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "contract_templates"


def template_set(root: Path) -> TemplateSet:
    """The shipped templates, with the workspace's own (``<workspace>/templates/``) over them."""
    return TemplateSet(shipped_templates_path(), root / TEMPLATES_DIR)


def list_templates(root: Path) -> tuple[list[TemplateInfo], list[str]]:
    """Every template the workspace can use, and what is wrong with any that cannot be."""
    return template_set(root).all()


@dataclass(frozen=True)
class PaperOutcome:
    """A document made from a workspace, or (``document`` None) the workspace's problems."""

    loaded: LoadResult
    document: RenderedDocument | None


def _template_taking(templates: TemplateSet, name: str, takes: str) -> TemplateInfo:
    info = templates.get(name)
    if info.takes != takes:
        raise DocumentError(
            f"template {info.name!r} ({info.path}) is made from {info.takes_words}, but this "
            f"document is made from a {takes.replace('_', ' ')}"
        )
    return info


def split_sheet(
    root: Path, work: str, output: Format, *, from_contracts: bool = False
) -> PaperOutcome:
    """A split sheet from ``splits/`` (by split sheet id or work id), or with
    ``from_contracts`` the master points the contracts give on the work's recordings.

    Raises:
        DocumentError: nothing matches ``work``, or a template fails (names file and line).
    """
    loaded = load_workspace(root)
    if not loaded.ok:
        return PaperOutcome(loaded, None)
    workspace = loaded.workspace
    templates = template_set(root)
    if from_contracts:
        title, isrcs = recordings_for(workspace, work)
        info = _template_taking(templates, "split-sheet-derived", "recordings")
        context = derived_context(workspace, title, isrcs)
        reference = work
    else:
        sheet = find_split_sheet(workspace, work)
        info = _template_taking(templates, "split-sheet", "split_sheet")
        title, reference = sheet.title, sheet.id
        context = split_sheet_context(sheet, workspace)
    document = render_template(templates, info, context, output, reference=reference, name=title)
    return PaperOutcome(loaded, document)


def draft(root: Path, template: str, subject: str, output: Format) -> PaperOutcome:
    """An agreement draft from a template: ``subject`` is a contract id, or a split sheet (or
    work) id for a template that takes a split sheet.

    Raises:
        DocumentError: no such template or subject, the template refuses the subject, or it
            fails (the message names its file and line).
    """
    loaded = load_workspace(root)
    if not loaded.ok:
        return PaperOutcome(loaded, None)
    workspace = loaded.workspace
    templates = template_set(root)
    info = templates.get(template)
    context: dict[str, object]
    if info.takes == "split_sheet":
        sheet = find_split_sheet(workspace, subject)
        context, name, reference = split_sheet_context(sheet, workspace), sheet.title, sheet.id
    elif info.takes == "recordings":
        title, isrcs = recordings_for(workspace, subject)
        context, name, reference = derived_context(workspace, title, isrcs), title, subject
    else:
        try:
            check_contract(workspace, subject)
        except UnknownIdError as unknown:
            raise DocumentError(str(unknown)) from None
        contract = workspace.contracts_by_id[subject]
        context, name, reference = contract_context(contract, workspace), contract.title, subject
    document = render_template(templates, info, context, output, reference=reference, name=name)
    return PaperOutcome(loaded, document)


def write_document(
    document: RenderedDocument,
    out: Path | None,
    *,
    force: bool = False,
    workspace: Path | None = None,
) -> Path:
    """Write a document to ``out`` (default: its own safe name in the current folder). An
    existing file is replaced only with ``force``; the ledger or a workspace file (of
    ``workspace``, or of one ``out`` lies in) never.

    Raises:
        DocumentError: the file may not be written (``guards.check_output``), or cannot be.
    """
    path = out if out is not None else Path.cwd() / document.filename
    try:
        check_output(path, workspace, force=force)
    except Refusal as refused:
        raise DocumentError(str(refused)) from None
    try:
        write_atomic(path, document.content)
    except OutputError as error:
        raise DocumentError(str(error)) from None
    return path


# -- Every paper at once: what `points demo` leaves in out/ (issue 6) ----------------------------

PAPER_FORMATS: tuple[Format, ...] = ("md", "html", "docx")


@dataclass(frozen=True)
class PapersWritten:
    """The files ``write_papers`` wrote (relative to its folder), and what it left out, why."""

    folder: Path
    written: list[Path]
    left_out: list[str]


def write_papers(root: Path, statements: Sequence[Path], out: Path) -> PapersWritten:
    """Every paper the workspace can make, into ``out``: each payee's statement for each
    period with figures, in every statement format; each split sheet, and the master points
    its contracts give; and each agreement draft a template makes from a contract or a split
    sheet (a template that refuses a subject, say work-for-hire for a royalty deal, is left
    out with its reason). PDFs only where Chromium can print them.
    """
    written: list[Path] = []
    left_out: list[str] = []
    pdf = find_chromium() is not None
    if not pdf:
        left_out.append("PDFs: no Chromium to print them (scripts/system-packages installs it)")

    def save(sub: str, name: str, content: bytes) -> None:
        folder = out / sub
        check_output(folder / name, force=True)  # papers are remade; workspace files never
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot make {folder}: {error.strerror}") from error
        write_atomic(folder / name, content)
        written.append(Path(sub) / name)

    outcome = run_workspace(root, list(statements))
    if outcome.result is None:
        return PapersWritten(out, written, ["everything: the workspace has errors"])
    workspace = outcome.loaded.workspace
    for payee, period in dict.fromkeys((s.payee, s.period) for s in outcome.result.summaries):
        statement = payee_statement(root, payee, period, statements).statement
        assert statement is not None
        for kind in STATEMENT_FORMATS if pdf else tuple(f for f in STATEMENT_FORMATS if f != "pdf"):
            content = render_statement(statement, kind)
            save("statements", statement_filename(statement, kind), content)
    papers: list[tuple[str, Callable[[Format], PaperOutcome]]] = []
    for sheet in workspace.split_sheets:
        papers.append(("split-sheets", partial(split_sheet, root, sheet.id)))
        papers.append(("split-sheets", partial(split_sheet, root, sheet.id, from_contracts=True)))
    templates, _ = list_templates(root)
    for info in (t for t in templates if t.kind == "draft"):
        subjects = {
            "contract": [c.id for c in workspace.contracts],
            "split_sheet": [s.id for s in workspace.split_sheets],
        }.get(info.takes, [])
        for subject in subjects:
            papers.append(("drafts", partial(draft, root, info.name, subject)))
    for sub, make in papers:
        for kind in (*PAPER_FORMATS, "pdf") if sub == "split-sheets" and pdf else PAPER_FORMATS:
            try:
                document = make(kind).document
            except DocumentError as refused:
                if kind == PAPER_FORMATS[0]:
                    left_out.append(str(refused))
                break
            assert document is not None
            save(sub, document.filename, document.content)
    return PapersWritten(out, written, left_out)
