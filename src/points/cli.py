"""The ``points`` command: a thin click layer over ``points.api``.

Each command parses its options, calls the library and prints: rich text for people, one JSON
document with ``--json``. Exit codes scripts can trust: 0 fine, 1 the input has errors (the
report says which), 2 the command line itself was wrong.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from points import __version__
from points.errors import Problem, Severity, has_errors
from points.ingest.formats import TextFormat
from points.ingest.formats.generic import load_mapping
from points.ingest.read import IngestedFile, ingest_files
from points.ingest.values import parse_amount
from points.model.periods import Month
from points.money import Money
from points.render import FORMATS, STATEMENT_FORMATS
from points.render.terminal import printable
from points.render.text import format_amount, format_money


def _lazy(name: str) -> ModuleType:
    """The module, executed on first use of one of its names: ``points ingest`` needs neither
    the engine nor the renderers that ``points.api`` brings in (a quarter of a second)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None
    assert spec.loader is not None
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)  # as an import would: ``points.api`` works
    spec.loader.exec_module(module)
    return module


if TYPE_CHECKING:
    from points import api
    from points.engine import ExchangeRates, PayeeSummary
else:
    api = _lazy("points.api")

EXIT_INPUT_ERRORS = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])


def json_option(command: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON document instead of text."
    )(command)


