"""points split-sheet, points draft and points templates, through click's CliRunner: golden
files for Markdown and HTML, DOCX opened with python-docx, refusals, hostile names."""

from __future__ import annotations

import io
import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from papers import FORMULA, SCRIPT, SPLIT, paper_files
from points.cli import main

from conftest import SAMPLE_DATA, WorkspaceMaker

Golden = Callable[[str, str], None]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _write(runner: CliRunner, args: list[str], out: Path) -> bytes:
    result = runner.invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    return out.read_bytes()


def _docx_text(data: bytes) -> str:
    """Every piece of text in a DOCX: body paragraphs, table cells, page headers."""
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


SAMPLE = ["--workspace", str(SAMPLE_DATA)]


@pytest.mark.parametrize("output", ["md", "html"])
def test_split_sheet_golden(runner: CliRunner, tmp_path: Path, golden: Golden, output: str) -> None:
    data = _write(
        runner, ["split-sheet", "glass-harbor", "--format", output, *SAMPLE], tmp_path / "x"
    )
    golden(f"papers/split-sheet.{output}", data.decode("utf-8"))


def test_split_sheet_with_publishers_and_master_shares(
    runner: CliRunner, tmp_path: Path, golden: Golden, make_workspace: WorkspaceMaker
) -> None:
    root = make_workspace(paper_files())
    data = _write(runner, ["split-sheet", "tidewater", "--workspace", str(root)], tmp_path / "t.md")
    golden("papers/split-sheet-publishers.md", data.decode("utf-8"))


def test_split_sheet_docx_names_every_party_and_share(runner: CliRunner, tmp_path: Path) -> None:
    data = _write(
        runner, ["split-sheet", "glass-harbor", "--format", "docx", *SAMPLE], tmp_path / "s.docx"
    )
    text = _docx_text(data)
    for expected in (
        "Split Sheet: Glass Harbor",
        "Ava Marie Stone p/k/a Ava Stone\nlyrics, music\n33.34%",
        "Marcus Okafor p/k/a MKO\nmusic, production\n33.33%",
        "Lena Park\ntopline, lyrics\n33.33%",
        "Total\n\n100%",
        "00523417988",
        "SOCAN",
        "T-912.345.678-0",
        "Date: October 4, 2025",  # Lena signed a day later
    ):
        assert expected in text, expected
    assert "DRAFT" not in text


def test_split_sheet_from_contracts_is_marked_derived(
    runner: CliRunner, tmp_path: Path, golden: Golden
) -> None:
    args = ["split-sheet", "glass-harbor", "--from-contracts", *SAMPLE]
    data = _write(runner, args, tmp_path / "d.md")
    golden("papers/split-sheet-derived.md", data.decode("utf-8"))
    text = _docx_text(_write(runner, [*args, "--format", "docx"], tmp_path / "d.docx"))
    assert "DERIVED FROM THE CONTRACTS" in text
    assert "MKO\nproducer\nmarcus-okafor-producer" in text.replace("Marcus Okafor p/k/a ", "")


