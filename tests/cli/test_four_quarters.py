"""A workspace taken through four quarters the way a label's royalty desk lives them (issue 5,
"Done when"): statements imported each quarter, each quarter closed, a late statement for a
closed quarter, a corrected statement, two payments, and an import killed half-way and run
again. The balances after every step are a golden transcript, and a twin workspace that never
crashed must end with exactly the same ledger.

Jane Doe's figures can be followed by hand. She has 4 points of net receipts on two tracks
(QZRLR2600003, QZRLR2600004) and, pro-rated by tracks, on album downloads of the six-track
release. The sample statement's June lines earn her 4% x (84.9927 + 35.7864) on her tracks
plus 4% x 88.20 x 2/6 on the album: 4.831164 + 1.176 = 6.007164 USD.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from points.api import ledger_of
from points.cli import main
from points.ledger.store import LEDGER_FILE

from conftest import SAMPLE_DATA

STATEMENT = SAMPLE_DATA / "statements" / "distrokid-2026-06-07.tsv"
HEADER, *LINES = STATEMENT.read_text(encoding="utf-8").splitlines()
JUNE = [line for line in LINES if line.startswith("2026-06-05")]
JULY = [line for line in LINES if line.startswith("2026-07-05")]


def _statement(folder: Path, name: str, reported: str, lines: list[str]) -> Path:
    """The sample's lines as a DistroKid export reported on another date."""
    path = folder / name
    body = [reported + line[len("2026-06-05") :] for line in lines]
    path.write_text("\n".join([HEADER, *body]) + "\n", encoding="utf-8")
    return path


def _correction(folder: Path) -> Path:
    """DistroKid's way of correcting a line: the wrong line reversed, the right one added.
    Jane's Spotify line for QZRLR2600003 in Q3 was 23.1192; the corrected figure is 25.1192."""
    wrong = next(line for line in JUNE if "\tSpotify\t" in line and "QZRLR2600003" in line)
    cells = wrong.split("\t")
    reversal = [*cells]
    reversal[7], reversal[12] = f"-{cells[7]}", f"-{cells[12]}"
    right = [*cells]
    right[12] = "25.11920000"
    rows = ["\t".join(["2026-08-05", *c[1:]]) for c in (reversal, right)]
    path = folder / "correction-2026-08.tsv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _workspace(folder: Path) -> Path:
    """The sample workspace, every contract accounted quarterly."""
    root = folder / "label"
    shutil.copytree(SAMPLE_DATA, root, ignore=shutil.ignore_patterns(LEDGER_FILE, "statements"))
    for contract in (root / "contracts").glob("*.yaml"):
        text = contract.read_text(encoding="utf-8")
        contract.write_text(text.replace("period: semi_annual", "period: quarterly"))
    return root