def _a_workspace(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """Refuse, before anything is read or made, a folder that is not a workspace."""
    try:
        api.require_workspace(value)
    except api.NotAWorkspaceError as error:
        raise click.BadParameter(str(error), ctx, param) from None
    return value


def workspace_argument(command: F, *, required: bool = False) -> F:
    """``[WORKSPACE]`` (default: here), for commands that report what a folder holds;
    ``required``: it must be a workspace (a folder with ``points.yaml``)."""
    return click.argument(
        "workspace",
        default=".",
        type=click.Path(file_okay=False, path_type=Path),
        callback=_a_workspace if required else None,
    )(command)


def workspace_required_argument(command: F) -> F:
    return workspace_argument(command, required=True)


def workspace_option(help_text: str = "The workspace folder.") -> Callable[[F], F]:
    """``--workspace DIR`` (default: here), for commands whose arguments are other things: it
    must be a workspace (a folder with ``points.yaml``)."""
    return click.option(
        "--workspace",
        default=".",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        callback=_a_workspace,
        help=help_text,
    )


def _input_file_option(name: str, help_text: str) -> Callable[[F], F]:
    """An option naming one file the command reads, which must exist."""
    return click.option(
        name, type=click.Path(exists=True, dir_okay=False, path_type=Path), help=help_text
    )


mapping_option = _input_file_option(
    "--mapping",
    "A YAML mapping describing the statement files' layout, for sources points does not know "
    "(see `points ingest --mapping`).",
)
# Exchange rates to use instead of the workspace's rates.csv.
rates_option = _input_file_option(
    "--rates",
    "A CSV of exchange rates (month,currency,rate,source) to use instead of the workspace's "
    "rates.csv.",
)


def force_option(command: F) -> F:
    return click.option(
        "--force",
        is_flag=True,
        help="Replace the output file if it exists (never the ledger or a workspace file).",
    )(command)


def format_option(command: F) -> F:
    return click.option(
        "--format",
        "format_name",
        default="auto",
        show_default=True,
        help="The statement format, or 'auto' to detect it from the header.",
    )(command)


def statements_option(help_text: str, *, required: bool) -> Callable[[F], F]:
    return click.option(
        "--statements",
        "statements",
        multiple=True,
        required=required,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=help_text,
    )


def _rates(path: Path | None, workspace: Path, as_json: bool = False) -> ExchangeRates | None:
    """The rates in ``--rates`` (``None``: the workspace's own); a bad file stops the command."""
    if path is None:
        return None
    exchange, problems = api.load_rates(path, workspace)
    if problems:
        _fail(problems, as_json, {})
    return exchange


class _Line(Text):
    """rich's ``Text``, with control and bidi characters shown as escapes (rich would drop
    BEL and CR silently, and pass ESC)."""

    def __init__(self, text: str = "", style: str = "") -> None:
        super().__init__(printable(text), style=style)

    def append(self, text: str | Text, style: str | Style | None = None) -> Text:
        return super().append(printable(text) if isinstance(text, str) else text, style)


class _PlainConsole(Console):
    """A console for people that cannot be made to act by what it prints: names and titles
    come from other people's files, so rich markup (``[link=…]``) and emoji codes are off,
    and every control or bidi character in the text is shown as a visible escape
    (``points.render.terminal``): in the strings and ``_Line`` texts printed, and again in
    what rich renders (a table cell, or any text that missed both), where rich would pass
    ESC. rich's own styling (colour, the progress bars' cursor moves) is kept: it is not in
    the text."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(
            *(printable(o) if isinstance(o, str) else o for o in objects),
            **options,
        )

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(printable(segment.text), segment.style)
            for segment in buffer
        )


def _console(*, stderr: bool = False) -> Console:
    return _PlainConsole(highlight=False, soft_wrap=True, markup=False, emoji=False, stderr=stderr)


def _emit_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False, default=str))


def _print_problems(console: Console, problems: Sequence[Problem]) -> None:
    for problem in problems:
        style = "red" if problem.severity is Severity.ERROR else "yellow"
        line = _Line(f"{problem.source}: ", style="bold")
        line.append(f"{problem.severity} [{problem.code}] ", style=style)
        line.append(problem.message)
        console.print(line)
        if problem.hint:
            console.print(_Line(f"    hint: {problem.hint}", style="dim"))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if problems:
        console.print(_Line(f"{errors} error(s), {warnings} warning(s)", style="bold red"))


def _problems_json(problems: Sequence[Problem]) -> list[dict[str, object]]:
    return [problem.to_json() for problem in problems]


def _fail(problems: Sequence[Problem], as_json: bool, empty: dict[str, Any]) -> NoReturn:
    """Report problems that stop a command (as ``empty`` plus them under --json), exit 1."""
    if as_json:
        _emit_json({**empty, "problems": _problems_json(problems)})
    else:
        _print_problems(_console(), problems)
    sys.exit(EXIT_INPUT_ERRORS)


def _refuse(error: Exception, status: int = EXIT_INPUT_ERRORS) -> NoReturn:
    """Say why a command cannot do what was asked, and exit 1 (or ``status``)."""
    _console().print(_Line(str(error), style="red"))
    sys.exit(status)


def _formats(
    mapping: Path | None, format_name: str, as_json: bool, empty: dict[str, Any]
) -> tuple[str, tuple[TextFormat, ...] | None]:
    """The format name and formats to read statements with: with ``--mapping``, the user's
    format, forced; a broken mapping is reported (exit 1)."""
    if mapping is None:
        return format_name, None
    mapped, problems = load_mapping(mapping)
    if mapped is None:
        _fail(problems, as_json, empty)
    return mapped.name, (mapped,)


class _Points(click.Group):
    """Every command that opens the ledger may find it busy, unreachable or too new, and one
    that writes may be refused: each is said once, here, in words, with exit status 1. What
    the command line got wrong in a way only the library can tell (an amount that cannot be
    paid) exits 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except api.UsageRefusal as error:
            _refuse(error, EXIT_USAGE)
        except api.LEDGER_REFUSALS as error:
            _refuse(error)


@click.group(cls=_Points, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="points")
def main() -> None:
    """Royalty and contract calculations for music producers, managers and small labels.

    Keep deals, catalog and split sheets as YAML files in a workspace folder, then check them
    and read them back in plain English.

    \b
    Example:
      points init my-catalog && points check my-catalog
    """


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite example files that already exist.")
def init(directory: Path, force: bool) -> None:
    """Create a workspace in DIRECTORY with commented example files.

    The examples pass `points check` as written; edit them into your own deals.

    \b
    Example:
      points init my-catalog
    """
    try:
        written = api.init_workspace(directory, force=force)
    except api.ScaffoldExistsError as error:
        raise click.ClickException(str(error)) from None
    console = _console()
    for path in written:
        console.print(f"created {path}")
    console.print(f"Next: edit the files, then run: points check {directory}")


@main.command()
@workspace_argument
@json_option
def check(workspace: Path, as_json: bool) -> None:
    """Validate every file of a workspace and report all problems at once.

    Each problem names the file, line and column, what is wrong and what to do. Exits 1 if
    there is any error.

    \b
    Example:
      points check sample_data
    """
    result = api.load_workspace(workspace)
    counts = api.counts(result.workspace)
    if as_json:
        _emit_json(
            {
                "workspace": str(workspace),
                "ok": result.ok,
                "counts": counts,
                "problems": _problems_json(result.problems),
            }
        )
    else:
        console = _console()
        _print_problems(console, result.problems)
        if result.ok:
            summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
            console.print(_Line(f"{workspace}: ok ({summary})", style="green"))
    if has_errors(result.problems):
        sys.exit(EXIT_INPUT_ERRORS)


def _deals_json(workspace: Path, report: api.DealsReport) -> dict[str, Any]:
    loaded = report.loaded
    return {
        "workspace": str(workspace),
        "ok": loaded.ok,
        "counts": api.counts(loaded.workspace),
        "problems": _problems_json(loaded.problems),
        "deals": [
            {
                "contract": deal.contract,
                "payee": deal.payee,
                "title": deal.title,
                "clauses": list(deal.clauses),
                "summary": deal.sentence,
            }
            for deal in report.deals
        ],
    }


def _report_deals(workspace: Path, as_json: bool, heading: str | None = None) -> None:
    report = api.describe_deals(workspace)
    loaded = report.loaded
    if as_json:
        _emit_json(_deals_json(workspace, report))
    else:
        console = _console()
        if heading:
            console.print(_Line(heading, style="bold"))
        _print_problems(console, loaded.problems)
        if report.deals:
            table = Table(title="Deals", show_lines=True, expand=False)
            table.add_column("contract", style="cyan", no_wrap=True)
            table.add_column("in plain English")
            for deal in report.deals:
                table.add_row(printable(deal.contract), _Line(deal.sentence))
            console.print(table)
    if not loaded.ok:
        sys.exit(EXIT_INPUT_ERRORS)


@main.command()
@workspace_argument
@json_option
def deals(workspace: Path, as_json: bool) -> None:
    """Restate every contract of a workspace in plain English.

    \b
    Example:
      points deals sample_data
    """
    _report_deals(workspace, as_json)


@main.command()
@json_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Where to write the papers: statements, split sheets and agreement drafts.",
)
def demo(as_json: bool, out: Path) -> None:
    """Run the main job on the bundled sample workspace.

    Validates the sample deals, restates each in plain English, reads the sample statements
    in sample_data/statements, runs every contract over them, and writes the papers to OUT:
    each payee's statement for each period (xlsx, html, pdf, csv, json), the split sheet and
    the master points derived from the contracts, and the agreement drafts.

    \b
    Example:
      points demo --out out
    """
    sample = api.sample_data_path()
    statements = sorted((sample / "statements").glob("*.tsv"))
    outcome = api.run_workspace(sample, statements)
    papers = api.write_papers(sample, statements, out)
    if as_json:
        report = api.describe_deals(sample)
        _emit_json(
            {
                **_deals_json(sample, report),
                "statements": [_ingested_json(i) for i in outcome.files],
                "run": _run_json(outcome) if outcome.result else None,
                "papers": {
                    "written": [str(p) for p in papers.written],
                    "left_out": papers.left_out,
                },
            }
        )
        if not report.loaded.ok:
            sys.exit(EXIT_INPUT_ERRORS)
        return
    _report_deals(sample, as_json, heading=f"Sample workspace: {sample}")
    console = _console()
    console.print(_Line("Statements", style="bold"))
    for item in outcome.files:
        _print_ingested(console, item)
    if outcome.result is not None:
        console.print(_Line("\nWhat each payee is owed", style="bold"))
        _print_run(console, outcome)
    console.print(_Line(f"\nPapers written to {papers.folder}/", style="bold"))
    for folder in dict.fromkeys(p.parent for p in papers.written):
        names = [p.name for p in papers.written if p.parent == folder]
        console.print(f"  {folder}/: {len(names)} files")
    for reason in papers.left_out:
        console.print(_Line(f"  left out: {reason}", style="dim"))


