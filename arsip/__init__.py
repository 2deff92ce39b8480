"""The arsip command: wires indexer, archive and web together."""
