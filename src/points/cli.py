"""The ``points`` command: a thin click layer over ``points.api``.

Each command parses its options, calls the library and prints: rich text for people, one JSON
document with ``--json``. Exit codes scripts can trust: 0 fine, 1 the input has errors (the
report says which), 2 the command line itself was wrong.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from points import __version__, api
from points.errors import Problem, Severity, has_errors

EXIT_INPUT_ERRORS = 1

F = TypeVar("F", bound=Callable[..., Any])


def json_option(command: F) -> F:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON document instead of text."
    )(command)


def workspace_argument(command: F) -> F:
    return click.argument(
        "workspace", default=".", type=click.Path(file_okay=False, path_type=Path)
    )(command)


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _emit_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False, default=str))


def _print_problems(console: Console, problems: Sequence[Problem]) -> None:
    for problem in problems:
        style = "red" if problem.severity is Severity.ERROR else "yellow"
        line = Text(f"{problem.source}: ", style="bold")
        line.append(f"{problem.severity} [{problem.code}] ", style=style)
        line.append(problem.message)
        console.print(line)
        if problem.hint:
            console.print(Text(f"    hint: {problem.hint}", style="dim"))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if problems:
        console.print(Text(f"{errors} error(s), {warnings} warning(s)", style="bold red"))


def _problems_json(problems: Sequence[Problem]) -> list[dict[str, object]]:
    return [problem.to_json() for problem in problems]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
            console.print(Text(f"{workspace}: ok ({summary})", style="green"))
    if has_errors(result.problems):
        sys.exit(EXIT_INPUT_ERRORS)


def _report_deals(workspace: Path, as_json: bool, heading: str | None = None) -> None:
    report = api.describe_deals(workspace)
    loaded = report.loaded
    if as_json:
        _emit_json(
            {
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
        )
    else:
        console = _console()
        if heading:
            console.print(Text(heading, style="bold"))
        _print_problems(console, loaded.problems)
        if report.deals:
            table = Table(title="Deals", show_lines=True, expand=False)
            table.add_column("contract", style="cyan", no_wrap=True)
            table.add_column("in plain English")
            for deal in report.deals:
                table.add_row(deal.contract, Text(deal.sentence))
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
def demo(as_json: bool) -> None:
    """Run the main job on the bundled sample workspace.

    Validates the sample deals and restates each in plain English.

    \b
    Example:
      points demo
    """
    sample = api.sample_data_path()
    _report_deals(sample, as_json, heading=f"Sample workspace: {sample}")
