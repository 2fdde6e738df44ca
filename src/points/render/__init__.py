"""Rendering for people: plain-English deal summaries, payee royalty statements, split sheets
and agreement drafts (from sandboxed jinja2 templates).

Owns: how amounts, percentages and counts are written (locale, symbols, separators), the words
that restate a deal, and the documents (XLSX, HTML, PDF through Chromium, CSV, JSON, Markdown,
DOCX), made safe against the names in them (``safety``). Values are never formatted anywhere
else.
Inputs: validated models and engine results. Outputs: text and documents.
May import: ``points.money``, ``points.model``, ``points.engine``, babel, jinja2, openpyxl,
python-docx.
Must not import: ``ingest``, ``ledger``, ``cli``.

"""

from typing import Literal

# Here rather than in the modules that write them, so the CLI can offer them without loading those.
STATEMENT_FORMATS = ("xlsx", "html", "pdf", "csv", "json")  # a payee statement's
Format = Literal["md", "html", "docx", "pdf"]  # an agreement draft's or a split sheet's
FORMATS: tuple[Format, ...] = ("md", "html", "docx", "pdf")
