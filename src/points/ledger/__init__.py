"""The ledger: what a workspace remembers between runs, in one SQLite file.

It owns the store (``store``) and its schema with migrations (``schema``): the statement files
imported (by content hash, so importing one twice is a no-op) and the income each brought. It
may use ``money``, ``model``, ``engine`` (for the income rows it hands back) and ``errors``; it
never reads statement files itself: the caller ingests them and passes the sums in.
"""
