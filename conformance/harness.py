"""What a conformance test does, in one place: send through the client, judge the answer with
every check registered for what was expected, and record what the checks made of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from recording_conformance.conformance.checks import CheckContext, Expectation, judge
from recording_conformance.conformance.client import (
    ConformanceClient,
    CreatedRecording,
    TargetUnavailable,
    TargetUnreachable,
)
from recording_conformance.conformance.exchange import Auth, BasicCredentials, Exchange
from recording_conformance.conformance.failures import ConformanceFailure
from recording_conformance.conformance.receiver import CallbackReceiver, ReceivedCallback
from recording_conformance.conformance.recorder import Recorder
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.stops import EXIT_CALL_UNUSABLE, RunStopped, Stop
from recording_conformance.conformance.target import Target
from recording_conformance.spec import Spec

EMPTY = CreateRequest()
# One exchange to judge: what it should be, the create request behind it, and the rest of its
# context (the create it follows, callbacks, sids seen before).
Judging = tuple[Exchange, Expectation, CreateRequest | None, dict[str, object]]
# Creates the space must accept on a call in progress: refused, they raise the question of
# whether the call is still in progress.
MUST_RECORD = frozenset({Expectation.VALID_CREATE, Expectation.SCHEMA_VALID_CREATE})
# A recording in one of these has ended: stopping it again has nothing left to do.
ENDED = frozenset({"stopped", "completed", "absent"})


def raise_failures(failures: list[ConformanceFailure]) -> None:
    """Raise the first failure, the others noted beside it."""
    __tracebackhide__ = True
    if failures:
        first = failures[0]
        first.others = failures[1:]
        for other in failures[1:]:
            first.add_note(f"Also failed: [{other.check}] {other.title} ({other.requirement})")
        raise first


@dataclass
class Harness:
    """The spec, the target, the one client and the recorder, bound together for the tests."""

    spec: Spec
    target: Target
    client: ConformanceClient
    sanitizer: Sanitizer
    recorder: Recorder

    def judge(
        self,
        exchange: Exchange,
        expectation: Expectation,
        request: CreateRequest | None = None,
        **context: object,
    ) -> None:
        """Run the checks of `expectation` on `exchange` and record every outcome; a MUST
        violation (any violation when strict) fails the test."""
        __tracebackhide__ = True
        raise_failures(self._judged(exchange, expectation, request, **context))

    def judge_all(self, *verdicts: Judging) -> None:
        """Judge several exchanges of one test, each as its expectation says, and only then
        fail on what any of them broke: a wrong echo in the create does not keep its
        callbacks, fetch or stop from being judged."""
        __tracebackhide__ = True
        failures = []
        for exchange, expectation, request, context in verdicts:
            failures += self._judged(exchange, expectation, request, **context)
        raise_failures(failures)

    def _judged(
        self,
        exchange: Exchange,
        expectation: Expectation,
        request: CreateRequest | None = None,
        **context: object,
    ) -> list[ConformanceFailure]:
        if expectation in MUST_RECORD and 400 <= exchange.status < 500:
            self._check_call_still_up(exchange)
        judgements = judge(
            CheckContext(self.spec, self.target, exchange, request, **context),  # type: ignore[arg-type]
            expectation,
        )
        return self.recorder.judged(judgements, exchange, expectation.name)

    def create(
        self,
        request: CreateRequest = EMPTY,
        *,
        expect: Expectation,
        call_sid: str | None = None,
        account_sid: str | None = None,
        auth: Auth = "configured",
    ) -> Exchange:
        """Send a create and judge its answer as `expect` says it should be."""
        __tracebackhide__ = True
        seen = self.client.created_sids()
        exchange = self.client.create_recording(
            request, call_sid=call_sid, account_sid=account_sid, auth=auth
        )
        self.judge(exchange, expect, request, seen_sids=seen)
        return exchange

    def _check_call_still_up(self, refused: Exchange) -> None:
        """A valid create refused: if the call has ended, the space was right to refuse it, and
        the run cannot go on (only a call in progress can be recorded). Asked wherever a create
        is judged (a test, or a fixture that creates for several), before any verdict."""
        if refused.path_ids.get("call_sid") != self.target.call_sid:
            return
        fetched = self.client.fetch_call(self.target.call_sid)
        body = fetched.json()
        status = body.get("status") if isinstance(body, dict) else None
        # Only a call the space shows as ended is conclusive: a 404 may as well mean a target
        # that serves no Calls API (a mock of this endpoint alone).
        if fetched.status == 200 and isinstance(status, str) and status != "in-progress":
            raise RunStopped(
                Stop(
                    f"the call {self.target.call_sid} has {status} during the run; what was "
                    "judged before is kept; start a new call or use --from/--to",
                    EXIT_CALL_UNUSABLE,
                )
            )

    def basic_auth(self, user: str, password: str) -> BasicCredentials:
        """Credentials of the suite's own making; a response that carries their password back
        leaks it (the real token stays masked wherever it is)."""
        if password != self.target.project_id:  # a project id is no secret: answers name it
            self.sanitizer.watch(password, user=user)
        return BasicCredentials(user, password)

    @staticmethod
    def made_recording(created: Exchange) -> bool:
        """Whether a create's answer names a recording it made (one that can be fetched and
        stopped)."""
        body = created.json()
        return (
            200 <= created.status < 300
            and isinstance(body, dict)
            and isinstance(body.get("sid"), str)
        )

    def fetch(self, created: Exchange) -> Exchange:
        """GET the recording `created` made, account-level with `.json` (the API's own form)."""
        return self.client.fetch_recording(created.json()["sid"])

    def stop(self, created: Exchange) -> Exchange:
        """Update the recording `created` made with Status=stopped, at the path's call."""
        return self.client.stop_recording(created.path_ids["call_sid"], created.json()["sid"])

    def clean_up(self, say: Callable[[str], None] | None = None) -> None:
        """Stop every recording the run created. Any documented answer to stopping one that
        has already ended is fine; one that may still be recording is recorded as unstopped
        (never a failure by itself), and every answer is judged for leaked credentials. The
        clean-up is outside the request budget: a run that spent it still stops what it made. A
        second Ctrl-C during the clean-up leaves the rest listed as unstopped."""
        self.client.budget = None
        sent_before = self.client.requests_sent
        try:
            self._stop_created(say)
        finally:
            self.recorder.clean_up_requests(self.client.requests_sent - sent_before)

    def _stop_created(self, say: Callable[[str], None] | None) -> None:
        pending = self.client.take_created()
        if say is not None and pending:
            say(f"stopping {len(pending)} recordings the run created...")
        for index, created in enumerate(pending):
            try:
                self._stop_one(created)
            except KeyboardInterrupt:
                for left in pending[index:]:
                    self.recorder.unstopped(
                        left.sid, self.sanitizer.text(left.url), "the clean-up was interrupted"
                    )
                return

    def _stop_one(self, created: CreatedRecording) -> None:
        try:
            stopped = self.client.stop_at(created.url, created.path_ids)
        except (TargetUnreachable, TargetUnavailable) as exc:
            self.recorder.unstopped(created.sid, self.sanitizer.text(created.url), str(exc))
            return
        self._judge_quietly(stopped)
        if 200 <= stopped.status < 300:
            return
        why = self._still_running(created.sid)
        if why:
            self.recorder.unstopped(
                created.sid,
                self.sanitizer.text(created.url),
                f"stopping answered {stopped.status}; {why}",
            )

    def _still_running(self, sid: str) -> str:
        """Why the recording may still be running after a refused stop ('' if it has ended
        or is gone)."""
        try:
            fetched = self.client.fetch_recording(sid)
        except (TargetUnreachable, TargetUnavailable) as exc:
            return f"fetching it got no answer ({exc})"
        self._judge_quietly(fetched)
        body = fetched.json()
        status = body.get("status") if isinstance(body, dict) else None
        if fetched.status == 404 or status in ENDED:
            return ""
        return f"fetched, it says status {status!r} (HTTP {fetched.status})"

    def _judge_quietly(self, exchange: Exchange) -> None:
        # The clean-up runs in tear-down: what it finds is recorded, never raised.
        judgements = judge(CheckContext(self.spec, self.target, exchange), Expectation.CLEAN_UP)
        self.recorder.judged(judgements, exchange, Expectation.CLEAN_UP.name)

    def callbacks_for(
        self, receiver: CallbackReceiver, path: str, *, until: set[str], timeout: float
    ) -> tuple[ReceivedCallback, ...]:
        """Wait (polled, bounded) until callbacks of every status in `until` have reached
        `path` (each recording gets a path of its own); return all that reached it."""

        def at_path(received: list[ReceivedCallback]) -> list[ReceivedCallback]:
            return [r for r in received if r.path == path]

        def done(received: list[ReceivedCallback]) -> bool:
            return until <= {r.params.get("RecordingStatus") for r in at_path(received)}

        return tuple(at_path(receiver.wait_for(done, timeout=timeout)))