def _cli(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--workspace", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def _balances(root: Path) -> list[dict[str, Any]]:
    return json.loads(_cli(root, "balances", "--json"))["balances"]  # type: ignore[no-any-return]


def _snapshot(root: Path) -> tuple[object, ...]:
    with ledger_of(root) as ledger:
        return (
            ledger.closed_summaries(),
            ledger.closed_entries(),
            [(p.payee, p.amount, p.paid_on, p.advance) for p in ledger.payments()],
        )


def _year(root: Path, folder: Path, transcript: list[str], crash: bool) -> None:
    statements = {
        "q1": _statement(folder, "distrokid-2026-02.tsv", "2026-02-05", JUNE),
        "late": _statement(folder, "distrokid-2026-03-late.tsv", "2026-03-05", JUNE[-1:]),
        "q2": _statement(folder, "distrokid-2026-05.tsv", "2026-05-05", JULY),
        "q3": _statement(folder, "distrokid-2026-08.tsv", "2026-08-05", JUNE),
        "q4": _statement(folder, "distrokid-2026-11.tsv", "2026-11-05", JULY),
    }
    correction = _correction(folder)

    def step(title: str, *command: str) -> None:
        output = _cli(root, *command) if command else ""
        transcript.append(f"## {title}")
        if command and command[0] in ("pay", "import") and "after the crash" not in title:
            transcript.append(output.strip().replace(str(folder), "…"))
        for b in _balances(root):
            transcript.append(
                f"{b['payee']}: payable {b['payable']}, paid {b['paid']}, "
                f"advanced {b['advanced']}, owed {b['owed']}; carried forward "
                f"{b['carried_forward']}, unrecouped {b['unrecouped_balance']} {b['currency']}"
            )

    step("Q1 statement imported", "import", str(statements["q1"]))
    step("Q1 closed", "close", "2026-Q1")
    step(
        "Jane paid her Q1 fee and royalties, in part",
        "pay",
        "jane-doe",
        "2000",
        "--date",
        "2026-04-20",
        "--ref",
        "BACS 1001",
    )
    step("A late statement for Q1 arrives after Q1 closed", "import", str(statements["late"]))
    step("Q2 statement imported", "import", str(statements["q2"]))
    step("Q2 closed (the late Q1 line is booked here)", "close", "2026-Q2")
    step("Q3 statement imported", "import", str(statements["q3"]))
    step("Q3 closed", "close", "2026-Q3")
    step(
        "A correction for Q3 arrives after Q3 closed",
        "import",
        "--additional",  # DistroKid's way: the wrong line reversed and the right one added
        str(correction),
    )
    if crash:  # the Q4 import is killed mid-way; the ledger must be as it was before it
        before = _snapshot(root)
        points = Path(sys.executable).parent / "points"
        child = subprocess.Popen(
            [str(points), "import", "--workspace", str(root), str(statements["q4"])],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.4)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with ledger_of(root) as ledger:
            kept = [r.path for r in ledger.imports()]
        whole = str(statements["q4"]) in kept  # the import had finished before the kill
        assert whole or _snapshot(root) == before
        transcript.append("## The Q4 import is killed (SIGKILL); the ledger is whole")
    # imported now, or already whole if the kill came after the commit: either way, once
    step("Q4 statement imported (again, after the crash)", "import", str(statements["q4"]))
    with ledger_of(root) as ledger:
        assert [r.path for r in ledger.imports()].count(str(statements["q4"])) == 1
    step("Q4 closed (the Q3 correction is booked here)", "close", "2026-Q4")
    step(
        "Jane paid the rest of what she is owed",
        "pay",
        "jane-doe",
        "506.01",
        "--date",
        "2027-01-20",
        "--ref",
        "BACS 1002",
    )


def test_four_quarters_with_a_late_statement_a_correction_two_payments_and_a_crash(
    tmp_path: Path, golden: Any
) -> None:
    crashed, clean = tmp_path / "crashed", tmp_path / "clean"
    crashed.mkdir()
    clean.mkdir()
    transcript: list[str] = []
    root = _workspace(crashed)
    _year(root, crashed, transcript, crash=True)
    twin = _workspace(clean)
    _year(twin, clean, [], crash=False)
    # the crashed workspace ends with exactly the ledger of the one that never crashed
    # (but for the folder each read its statements from)
    ledgers = [repr(_snapshot(r)).replace(str(f), "…") for r, f in ((root, crashed), (twin, clean))]
    assert ledgers[0] == ledgers[1]
    jane = [line for line in _cli(root, "history", "jane-doe").splitlines() if line.strip()]
    golden("four-quarters.txt", "\n".join([*transcript, "## Jane's history", *jane, ""]))
    # the late line and the correction appear in the working of the periods that booked them
    q2 = _cli(root, "explain", "jane-doe", "--period", "2026-Q2")
    assert "distrokid-2026-03-late.tsv" in q2
    q4 = _cli(root, "explain", "jane-doe", "--period", "2026-Q4")
    assert "correction-2026-08.tsv" in q4
