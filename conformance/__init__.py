"""Conformance checks for Create a Recording, and the test modules that run them on a target."""
