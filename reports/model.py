"""From per-test records to the report: a verdict for every requirement, with its evidence.

A record is what one test contributed (its outcome, the requirements it verifies, the failures
it found, the requests it sent); records travel from pytest-xdist workers as plain data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from conformance.checks import REGISTRY
from conformance.requirements import REQUIREMENTS, Requirement

SCHEMA_VERSION = 1
PASS, FAIL, SKIPPED, NOT_EXERCISED = "pass", "fail", "skipped", "not exercised"
KNOWN_DEVIATION, DEVIATION_RESOLVED = "known deviation", "deviation resolved"
VERDICTS = (PASS, FAIL, KNOWN_DEVIATION, DEVIATION_RESOLVED, SKIPPED, NOT_EXERCISED)
CONFORMANT, WARNINGS, NON_CONFORMANT = (
    "conformant",
    "conformant with warnings",
    "non-conformant",
)
# Evidence kept per requirement: the first failures found are the most telling, not all of them.
MAX_FAILURES_PER_REQUIREMENT = 5


@dataclass
class Contribution:
    """What one test contributed to the report."""

    nodeid: str
    requirements: list[str] = field(default_factory=list)
    outcome: str = "passed"  # passed, failed, skipped, xfailed, error
    failures: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    skip_reason: str | None = None
    requests: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    coverage: dict[str, int] = field(default_factory=dict)
    # Exchanges judged per requirement id during this test.
    judged: dict[str, int] = field(default_factory=dict)

    def merge(self, other: Contribution) -> None:
        """Fold a later phase of the same test (call after setup, teardown after call)."""
        self.requirements = other.requirements or self.requirements
        if other.outcome != "passed":
            self.outcome = other.outcome
        self.failures += other.failures
        self.error = self.error or other.error
        self.skip_reason = self.skip_reason or other.skip_reason
        self.requests += other.requests
        pairs = (
            (other.by_status, self.by_status),
            (other.coverage, self.coverage),
            (other.judged, self.judged),
        )
        for source, target in pairs:
            for key, count in source.items():
                target[key] = target.get(key, 0) + count


def _checks_of(requirement: Requirement) -> list[str]:
    names = [entry.name for entry in REGISTRY if entry.requirement.id == requirement.id]
    return names or ["schemathesis generic checks"]


def _verdict(
    requirement: Requirement,
    records: list[Contribution],
    failures: list[dict[str, Any]],
    deviations: dict[str, str],
) -> tuple[str, str | None, list[dict[str, Any]]]:
    """The verdict of one requirement from the tests that verify it and the failures found
    against it (by any test: a callback test can find a wrong echo), its reason, and evidence."""
    errors = [r for r in records if r.error and r.outcome == "failed"]
    if failures or errors:
        evidence = failures or [
            {
                "check": "(test error)",
                "requirement": requirement.id,
                "title": "the test failed without a conformance verdict",
                "received": r.error or "",
                "expected": "",
                "nodeid": r.nodeid,
            }
            for r in errors
        ]
        if requirement.id in deviations:
            return KNOWN_DEVIATION, deviations[requirement.id], evidence
        return FAIL, None, evidence
    if any(r.judged.get(requirement.id) for r in records):
        if requirement.id in deviations:
            return (
                DEVIATION_RESOLVED,
                "listed as a known deviation, but it passes now: update the deviations file",
                [],
            )
        return PASS, None, []
    if records and all(r.outcome == "skipped" for r in records):
        reasons = sorted({r.skip_reason or "skipped" for r in records})
        return SKIPPED, "; ".join(reasons), []
    if records:
        return NOT_EXERCISED, "its tests stopped at other failures before judging it", []
    return NOT_EXERCISED, "no test that verifies it ran (deselected?)", []


def overall_verdict(requirements: list[dict[str, Any]]) -> str:
    """Non-conformant on any MUST failure (known or not); with warnings on SHOULD failures."""
    failing = [r for r in requirements if r["verdict"] in (FAIL, KNOWN_DEVIATION)]
    if any(r["level"] == "MUST" for r in failing):
        return NON_CONFORMANT
    return WARNINGS if failing else CONFORMANT


def build_report(
    records: list[Contribution],
    *,
    provenance: dict[str, Any],
    deviations: dict[str, str],
    duration: float,
) -> dict[str, Any]:
    """The whole report as plain data (what `report.json` holds)."""
    by_requirement: dict[str, list[Contribution]] = {r.id: [] for r in REQUIREMENTS}
    failures_of: dict[str, list[dict[str, Any]]] = {r.id: [] for r in REQUIREMENTS}
    for record in records:
        for requirement_id in record.requirements:
            by_requirement.setdefault(requirement_id, []).append(record)
        for failure in record.failures:
            failures_of.setdefault(str(failure.get("requirement")), []).append(
                {**failure, "nodeid": record.nodeid}
            )
    requirements = []
    for requirement in REQUIREMENTS:
        related = by_requirement[requirement.id]
        verdict, reason, failures = _verdict(
            requirement, related, failures_of[requirement.id], deviations
        )
        requirements.append(
            {
                "id": requirement.id,
                "level": requirement.level,
                "text": requirement.text,
                "source": requirement.source,
                "verdict": verdict,
                "reason": reason,
                "checks": _checks_of(requirement),
                "tests": len(related),
                "requests": sum(r.judged.get(requirement.id, 0) for r in records),
                "failures": failures[:MAX_FAILURES_PER_REQUIREMENT],
            }
        )
    by_status: Counter[str] = Counter()
    coverage: Counter[str] = Counter()
    for record in records:
        by_status.update(record.by_status)
        coverage.update(record.coverage)
    total_requests = sum(by_status.values())
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict": overall_verdict(requirements),
        "provenance": provenance,
        "summary": {v: sum(r["verdict"] == v for r in requirements) for v in VERDICTS},
        "requirements": requirements,
        "totals": {
            "requests": total_requests,
            "by_status": dict(sorted(by_status.items())),
            "duration_seconds": round(duration, 3),
            "requests_per_second": round(total_requests / duration, 1) if duration else 0.0,
            "tests": dict(Counter(r.outcome for r in records)),
        },
        "coverage": dict(sorted(coverage.items())),
        # Errors outside the tests' verdicts (fixtures, clean-up), for whoever runs the suite.
        "errors": [
            {"nodeid": r.nodeid, "error": r.error}
            for r in records
            if r.error and r.outcome != "failed"
        ],
    }
