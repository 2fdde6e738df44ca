"""Issue 15, the output half: hostile templates, names, file names, full or read-only disks and
damaged ledgers, each fed through the ``points`` command.

Every case checks the exit status and the message; the subprocess cases also run under a
1 GiB address-space limit and check the time and peak memory taken, and every case checks
that nothing was written outside the place it should be (or at all, when refused).
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from points.cli import main
from points.ledger import backend as ledger_backend
from points.render.limits import (
    MAX_FILENAME_BYTES,
    MAX_INCLUDES,
    MAX_LOOP_ITERATIONS,
    MAX_OUTPUT_CHARS,
    MAX_VALUE_SIZE,
)

from conftest import SAMPLE_DATA

POINTS = Path(sys.executable).with_name("points")
ADDRESS_SPACE = 1 << 30  # 1 GiB: today's hostile templates took 3 to 6.5 GB
STATEMENT = "distrokid-2026-06-07.tsv"
HEADER = "{#\ntitle: Evil\ntakes: contract\nkind: draft\n#}\n"  # the body starts on line 6


@dataclass(frozen=True)
class Ran:
    status: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def points(*args: str | Path, cwd: Path, drop_dac: bool = False, timeout: float = 120) -> Ran:
    """``points ARGS`` in a subprocess under a 1 GiB address-space limit (``drop_dac``: root
    without the power to ignore file modes): its exit status, output, wall time and peak
    resident memory."""

    def confine() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
        if drop_dac:
            _without_dac_override()

    out, err = cwd.parent / f".{cwd.name}.stdout", cwd.parent / f".{cwd.name}.stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        start = time.monotonic()
        process = subprocess.Popen(
            [str(POINTS), *map(str, args)],
            cwd=cwd,
            stdout=stdout,
            stderr=stderr,
            preexec_fn=confine,
            env={**os.environ, "COLUMNS": "200", "HOME": str(cwd)},
        )
        killer = threading.Timer(timeout, os.kill, (process.pid, signal.SIGKILL))
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
    ran = Ran(
        process.returncode,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"),
        seconds,
        usage.ru_maxrss / 1024,
    )
    out.unlink()
    err.unlink()
    return ran


def tree(*roots: Path) -> dict[str, bytes]:
    """Every file under ``roots`` and its bytes: what a command must leave as it was."""
    return {
        str(path): path.read_bytes()
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder everyone may enter (``tmp_path`` is private to root), with a copy of the
    sample workspace in ``ws`` and an empty ``here`` to run commands from."""
    root = tmp_path / "place"
    shutil.copytree(SAMPLE_DATA, root / "ws")
    (root / "here").mkdir()
    for folder in (tmp_path, root, root / "here", *root.joinpath("ws").rglob("*")):
        if folder.is_dir():
            folder.chmod(0o755)
    for parent in tmp_path.parents:  # pytest's base folder is 0700; let `nobody` through
        if parent != Path("/") and parent.stat().st_uid == os.getuid():
            parent.chmod(parent.stat().st_mode | 0o011)
    return root


# -- 1. Templates ------------------------------------------------------------------------------

