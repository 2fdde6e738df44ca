"""Documents as DOCX (python-docx), the format lawyers redline.

Built from the same blocks as the Markdown and HTML, with Word's own heading and table styles so
the navigation pane, styles and track changes work as a lawyer expects. Text goes in as text
runs, never as fields or markup, so a name such as ``=cmd|' /C calc'!A0`` stays a name. A draft
carries its mark at the top and in the header of every page.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from points.render.markup import (
    Block,
    Details,
    Heading,
    Inline,
    ListBlock,
    Notice,
    Paragraph,
    Rule,
    Signature,
    Table,
    plain,
)

__all__ = ["to_docx"]

BODY_FONT = "Georgia"
LABEL_FONT = "Arial"
INK = RGBColor(0x1D, 0x23, 0x2B)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x5B, 0x65, 0x72)
RED = RGBColor(0x9B, 0x1C, 0x1C)


def _runs(paragraph: WordParagraph, text: Inline, **style: object) -> None:
    for run in text:
        added = paragraph.add_run(run.text)
        added.bold = run.bold or bool(style.get("bold"))
        added.italic = run.italic or None
        if (color := style.get("color")) is not None:
            assert isinstance(color, RGBColor)
            added.font.color.rgb = color
        if (size := style.get("size")) is not None:
            assert isinstance(size, Pt)
            added.font.size = size


def _border(paragraph: WordParagraph, sides: Sequence[str], color: str, size: int = 6) -> None:
    """Draw paragraph borders (``w:pBdr``): python-docx has no API for them."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "4")
        edge.set(qn("w:color"), color)
        borders.append(edge)
    properties.append(borders)


def _shade(element: object, fill: str) -> None:
    """Background shading for a paragraph or a table cell."""
    if isinstance(element, WordParagraph):
        properties = element._p.get_or_add_pPr()
    else:
        assert isinstance(element, _Cell)
        properties = element._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _no_borders(table: WordTable) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties.append(borders)


def _field(paragraph: WordParagraph, instruction: str) -> None:
    """A Word field such as PAGE or NUMPAGES (filled in by Word when the page is laid out)."""
    run = paragraph.add_run()
    run.font.name, run.font.size, run.font.color.rgb = LABEL_FONT, Pt(7.5), MUTED
    for kind, text in (("begin", None), (None, instruction), ("end", None)):
        if kind is not None:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._r.append(mark)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            run._r.append(code)


def _styles(document: DocumentObject) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = INK
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, font in (
        ("Heading 1", 20, BODY_FONT),
        ("Heading 2", 10, LABEL_FONT),
        ("Heading 3", 11, BODY_FONT),
    ):
        style = styles[name]
        style.font.name = font
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
        style.font.bold = name != "Heading 1"
        style.font.italic = False
        style.paragraph_format.space_before = Pt(16 if name == "Heading 2" else 10)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    styles["Heading 2"].font.all_caps = True
    footer = styles["Footer"]  # the page number fields take their look from the paragraph's style
    footer.font.name, footer.font.size, footer.font.color.rgb = LABEL_FONT, Pt(7.5), MUTED
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3"):
        properties = styles[name].element.rPr
        fonts = properties.rFonts if properties is not None else None
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            if fonts is not None:  # a theme font would win over the one named above
                fonts.attrib.pop(qn(f"w:{theme}"), None)


def _header_footer(
    document: DocumentObject, kind: str, reference: str, banner: str | None, footer: str
) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1)
    section.top_margin, section.bottom_margin = Inches(0.9), Inches(0.9)
    head = section.header.paragraphs[0]
    label = head.add_run(kind.upper())
    label.font.name, label.font.size, label.font.color.rgb = LABEL_FONT, Pt(7.5), ACCENT
    label.bold = True
    if reference:
        ref = head.add_run(f"    {reference}")
        ref.font.name, ref.font.size, ref.font.color.rgb = LABEL_FONT, Pt(7.5), MUTED
    if banner:
        mark = section.header.add_paragraph()
        run = mark.add_run(banner.upper())
        run.bold = True
        run.font.name, run.font.size, run.font.color.rgb = LABEL_FONT, Pt(8), RED
    _border(section.header.paragraphs[-1], ["bottom"], "1F3A5F", 8)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.LEFT
    text = foot.add_run(f"{footer}    Page " if footer else "Page ")
    text.font.name, text.font.size, text.font.color.rgb = LABEL_FONT, Pt(7.5), MUTED
    _field(foot, "PAGE")
    of = foot.add_run(" of ")
    of.font.name, of.font.size, of.font.color.rgb = LABEL_FONT, Pt(7.5), MUTED
    _field(foot, "NUMPAGES")


def _keep_rows_whole(table: WordTable) -> None:
    """A row is never split across pages (``w:cantSplit``): a signature stays in one piece."""
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))


