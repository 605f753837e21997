"""The record of one test phase: what was judged, what was found, what was sent.

Records are plain data. They travel in each test report's `user_properties` (so pytest-xdist
carries them from workers to the controller), and a conformance report is a fold over them
(`reports/`). This module imports nothing of the suite: it is the one type `reports/` needs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PROPERTY = "conformance"


@dataclass(frozen=True)
class BudgetUse:
    """The run's request budget (`--max-requests`) and what the run did with it: `spent`
    requests went out within it, and `ran_out` says whether one was refused."""

    limit: int
    spent: int
    ran_out: bool


@dataclass
class TestRecord:
    """One phase (setup, call or teardown) of one test."""

    __test__ = False  # a record, not a test class, though its name starts with "Test"

    nodeid: str
    when: str
    # The requirement ids the test is marked as verifying.
    requirements: list[str] = field(default_factory=list)
    # passed, failed, skipped, xfailed (a known deviation) or error (failed without a verdict).
    outcome: str = "passed"
    # Requirement id -> how many exchanges its checks judged.
    checks_ran: dict[str, int] = field(default_factory=dict)
    # Requirement id -> {why its checks did not apply: to how many exchanges}.
    not_applicable: dict[str, dict[str, int]] = field(default_factory=dict)
    # Distinct violations (`ConformanceFailure.evidence()`), each once with its `count`.
    violations: list[dict[str, Any]] = field(default_factory=list)
    # Every request sent in this phase, judged or not (clean-up included).
    requests: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    # Creates per parameter combination (`conformance/coverage.py`).
    coverage: dict[str, int] = field(default_factory=dict)
    first_sent: float | None = None
    last_answered: float | None = None
    recordings_created: int = 0
    # 429 answers (throttling, never judged), and answers sent again (429 or a well-formed 503).
    throttled: int = 0
    retries: int = 0
    # Requests of the clean-up (stopping what the run created), outside any request budget.
    clean_up_requests: int = 0
    # What a live space bills and sends: requests by operation (create, fetch, update,
    # other), recordings stopped by their own URL and the seconds between each one's create
    # and stop answers, and status callbacks asked for, by event.
    by_operation: dict[str, int] = field(default_factory=dict)
    recordings_stopped: int = 0
    recording_seconds: float = 0.0
    callbacks_requested: dict[str, int] = field(default_factory=dict)
    # Recordings the clean-up could not stop: {"sid", "url", "why"}.
    unstopped: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None
    skip_reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestRecord:
        return cls(**data)
