"""Rendering for people: plain-English deal summaries, split sheets and agreement drafts (from
jinja2 templates, as Markdown, HTML and DOCX); statements (issue 6).

Owns: how amounts, percentages and counts are written (locale, symbols, separators) and the words
that restate a deal. Values are never formatted anywhere else.
Inputs: validated models (and, later, engine results). Outputs: text and documents.
May import: ``points.money``, ``points.model``, ``points.engine`` (its results), babel, jinja2,
openpyxl, python-docx.
Must not import: ``engine`` internals' state, ``ingest``, ``ledger``, ``cli``.
"""
