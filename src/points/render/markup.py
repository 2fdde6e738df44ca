"""The small Markdown dialect documents are written in, parsed into blocks every format renders.

Agreement drafts and split sheets are jinja2 templates that write this dialect; the blocks it
parses into are rendered as Markdown, HTML and DOCX, so the three formats carry the same words.
It is Markdown with three fenced blocks (pandoc's ``:::`` syntax)::

    # Title                      ## Heading      ### Subheading
    A paragraph, **bold** and *italic*; lines join until a blank line.
    - a bullet                   1. a numbered item
    | Name | Share |             a table; ``---:`` in the separator aligns a column right
    |------|------:|
    ---                          a rule
    ::: notice                   a boxed notice (its lines are paragraphs)
    ::: details                  ``Key: value`` lines, shown as a two-column table
    ::: signature                ``name:``, ``as:`` (repeatable) and ``date:`` lines
    :::                          closes a fenced block

Values from user files never make structure: templates pass them through ``escape_source``,
which backslash-escapes every ASCII punctuation mark and folds line breaks, so a name such as
``<script>`` or ``| =cmd`` parses back to the same plain text and each writer escapes it for its
own format.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "Block",
    "Details",
    "Heading",
    "ListBlock",
    "MarkupError",
    "Notice",
    "Paragraph",
    "Rule",
    "Run",
    "Signature",
    "Table",
    "escape_source",
    "parse",
    "plain",
    "to_markdown",
]

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape_source(value: object) -> str:
    """A value as literal text in the dialect: every ASCII punctuation mark escaped, line
    breaks folded to spaces (a value is never a block of its own)."""
    text = "" if value is None else str(value)
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


class MarkupError(ValueError):
    """A template wrote something the dialect cannot read; ``line`` is in the rendered text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line} of the rendered document: {message}")
        self.line = line


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: Inline
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: Inline
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[Inline, ...]
    kind: Literal["list"] = "list"


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    right: tuple[bool, ...]  # per column: align right (numbers)
    kind: Literal["table"] = "table"


@dataclass(frozen=True, slots=True)
class Rule:
    kind: Literal["rule"] = "rule"


@dataclass(frozen=True, slots=True)
class Notice:
    paragraphs: tuple[Inline, ...]
    kind: Literal["notice"] = "notice"


@dataclass(frozen=True, slots=True)
class Details:
    rows: tuple[tuple[Inline, Inline], ...]
    kind: Literal["details"] = "details"


@dataclass(frozen=True, slots=True)
class Signature:
    """Where one party signs: their name, the capacity they sign in, and the date if known."""

    name: Inline
    capacity: tuple[Inline, ...] = ()
    date: Inline = ()
    kind: Literal["signature"] = "signature"


Block = Heading | Paragraph | ListBlock | Table | Rule | Notice | Details | Signature


def plain(text: Inline) -> str:
    """The text of runs without their styles."""
    return "".join(run.text for run in text)


# -- inline ---------------------------------------------------------------------------------


def _unescape_chunks(text: str) -> Iterator[tuple[str, bool]]:
    """(character, was escaped) pairs: ``\\*`` is a literal star, ``*`` a style mark."""
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and _PUNCTUATION.fullmatch(text[i + 1]):
            yield text[i + 1], True
            i += 2
        else:
            yield text[i], False
            i += 1


def inline(text: str) -> Inline:
    """Parse ``**bold**`` and ``*italic*`` (unescaped stars only) into runs."""
    chars = list(_unescape_chunks(text.strip()))
    runs: list[Run] = []
    buffer: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buffer:
            runs.append(Run("".join(buffer), bold, italic))
            buffer.clear()

    i = 0
    while i < len(chars):
        char, escaped = chars[i]
        if char == "*" and not escaped:
            flush()
            double = i + 1 < len(chars) and chars[i + 1] == ("*", False)
            if double:
                bold = not bold
                i += 2
            else:
                italic = not italic
                i += 1
            continue
        buffer.append(" " if char in "\t" else char)
        i += 1
    flush()
    return _merge(runs)


def _merge(runs: Sequence[Run]) -> Inline:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        elif run.text:
            merged.append(run)
    return tuple(merged)


def _split_unescaped(text: str, separator: str) -> list[str]:
    """Split at ``separator`` where it is not backslash-escaped; escapes stay in the parts."""
    parts, current, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current.append(text[i : i + 2])
            i += 2
        elif text.startswith(separator, i):
            parts.append("".join(current))
            current = []
            i += len(separator)
        else:
            current.append(text[i])
            i += 1
    parts.append("".join(current))
    return parts


