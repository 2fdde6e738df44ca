"""HTML to PDF through headless Chromium, the browser the HTML documents are checked in.

Chromium prints the page as a person would with "Save as PDF": the document's own print CSS
(``@page`` size and margins) decides the layout, and no header or footer is added. The page is
read from a file in a fresh temporary folder with a fresh profile, and Chromium is started with
its background networking off: a document never fetches anything (``file://`` only).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["CHROMIUM_FLAGS", "ChromiumMissingError", "PdfError", "find_chromium", "html_to_pdf"]

# Headless, no sandbox (we run as root in CI), and nothing that reaches for the network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
)
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_TIMEOUT_SECONDS = 120


class PdfError(RuntimeError):
    """Chromium could not print the page."""


class ChromiumMissingError(PdfError):
    """No Chromium to print with."""


def find_chromium() -> Path | None:
    """``$POINTS_CHROMIUM`` if set, else Debian's ``/usr/bin/chromium``, else one on PATH."""
    named = os.environ.get("POINTS_CHROMIUM")
    if named:
        return Path(named) if Path(named).is_file() else None
    if Path("/usr/bin/chromium").is_file():
        return Path("/usr/bin/chromium")
    found = next((shutil.which(name) for name in _CANDIDATES if shutil.which(name)), None)
    return Path(found) if found else None


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page, printed by headless Chromium.

    Raises:
        ChromiumMissingError: no Chromium is installed (the message says how to get one).
        PdfError: Chromium ran but wrote no PDF (its own message is included).
    """
    chromium = find_chromium()
    if chromium is None:
        raise ChromiumMissingError(
            "PDF output needs Chromium, and none was found: install it (Debian: "
            "apt-get install chromium) or set POINTS_CHROMIUM to its path; the HTML "
            "format gives the same document without it"
        )
    try:
        return _print(chromium, html)
    except OSError as error:  # the temporary folder: a full disk, a read-only /tmp
        raise PdfError(
            f"cannot prepare the PDF in {tempfile.gettempdir()}: {error.strerror or error}; "
            "nothing was written"
        ) from error


def _print(chromium: Path, html: str) -> bytes:
    """Print ``html`` with ``chromium`` in a temporary folder of its own."""
    with tempfile.TemporaryDirectory(prefix="points-pdf-") as folder:
        work = Path(folder)
        page, out = work / "document.html", work / "document.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            str(chromium),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={work / 'profile'}",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",  # the same, for Chromium before 111
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            finished = subprocess.run(
                command, capture_output=True, text=True, timeout=_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise PdfError(f"Chromium took over {_TIMEOUT_SECONDS}s to print") from error
        if not out.is_file() or out.stat().st_size == 0:
            said = (finished.stderr or finished.stdout).strip().splitlines()[-3:]
            raise PdfError(
                f"Chromium ({chromium}) wrote no PDF, exit code {finished.returncode}: "
                + " / ".join(said)
            )
        return out.read_bytes()