HOSTILE_TEMPLATES = {
    "repeat": ("{{ 'x' * 3000000000 }}", f"more than {MAX_VALUE_SIZE:,}"),
    "repeat-list": ("{{ ([0] * 1000000) * 1000000 }}", f"more than {MAX_VALUE_SIZE:,}"),
    "float-repeat": ("{{ 'x' * 3e9 }}", "can't multiply sequence by non-int"),
    "nested-ranges": (
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
        f"turned more than {MAX_LOOP_ITERATIONS:,} times",
    ),
    "nested-ranges-writing": (
        "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
        f"turned more than {MAX_LOOP_ITERATIONS:,} times",
    ),
    "range": ("{% for i in range(100000000) %}{% endfor %}", "range() would give"),
    "big-output": (
        "{% for i in range(100) %}{{ 'x' * 900000 }}{% endfor %}",
        f"wrote more than {MAX_OUTPUT_CHARS:,} characters",
    ),
    "block-doubling": (
        "{% set a = 'x' * 1000000 %}{% set b %}{% for i in range(1000) %}{{ a }}"
        "{% endfor %}{% endset %}{{ b }}",
        f"a block of the template wrote more than {MAX_OUTPUT_CHARS:,}",
    ),
    "concat": ("{% set a = 'x' * 1000000 %}{{ a ~ a ~ a }}", "a joined string (~)"),
    "plus": ("{% set a = 'x' * 1000000 %}{{ a + a }}", "a '+' would make more than"),
    "join": ("{% set a = 'x' * 1000000 %}{{ [a, a, a, a]|join }}", "|join would make"),
    "replace": ("{% set a = 'x' * 100000 %}{{ a|replace('x', a) }}", "|replace would make"),
    "center": ("{{ 'x'|center(3000000000) }}", "the number 3000000000 is larger"),
    "format-width": ("{{ '{:>3000000000}'.format(1) }}", "str.format() would make"),
    "printf-width": ("{{ '%*s' % (3000000000, 'x') }}", "a % formatting would make"),
    "power": ("{{ 10 ** 100000000 }}", "would have about"),
    "self-include": (
        '{% include "self-include.md.j2" %}',
        f"loaded other templates more than {MAX_INCLUDES} times",
    ),
    "recursive-macro": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "recursed too deeply"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TEMPLATES))
def test_a_hostile_template_is_refused_in_bounded_time_and_memory(place: Path, name: str) -> None:
    body, message = HOSTILE_TEMPLATES[name]
    templates = place / "ws" / "templates"
    templates.mkdir()
    (templates / f"{name}.md.j2").write_text(HEADER + body + "\n", encoding="utf-8")
    before = tree(place / "ws")
    ran = points(
        "draft", name, "jane-doe-producer", "--workspace", place / "ws", cwd=place / "here"
    )
    assert ran.status == 1, ran.output
    assert message in ran.output
    assert f"templates/{name}.md.j2" in ran.output  # the file, and the line where it knows
    assert "Traceback" not in ran.output
    assert ran.seconds < 30, ran  # a loaded machine; each takes 1-4 s (jinja2 compiles)
    assert ran.peak_mib < 300, ran
    assert tree(place / "ws") == before
    assert list((place / "here").iterdir()) == []


def test_a_template_can_still_do_everything_a_paper_needs(place: Path) -> None:
    # the limits are far from real use: loops, includes, macros, joins, formatting
    templates = place / "ws" / "templates"
    templates.mkdir()
    (templates / "part.md.j2").write_text("{{ '%s.' % title }}\n", encoding="utf-8")
    (templates / "fine.md.j2").write_text(
        HEADER
        + "{% macro twice(s) %}{{ s }}{{ s }}{% endmacro %}\n"
        + "# {{ contract.title|upper }}\n\n"
        + "{% for i in range(3) %}\n- item {{ i }}: {{ '{:0>4}'.format(i) }}\n{% endfor %}\n\n"
        + "{% set title = 'Included' %}{% include 'part.md.j2' %}\n\n"
        + "{{ ['a', 'b'] | join(', ') }} {{ 'ab' * 3 }} {{ twice('xy') }}\n",
        encoding="utf-8",
    )
    out = place / "here" / "fine.md"
    ran = points(
        "draft",
        "fine",
        "jane-doe-producer",
        "--workspace",
        place / "ws",
        "--out",
        out,
        cwd=place / "here",
    )
    assert ran.status == 0, ran.output
    assert out.read_text(encoding="utf-8").endswith(
        "# PRODUCER AGREEMENT — JANE DOE (LOW TIDE RADIO, PAPER SATELLITES)\n\n"
        "- item 0: 0000\n- item 1: 0001\n- item 2: 0002\n\nIncluded.\n\na, b ababab xyxy\n"
    )