# -- blocks ---------------------------------------------------------------------------------

_HEADING = re.compile(r"(#{1,3}) +(.*)\Z")
_BULLET = re.compile(r"[-*] +(.*)\Z")
_NUMBERED = re.compile(r"[0-9]+\. +(.*)\Z")
_FENCE = re.compile(r":::\s*([a-z]*)\s*\Z")
_TABLE_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\Z")


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line.removeprefix("|")
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return _split_unescaped(line, "|")


def _key_value(line: str, number: int) -> tuple[str, str]:
    parts = _split_unescaped(line, ":")
    if len(parts) < 2:
        raise MarkupError(number, f"expected 'Key: value', found {line.strip()!r}")
    return parts[0].strip(), ":".join(parts[1:]).strip()


def _fenced(name: str, lines: list[tuple[int, str]], start: int) -> Block:
    if name == "notice":
        paragraphs, current = [], []
        for _, text in [*lines, (0, "")]:
            if text.strip():
                current.append(text.strip())
            elif current:
                paragraphs.append(inline(" ".join(current)))
                current = []
        return Notice(tuple(paragraphs))
    if name == "details":
        rows = []
        for number, text in lines:
            if text.strip():
                key, value = _key_value(text, number)
                rows.append((inline(key), inline(value)))
        return Details(tuple(rows))
    if name == "signature":
        fields: dict[str, list[str]] = {"name": [], "as": [], "date": []}
        for number, text in lines:
            if not text.strip():
                continue
            key, value = _key_value(text, number)
            if key not in fields:
                raise MarkupError(number, f"a signature takes name, as and date, not {key!r}")
            fields[key].append(value)
        if len(fields["name"]) != 1:
            raise MarkupError(start, "a signature needs exactly one 'name:' line")
        return Signature(
            inline(fields["name"][0]),
            tuple(inline(text) for text in fields["as"]),
            inline(fields["date"][0]) if fields["date"] else (),
        )
    raise MarkupError(start, f"unknown block '::: {name}' (notice, details or signature)")


def parse(text: str) -> list[Block]:
    """Parse the dialect into blocks.

    Raises:
        MarkupError: an unclosed or unknown fenced block, or a malformed line in one.
    """
    lines = text.splitlines()
    blocks: list[Block] = []
    paragraph: list[str] = []
    i = 0

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(inline(" ".join(paragraph))))
            paragraph.clear()

    while i < len(lines):
        number, line = i + 1, lines[i]
        stripped = line.strip()
        if not stripped:
            end_paragraph()
            i += 1
            continue
        if fence := _FENCE.match(stripped):
            end_paragraph()
            name = fence.group(1)
            if not name:
                raise MarkupError(number, "':::' closes a block that was never opened")
            body: list[tuple[int, str]] = []
            i += 1
            while i < len(lines) and lines[i].strip() != ":::":
                body.append((i + 1, lines[i]))
                i += 1
            if i == len(lines):
                raise MarkupError(number, f"'::: {name}' is never closed with ':::'")
            blocks.append(_fenced(name, body, number))
            i += 1
            continue
        if heading := _HEADING.match(stripped):
            end_paragraph()
            blocks.append(Heading(len(heading.group(1)), inline(heading.group(2))))
            i += 1
            continue
        if re.fullmatch(r"-{3,}", stripped):
            end_paragraph()
            blocks.append(Rule())
            i += 1
            continue
        if stripped.startswith("|"):
            end_paragraph()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append((i + 1, lines[i]))
                i += 1
            blocks.append(_table(rows))
            continue
        item = _BULLET.match(stripped) or _NUMBERED.match(stripped)
        if item:
            end_paragraph()
            ordered = _NUMBERED.match(stripped) is not None
            items: list[str] = []
            while i < len(lines):
                current = lines[i].strip()
                match = (_NUMBERED if ordered else _BULLET).match(current)
                if match:
                    items.append(match.group(1))
                elif current and lines[i].startswith("  ") and items:
                    items[-1] += " " + current  # an indented line continues the item
                else:
                    break
                i += 1
            blocks.append(ListBlock(ordered, tuple(inline(t) for t in items)))
            continue
        paragraph.append(stripped)
        i += 1
    end_paragraph()
    return blocks


