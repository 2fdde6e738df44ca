"""Ingest: read statement exports as they arrive and turn them into canonical lines.

Owns: every quirk of every source format: encodings (UTF-8 with or without BOM, UTF-16,
Latin-1), delimiters, title blocks above the header, decimal commas, totals rows, and the
mapping of each source's columns onto the canonical statement line.
Inputs: statement files (CSV, TSV, XLSX, DDEX DSR). Outputs: canonical lines or their
aggregates with exact Decimal amounts, plus a ``Problem`` for every line not taken.
May import: ``points.money``, ``points.errors``, ``points.model``, pandas, pyarrow, openpyxl.
Must not import: ``engine``, ``ledger``, ``render``, ``cli``.
"""
