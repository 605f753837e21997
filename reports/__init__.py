"""Conformance reports: a verdict per requirement, with evidence, as JSON, Markdown, HTML, CTRF
and JUnit XML; and `python -m reports diff` to compare two runs."""
