"""Arsip core: the Article record, the Whoosh schema and analysis, the index store, search."""
