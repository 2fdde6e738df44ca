"""A reference model of the deal rules, and a differential property against the engine.

``model.run`` computes what each payee is owed, period by period, in the plainest way the rules
allow: row by row and unit by unit, no indexes, no caching, written from ../shared/DOMAIN.md
and the README ("The engine", "Money", "Defaults where practice differs"), not from the
engine. It shares with the engine only the contract and catalog models, ``points.money`` and
the engine's public input and output types (``Revenue``, ``ExchangeRates``, ``PayeeSummary``,
``EntryKind``). ``test_reference.py`` runs both over random deals and income and compares
every payee's figures in every period.
"""
