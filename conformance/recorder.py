"""What the current test phase judged and sent, gathered as it happens.

The harness hands the recorder every judgement, the client every exchange; the plugin takes a
`TestRecord` at the end of each test phase and puts it in the test's report. A violation is kept
once per identity (the smallest request that showed it, and how many did): the report keeps
every distinct failure without repeating one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from conformance.checks import Judgement
from conformance.coverage import combination_key
from conformance.exchange import Exchange
from conformance.failures import ConformanceFailure
from conformance.records import TestRecord


class Recorder:
    """One per process; `strict` makes SHOULD violations fail their test like MUST ones."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        self._reset()

    def _reset(self) -> None:
        self._ran: Counter[str] = Counter()
        self._not_applicable: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._violations: dict[str, dict[str, Any]] = {}
        self._sizes: dict[str, int] = {}
        self._requests = 0
        self._by_status: Counter[str] = Counter()
        self._coverage: Counter[str] = Counter()
        self._first_sent: float | None = None
        self._last_answered: float | None = None
        self._created = 0
        self._throttled = 0
        self._retries = 0
        self._clean_up_requests = 0
        self._unstopped: list[dict[str, str]] = []

    # --- Fed by the client and the harness ---------------------------------------------------

    def exchange(self, exchange: Exchange, answered_at: float) -> None:
        """Count a request and its answer (every one, judged or not)."""
        self._requests += 1
        self._by_status[str(exchange.status)] += 1
        if self._first_sent is None:
            self._first_sent = exchange.sent_at
        self._last_answered = answered_at
        if exchange.operation == "create" and exchange.request is not None:
            self._coverage[combination_key(exchange.request)] += 1

    def recording_created(self) -> None:
        self._created += 1

    def throttled(self, exchange: Exchange) -> None:
        self._throttled += 1

    def retrying(self, exchange: Exchange) -> None:
        self._retries += 1

    def clean_up_requests(self, count: int) -> None:
        """`count` requests were the clean-up's (sent whatever the request budget)."""
        self._clean_up_requests += count

    def unstopped(self, sid: str, url: str, why: str) -> None:
        """A recording the clean-up could not stop (a live space bills it while it records)."""
        self._unstopped.append({"sid": sid, "url": url, "why": why})

    def judged(self, judgements: list[Judgement], exchange: Exchange) -> list[ConformanceFailure]:
        """Record what the checks made of `exchange`; return the failures that fail the test
        (MUST violations, and SHOULD ones too when strict)."""
        failing = []
        # Counted per exchange: a requirement with two checks judged it once.
        ran: set[str] = set()
        not_applicable: dict[str, str] = {}
        for judgement in judgements:
            requirement = judgement.check.requirement
            if not judgement.ran:
                not_applicable.setdefault(requirement.id, judgement.not_applicable_because)
                continue
            ran.add(requirement.id)
            for violation in judgement.violations:
                failure = ConformanceFailure(
                    check=judgement.check.name,
                    requirement=requirement.id,
                    level=requirement.level,
                    violation=violation,
                    exchange=exchange,
                )
                self.violation(failure)
                if requirement.level == "MUST" or self.strict:
                    failing.append(failure)
        self._ran.update(ran)
        for requirement_id, reason in not_applicable.items():
            if requirement_id not in ran:
                self._not_applicable[requirement_id][reason] += 1
        return failing

    def ran(self, requirement: str) -> None:
        """A check of `requirement` that is not in the registry (schemathesis's) ran."""
        self._ran[requirement] += 1

    def violation(self, failure: ConformanceFailure) -> None:
        """Keep `failure` once per identity: the smallest request that showed it."""
        identity = failure.identity
        size = len(failure.exchange.url) + len(failure.exchange.request_body)
        known = self._violations.get(identity)
        if known is None or size < self._sizes[identity]:
            evidence = failure.evidence()
            evidence["count"] = known["count"] + 1 if known else 1
            self._violations[identity] = evidence
            self._sizes[identity] = size
        else:
            known["count"] += 1

    # --- Taken by the plugin ------------------------------------------------------------------

    def take(self, nodeid: str, when: str) -> TestRecord:
        """The record of the phase that just ended; the recorder starts afresh."""
        record = TestRecord(
            nodeid=nodeid,
            when=when,
            checks_ran=dict(self._ran),
            not_applicable={k: dict(v) for k, v in self._not_applicable.items()},
            violations=list(self._violations.values()),
            requests=self._requests,
            by_status=dict(self._by_status),
            coverage=dict(self._coverage),
            first_sent=self._first_sent,
            last_answered=self._last_answered,
            recordings_created=self._created,
            throttled=self._throttled,
            retries=self._retries,
            clean_up_requests=self._clean_up_requests,
            unstopped=self._unstopped,
        )
        self._reset()
        return record