def test_a_split_sheet_whose_shares_miss_100_is_refused_with_file_and_line(
    runner: CliRunner, make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    files = paper_files()
    files["splits/tidewater.yaml"] = SPLIT.replace("master_share: 20", "master_share: 30")
    root = make_workspace(files)
    result = runner.invoke(
        main, ["split-sheet", "tidewater", "--workspace", str(root), "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{root}/splits/tidewater.yaml:8:3: error [shares-total] master shares total 110%, not 100%"
    )
    assert "remove 10%" in result.output
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("template", "subject", "name"),
    [
        ("producer-agreement", "marcus-okafor-producer", "producer-agreement"),
        ("letter-of-direction", "jane-doe-producer", "letter-of-direction"),
        ("co-writer-agreement", "glass-harbor", "co-writer-agreement"),
    ],
)
def test_draft_golden(
    runner: CliRunner, tmp_path: Path, golden: Golden, template: str, subject: str, name: str
) -> None:
    data = _write(runner, ["draft", template, subject, *SAMPLE], tmp_path / "d.md")
    golden(f"papers/{name}.md", data.decode("utf-8"))


def test_draft_html_golden(runner: CliRunner, tmp_path: Path, golden: Golden) -> None:
    args = ["draft", "producer-agreement", "marcus-okafor-producer", "--format", "html", *SAMPLE]
    golden("papers/producer-agreement.html", _write(runner, args, tmp_path / "d").decode())


def test_work_for_hire_golden(
    runner: CliRunner, tmp_path: Path, golden: Golden, make_workspace: WorkspaceMaker
) -> None:
    root = make_workspace(paper_files())
    args = ["draft", "work-for-hire", "kai-mix", "--workspace", str(root)]
    golden("papers/work-for-hire.md", _write(runner, args, tmp_path / "w.md").decode())


def test_the_draft_states_the_deal_in_the_words_of_points_deals(
    runner: CliRunner, tmp_path: Path
) -> None:
    deals = json.loads(runner.invoke(main, ["deals", str(SAMPLE_DATA), "--json"]).output)
    clauses = {d["contract"]: d["clauses"] for d in deals["deals"]}
    for contract, found in clauses.items():
        if contract == "redline-ava-stone":
            continue  # an artist deal: no producer agreement to draft
        args = ["draft", "producer-agreement", contract, "--format", "docx", *SAMPLE]
        text = _docx_text(_write(runner, args, tmp_path / f"{contract}.docx"))
        for clause in found:
            assert clause in text, clause


def test_producer_agreement_docx_has_parties_numbers_and_the_mark(
    runner: CliRunner, tmp_path: Path
) -> None:
    args = ["draft", "producer-agreement", "jane-doe-producer", "--format", "docx", *SAMPLE]
    data = _write(runner, args, tmp_path / "jane.docx")
    text = _docx_text(data)
    for expected in (
        "DRAFT — FOR REVIEW BY COUNSEL; NOT LEGAL ADVICE",
        "Ava Marie Stone",
        "Jane Doe",
        "$2,500 fee on delivery (production fee, two masters).",
        "3% of PPD on physical;",
        "4% of net receipts on streaming and downloads;",
        "minimum payment $50",
        "QZ-RLR-26-00003\nLow Tide Radio\nAva Stone",
        "September 20, 2025",
    ):
        assert expected in text, expected
    header = Document(io.BytesIO(data)).sections[0].header.paragraphs
    assert "DRAFT — FOR REVIEW BY COUNSEL; NOT LEGAL ADVICE" in [p.text for p in header]


def test_without_out_the_file_is_named_from_the_title_here_and_kept(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["draft", "letter-of-direction", "jane-doe-producer", "--format", "html", *SAMPLE]
    name = (
        "Letter of direction - Producer agreement — Jane Doe (Low Tide Radio, Paper Satellites) "
        "DRAFT.html"
    )
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.output == f"wrote {tmp_path / name}\n"
    (tmp_path / name).write_text("redlined by counsel")
    again = runner.invoke(main, args)
    assert again.exit_code == 1
    assert "exists; pass --force to replace it" in again.output
    assert (tmp_path / name).read_text() == "redlined by counsel"
    forced = runner.invoke(main, [*args, "--force"])
    assert forced.exit_code == 0
    assert (tmp_path / name).read_text().startswith("<!DOCTYPE html>")


def test_a_folder_that_does_not_exist_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "sheet.md"
    result = runner.invoke(main, ["split-sheet", "glass-harbor", *SAMPLE, "--out", str(out)])
    assert result.exit_code == 1
    assert result.output == (
        f"cannot write {out}: its folder does not exist; nothing was written there (no partial "
        "file is left)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draft", "letter-of-direction", "redline-ava-stone"], "has no letter_of_direction"),
        (["draft", "work-for-hire", "jane-doe-producer"], "pays royalties"),
        (["draft", "producer-agreemnt", "jane-doe-producer"], "no template 'producer-agreemnt'"),
        (
            ["draft", "producer-agreement", "jane"],
            "no contract 'jane' in this workspace; known: jane-doe-producer",
        ),
        (
            ["draft", "producer-agreement", "jane-doe-produser"],
            "no contract 'jane-doe-produser' in this workspace; did you mean 'jane-doe-producer'?",
        ),
        (["draft", "co-writer-agreement", "glass"], "no split sheet 'glass'"),
        (["split-sheet", "night-transit"], "no split sheet 'night-transit'"),
        (["split-sheet", "glass", "--from-contracts"], "no split sheet, work or recording"),
    ],
)
def test_what_cannot_be_drafted_is_refused_with_the_reason(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(main, [*args, *SAMPLE, "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "x").exists()


def test_hostile_names_come_out_inert(
    runner: CliRunner,
    tmp_path: Path,
    make_workspace: WorkspaceMaker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_workspace(paper_files(hostile=True))
    monkeypatch.chdir(tmp_path)
    ws = ["--workspace", str(root)]
    for args in (["split-sheet", "tidewater"], ["draft", "producer-agreement", "kai-producer"]):
        for output in ("md", "html", "docx"):
            result = runner.invoke(main, [*args, "--format", output, *ws])
            assert result.exit_code == 0, result.output
            path = Path(result.output.removeprefix("wrote ").strip())
            assert path.parent == tmp_path  # the title's slashes made no folder
            assert "<" not in path.name
            assert "|" not in path.name
            data = path.read_bytes()
            if output == "docx":
                text = _docx_text(data)
                assert FORMULA in text
                assert SCRIPT in text
                continue
            text = data.decode("utf-8")
            assert not re.search(r"(?<!\\)<script", text)  # none that is not escaped
            if output == "html":
                assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
                assert "=cmd|&#39; /C calc&#39;!A0" in text
            else:
                assert "\\<script\\>alert(1)\\</script\\>" in text
                assert "=cmd\\|' /C calc'!A0" in text
                _tables_keep_their_columns(text)


def _tables_keep_their_columns(markdown: str) -> None:
    """Every row of every Markdown table has as many cells as its header: no name split one."""
    width = None
    for line in [*markdown.splitlines(), ""]:
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line))
        width = width or cells
        assert cells == width, line


TEMPLATE = """\
{#
title: Producer agreement
takes: contract
kind: draft
#}
# Our Producer Agreement

Between {{ payer.legal_name }} and {{ payee.legal_name }}: {{ deal.sentence }}.
"""


def test_a_workspace_template_replaces_the_shipped_one(
    runner: CliRunner, tmp_path: Path, make_workspace: WorkspaceMaker
) -> None:
    root = make_workspace({**paper_files(), "templates/producer-agreement.md.j2": TEMPLATE})
    listed = runner.invoke(main, ["templates", "--workspace", str(root)])
    assert listed.exit_code == 0, listed.output
    assert (
        "producer-agreement  from a contract, makes an agreement draft  [workspace (replaces "
        f"shipped): {root}/templates/producer-agreement.md.j2]"
    ) in listed.output
    assert "split-sheet  from a split sheet, makes a split sheet  [shipped]" in listed.output
    data = _write(
        runner,
        ["draft", "producer-agreement", "kai-producer", "--workspace", str(root)],
        tmp_path / "ours.md",
    )
    assert data.decode() == textwrap.dedent("""\
        > **DRAFT — for review by counsel; not legal advice**

        # Our Producer Agreement

        Between Ava Marie Stone and Kai Loa: Kai Loa: $1,500 fee on delivery; $3,000 advance on \
signing, recoupable from the producer's royalties; 4% of net receipts on streaming and \
downloads; paid 50% to Kai Loa and 50% to North Shore Music; paid by Redline Records under a \
letter of direction from Ava Stone; accounted quarterly in USD, minimum payment $25.
        """)


def test_templates_json_and_a_broken_template(
    runner: CliRunner, make_workspace: WorkspaceMaker
) -> None:
    root = make_workspace({**paper_files(), "templates/memo.md.j2": "no opening comment\n"})
    result = runner.invoke(main, ["templates", "--workspace", str(root), "--json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert [t["name"] for t in document["templates"]] == [
        "co-writer-agreement",
        "letter-of-direction",
        "producer-agreement",
        "split-sheet",
        "split-sheet-derived",
        "work-for-hire",
    ]
    assert set(document["templates"][0]) == {
        "name",
        "title",
        "takes",
        "kind",
        "description",
        "origin",
        "overrides",
        "path",
    }
    (problem,) = document["broken"]
    assert problem.startswith(f"{root}/templates/memo.md.j2:1: a template starts with")


def test_a_template_reaching_outside_the_sandbox_fails_clearly(
    runner: CliRunner, tmp_path: Path, make_workspace: WorkspaceMaker
) -> None:
    evil = "{#\ntitle: Evil\n#}\n# Evil\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n"
    root = make_workspace({**paper_files(), "templates/evil.md.j2": evil})
    result = runner.invoke(
        main,
        ["draft", "evil", "kai-producer", "--workspace", str(root), "--out", str(tmp_path / "e")],
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"{root}/templates/evil.md.j2:6: not allowed in a template")
    assert "unsafe" in result.output
    assert not (tmp_path / "e").exists()
