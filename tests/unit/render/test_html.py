"""The printable HTML page: self-contained, escaped, with the draft mark when asked."""

from __future__ import annotations

import re

from points.render.html import to_html
from points.render.markup import escape_source, parse

SCRIPT = "<script>alert(1)</script>"


def _page(source: str, **options: str) -> str:
    return to_html(parse(source), kind=options.pop("kind", "Split sheet"), **options)


def test_a_page_is_self_contained_and_printable() -> None:
    page = _page("# Split Sheet: Glass Harbor\n\nText.\n", reference="glass-harbor")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Split Sheet: Glass Harbor</title>" in page
    assert "@page { size: letter;" in page
    assert not re.search(r"""(src|href)\s*=|@import|url\(|<script|<link""", page)
    assert page.count("glass-harbor") == 2  # masthead and footer


def test_text_from_files_is_escaped_everywhere() -> None:
    value = escape_source(SCRIPT)
    source = (
        f"# {value}\n\n{value}\n\n- {value}\n\n| A |\n|---|\n| {value} |\n\n"
        f"::: details\nName: {value}\n:::\n\n::: notice\n{value}\n:::\n\n"
        f"::: signature\nname: {value}\nas: {value}\ndate: {value}\n:::\n"
    )
    page = _page(source, reference=SCRIPT, footer=SCRIPT, banner=SCRIPT)
    assert "<script" not in page
    # title, heading, paragraph, item, cell, detail, notice, signature (3), masthead, footer (2),
    # banner
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 14


def test_a_draft_has_its_banner_and_watermark() -> None:
    page = _page(
        "# Producer Agreement\n", kind="Agreement draft", banner="DRAFT — review", watermark="DRAFT"
    )
    assert '<div class="banner" role="note">DRAFT — review</div>' in page
    assert '<div class="watermark" aria-hidden="true">DRAFT</div>' in page
    plain = _page("# Split Sheet\n")
    assert 'class="banner"' not in plain
    assert 'class="watermark"' not in plain


def test_numbers_align_right_and_signatures_share_a_grid() -> None:
    page = _page(
        "| Writer | Share |\n|---|---:|\n| Ava | 33.34% |\n\n"
        "::: signature\nname: Ava\n:::\n\n::: signature\nname: Kai\n:::\n"
    )
    assert '<td class="num">33.34%</td>' in page
    assert page.count('<div class="signatures">') == 1
    assert page.count('<div class="signature">') == 2
