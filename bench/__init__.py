"""Benchmarks (`make bench`) and evaluations (`make eval`) that print figures."""