SHOWN_REJECTIONS = 20
PROGRESS_FROM_BYTES = 8 * 1024 * 1024


class _ProgressBars:
    """A rich progress bar, lines and bytes, for each large file; nothing under --json."""

    def __init__(self, enabled: bool) -> None:
        self.bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[lines]:,} lines"),
            TimeRemainingColumn(),
            console=_console(stderr=True),
            transient=True,
            disable=not enabled,
        )

    def __enter__(self) -> _ProgressBars:
        self.bars.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.__exit__(None, None, None)

    def for_file(self, path: Path) -> Callable[[int, int], None] | None:
        size = path.stat().st_size
        if size < PROGRESS_FROM_BYTES:
            return None
        task = self.bars.add_task(path.name, total=size, lines=0)

        def advance(lines: int, done: int) -> None:
            self.bars.update(task, completed=done, lines=lines)

        return advance


def _decimal(value: Decimal) -> str:
    """A decimal as plain text, never in exponent form ('0.00000000', not '0E-8')."""
    return format(value, "f")


def _amounts_json(amounts: api.Amounts) -> dict[str, str]:
    return {"units": _decimal(amounts.units), "net": _decimal(amounts.net)}


def _ingested_json(item: IngestedFile) -> dict[str, Any]:
    read = item.read
    if read is None:
        return {"path": str(item.path), "format": None, "error": item.error}
    counts = read.counts
    return {
        "path": str(item.path),
        "format": read.format.name,
        "format_reason": read.reason,
        "reader": "bulk" if read.bulk else "per-line",
        "lines": {
            "read": counts.read,
            "accepted": counts.accepted,
            "skipped": counts.skipped,
            "rejected": counts.rejected,
        },
        "errors": [
            {"line": r.source.line, "column": r.column, "reason": r.reason} for r in read.rejected
        ],
        "skipped": [
            {"line": s.source.line, "sheet": s.source.sheet, "reason": s.reason}
            for s in read.skipped
        ],
        "skipped_by_reason": read.skipped_by_reason,
        "warnings": _problems_json(read.warnings),
        "notes": _problems_json(read.file_notes),
        "totals": {code: _amounts_json(a) for code, a in item.totals.items()},
        "by_isrc": {
            recording: {code: _amounts_json(a) for code, a in per_currency.items()}
            for recording, per_currency in item.by_recording().items()
        },
    }


