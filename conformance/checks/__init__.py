"""Conformance checks: generators of violations named for the property they assert,
registered in `registry.py` with the requirement each verifies and when each applies."""

from __future__ import annotations

from recording_conformance.conformance.checks.context import (
    CREATE_OPERATION,
    Check,
    CheckContext,
    Expectation,
    Violation,
    applies_when,
)
from recording_conformance.conformance.checks.registry import (
    CHECKS,
    REGISTRY,
    Judgement,
    RegisteredCheck,
    checks_for,
    judge,
    requirements_for,
)

__all__ = [
    "CHECKS",
    "CREATE_OPERATION",
    "REGISTRY",
    "Check",
    "CheckContext",
    "Expectation",
    "Judgement",
    "RegisteredCheck",
    "Violation",
    "applies_when",
    "checks_for",
    "judge",
    "requirements_for",
]