@pytest.fixture
def secret(place: Path) -> Path:
    """A file outside every templates folder, that no template may read."""
    path = place / "secret.txt"
    path.write_text("root:SECRET-MARKER:0:0\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("target", ["secret", "/etc/passwd"])
def test_an_include_through_a_link_outside_the_templates_folder_is_refused(
    place: Path, secret: Path, target: str
) -> None:
    templates = place / "ws" / "templates"
    templates.mkdir()
    (templates / "passwd.md.j2").symlink_to(secret if target == "secret" else Path(target))
    (templates / "evil.md.j2").write_text(
        HEADER + '{% include "passwd.md.j2" %}\n', encoding="utf-8"
    )
    before = tree(place / "ws")
    ran = points(
        "draft", "evil", "jane-doe-producer", "--workspace", place / "ws", cwd=place / "here"
    )
    assert ran.status == 1, ran.output
    assert "passwd.md.j2 leads outside its templates folder" in ran.output
    assert "SECRET-MARKER" not in ran.output
    assert "root:x:" not in ran.output
    assert tree(place / "ws") == before
    assert list((place / "here").iterdir()) == []


def test_a_template_that_is_a_link_outside_is_refused_by_name_and_never_read(
    place: Path, secret: Path
) -> None:
    templates = place / "ws" / "templates"
    templates.mkdir()
    (templates / "passwd.md.j2").symlink_to(secret)
    ran = points("templates", "--workspace", place / "ws", cwd=place / "here")
    assert ran.status == 1
    assert "passwd.md.j2 leads outside its templates folder" in ran.output
    assert "SECRET-MARKER" not in ran.output
    ran = points(
        "draft", "passwd", "jane-doe-producer", "--workspace", place / "ws", cwd=place / "here"
    )
    assert ran.status == 1
    assert "leads outside its templates folder" in ran.output
    assert "SECRET-MARKER" not in ran.output
    assert list((place / "here").iterdir()) == []


# -- 2. Control and escape codes in names reaching the terminal ------------------------------

# Clear screen, an OSC window title, an OSC-8 link, BEL, a CSI colour (ESC [ and the one-byte
# C1 form), a carriage return that would overwrite the line, and a right-to-left override.
HOSTILE_NAME = (
    "Jane \x1b[2J\x1b]0;pwned\x07Doe \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ "
    "\x1b[31mred\x9b0m\rOVER \u202eeod"
)
SHOWN = (
    "Jane \\x1b[2J\\x1b]0;pwned\\x07Doe \\x1b]8;;https://evil.example\\x1b\\click"
    "\\x1b]8;;\\x1b\\ \\x1b[31mred\\x9b0m\\x0dOVER \\u202eeod"
)
UNSAFE_CHARACTERS = ("\x1b", "\x07", "\x9b", "\r", "\u202e")


def _yaml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML 1.2 double-quoted scalar


@pytest.fixture
def hostile_names(place: Path) -> Path:
    """The sample workspace with Jane Doe's legal name and her contract's title hostile."""
    ws = place / "ws"
    parties = ws / "parties.yaml"
    text = parties.read_text(encoding="utf-8")
    text = text.replace("legal_name: Jane Doe", f"legal_name: {_yaml_string(HOSTILE_NAME)}", 1)
    parties.write_text(text, encoding="utf-8")
    contract = ws / "contracts" / "jane-doe-producer.yaml"
    text = contract.read_text(encoding="utf-8")
    title = "title: Producer agreement — Jane Doe (Low Tide Radio, Paper Satellites)"
    assert title in text
    contract.write_text(
        text.replace(title, f"title: {_yaml_string('Deal ' + HOSTILE_NAME)}"), encoding="utf-8"
    )
    return ws


@pytest.mark.parametrize("command", ["run", "deals", "check"])
def test_control_codes_in_names_reach_the_terminal_only_as_visible_escapes(
    hostile_names: Path, command: str
) -> None:
    args: list[str | Path] = [command, hostile_names]
    if command == "run":
        args += ["--statements", hostile_names / "statements" / STATEMENT]
    ran = points(*args, cwd=hostile_names.parent / "here")
    assert ran.status == 0, ran.output
    for character in UNSAFE_CHARACTERS:
        assert character not in ran.output, (character, ran.output)
    if command == "run":
        assert f"  {SHOWN} (jane-doe-producer)\n" in ran.output
    elif command == "deals":  # the table wraps the sentence: each escape is there, shown
        for shown in ("\\x1b[2J", "\\x07", "\\x9b0m", "\\x0dOVER", "\\u202eeod"):
            assert shown in ran.output


def test_data_for_programs_keeps_the_exact_text(hostile_names: Path) -> None:
    here = hostile_names.parent / "here"
    statements = hostile_names / "statements" / STATEMENT
    ran = points("deals", hostile_names, "--json", cwd=here)
    assert ran.status == 0, ran.stderr
    assert any(HOSTILE_NAME in text for text in _strings(json.loads(ran.stdout)))
    for kind in ("json",):  # the CSV statement has no names, only ids and figures
        out = here / f"statement.{kind}"
        ran = points(
            "statement",
            "jane-doe",
            "--period",
            "2026-H2",
            "--format",
            kind,
            "--statements",
            statements,
            "--out",
            out,
            "--workspace",
            hostile_names,
            cwd=here,
        )
        assert ran.status == 0, ran.output
        assert "\x1b" not in ran.output  # "statement of <name> … written to …": escaped
        assert HOSTILE_NAME in _file_strings(out, kind)


def _strings(document: object) -> Iterator[str]:
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for value in document.values():
            yield from _strings(value)
    elif isinstance(document, list):
        for value in document:
            yield from _strings(value)


def _file_strings(path: Path, kind: str) -> list[str]:
    if kind == "json":
        return list(_strings(json.loads(path.read_text(encoding="utf-8"))))
    import csv

    with path.open(newline="", encoding="utf-8") as stream:
        return [cell for row in csv.reader(stream) for cell in row]


# -- 3. Names of files made from titles ---------------------------------------------------------


def test_file_names_from_hostile_titles_keep_to_the_safe_set(hostile_names: Path) -> None:
    here = hostile_names.parent / "here"
    statements = hostile_names / "statements" / STATEMENT
    ran = points(
        "statement",
        "jane-doe",
        "--period",
        "2026-H2",
        "--format",
        "csv",
        "--statements",
        statements,
        "--workspace",
        hostile_names,
        cwd=here,
    )
    assert ran.status == 0, ran.output
    ran = points(
        "draft", "producer-agreement", "jane-doe-producer", "--workspace", hostile_names, cwd=here
    )
    assert ran.status == 0, ran.output
    names = sorted(p.name for p in here.iterdir())
    assert len(names) == 2
    for name in names:
        assert not any(c in name for c in (*UNSAFE_CHARACTERS, "/", "\\", ":", "\x00"))
        assert all(c.isprintable() for c in name), name
        assert len(name.encode("utf-8")) <= MAX_FILENAME_BYTES
    assert names[0].startswith("Producer agreement - Deal Jane - [2J - ]0;pwned - Doe")
    assert names[1].startswith("Royalty statement - Jane - [2J - ]0;pwned - Doe")
    assert names[1].endswith(" - 2026-H2.csv")  # cut to fit, the period kept


def test_long_titles_make_short_distinct_file_names(place: Path) -> None:
    ws = place / "ws"
    contract = (ws / "contracts" / "jane-doe-producer.yaml").read_text(encoding="utf-8")
    title = "title: Producer agreement — Jane Doe (Low Tide Radio, Paper Satellites)"
    long = "Producer agreement " + "語" * 200
    for suffix in ("A", "B"):
        text = contract.replace(title, f"title: {long} {suffix}").replace(
            "id: jane-doe-producer", f"id: jane-{suffix.lower()}"
        )
        (ws / "contracts" / f"jane-{suffix.lower()}.yaml").write_text(text, encoding="utf-8")
    (ws / "contracts" / "jane-doe-producer.yaml").unlink()
    here = place / "here"
    for contract_id in ("jane-a", "jane-b"):
        ran = points("draft", "producer-agreement", contract_id, "--workspace", ws, cwd=here)
        assert ran.status == 0, ran.output
    names = sorted(p.name for p in here.iterdir())
    assert len(names) == 2
    assert names[0] != names[1]
    for name in names:
        assert len(name.encode("utf-8")) <= MAX_FILENAME_BYTES
        assert name.startswith("Producer agreement 語語語")
        assert name.endswith(".md")


# -- 4. A full disk and a read-only folder ----------------------------------------------------


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every ``os.write`` of a paper writes half its bytes, then the disk is full."""
    calls: list[int] = []
    real_write = os.write

    def write(descriptor: int, data: bytes | memoryview) -> int:
        calls.append(descriptor)
        if len(calls) == 1 and len(data) > 1:
            return real_write(descriptor, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)
    return calls


def _sample_args(ws: Path) -> list[str]:
    return ["--workspace", str(ws)]


@pytest.mark.parametrize("kind", ["draft", "split-sheet", "statement"])
def test_a_full_disk_leaves_no_partial_paper_and_says_so(
    place: Path, disk_full: list[int], kind: str
) -> None:
    ws, out_folder = place / "ws", place / "here"
    out = out_folder / "paper.out"
    args = {
        "draft": ["draft", "producer-agreement", "jane-doe-producer"],
        "split-sheet": ["split-sheet", "glass-harbor"],
        "statement": [
            "statement",
            "jane-doe",
            "--period",
            "2026-H2",
            "--format",
            "csv",
            "--statements",
            str(ws / "statements" / STATEMENT),
        ],
    }[kind]
    before = tree(ws)
    result = CliRunner().invoke(main, [*args, *_sample_args(ws), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"cannot write {out}: the disk is full; nothing was written there" in result.output
    assert disk_full, "the paper was never written: the test proves nothing"
    assert list(out_folder.iterdir()) == []  # no paper, no temporary file
    assert tree(ws) == before


def test_a_full_disk_leaves_a_forced_paper_as_it_was(place: Path, disk_full: list[int]) -> None:
    out = place / "here" / "draft.md"
    out.write_text("the earlier draft\n", encoding="utf-8")
    args = ["draft", "producer-agreement", "jane-doe-producer", "--force", "--out", str(out)]
    result = CliRunner().invoke(main, [*args, *_sample_args(place / "ws")])
    assert result.exit_code == 1
    assert "the disk is full" in result.output
    assert out.read_text(encoding="utf-8") == "the earlier draft\n"
    assert [p.name for p in out.parent.iterdir()] == ["draft.md"]


def test_a_full_disk_during_an_audit_export_leaves_nothing(place: Path) -> None:
    ws = place / "ws"
    runner = CliRunner()
    statements = str(ws / "statements" / STATEMENT)
    assert runner.invoke(main, ["import", *_sample_args(ws), statements]).exit_code == 0
    assert runner.invoke(main, ["close", "2026-H2", *_sample_args(ws)]).exit_code == 0
    out = place / "here" / "h2.xlsx"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "write", _no_space)
        result = runner.invoke(
            main, ["audit", "export", "2026-H2", "--out", str(out), *_sample_args(ws)]
        )
    assert result.exit_code == 1, result.output
    assert "the disk is full" in result.output
    assert "Traceback" not in result.output
    assert list(out.parent.iterdir()) == []


def _no_space(descriptor: int, data: bytes | memoryview) -> int:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _imports(ws: Path) -> object:
    result = CliRunner().invoke(main, ["import", "--list", "--json", *_sample_args(ws)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("command", ["import", "close"])
def test_a_full_disk_during_import_or_close_keeps_the_ledger_as_it_was(
    place: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = place / "ws"
    runner = CliRunner()
    statements = str(ws / "statements" / STATEMENT)
    assert runner.invoke(main, ["import", *_sample_args(ws), "--list"]).exit_code == 0  # made
    if command == "close":
        assert runner.invoke(main, ["import", *_sample_args(ws), statements]).exit_code == 0
    before, ledger = _imports(ws), (ws / "ledger.sqlite3").read_bytes()
    with pytest.MonkeyPatch.context() as patch:
        real_init = ledger_backend.SqliteBackend.__init__

        def init(self: ledger_backend.SqliteBackend, path: Path) -> None:
            real_init(self, path)
            (pages,) = self.connection.execute("PRAGMA page_count").fetchone()
            self.connection.execute(f"PRAGMA max_page_count = {int(pages)}")

        patch.setattr(ledger_backend.SqliteBackend, "__init__", init)
        args = ["import", *_sample_args(ws), statements]
        if command == "close":
            args = ["close", "2026-H2", *_sample_args(ws)]
        result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "ledger.sqlite3: the disk is full; nothing of this command was kept" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _imports(ws) == before
    assert (ws / "ledger.sqlite3").read_bytes() == ledger
    assert sorted(p.name for p in ws.iterdir() if p.name.startswith("ledger")) == [
        "ledger.sqlite3"
    ]  # no journal left behind


CAP_DAC_OVERRIDE = 1  # linux/capability.h: what lets root write a file its mode forbids
PR_CAPBSET_DROP = 24  # linux/prctl.h


def _without_dac_override() -> None:
    """In the child, before exec: give up the capability that lets root ignore file modes,
    from the bounding set (exec recomputes root's capabilities from it), so a read-only file
    or folder is read-only for this process as for anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "cannot drop CAP_DAC_OVERRIDE")


def _read_only_user() -> bool:
    """Whether ``points`` must run without ``CAP_DAC_OVERRIDE`` for file modes to hold: for
    root, yes, once it is known to be able to give it up (tried here in a child; skips if
    it cannot); for any other user, modes hold already."""
    if os.geteuid() != 0:
        return False
    probe = subprocess.run(
        [sys.executable, "-c", "pass"],
        preexec_fn=_without_dac_override,
        check=False,
        capture_output=True,
    )
    if probe.returncode != 0:
        pytest.skip("running as root without CAP_SETPCAP: chmod cannot make a file read-only")
    return True


@pytest.mark.parametrize("read_only", ["file and folder", "folder"])
def test_a_read_only_ledger_refuses_writes_with_a_message_and_still_reads(
    place: Path, read_only: str
) -> None:
    drop = _read_only_user()
    ws, here = place / "ws", place / "here"
    statements = ws / "statements" / STATEMENT
    assert points("import", "--workspace", ws, statements, cwd=here).status == 0
    if read_only == "file and folder":
        (ws / "ledger.sqlite3").chmod(0o444)
    ws.chmod(0o555)  # SQLite keeps its journal beside the file: a folder is enough
    here.chmod(0o777)
    try:
        before = tree(ws)
        ran = points("close", "2026-H2", "--workspace", ws, cwd=here, drop_dac=drop)
        assert ran.status == 1, ran.output
        assert "ledger.sqlite3: the ledger is read-only for this user" in ran.output
        assert "Traceback" not in ran.output
        pay = ("pay", "jane-doe", "1.00", "--date", "2026-09-30", "--ref", "T1", "--advance")
        ran = points(*pay, "--workspace", ws, cwd=here, drop_dac=drop)
        assert ran.status == 1, ran.output
        assert "ledger.sqlite3: the ledger is read-only for this user" in ran.output
        ran = points("run", ws, cwd=here, drop_dac=drop)  # reading needs no write
        assert ran.status == 0, ran.output
        assert "Jane Doe" in ran.output
        ran = points("balances", "--workspace", ws, cwd=here, drop_dac=drop)
        assert ran.status == 0, ran.output
        out = here / "statement.csv"
        statement = ("statement", "jane-doe", "--period", "2026-H2", "--format", "csv")
        ran = points(*statement, "--out", out, "--workspace", ws, cwd=here, drop_dac=drop)
        assert ran.status == 0, ran.output
        assert out.read_text(encoding="utf-8").startswith("section,contract,item")
        assert tree(ws) == before
    finally:
        ws.chmod(0o755)


def test_a_paper_for_a_read_only_folder_is_refused_and_nothing_is_left(place: Path) -> None:
    drop = _read_only_user()
    ws, here = place / "ws", place / "here"
    locked = place / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    try:
        ran = points(
            "draft",
            "producer-agreement",
            "jane-doe-producer",
            "--workspace",
            ws,
            "--out",
            locked / "draft.md",
            cwd=here,
            drop_dac=drop,
        )
        assert ran.status == 1, ran.output
        assert f"cannot write {locked / 'draft.md'}: permission denied" in ran.output
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


# -- 5. A ledger file that is not a whole SQLite database -------------------------------------


@pytest.fixture(scope="module")
def closed_ledger(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A ledger with the sample statement imported and 2026-H2 closed, made once."""
    ws = tmp_path_factory.mktemp("closed") / "ws"
    shutil.copytree(SAMPLE_DATA, ws)
    runner = CliRunner()
    statements = str(ws / "statements" / STATEMENT)
    assert runner.invoke(main, ["import", *_sample_args(ws), statements]).exit_code == 0
    assert runner.invoke(main, ["close", "2026-H2", *_sample_args(ws)]).exit_code == 0
    return (ws / "ledger.sqlite3").read_bytes()


def _damage(ledger: Path, how: str) -> None:
    data = ledger.read_bytes()
    if how == "truncated":
        ledger.write_bytes(data[: len(data) // 3])
    elif how == "empty":  # cut to nothing: SQLite would take it as a new, empty database
        ledger.write_bytes(b"")
    elif how == "garbage":
        ledger.write_bytes(bytes(range(256)) * 40)
    elif how == "text":
        ledger.write_text("this is my shopping list, not a ledger\n", encoding="utf-8")
    elif how == "other-sqlite":
        ledger.unlink()
        with sqlite3.connect(ledger) as connection:
            connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.close()


@pytest.mark.parametrize("how", ["truncated", "empty", "garbage", "text", "other-sqlite"])
@pytest.mark.parametrize("command", ["run", "balances", "import", "close"])
def test_a_damaged_ledger_is_named_with_how_to_restore_never_a_traceback(
    place: Path, closed_ledger: bytes, how: str, command: str
) -> None:
    ws, here = place / "ws", place / "here"
    statements = ws / "statements" / STATEMENT
    (ws / "ledger.sqlite3").write_bytes(closed_ledger)
    _damage(ws / "ledger.sqlite3", how)
    before = tree(ws)
    args: dict[str, list[str | Path]] = {
        "run": ["run", ws],
        "balances": ["balances", "--workspace", ws],
        "import": ["import", "--workspace", ws, statements],
        "close": ["close", "2027-H1", "--workspace", ws],
    }
    ran = points(*args[command], cwd=here)
    assert ran.status == 1, ran.output
    assert f"{ws / 'ledger.sqlite3'} is not a points ledger, or is damaged" in ran.output
    assert "points audit export PERIOD --out FILE" in ran.output
    assert "Traceback" not in ran.output
    assert ran.peak_mib < 300
    assert tree(ws) == before
