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


_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?\Z", re.IGNORECASE)
MAX_STEM = 120


def safe_filename(title: str, extension: str) -> str:
    """A file name from a title that is safe on every common system and still reads well:
    no path separators, control or reserved characters, no leading dot or dash, no trailing
    dot or space, no Windows device name, at most ``MAX_STEM`` characters before the suffix.

    >>> safe_filename("../AC/DC: <Live>", "md")
    'AC - DC - Live.md'
    """
    text = unicodedata.normalize("NFC", title)
    text = _UNSAFE.sub(" - ", text)
    text = _SPACES.sub(" ", text)
    text = re.sub(r"( - )+", " - ", text)
    text = re.sub(r"(\s*-\s*){2,}", " - ", text)
    text = text.strip(" .-_")
    if len(text) > MAX_STEM:
        text = text[:MAX_STEM].rstrip(" .-_")
    if not text:
        text = "document"
    if _RESERVED.match(text):
        text = f"_{text}"
    return f"{text}.{extension}"


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
