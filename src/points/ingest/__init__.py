"""Ingest: read statement exports as they arrive and turn them into canonical lines.

Owns: every quirk of every source format: encodings (UTF-8 with or without BOM, UTF-16,
Latin-1), delimiters, title blocks above the header, decimal commas, totals rows, and the
mapping of each source's columns onto the canonical statement line.
Inputs: statement files (CSV, TSV, XLSX, DDEX DSR). Outputs: canonical lines or their
aggregates with exact Decimal amounts (sales and returns apart), the lines skipped with their
reasons, a ``Problem`` for every line rejected, and a warning for every value left out of a
line that was taken.
May import: ``points.money``, ``points.errors``, ``points.model``, pandas, pyarrow, openpyxl,
defusedxml, duckdb, babel, iso3166.
Must not import: ``engine``, ``ledger``, ``render``, ``cli``.
"""
