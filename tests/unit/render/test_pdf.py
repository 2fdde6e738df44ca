"""HTML becomes PDF through headless Chromium, and a missing Chromium is a clear error."""

from __future__ import annotations

import errno
import shutil
import subprocess
from pathlib import Path

import pytest

from points.render import pdf as pdf_module
from points.render.pdf import ChromiumMissingError, find_chromium, html_to_pdf

needs_chromium = pytest.mark.skipif(
    find_chromium() is None, reason="Chromium is not installed (scripts/system-packages)"
)


@needs_chromium
def test_html_becomes_a_pdf_with_its_text(tmp_path: Path) -> None:
    pdf = html_to_pdf("<!DOCTYPE html><h1>Royalty statement</h1><p>Payable $2,506.01</p>")
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftotext") is None:
        return
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Royalty statement" in text
    assert "$2,506.01" in text


def test_a_missing_chromium_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("POINTS_CHROMIUM", str(tmp_path / "no-such-browser"))
    assert find_chromium() is None
    with pytest.raises(ChromiumMissingError, match="apt-get install chromium"):
        html_to_pdf("<p>hi</p>")


def test_a_full_temporary_folder_is_a_pdf_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pdf_module, "find_chromium", lambda: tmp_path / "chromium")
    monkeypatch.setattr(pdf_module.tempfile, "TemporaryDirectory", full)
    with pytest.raises(pdf_module.PdfError, match=r"cannot prepare the PDF in .*No space left"):
        pdf_module.html_to_pdf("<p>x</p>")