def _print_ingested(console: Console, item: IngestedFile) -> None:
    read = item.read
    if read is None:
        console.print(_Line(f"{item.path}: error: {item.error}", style="bold red"))
        return
    counts = read.counts
    console.print(_Line(f"{item.path}: {read.reason}", style="bold"))
    if read.bulk:
        console.print("  read in bulk by DuckDB: every line proved clean")
    warned = f"; {len(read.warnings)} warnings" if read.warnings else ""
    console.print(
        f"  lines: {counts.read} read, {counts.accepted} accepted, {counts.skipped} skipped, "
        f"{counts.rejected} rejected{warned}"
    )
    if read.skipped:
        reasons = "; ".join(f"{reason} ({n})" for reason, n in read.skipped_by_reason.items())
        console.print(f"  skipped lines by reason: {reasons}")
    for note in read.file_notes:
        console.print(Text(f"  {note.format()}", style="yellow"))
    rejected = [line.to_problem() for line in read.rejected]
    for problems, what, style in ((rejected, "rejected lines", "red"),
                                  (read.warnings, "warnings", "yellow")):  # fmt: skip
        for problem in problems[:SHOWN_REJECTIONS]:
            console.print(_Line(f"  {problem.format()}", style=style))
        if len(problems) > SHOWN_REJECTIONS:
            hidden = len(problems) - SHOWN_REJECTIONS
            console.print(_Line(f"  … and {hidden} more {what} (all of them with --json)"))
    for code, amounts in item.totals.items():
        console.print(
            f"  total {code}: {_decimal(amounts.units)} units, net {_decimal(amounts.net)}"
        )
    table = Table(show_header=True, box=None, padding=(0, 2))
    for column in ("recording", "currency", "units", "net"):
        table.add_column(column, justify="right" if column in ("units", "net") else "left")
    for recording, per_currency in item.by_recording().items():
        for code, amounts in per_currency.items():
            table.add_row(
                printable(recording),
                printable(code),
                _decimal(amounts.units),
                _decimal(amounts.net),
            )
    console.print(table)


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@format_option
@mapping_option
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 if any line is rejected or any value is left out of a line with a warning.",
)
@json_option
def ingest(
    files: tuple[Path, ...], format_name: str, mapping: Path | None, strict: bool, as_json: bool
) -> None:
    """Read statement exports and report what each holds.

    For each file: the format used and why, how many lines were read, accepted, skipped
    (blank lines, totals rows, lines that are not income such as withdrawals and payouts:
    counted by reason, and each listed with its line under --json) and rejected (only when
    its amount, currency or reporting date cannot be read; each with its line, column and
    reason); the warnings about values left out of lines that were taken (a UPC a
    spreadsheet turned into 8.59712E+11, an unknown country), each with its line and
    column; and the units and net amount per currency and per recording. Exits 1 if a file
    cannot be read at all, or, with --strict, if any line was rejected or any warning given.

    \b
    Example:
      points ingest statements/distrokid-2026-03.tsv
      points ingest --mapping my-label.yaml statements/my-label-q1.csv
    """
    format_name, formats = _formats(mapping, format_name, as_json, {"files": []})
    with _ProgressBars(enabled=not as_json) as bars:
        results = ingest_files(list(files), format_name, formats, bars.for_file)
    if as_json:
        _emit_json({"files": [_ingested_json(item) for item in results]})
    else:
        console = _console()
        for item in results:
            _print_ingested(console, item)
    unreadable = any(item.read is None for item in results)
    flawed = any(item.read and (item.read.rejected or item.read.warnings) for item in results)
    if unreadable or (strict and flawed):
        sys.exit(EXIT_INPUT_ERRORS)


def _through(text: str | None) -> Month | None:
    """``2026-06``, ``2026-Q2`` or ``2026-H1`` as the last month it covers."""
    from points.engine.period import last_month_of

    if text is None:
        return None
    try:
        return last_month_of(text)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _run_json(outcome: api.WorkspaceRun) -> dict[str, Any]:
    from points.engine.entries import SUMMARY_FIGURES

    result = outcome.result
    assert result is not None
    periods: dict[str, list[dict[str, str]]] = {}
    for summary in sorted(result.summaries, key=lambda s: (s.period, s.payee, s.contract)):
        periods.setdefault(summary.period, []).append(
            {"payee": summary.payee, "contract": summary.contract, "currency": summary.currency}
            | {name: _decimal(getattr(summary, name)) for name in SUMMARY_FIGURES}
        )
    return {
        "periods": [{"period": name, "payees": payees} for name, payees in periods.items()],
        "problems": result.problems,
        "held": [
            {
                "contract": h.contract,
                "recording": h.revenue.recording,
                "period": str(h.revenue.month),
                "net": _decimal(h.revenue.net),
                "currency": h.revenue.currency,
                "reason": h.reason,
            }
            for h in result.held
        ],
        "unmatched": [
            {
                "recording": r.recording,
                "period": str(r.month),
                "net": _decimal(r.net),
                "currency": r.currency,
            }
            for r in result.unmatched
        ],
    }


def _print_run(console: Console, outcome: api.WorkspaceRun) -> None:
    """Per period, one block per payee and contract: the figures a statement would show."""
    result = outcome.result
    assert result is not None
    workspace = outcome.loaded.workspace
    current = None
    for summary in sorted(result.summaries, key=lambda s: (s.period, s.payee, s.contract)):
        if summary.period != current:
            current = summary.period
            console.print(_Line(f"\n{current}", style="bold"))

        def money(name: str, summary: PayeeSummary = summary) -> str:
            amount = Money.of(getattr(summary, name), summary.currency)
            return format_money(amount, whole_if_round=False)

        console.print(f"  {workspace.party_name(summary.payee)} ({summary.contract})")
        console.print(
            f"    earned {money('earned')}, recouped {money('recouped')}, "
            f"reserve held {money('reserve_held')}, released {money('reserve_released')}, "
            f"fees {money('fees')}"
        )
        console.print(
            f"    payable {money('payable')}, carried forward {money('carried_forward')}, "
            f"unrecouped balance {money('unrecouped_balance')}"
        )
    for problem in result.problems:
        console.print(_Line(f"note: {problem}", style="yellow"))
    for (contract, code, why), (net, rows) in api.held_totals(result.held).items():
        amount = format_amount(Money.of(net, code), symbol=False)
        console.print(
            _Line(f"held: {amount} {code}, {why} ({contract}, {rows} row(s))", style="yellow")
        )
    if result.unmatched:
        console.print(f"{len(result.unmatched)} row(s) of income match no contract (unmatched)")


