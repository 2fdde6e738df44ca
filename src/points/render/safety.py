"""Rendered output is safe to open, whatever the names in it say.

Names and titles come from user files and from statements that other companies send, so a
document must never let them act (issue 6, item 4):

- a spreadsheet cell (XLSX or CSV) that begins like a formula is written as text: ``neutralise``;
- a file name made from a title cannot climb folders, hide itself, read backwards (U+202E),
  be a device name or be too long for the file system: ``safe_filename``;
- HTML templates run in jinja2's sandbox with autoescaping on: ``template_environment``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from points.render.limits import MAX_FILENAME_BYTES

__all__ = ["TEMPLATES", "neutralise", "safe_filename", "template_environment"]

TEMPLATES = Path(__file__).parent / "templates"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``=cmd|' /C calc'!A0`` → ``'=cmd|' /C calc'!A0``: shown as typed, never run."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029/\\:*?"<>|]+')
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?\Z", re.IGNORECASE)
# Invisible characters that change how a name reads (U+202E turns "gpj.exe" around), and
# those no file system should be handed: format (bidi, zero-width), unassigned, private use
# and lone surrogates (which cannot even be encoded). Dropped, not replaced.
_INVISIBLE = frozenset(("Cf", "Cn", "Co", "Cs"))
MAX_STEM = 120
_HASH_CHARS = 8
_TAIL_CHARS = 24


def safe_filename(title: str, extension: str) -> str:
    """A file name from a title that is safe on every common system and still reads well:
    no path separators, control, bidi or other invisible characters, or characters Windows
    reserves; no leading dot or dash, no trailing dot or space, no Windows device name; at
    most ``MAX_STEM`` characters before the suffix and ``MAX_FILENAME_BYTES`` bytes in all.
    A title cut to fit gets the first characters of its SHA-256 after the cut, so two long
    titles that differ only past the cut still get two names, and keeps a short last part
    after " - " (``- 2026-H1``).

    >>> safe_filename("../AC/DC: <Live>", "md")
    'AC - DC - Live.md'
    >>> safe_filename("Jane\u202eFDP.exe", "md")
    'JaneFDP.exe.md'
    """
    text = unicodedata.normalize("NFC", title)
    text = "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE)
    text = _UNSAFE.sub(" - ", text)
    text = _SPACES.sub(" ", text)
    text = re.sub(r"( - )+", " - ", text)
    text = re.sub(r"(\s*-\s*){2,}", " - ", text)
    text = text.strip(" .-_")
    suffix = f".{extension}"
    if len(text) > MAX_STEM or len((text + suffix).encode("utf-8")) > MAX_FILENAME_BYTES:
        digest = hashlib.sha256(title.encode("utf-8", "surrogatepass")).hexdigest()
        mark = f" {digest[:_HASH_CHARS]}"
        # a short last part after " - " (a statement's period) is kept: it tells files apart
        last = text.rfind(" - ")
        tail = text[last:] if last > 0 and len(text) - last <= _TAIL_CHARS else ""
        room = MAX_FILENAME_BYTES - len((mark + tail + suffix).encode("utf-8"))
        head = text[: MAX_STEM - len(mark) - len(tail)]
        while len(head.encode("utf-8")) > room:
            head = head[:-1]
        text = head.rstrip(" .-_") + mark + tail
    if not text:
        text = "document"
    if _RESERVED.match(text):
        text = f"_{text}"
    return text + suffix


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
