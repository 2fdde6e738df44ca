"""Documents: a template's text in each format, the draft mark, safe file names, party views."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from points.model import Party, Settings, Workspace, load_workspace
from points.render.documents import (
    DRAFT_MARK,
    party_view,
    recording_view,
    render_template,
)
from points.render.templates import TemplateFailure, TemplateSet

from conftest import WorkspaceMaker

HEADER = "{{#\ntitle: {title}\ntakes: contract\nkind: {kind}\n#}}\n"


def _templates(tmp_path: Path, body: str, kind: str = "draft", title: str = "Memo") -> TemplateSet:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "memo.md.j2").write_text(HEADER.format(title=title, kind=kind) + body, "utf-8")
    return TemplateSet(folder)


@pytest.mark.parametrize("output", ["md", "html", "docx"])
def test_a_draft_carries_the_mark_in_every_format(tmp_path: Path, output: str) -> None:
    templates = _templates(tmp_path, "# Memo\n\nOwed: {{ amount }}.\n")
    document = render_template(
        templates, templates.get("memo"), {"amount": "$2,500"}, output, reference="x", name="Deal"
    )  # type: ignore[arg-type]
    assert document.filename == f"Memo - Deal DRAFT.{output}"
    if output == "docx":
        word = Document(io.BytesIO(document.content))
        text = [p.text for p in word.paragraphs]
        assert text[0] == DRAFT_MARK.upper()
        assert "Owed: $2,500." in text
        return
    text = document.content.decode("utf-8")
    assert DRAFT_MARK in text
    assert "Owed: $2,500." in text


def test_a_sheet_has_no_draft_mark(tmp_path: Path) -> None:
    templates = _templates(tmp_path, "# Sheet\n", kind="sheet", title="Split sheet")
    document = render_template(
        templates, templates.get("memo"), {}, "md", reference="x", name="Split sheet for X"
    )
    assert document.content == b"# Sheet\n"
    assert document.filename == "Split sheet for X.md"  # named once when it starts with it


def test_markup_a_template_gets_wrong_names_the_template(tmp_path: Path) -> None:
    templates = _templates(tmp_path, "::: notice\nnever closed\n")
    with pytest.raises(TemplateFailure, match=r"memo\.md\.j2: line 1 of the rendered document"):
        render_template(templates, templates.get("memo"), {}, "md", reference="x", name="X")


def test_party_views_name_people_and_companies_as_documents_do() -> None:
    workspace = Workspace(
        settings=Settings(locale="en_GB"),
        parties=(
            Party(
                id="ava",
                legal_name="Ava Marie Stone",
                professional_name="Ava Stone",
                country="US",
                email="ava@example.com",
                roles=("artist",),
            ),
            Party(
                id="label",
                legal_name="Redline Records LLC",
                professional_name="Redline Records",
                roles=("label",),
                address="1200 Cedar Ave, Nashville",
            ),
            Party(id="jane", legal_name="Jane Doe", professional_name="Jane Doe"),
        ),
    )
    ava, label, jane = (party_view(workspace, p) for p in ("ava", "label", "jane"))
    assert (ava.name_line, ava.known_as) == (
        "Ava Marie Stone p/k/a Ava Stone",
        "professionally known as Ava Stone",
    )
    assert ava.contact == "United States, ava@example.com"
    assert (label.name_line, label.known_as) == (
        "Redline Records LLC d/b/a Redline Records",
        "doing business as Redline Records",
    )
    assert (jane.name_line, jane.known_as, jane.pro, jane.country) == ("Jane Doe", "", "", "")


def test_recording_views_print_the_isrc_as_people_write_it(
    make_workspace: WorkspaceMaker,
) -> None:
    root = make_workspace(
        {
            "catalog.yaml": """
            recordings:
              - {isrc: QZRLR2600007, title: Glass Harbor, artist: Ava Stone, version: Radio Edit}
            """
        }
    )
    workspace = load_workspace(root).workspace
    view = recording_view(workspace, "QZRLR2600007")
    assert (view.isrc, view.title, view.artist) == (
        "QZ-RLR-26-00007",
        "Glass Harbor (Radio Edit)",
        "Ava Stone",
    )