@main.command(name="run")
@workspace_required_argument
@statements_option(
    "A statement file to read (repeat for several); by default, what was imported.",
    required=False,
)
@mapping_option
@click.option("--through", help="The last period to run, e.g. 2026-06, 2026-Q2 or 2026-H1.")
@rates_option
@json_option
def run_command(
    workspace: Path,
    statements: tuple[Path, ...],
    mapping: Path | None,
    through: str | None,
    rates: Path | None,
    as_json: bool,
) -> None:
    """Run every contract through every period of the statements.

    Prints, per payee and period: earned, recouped, reserve held and released, fees, payable,
    carried forward and the unrecouped balance after. Exits 1 if the workspace has errors,
    or if a statement file cannot be read at all (named, with why; the run is of the others).

    \b
    Example:
      points run sample_data --statements sample_data/statements/distrokid-2026-06-07.tsv
      points run my-catalog          # over everything imported with points import
      points run my-catalog --statements q1.csv --mapping my-label.yaml
    """
    last = _through(through)
    _, formats = _formats(mapping, "auto", as_json, {"periods": []})
    exchange = _rates(rates, workspace, as_json)
    with _ProgressBars(enabled=not as_json) as bars:
        outcome = api.run_workspace(
            workspace, list(statements), last, bars.for_file, exchange, formats=formats
        )
    if outcome.result is None:
        _fail(outcome.loaded.problems, as_json, {"periods": []})
    unreadable = outcome.unreadable
    if as_json:
        _emit_json(_run_json(outcome) | {"unreadable": [_ingested_json(i) for i in unreadable]})
    else:
        _print_run(_console(), outcome)
        for item in unreadable:  # the run is of the other files; this one counts for nothing
            _print_ingested(_console(), item)
    if unreadable:
        sys.exit(EXIT_INPUT_ERRORS)


@main.command()
@click.argument("payee")
@click.option("--period", required=True, help="The period, as the run names it: 2026-H1.")
@statements_option(
    "A statement file to read (repeat for several); none: the ledger.", required=False
)
@mapping_option
@workspace_option()
@rates_option
def explain(
    payee: str,
    period: str,
    statements: tuple[Path, ...],
    mapping: Path | None,
    workspace: Path,
    rates: Path | None,
) -> None:
    """Show the working behind one payee's payable in one period, line by line.

    Every royalty with its base, rate and statement file, then fees, reserves, record one,
    recoupment, the payee's share, what was carried, and the rounding. With no statements
    named it reads the workspace's ledger: a closed period exactly as it was closed, an open
    one as `points run` computes it now.

    \b
    Example:
      points explain jane-doe --period 2026-H1 --workspace sample_data \\
        --statements sample_data/statements/distrokid-2026-06-07.tsv
      points explain jane-doe --period 2026-H1 --workspace my-catalog
    """
    _, formats = _formats(mapping, "auto", False, {})
    try:
        explained = api.explain_payee(
            workspace,
            payee,
            period.strip().upper(),
            statements,
            _rates(rates, workspace),
            formats,
        )
    except api.UnknownPayeeError as error:
        _refuse(error)
    if not explained.loaded.ok:
        _fail(explained.loaded.problems, False, {})
    _refuse_unreadable(explained.unreadable, "no working is shown")
    console = _console()
    console.print(_Line(EXPLAINED_FROM[explained.source], style="dim"))
    for line in explained.lines:
        console.print(_Line(line))


def _refuse_unreadable(unreadable: list[IngestedFile], consequence: str) -> None:
    """Name each statement file that could not be read, say what was not done, exit 1: figures
    that silently leave a named file's income out would be wrong on their face."""
    if not unreadable:
        return
    console = _console()
    for item in unreadable:
        _print_ingested(console, item)
    console.print(
        _Line(f"{len(unreadable)} statement file(s) could not be read: {consequence}", style="red")
    )
    sys.exit(EXIT_INPUT_ERRORS)


EXPLAINED_FROM = {
    "closed": "From the ledger: this period is closed; its figures are as they were closed.",
    "open": "From the ledger's open periods, computed now; they may change until closed.",
    "statements": "From the statements named, computed now.",
}


def _record_json(record: api.ImportRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "path": record.path,
        "sha256": record.sha256,
        "format": record.format,
        "lines": {
            "read": record.read,
            "accepted": record.accepted,
            "skipped": record.skipped,
            "rejected": record.rejected,
        },
        "months": list(record.months),
        "imported_at": record.imported_at,
        "superseded_by": record.superseded_by,
    }


def _import_json(outcome: api.ImportOutcome) -> dict[str, Any]:
    record = outcome.record
    status = "imported" if outcome.new else "already imported"
    return {
        "path": str(outcome.path),
        "status": ("refused" if outcome.overlaps else "error") if outcome.error else status,
        "error": outcome.error,
        "import": None if record is None else _record_json(record),
        "overlaps": [
            {"id": o.id, "path": o.path, "months": list(o.months)} for o in outcome.overlaps
        ],
        "replaced": [r.id for r in outcome.replaced],
    }


def _superseded(record: api.ImportRecord) -> str:
    return f", replaced by import {record.superseded_by}" if record.superseded_by else ""


