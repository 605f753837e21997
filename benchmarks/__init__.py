"""Benchmarks of the suite, measured side by side on one machine (not timed tests)."""
