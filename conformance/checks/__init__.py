"""Conformance checks: plain functions named for the property they assert, registered in
`registry.py` with the requirement each verifies."""

from __future__ import annotations

from conformance.checks.context import CREATE_OPERATION, Check, CheckContext, Expectation
from conformance.checks.registry import (
    CHECKS,
    REGISTRY,
    RegisteredCheck,
    checks_for,
    requirements_for,
    run_checks,
)

__all__ = [
    "CHECKS",
    "CREATE_OPERATION",
    "REGISTRY",
    "Check",
    "CheckContext",
    "Expectation",
    "RegisteredCheck",
    "checks_for",
    "requirements_for",
    "run_checks",
]