def _print_import(console: Console, outcome: api.ImportOutcome) -> None:
    record = outcome.record
    if outcome.error or record is None:
        console.print(_Line(f"{outcome.path}: {outcome.error}", style="red"))
        return
    if not outcome.new:
        console.print(
            f"{outcome.path}: already imported (import {record.id}, {record.path}, "
            f"{record.imported_at}{_superseded(record)}); nothing changed"
        )
        return
    console.print(
        f"{outcome.path}: imported as import {record.id} ({record.format}, "
        f"{record.accepted:,} lines taken, {record.rejected:,} rejected, "
        f"months {', '.join(record.months)})"
    )
    for old in outcome.replaced:
        console.print(
            _Line(f"  replaces import {old.id} ({old.path}): its income no longer counts")
        )
    for other in outcome.overlaps:
        months = ", ".join(sorted(set(other.months) & set(record.months)))
        console.print(
            _Line(f"  beside import {other.id} ({other.path}) for months {months}", style="yellow")
        )


def _list_imports(workspace: Path, as_json: bool) -> None:
    records = api.imports(workspace)
    if as_json:
        _emit_json({"imports": [_record_json(r) for r in records]})
        return
    console = _console()
    if not records:
        console.print("nothing imported yet")
    for r in records:
        status = f"replaced by import {r.superseded_by}" if r.superseded_by else "in force"
        console.print(
            f"import {r.id}: {r.path} ({r.format}, months {', '.join(r.months) or 'none'}, "
            f"{r.accepted:,} lines taken, imported {r.imported_at}): {status}"
        )


@main.command(name="import")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@workspace_option("The workspace whose ledger takes the files.")
@format_option
@mapping_option
@click.option(
    "--replace",
    is_flag=True,
    help="The file corrects a statement imported before (same format, months in common): "
    "that import stops counting, and is kept, marked replaced.",
)
@click.option(
    "--additional",
    is_flag=True,
    help="The file is a separate statement, though it covers months an import covers.",
)
@click.option("--list", "listing", is_flag=True, help="List the imports instead, oldest first.")
@json_option
def import_command(
    files: tuple[Path, ...],
    workspace: Path,
    format_name: str,
    mapping: Path | None,
    replace: bool,
    additional: bool,
    listing: bool,
    as_json: bool,
) -> None:
    """Import statement files into the workspace's ledger, each in one transaction.

    A statement is known by what it says, not by its bytes: importing the same file again, or
    the same statement re-saved (other line ends, UTF-16, a byte order mark), is a no-op that
    says so. A statement of the same format covering months that an import still in force
    covers is refused (exit 1), naming that import, unless --replace (it corrects that
    statement: the earlier import stops counting, and a closed period's share of the
    difference is booked in the next open period) or --additional (it is a separate
    statement). Rejected lines are listed by `points ingest`; the rest of the file is
    imported. Exits 1 if a file cannot be read or is refused, or if another points command
    is writing to the ledger.

    \b
    Example:
      points import --workspace my-catalog statements/distrokid-2026-06.tsv
      points import --workspace my-catalog --replace statements/distrokid-2026-06-fixed.tsv
      points import --workspace my-catalog --mapping my-label.yaml statements/q1.csv
      points import --workspace my-catalog --list
    """
    if listing:
        _list_imports(workspace, as_json)
        return
    if not files:
        raise click.UsageError("name the statement files to import (or --list the imports)")
    if replace and additional:
        raise click.UsageError("--replace and --additional say opposite things: choose one")
    overlap: api.OverlapRule = "replace" if replace else "additional" if additional else "refuse"
    format_name, formats = _formats(mapping, format_name, as_json, {"imports": []})
    with _ProgressBars(enabled=not as_json) as bars:
        outcomes = api.import_files(
            workspace, list(files), format_name, formats, bars.for_file, overlap
        )
    if as_json:
        _emit_json({"imports": [_import_json(o) for o in outcomes]})
    else:
        console = _console()
        for outcome in outcomes:
            _print_import(console, outcome)
    if any(o.error for o in outcomes):
        sys.exit(EXIT_INPUT_ERRORS)


@main.command()
@click.argument("period")
@workspace_option()
@rates_option
def close(period: str, workspace: Path, rates: Path | None) -> None:
    """Close every period up to PERIOD: its figures are kept and never change again.

    Runs the open periods over what was imported, keeps each payee's figures, the entries and
    the engine's state, and later runs start from there. A statement imported later for a
    closed period becomes an adjustment in the next open period. Income that cannot be booked
    yet (no exchange rate for it, or no contract for its recording) is kept in the ledger and
    booked in the first open period once it can be. Exits 1 if PERIOD is closed already.

    \b
    Example:
      points close 2026-H1 --workspace my-catalog
    """
    through = _through(period)
    assert through is not None
    outcome = api.close_through(workspace, through, _rates(rates, workspace))
    if outcome.result is None:
        _fail(outcome.loaded.problems, False, {})
    console = _console()
    _print_run(console, outcome)
    console.print(_Line(f"\nClosed through {through}.", style="green"))


