"""Names from user files cannot act: formulas stay text, file names stay in their folder, and
templates escape everything and cannot reach Python's internals."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from points.render.limits import MAX_FILENAME_BYTES
from points.render.safety import MAX_STEM, neutralise, safe_filename, template_environment


def test_neutralise_only_what_a_spreadsheet_would_run() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert neutralise("-2") == "'-2"
    assert neutralise("+44 20") == "'+44 20"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("Ava Stone") == "Ava Stone"
    assert neutralise("") == ""


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Glass Harbor - Split sheet", "Glass Harbor - Split sheet.md"),
        ("../../etc/passwd", "etc - passwd.md"),
        ("..\\..\\boot.ini", "boot.ini.md"),
        (".hidden", "hidden.md"),
        ("<script>alert(1)</script>", "script - alert(1) - script.md"),
        ("=cmd|' /C calc'!A0", "=cmd - ' - C calc'!A0.md"),
        ("Tab\tand\nnewline\x00", "Tab - and - newline.md"),
        ("CON", "_CON.md"),
        ("nul.txt", "_nul.txt.md"),
        ("Ember & Static — “Live”", "Ember & Static — “Live”.md"),
        ("...", "document.md"),
        ("x" * 300, "x" * 111 + " 0d4e2ca9.md"),  # cut, and a hash of the whole title
        ("Jane\u202eFDP.exe", "JaneFDP.exe.md"),  # bidi override: dropped, not shown
        ("Zero\u200bwidth\u2066isolate\u2069", "Zerowidthisolate.md"),
        ("C1\x9b31m control\x85", "C1 - 31m control.md"),
        ("line\u2028separator", "line - separator.md"),
        ("lone \ud800 surrogate", "lone surrogate.md"),
    ],
)
def test_file_names_from_titles_are_safe_and_readable(title: str, name: str) -> None:
    assert safe_filename(title, "md") == name


@pytest.mark.parametrize("character", ["x", "é", "語", "😀"])
def test_a_long_title_fits_the_file_system_and_stays_unique(character: str) -> None:
    # 1, 2, 3 and 4 bytes a character: the name is cut by bytes, never inside a character
    first = safe_filename(character * 300 + " one", "docx")
    second = safe_filename(character * 300 + " two", "docx")
    assert first != second
    for name in (first, second):
        assert len(name.encode("utf-8")) <= MAX_FILENAME_BYTES
        assert name.endswith(".docx")
        assert name.startswith(character * 10)


def test_a_cut_title_keeps_its_short_last_part() -> None:
    name = safe_filename(f"Royalty statement - {'Jane ' * 60}Doe - 2026-H1", "csv")
    assert name.startswith("Royalty statement - Jane Jane")
    assert name.endswith(" - 2026-H1.csv")
    assert len(name) == MAX_STEM + len(".csv")


def test_templates_escape_and_are_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    (tmp_path / "evil.html").write_text("{{ name.__class__.__mro__ }}", encoding="utf-8")
    (tmp_path / "typo.html").write_text("{{ nmae }}", encoding="utf-8")
    environment = template_environment(folder=tmp_path)
    page = environment.get_template("page.html").render(name="<script>alert(1)</script>")
    assert page == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    with pytest.raises(SecurityError):
        environment.get_template("evil.html").render(name="x")
    with pytest.raises(UndefinedError):
        environment.get_template("typo.html").render(name="x")
