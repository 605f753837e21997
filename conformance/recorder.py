"""What the current test phase judged and sent, gathered as it happens.

The harness hands the recorder every judgement, the client every exchange; the plugin takes a
`TestRecord` at the end of each test phase and puts it in the test's report. A violation is kept
once per identity (the smallest request that showed it, and how many did): the report keeps
every distinct failure without repeating one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from recording_conformance.conformance.checks import Judgement
from recording_conformance.conformance.coverage import combination_key
from recording_conformance.conformance.exchange import STOP_BODY, Exchange
from recording_conformance.conformance.failures import ConformanceFailure
from recording_conformance.conformance.records import TestRecord
from recording_conformance.conformance.request import CreateRequest

if TYPE_CHECKING:
    from recording_conformance.conformance.cassette import Tape

# Without RecordingStatusCallbackEvent only `completed` is sent (the spec's default).
DEFAULT_EVENTS = ("completed",)


def requested_events(request: CreateRequest) -> list[str]:
    """The status callbacks a create asks for: none without a callback URL."""
    meaning = request.meaning()
    if not meaning.get("RecordingStatusCallback"):
        return []
    events = meaning.get("RecordingStatusCallbackEvent")
    if not isinstance(events, str) or not events.strip():
        return list(DEFAULT_EVENTS)
    return events.split()


class Recorder:
    """One per process; `strict` makes SHOULD violations fail their test like MUST ones."""

    def __init__(self, *, strict: bool = False) -> None:
        self.strict = strict
        # With --record: every exchange and what judged it is also written to the cassette.
        self.tape: Tape | None = None
        # Recording sid -> when its create was answered, for the process's whole run (a
        # recording is created in one test phase and often stopped in another).
        self._created_at: dict[str, float] = {}
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
        self._by_operation: Counter[str] = Counter()
        self._stopped = 0
        self._recording_seconds = 0.0
        self._callbacks: Counter[str] = Counter()
        self._unstopped: list[dict[str, str]] = []

    # --- Fed by the client and the harness ---------------------------------------------------

    def exchange(self, exchange: Exchange, answered_at: float) -> None:
        """Count a request and its answer (every one, judged or not)."""
        if self.tape is not None:
            self.tape.exchange(exchange)
        self._requests += 1
        self._by_status[str(exchange.status)] += 1
        if self._first_sent is None:
            self._first_sent = exchange.sent_at
        self._last_answered = answered_at
        self._by_operation[exchange.operation] += 1
        if exchange.operation == "create" and exchange.request is not None:
            self._coverage[combination_key(exchange.request)] += 1
        if 200 <= exchange.status < 300:
            self._count_cost(exchange, answered_at)

    def _count_cost(self, exchange: Exchange, answered_at: float) -> None:
        """Recordings made and stopped, how long each ran, and the callbacks asked for."""
        if exchange.operation == "create":
            body = exchange.json()
            sid = body.get("sid") if isinstance(body, dict) else None
            if isinstance(sid, str):
                self._created_at.setdefault(sid, answered_at)
                if exchange.request is not None:
                    self._callbacks.update(requested_events(exchange.request))
        elif exchange.operation == "update" and exchange.request_body == STOP_BODY:
            started = self._created_at.pop(exchange.path_ids.get("sid", ""), None)
            if started is not None:
                self._stopped += 1
                self._recording_seconds += max(answered_at - started, 0.0)

    def recording_created(self) -> None:
        self._created += 1

    def throttled(self, exchange: Exchange) -> None:
        self._throttled += 1

    def retrying(self, exchange: Exchange) -> None:
        self._retries += 1
        if self.tape is not None:
            self.tape.retried(exchange)

    def clean_up_requests(self, count: int) -> None:
        """`count` requests were the clean-up's (sent whatever the request budget)."""
        self._clean_up_requests += count

    def unstopped(self, sid: str, url: str, why: str) -> None:
        """A recording the clean-up could not stop (a live space bills it while it records)."""
        self._unstopped.append({"sid": sid, "url": url, "why": why})

    def judged(
        self, judgements: list[Judgement], exchange: Exchange, expectation: str = ""
    ) -> list[ConformanceFailure]:
        """Record what the checks made of `exchange` (judged as `expectation`, an
        `Expectation` name); return the failures that fail the test (MUST violations, and
        SHOULD ones too when strict)."""
        if self.tape is not None:
            names = [j.check.name for j in judgements if j.ran]
            self.tape.judged(exchange, expectation, names)
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

    def judged_elsewhere(self, exchange: Exchange, expectation: str, checks: list[str]) -> None:
        """Checks outside the registry (schemathesis's) judged `exchange` as `expectation`:
        only the cassette needs to know (`ran` counts them for the report)."""
        if self.tape is not None:
            self.tape.judged(exchange, expectation, checks)

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
        if self.tape is not None:
            self.tape.phase_ended(nodeid, when)
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
            by_operation=dict(self._by_operation),
            recordings_stopped=self._stopped,
            recording_seconds=round(self._recording_seconds, 3),
            callbacks_requested=dict(self._callbacks),
            unstopped=self._unstopped,
        )
        self._reset()
        return record