def _table(rows: list[tuple[int, str]]) -> Table:
    number = rows[0][0]
    if len(rows) < 2 or not _TABLE_SEPARATOR.match(rows[1][1].strip()):
        raise MarkupError(number, "a table needs a header row and a |---| separator row")
    header = [inline(cell) for cell in _cells(rows[0][1])]
    separator = [cell.strip() for cell in _cells(rows[1][1])]
    if len(separator) != len(header):
        raise MarkupError(rows[1][0], "the separator row has a different number of columns")
    body = []
    for line_number, line in rows[2:]:
        cells = [inline(cell) for cell in _cells(line)]
        if len(cells) != len(header):
            raise MarkupError(
                line_number, f"a row has {len(cells)} cells; the header has {len(header)}"
            )
        body.append(tuple(cells))
    return Table(tuple(header), tuple(body), tuple(cell.endswith(":") for cell in separator))


# -- Markdown out ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_<>|~])")
_MD_LINK = re.compile(r"\](?=[(\[:])")  # "](" would close a link's text and open its target
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_LINE_START = re.compile(r"\A([#+=\[-]|[0-9]+[.)])")


def _md_text(text: str, line_start: bool = False) -> str:
    """CommonMark-safe: emphasis, strike, code, HTML and table characters, link brackets and
    entity-like ampersands escaped, and at the start of a line, what would begin a heading, a
    list, a rule or a link definition. A lone ``[●]`` stays as typed."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = _MD_ENTITY.sub(r"\\&", _MD_LINK.sub(r"\\]", escaped))
    if line_start:
        # "\#" for a heading mark, "1\." for a list number: a backslash escapes punctuation only
        escaped = _MD_LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], escaped)
    return escaped


def _md_inline(text: Inline, line_start: bool = False) -> str:
    out = []
    for n, run in enumerate(text):
        body = _md_text(run.text, line_start and n == 0)
        stripped = body.strip()
        if not stripped or not (run.bold or run.italic):
            out.append(body)
            continue
        mark = ("**" if run.bold else "") + ("*" if run.italic else "")
        lead = body[: len(body) - len(body.lstrip())]
        tail = body[len(body.rstrip()) :]
        out.append(f"{lead}{mark}{stripped}{mark[::-1]}{tail}")
    return "".join(out)


def _md_table(
    header: Sequence[Inline], rows: Sequence[Sequence[Inline]], right: Sequence[bool]
) -> str:
    cells = [[_md_inline(c) for c in header], *[[_md_inline(c) for c in row] for row in rows]]
    widths = [max(3, *(len(row[i]) for row in cells)) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if align else cell.ljust(width)
            for cell, width, align in zip(row, widths, right, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    separator = [
        ("-" * (w - 1) + ":") if align else "-" * w for w, align in zip(widths, right, strict=True)
    ]
    return "\n".join([line(cells[0]), "| " + " | ".join(separator) + " |", *map(line, cells[1:])])


@dataclass
class _MarkdownWriter:
    parts: list[str] = field(default_factory=list)

    def block(self, block: Block) -> None:
        match block:
            case Heading(level, text):
                self.parts.append("#" * level + " " + _md_inline(text))
            case Paragraph(text):
                self.parts.append(_md_inline(text, line_start=True))
            case ListBlock(ordered, items):
                self.parts.append(
                    "\n".join(
                        (f"{n}. " if ordered else "- ") + _md_inline(item, line_start=True)
                        for n, item in enumerate(items, start=1)
                    )
                )
            case Table(header, rows, right):
                self.parts.append(_md_table(header, rows, right))
            case Rule():
                self.parts.append("---")
            case Notice(paragraphs):
                self.parts.append(
                    "\n>\n".join("> " + _md_inline(p, line_start=True) for p in paragraphs)
                )
            case Details(rows):
                self.parts.append(
                    "  \n".join(f"**{_md_text(plain(k))}:** {_md_inline(v)}" for k, v in rows)
                )
            case Signature(name, capacity, date):
                who = f"**{_md_text(plain(name))}**"
                lines = [who, *(_md_inline(c, line_start=True) for c in capacity)]
                when = _md_inline(date) if date else "_" * 16
                lines.append(f"Signature: {'_' * 32}  Date: {when}")
                self.parts.append("  \n".join(lines))


def to_markdown(blocks: Sequence[Block], banner: str | None = None) -> str:
    """The blocks as CommonMark (GitHub tables), with ``banner`` as a leading quote if given."""
    writer = _MarkdownWriter()
    if banner:
        writer.parts.append(f"> **{_md_text(banner)}**")
    for block in blocks:
        writer.block(block)
    return "\n\n".join(writer.parts) + "\n"