@main.command()
@click.argument("payee")
@click.argument("amount")
@click.option("--currency", default="USD", show_default=True, help="The payment's currency.")
@click.option(
    "--date",
    "paid_on",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="When it was paid, YYYY-MM-DD.",
)
@click.option("--ref", "reference", required=True, help="The bank or cheque reference.")
@click.option("--advance", is_flag=True, help="An advance: it may exceed what is owed.")
@workspace_option()
def pay(
    payee: str,
    amount: str,
    currency: str,
    paid_on: Any,
    reference: str,
    advance: bool,
    workspace: Path,
) -> None:
    """Record a payment to a payee, which reduces what they are owed.

    The amount must be above zero, in whole minor units of the currency (cents for USD), and
    the payee one that a contract of the workspace pays in that currency. A payment may not
    exceed what the closed periods made payable, unless it is recorded as an advance; what is
    owed is checked in the same transaction that records the payment, so two payments made at
    once cannot both be taken. Exits 2 if the amount or currency cannot be a payment's, 1 if
    the payee is not paid in that currency or is owed less.

    \b
    Example:
      points pay jane-doe 2506.01 --date 2026-09-30 --ref "BACS 4411" --workspace my-catalog
    """
    try:
        value = parse_amount(amount)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="AMOUNT") from None
    payment = api.Payment(payee, currency.upper(), value, paid_on.date(), reference, advance)
    number = api.pay(workspace, payment)
    _console().print(f"payment {number} recorded: {payee} {value} {payment.currency}")


@main.command()
@workspace_option()
@json_option
def balances(workspace: Path, as_json: bool) -> None:
    """What each payee was made payable in closed periods, was paid, and is still owed.

    \b
    Example:
      points balances --workspace my-catalog
    """
    rows = api.balances(workspace)
    if as_json:
        _emit_json(
            {
                "balances": [
                    {
                        "payee": b.payee,
                        "currency": b.currency,
                        "payable": _decimal(b.payable),
                        "paid": _decimal(b.paid),
                        "advanced": _decimal(b.advanced),
                        "carried_forward": _decimal(b.carried),
                        "unrecouped_balance": _decimal(b.unrecouped),
                        "owed": _decimal(b.owed),
                        "held": [
                            {
                                "currency": h.currency,
                                "net": _decimal(h.net),
                                "reason": h.reason,
                                "rows": h.rows,
                            }
                            for h in b.held
                        ],
                    }
                    for b in rows
                ]
            }
        )
        return
    console = _console()
    for b in rows:

        def money(value: Decimal, code: str = b.currency) -> str:
            return format_money(Money.of(value, code), whole_if_round=False)

        console.print(
            f"{b.payee}: payable {money(b.payable)}, paid {money(b.paid)}, "
            f"advanced {money(b.advanced)}, owed {money(b.owed)}; "
            f"carried forward {money(b.carried)}, unrecouped {money(b.unrecouped)}"
        )
        for h in b.held:
            amount = format_amount(Money.of(h.net, h.currency), symbol=False)
            console.print(_Line(f"  held: {amount} {h.currency}, {h.reason}", style="yellow"))


@main.command()
@click.argument("payee")
@workspace_option()
@json_option
def history(payee: str, workspace: Path, as_json: bool) -> None:
    """A payee's closed periods and payments, oldest first.

    \b
    Example:
      points history jane-doe --workspace my-catalog
    """
    lines = api.history(workspace, payee)
    if as_json:
        _emit_json(
            {
                "payee": payee,
                "history": [
                    {
                        "when": h.when,
                        "what": h.what,
                        "amount": _decimal(h.amount),
                        "currency": h.currency,
                    }
                    for h in lines
                ],
            }
        )
        return
    console = _console()
    if not lines:
        console.print(f"nothing closed or paid for {payee} yet")
    for h in lines:
        amount = format_money(Money.of(h.amount, h.currency), whole_if_round=False)
        console.print(f"{h.when}  {amount:>14}  {h.what}")


@main.group()
def audit() -> None:
    """Records for an outside accountant or auditor.

    \b
    Example:
      points audit export 2026-H1 --out h1.xlsx --workspace my-catalog
    """


@audit.command(name="export")
@click.argument("period")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write: .csv or .xlsx.",
)
@force_option
@workspace_option()
def audit_export(period: str, out: Path, force: bool, workspace: Path) -> None:
    """Write a closed period's ledger entries, each with its contract term, explanation and
    source statement, to CSV or XLSX.

    An existing file is replaced only with --force; the ledger or a workspace file never.

    \b
    Example:
      points audit export 2026-H1 --out h1.csv --workspace my-catalog
    """
    count = api.audit_export(workspace, period.strip().upper(), out, force=force)
    _console().print(f"{count:,} entries of {period} written to {out}")


