"""Rendering for people: plain-English deal summaries now; statements, split sheets and drafts
later (issue 6).

Owns: how amounts, percentages and counts are written (locale, symbols, separators) and the words
that restate a deal. Values are never formatted anywhere else.
Inputs: validated models (and, later, engine results). Outputs: text and documents.
May import: ``points.money``, ``points.model``, babel (and later jinja2, openpyxl).
Must not import: ``engine`` internals' state, ``ingest``, ``ledger``, ``cli``.
"""
