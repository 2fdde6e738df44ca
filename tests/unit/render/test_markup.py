"""The Markdown dialect documents are written in: what it parses to, and Markdown back out."""

from __future__ import annotations

import textwrap

import pytest

from points.render.markup import (
    Details,
    Heading,
    ListBlock,
    MarkupError,
    Notice,
    Paragraph,
    Rule,
    Run,
    Signature,
    Table,
    escape_source,
    parse,
    plain,
    to_markdown,
)

HOSTILE = [
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "# not a heading",
    "- not a list",
    "[x](javascript:alert(1))",
    "::: notice",
    "1. one",
    "**bold**",
    "a\nb",
    "\\*",
]


def _parse(text: str) -> list[object]:
    return list(parse(textwrap.dedent(text)))


def test_blocks_of_each_kind() -> None:
    blocks = _parse("""\
        # Split Sheet

        A paragraph with **bold** and *italic*,
        on two lines.

        - one
        - two
          continued
        1. first

        | Writer | Share |
        |---|---:|
        | Ava | 33.34% |

        ---

        ::: details
        Song title: Glass Harbor
        :::

        ::: notice
        First.

        Second.
        :::

        ::: signature
        name: Ava Marie Stone
        as: p/k/a Ava Stone
        date: October 3, 2025
        :::
        """)
    assert blocks == [
        Heading(1, (Run("Split Sheet"),)),
        Paragraph(
            (
                Run("A paragraph with "),
                Run("bold", bold=True),
                Run(" and "),
                Run("italic", italic=True),
                Run(", on two lines."),
            )
        ),
        ListBlock(False, ((Run("one"),), (Run("two continued"),))),
        ListBlock(True, ((Run("first"),),)),
        Table(
            ((Run("Writer"),), (Run("Share"),)), (((Run("Ava"),), (Run("33.34%"),)),), (False, True)
        ),
        Rule(),
        Details((((Run("Song title"),), (Run("Glass Harbor"),)),)),
        Notice(((Run("First."),), (Run("Second."),))),
        Signature(
            (Run("Ava Marie Stone"),), ((Run("p/k/a Ava Stone"),),), (Run("October 3, 2025"),)
        ),
    ]


@pytest.mark.parametrize("value", HOSTILE)
def test_an_escaped_value_parses_back_to_itself_as_plain_text(value: str) -> None:
    expected = value.replace("\n", " ")
    for template in ("{v}", "- {v}", "| {v} | x |\n|---|---|\n| {v} | x |", "# {v}"):
        blocks = parse(template.format(v=escape_source(value)))
        assert len(blocks) == 1
        block = blocks[0]
        if isinstance(block, Table):
            assert [plain(c) for c in block.header] == [expected, "x"]
            assert [plain(c) for c in block.rows[0]] == [expected, "x"]
        elif isinstance(block, ListBlock):
            assert [plain(i) for i in block.items] == [expected]
        else:
            assert isinstance(block, Paragraph | Heading)
            assert block.text == (Run(expected),)


def test_a_value_in_a_details_line_may_hold_colons() -> None:
    (block,) = parse(f"::: details\nContact: {escape_source('Studio: 12 Main St')}\n:::")
    assert block == Details((((Run("Contact"),), (Run("Studio: 12 Main St"),)),))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# T\n\n::: notice\nnever closed", 3, "never closed"),
        (":::", 1, "never opened"),
        ("::: sidebar\nx\n:::", 1, "unknown block"),
        ("::: signature\nas: Producer\n:::", 1, "exactly one 'name:'"),
        ("::: signature\nname: A\nrole: B\n:::", 3, "not 'role'"),
        ("::: details\nno colon here\n:::", 2, "Key: value"),
        ("| a | b |\n| c | d |", 1, "separator"),
        ("| a | b |\n|---|---|\n| c |", 3, "1 cells"),
    ],
)
def test_malformed_documents_say_which_line(text: str, line: int, message: str) -> None:
    with pytest.raises(MarkupError, match=message) as caught:
        parse(text)
    assert caught.value.line == line


def test_markdown_out_is_commonmark_with_the_banner_first() -> None:
    blocks = parse(
        "# Title\n\nText **strong**.\n\n| A | B |\n|---|--:|\n| x | 1% |\n\n"
        "::: signature\nname: Ava\nas: Writer\n:::\n"
    )
    assert to_markdown(blocks, "DRAFT — review") == textwrap.dedent("""\
        > **DRAFT — review**

        # Title

        Text **strong**.

        | A   |   B |
        | --- | --: |
        | x   |  1% |

        **Ava**  
        Writer  
        Signature: ________________________________  Date: ________________
        """)  # noqa: W291 (two trailing spaces are Markdown's line break)


@pytest.mark.parametrize(
    ("value", "markdown"),
    [
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("=cmd|' /C calc'!A0", "\\=cmd\\|' /C calc'!A0"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("a *b* _c_ `d` ~~e~~", "a \\*b\\* \\_c\\_ \\`d\\` \\~\\~e\\~\\~"),
        ("&amp; & more", "\\&amp; & more"),
        ("Blanks marked [●] stay", "Blanks marked [●] stay"),
    ],
)
def test_markdown_out_escapes_what_markdown_would_act_on(value: str, markdown: str) -> None:
    blocks = parse(escape_source(value))
    assert to_markdown(blocks) == markdown + "\n"