def _widths(table: WordTable, *inches: float) -> None:
    """Fixed column widths; Word reads the cells', LibreOffice the grid's."""
    table.autofit = False
    for column, width in zip(table.columns, inches, strict=True):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def _table(document: DocumentObject, block: Table) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, row in enumerate((block.header, *block.rows)):
        for column, text in enumerate(row):
            cell = table.cell(row_index, column)
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if block.right[column]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if row_index == 0:
                _shade(cell, "E8ECF1")
                _runs(paragraph, text, bold=True, size=Pt(8.5), color=ACCENT)
            else:
                _runs(paragraph, text, size=Pt(9.5))
    _keep_rows_whole(table)
    document.add_paragraph()


def _details(document: DocumentObject, block: Details) -> None:
    table = document.add_table(rows=len(block.rows), cols=2)
    _no_borders(table)
    for index, (key, value) in enumerate(block.rows):
        left, right = table.cell(index, 0), table.cell(index, 1)
        for cell in (left, right):
            _shade(cell, "F3F5F8")
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
        _runs(left.paragraphs[0], key, bold=True, color=MUTED, size=Pt(9.5))
        _runs(right.paragraphs[0], value, size=Pt(9.5))
    _widths(table, 1.6, 4.9)
    _keep_rows_whole(table)
    document.add_paragraph()


def _signatures(document: DocumentObject, signatures: Sequence[Signature]) -> None:
    rows = (len(signatures) + 1) // 2
    table = document.add_table(rows=rows, cols=2)
    _no_borders(table)
    for index, signature in enumerate(signatures):
        cell = table.cell(index // 2, index % 2)
        line = cell.paragraphs[0]
        line.paragraph_format.space_before = Pt(30)
        line.paragraph_format.space_after = Pt(0)
        line.add_run(" ")
        _border(line, ["bottom"], "1D232B")
        label = cell.add_paragraph()
        label.paragraph_format.space_after = Pt(2)
        run = label.add_run("SIGNATURE")
        run.font.name, run.font.size, run.font.color.rgb = LABEL_FONT, Pt(6.5), MUTED
        name = cell.add_paragraph()
        name.paragraph_format.space_after = Pt(0)
        name.paragraph_format.keep_with_next = True
        _runs(name, signature.name, bold=True)
        for capacity in signature.capacity:
            line_of = cell.add_paragraph()
            line_of.paragraph_format.space_after = Pt(0)
            _runs(line_of, capacity, color=MUTED, size=Pt(9.5))
        date = cell.add_paragraph()
        date.paragraph_format.space_before = Pt(10)
        date.add_run("Date: ")
        if signature.date:
            _runs(date, signature.date)
        else:
            date.add_run("_" * 24)
    _widths(table, 3.25, 3.25)
    _keep_rows_whole(table)
    document.add_paragraph()


def _block(document: DocumentObject, block: Block) -> None:
    match block:
        case Heading(level, text):
            _runs(document.add_heading(level=level), text)
        case Paragraph(text):
            _runs(document.add_paragraph(), text)
        case ListBlock(ordered, items):
            for number, item in enumerate(items, start=1):
                if ordered:  # numbered as text: Word's shared list numbering runs on otherwise
                    paragraph = document.add_paragraph()
                    paragraph.paragraph_format.left_indent = Inches(0.3)
                    paragraph.paragraph_format.first_line_indent = Inches(-0.3)
                    paragraph.add_run(f"{number}.\t")
                else:
                    paragraph = document.add_paragraph(style="List Bullet")
                paragraph.paragraph_format.space_after = Pt(3)
                _runs(paragraph, item)
        case Table():
            _table(document, block)
        case Rule():
            _border(document.add_paragraph(), ["bottom"], "C9CFD6")
        case Notice(paragraphs):
            for paragraph_text in paragraphs:
                paragraph = document.add_paragraph()
                _border(paragraph, ["left"], "1F3A5F", 18)
                _shade(paragraph, "F3F5F8")
                _runs(paragraph, paragraph_text, size=Pt(9.5))
        case Details():
            _details(document, block)
        case Signature():
            _signatures(document, [block])


def to_docx(
    blocks: Sequence[Block],
    *,
    kind: str,
    reference: str = "",
    banner: str | None = None,
    footer: str = "",
) -> bytes:
    """The document as DOCX bytes (see ``points.render.html.to_html`` for the arguments)."""
    document = Document()
    _styles(document)
    _header_footer(document, kind, reference, banner, footer)
    title = next((plain(b.text) for b in blocks if isinstance(b, Heading)), kind)
    properties = document.core_properties
    properties.title, properties.subject, properties.author = title, kind, "points"
    properties.comments = banner or ""
    if banner:
        top = document.add_paragraph()
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _border(top, ["top", "left", "bottom", "right"], "9B1C1C", 12)
        _shade(top, "FDF2F2")
        run = top.add_run(banner.upper())
        run.bold = True
        run.font.name, run.font.size, run.font.color.rgb = LABEL_FONT, Pt(9.5), RED
    pending: list[Signature] = []
    for block in blocks:
        if isinstance(block, Signature):
            pending.append(block)
            continue
        if pending:
            _signatures(document, pending)
            pending = []
        _block(document, block)
    if pending:
        _signatures(document, pending)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
