"""DOCX out: Word's own styles, text as text, the draft mark on every page."""

from __future__ import annotations

import io

from docx import Document

from points.render.markup import escape_source, parse
from points.render.word import to_docx

FORMULA = "=cmd|' /C calc'!A0"


def _document(source: str, **options: str) -> Document:  # type: ignore[valid-type]
    data = to_docx(parse(source), kind=options.pop("kind", "Split sheet"), **options)
    assert data.startswith(b"PK")  # a zip package
    return Document(io.BytesIO(data))


def test_blocks_become_headings_tables_and_signature_cells() -> None:
    document = _document(
        "# Split Sheet\n\n## Shares\n\n| Writer | Share |\n|---|---:|\n| Ava | 33.34% |\n\n"
        "- one\n\n1. first\n\n::: signature\nname: Ava\nas: Writer\n:::\n",
        reference="glass-harbor",
    )
    styled = [(p.style.name, p.text) for p in document.paragraphs if p.text.strip()]
    assert ("Heading 1", "Split Sheet") in styled
    assert ("Heading 2", "Shares") in styled
    assert ("List Bullet", "one") in styled
    assert ("Normal", "1.\tfirst") in styled
    shares, signatures = document.tables
    assert [[c.text for c in row.cells] for row in shares.rows] == [
        ["Writer", "Share"],
        ["Ava", "33.34%"],
    ]
    assert shares.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    cell = signatures.rows[0].cells[0].text
    assert "SIGNATURE" in cell
    assert "Ava" in cell
    assert "Writer" in cell
    assert "Date: ____" in cell
    assert all("cantSplit" in row._tr.xml for row in signatures.rows)  # a signature stays whole
    heading_fonts = document.styles["Heading 1"].element.rPr.rFonts.xml
    assert "Georgia" in heading_fonts
    assert "Theme" not in heading_fonts  # the template's theme font would override ours
    assert document.core_properties.title == "Split Sheet"
    assert document.sections[0].header.paragraphs[0].text.startswith("SPLIT SHEET")


def test_a_draft_is_marked_at_the_top_and_in_every_page_header() -> None:
    document = _document("# Agreement\n", kind="Agreement draft", banner="Draft — review")
    assert document.paragraphs[0].text == "DRAFT — REVIEW"
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert "DRAFT — REVIEW" in header


def test_a_formula_name_stays_text() -> None:
    value = escape_source(FORMULA)
    document = _document(f"# T\n\n{value}\n\n| A |\n|---|\n| {value} |\n")
    assert FORMULA in [p.text for p in document.paragraphs]
    assert document.tables[0].rows[1].cells[0].text == FORMULA
    body = document.element.xml
    assert "fldSimple" not in body
    assert "instrText" not in body
