"""Placeholder replaced by the retrieval evaluation (issue: Indonesian retrieval quality)."""