@main.command()
@click.argument("payee")
@click.option("--period", required=True, help="The period, as the run names it: 2026-H1.")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(STATEMENT_FORMATS),
    default="xlsx",
    show_default=True,
    help="xlsx (with a chart), html (printable page), pdf (needs Chromium), csv or json.",
)
@statements_option(
    "A statement file to read (repeat for several); by default, what was imported.",
    required=False,
)
@mapping_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write (default: a name made from the payee and period, here).",
)
@force_option
@workspace_option()
@rates_option
def statement(
    payee: str,
    period: str,
    format_name: str,
    statements: tuple[Path, ...],
    mapping: Path | None,
    out: Path | None,
    force: bool,
    workspace: Path,
    rates: Path | None,
) -> None:
    """Write a payee's royalty statement for one period.

    Opening balance, earnings by recording, channel and territory, fees, reserves,
    recoupment and the unrecouped balance, payable, payments and closing balance, with a
    chart of earnings and the unrecouped balance over the periods. Every figure is the
    engine's (the same as `points run --json`). An existing file is replaced only with
    --force; the ledger or a workspace file never. Exits 1 if the workspace has errors, no
    contract pays PAYEE, or the payee has no figures in that period.

    \b
    Example:
      points statement jane-doe --period 2026-H1 --format pdf --workspace sample_data \\
        --statements sample_data/statements/distrokid-2026-06-07.tsv
    """
    _through(period)  # a bad period name is a usage error
    _, formats = _formats(mapping, "auto", False, {})
    try:
        report = api.payee_statement(
            workspace,
            payee,
            period,
            list(statements),
            None,
            _rates(rates, workspace),
            formats,
        )
    except api.UnknownPayeeError as error:
        _refuse(error)
    if not report.loaded.ok:
        _fail(report.loaded.problems, False, {})
    _refuse_unreadable(report.unreadable, "no statement is written")
    if report.statement is None:
        _fail(report.loaded.problems, False, {})
    try:
        path = api.save_statement(
            report.statement, format_name, out, force=force, workspace=workspace
        )
    except (api.PdfError, OSError) as error:
        _refuse(error)
    name = report.statement.payee_name
    _console().print(f"statement of {name} for {report.statement.period} written to {path}")


# -- Papers: split sheets, agreement drafts and templates ---------------------------------------


def _document_options(command: F) -> F:
    """``--format``, ``--out`` and ``--force``, shared by the commands that write a document."""
    command = click.option("--force", is_flag=True, help="Replace the output file if it exists.")(
        command
    )
    command = click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Where to write it (default: a name from its title, in the current folder).",
    )(command)
    return click.option(
        "--format",
        "output",
        type=click.Choice(FORMATS),
        default="md",
        show_default=True,
        help="md (Markdown), html (a printable page) or docx (Word).",
    )(command)


def _write_paper(outcome: api.PaperOutcome, out: Path | None, force: bool, workspace: Path) -> None:
    if outcome.document is None:
        _fail(outcome.loaded.problems, False, {})
    try:
        path = api.write_document(outcome.document, out, force=force, workspace=workspace)
    except api.DocumentError as error:
        _refuse(error)
    _console().print(f"wrote {path}")


@main.command(name="split-sheet")
@click.argument("work")
@click.option(
    "--from-contracts",
    is_flag=True,
    help="Derive the master points the contracts give on the work's recordings instead.",
)
@_document_options
@workspace_option()
def split_sheet_command(
    work: str,
    from_contracts: bool,
    output: api.Format,
    out: Path | None,
    force: bool,
    workspace: Path,
) -> None:
    """Write the split sheet for WORK (a split sheet id or a work id), with signature lines.

    Refuses, naming the file and line, a sheet whose shares do not total exactly 100%. With
    --from-contracts, WORK may also be an ISRC: the document lists the royalty points each
    contract covering the recording gives its payees, marked as derived from the contracts.

    \b
    Example:
      points split-sheet glass-harbor --format docx --workspace sample_data
      points split-sheet glass-harbor --from-contracts --workspace sample_data
    """
    try:
        outcome = api.split_sheet(workspace, work, output, from_contracts=from_contracts)
    except (api.DocumentError, api.PdfError) as error:
        _refuse(error)
    _write_paper(outcome, out, force, workspace)


@main.command(name="draft")
@click.argument("template")
@click.argument("subject")
@_document_options
@workspace_option()
def draft_command(
    template: str,
    subject: str,
    output: api.Format,
    out: Path | None,
    force: bool,
    workspace: Path,
) -> None:
    """Draft an agreement from TEMPLATE for SUBJECT, marked for review by counsel.

    SUBJECT is a contract id, or a split sheet (or work) id for a template that takes a split
    sheet (co-writer-agreement). The deal is restated in the same words as `points demo`, from
    the same contract file. `points templates` lists the templates.

    \b
    Example:
      points draft producer-agreement jane-doe-producer --format docx --workspace sample_data
      points draft co-writer-agreement glass-harbor --workspace sample_data
    """
    try:
        outcome = api.draft(workspace, template, subject, output)
    except (api.DocumentError, api.PdfError) as error:
        _refuse(error)
    _write_paper(outcome, out, force, workspace)


@main.command(name="templates")
@workspace_option()
@json_option
def templates_command(workspace: Path, as_json: bool) -> None:
    """List the document templates: the shipped ones and the workspace's own.

    A workspace adds templates, or replaces a shipped one of the same name, by putting
    NAME.md.j2 files in its templates/ folder. Exits 1 if one of them is broken.

    \b
    Example:
      points templates --workspace sample_data
    """
    found, broken = api.list_templates(workspace)
    if as_json:
        _emit_json(
            {
                "templates": [
                    {
                        "name": t.name,
                        "title": t.title,
                        "takes": t.takes,
                        "kind": t.kind,
                        "description": t.description,
                        "origin": t.origin,
                        "overrides": t.overrides,
                        "path": str(t.path),
                    }
                    for t in found
                ],
                "broken": broken,
            }
        )
    else:
        console = _console()
        for t in found:
            line = _Line(t.name, style="bold cyan")
            line.append(f"  from {t.takes_words}, makes {t.kind_words}  [{t.where}]")
            console.print(line)
            console.print(_Line(f"    {t.title}" + (f": {t.description}" if t.description else "")))
        for problem in broken:
            console.print(_Line(problem, style="red"))
    if broken:
        sys.exit(EXIT_INPUT_ERRORS)
