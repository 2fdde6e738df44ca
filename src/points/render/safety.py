"""Rendered output is safe to open, whatever the names in it say.

Names and titles come from user files and from statements that other companies send, so a
document must never let them act (issue 6, item 4):

- a spreadsheet cell (XLSX or CSV) that begins like a formula is written as text: ``neutralise``;
- a file name made from a title cannot climb folders, hide itself or be a device name:
  ``safe_filename``;
- HTML templates run in jinja2's sandbox with autoescaping on: ``template_environment``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["TEMPLATES", "neutralise", "safe_filename", "template_environment"]

TEMPLATES = Path(__file__).parent / "templates"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``=cmd|' /C calc'!A0`` → ``'=cmd|' /C calc'!A0``: shown as typed, never run."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Names Windows reserves for devices, with or without an extension.
_DEVICES = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}
_LONGEST = 100


def safe_filename(*parts: str, suffix: str = "") -> str:
    """A file name from titles: ASCII letters, digits, ``.``, ``_`` and ``-`` only, words
    joined by ``-``, no leading dot or dash, not a device name, at most 100 characters
    before ``suffix``. ``safe_filename("Jane Doe", "2026-H1", suffix=".pdf")`` →
    ``'Jane-Doe_2026-H1.pdf'``; ``"../../etc/passwd"`` → ``'etc-passwd'``."""
    words = []
    for part in parts:
        ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        word = _UNSAFE.sub("-", ascii_text)
        word = re.sub(r"\.{2,}", ".", word).strip(".-_")
        word = re.sub(r"-{2,}", "-", word)
        if word:
            words.append(word)
    name = "_".join(words)[:_LONGEST].rstrip(".-_") or "document"
    if name.split(".")[0].casefold() in _DEVICES:
        name = f"file-{name}"
    return name + suffix


def template_environment(
    filters: Mapping[str, Callable[..., Any]] | None = None, folder: Path = TEMPLATES
) -> SandboxedEnvironment:
    """jinja2 in its sandbox, escaping every value into HTML unless a template says otherwise,
    and failing on an undefined name rather than printing nothing."""
    environment = SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(filters or {})
    return environment
