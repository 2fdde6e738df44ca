"""The HTML statement: a golden file, hostile names escaped, and the page rendered in a real
headless Chromium (Debian's, driven by Playwright) to screenshots that show the chart and the
totals."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from points.render.pdf import CHROMIUM_FLAGS, find_chromium
from points.render.statement_html import statement_html
from statement_fixtures import HOSTILE_NAME, HOSTILE_TITLE, hostile_statement, sample_statement

BAR = (0x3F, 0x7C, 0xAC)  # the bars' colour in the template's CSS
LINE = (0xC0, 0x50, 0x4D)  # the balance line's


def test_html_matches_golden(golden: Callable[[str, str], None]) -> None:
    golden("statement-jane-doe-2026-H2.html", statement_html(sample_statement()))


def test_the_page_is_self_contained() -> None:
    html = statement_html(sample_statement("marcus-okafor", "2026-H2", ()))
    assert "<script" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert "<svg" in html
    assert "<polyline" in html
    assert "$36.77" in html  # closing balance: 23.93 carried in + 12.84 held for record one


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    html = statement_html(hostile_statement(tmp_path))
    assert HOSTILE_TITLE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=cmd|&#39; /C calc&#39;!A0" in html  # a name is text in HTML, escaped as such
    assert "<script" not in html


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _pixels(png: bytes) -> Iterator[tuple[int, int, int]]:
    """Every pixel of an 8-bit RGB or RGBA PNG (a small decoder: the chart only)."""
    width, height = _png_size(png)
    depth, colour = png[24], png[25]
    assert depth == 8
    assert colour in (2, 6)
    step = 3 if colour == 2 else 4
    data, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        if kind == b"IDAT":
            data += png[at + 8 : at + 8 + length]
        at += 12 + length
    raw = zlib.decompress(data)
    stride = width * step
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - step] if i >= step else 0
            b, c = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        previous = line
        for x in range(0, stride, step):
            yield line[x], line[x + 1], line[x + 2]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (scripts/system-packages installs Debian's)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), args=[f for f in CHROMIUM_FLAGS if f != "--headless"]
        )
        yield launched
        launched.close()


def _open(browser: Any, html: str) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content(html, wait_until="load")
    return page, dialogs


def test_the_statement_renders_in_chromium_with_its_chart_and_totals(
    browser: Any, tmp_path: Path
) -> None:
    page, dialogs = _open(browser, statement_html(sample_statement("marcus-okafor", "2026-H2", ())))
    assert page.locator("#payable-USD").inner_text() == "$0.00"
    assert page.get_by_text("Total royalties earned").first.is_visible()
    assert page.locator("#by-recording-USD tr.sum td").last.inner_text() == "12.84"
    chart = page.locator("#chart-USD svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 600
    assert box["height"] > 200
    # Three periods and the legend's key: 2025-H2 (the signing advance, nothing earned), 2026-H1
    # and 2026-H2; every period from the contract's first dated term is run and charted.
    assert page.locator("#chart-USD rect.bar").count() == 4
    shot = page.screenshot(full_page=True, path=str(tmp_path / "statement.png"))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert _png_size(shot) == (1000, height)
    assert height > 1400  # a full statement: more than one screen
    colours = set(_pixels(chart.screenshot()))
    assert BAR in colours
    assert LINE in colours
    assert len(colours) > 20  # text, grid and shapes, not a blank box
    assert dialogs == []
    page.close()


def test_a_hostile_title_shows_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    page, dialogs = _open(browser, statement_html(hostile_statement(tmp_path)))
    assert page.get_by_text(HOSTILE_TITLE, exact=True).first.is_visible()
    assert page.locator(".payee-name").inner_text() == HOSTILE_NAME
    assert page.locator("script").count() == 0
    assert dialogs == []
    page.close()


TWO_DEALS = {
    "parties.yaml": """
        parties:
          - {id: ava, legal_name: Ava Stone}
          - {id: jane, legal_name: Jane Doe}
        """,
    "catalog.yaml": """
        recordings:
          - {isrc: QZ-RLR-26-00001, title: Glass Harbor, artist: Ava Stone}
          - {isrc: QZ-RLR-26-00002, title: Northbound, artist: Ava Stone}
        """,
    "contracts/us.yaml": """
        id: us-deal
        title: US producer agreement
        payer: ava
        payee: jane
        recordings: [QZ-RLR-26-00001]
        accounting: {currency: USD, period: quarterly}
        royalties: [{channels: [stream], points: 4}]
        """,
    "contracts/eu.yaml": """
        id: eu-deal
        title: EU producer agreement
        payer: ava
        payee: jane
        recordings: [QZ-RLR-26-00002]
        accounting: {currency: EUR, period: quarterly}
        advances: [{amount: 10, currency: EUR}]
        royalties: [{channels: [stream, download], points: 5}]
        """,
}


def test_a_payee_with_two_contracts_in_two_currencies(make_workspace: Any) -> None:
    from decimal import Decimal

    from points.engine import Revenue, run
    from points.model import load_workspace
    from points.model.contracts import Channel
    from points.model.periods import Month
    from points.render.statement_build import build_statement
    from points.render.statement_data import statement_csv, statement_json
    from points.render.statement_xlsx import statement_xlsx

    workspace = load_workspace(make_workspace(TWO_DEALS)).workspace
    income = [
        Revenue(
            "QZRLR2600001", Channel.STREAM, "US", Month(2026, 1), "USD", Decimal(10), Decimal("100")
        ),
        Revenue(
            "QZRLR2600002", Channel.STREAM, "FR", Month(2026, 2), "EUR", Decimal(20), Decimal("300")
        ),
        Revenue(
            "QZRLR2600002", Channel.DOWNLOAD, "", Month(2026, 3), "EUR", Decimal(2), Decimal("1.98")
        ),
    ]
    result = run(workspace.contracts, workspace.releases_by_upc, income)
    statement = build_statement(workspace, "jane", "2026-Q1", result.summaries, result.entries)
    assert [a.currency for a in statement.accounts] == ["EUR", "USD"]
    eur, usd = statement.accounts
    # 5% of 301.98 = 15.099, of which 10 recoups the advance
    assert (eur.total("earned"), eur.total("recouped"), eur.total("payable")) == (
        Decimal("15.0990"),
        10,
        Decimal("5.10"),
    )
    assert usd.total("payable") == 4
    html = statement_html(statement)
    for fragment in (
        'id="payable-EUR">€5.10<',
        'id="payable-USD">$4.00<',
        "Not stated",
        "France",
        "eu-deal",
        "us-deal",
        'id="chart-EUR"',
        'id="chart-USD"',
    ):
        assert fragment in html
    assert len(json.loads(statement_json(statement))["accounts"]) == 2
    assert statement_csv(statement).count("\nroyalty,") == 3
    assert statement_xlsx(statement)[:2] == b"PK"
