"""What a conformance test does, in one place: send through the client, then judge the answer
with every check registered for what was expected."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from conformance.checks import CheckContext, Expectation, requirements_for, run_checks
from conformance.client import Auth, ConformanceClient
from conformance.exchange import Exchange
from conformance.receiver import CallbackReceiver, ReceivedCallback
from conformance.request import CreateRequest
from conformance.sanitize import Sanitizer
from conformance.target import Target
from spec import Spec

EMPTY = CreateRequest()


@dataclass
class Harness:
    """The spec, the target and the one client, bound together for the tests."""

    spec: Spec
    target: Target
    client: ConformanceClient
    sanitizer: Sanitizer

    def judge(
        self,
        exchange: Exchange,
        expectation: Expectation,
        request: CreateRequest | None = None,
        **context: object,
    ) -> None:
        """Run the checks of `expectation` on `exchange`; the first failure is raised."""
        __tracebackhide__ = True
        self.client.stats.judged.update(requirements_for(expectation))
        run_checks(
            CheckContext(self.spec, self.target, exchange, request, **context),  # type: ignore[arg-type]
            expectation,
        )

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

    def basic_auth(self, user: str, password: str) -> str:
        """An Authorization header of the suite's own making; a response that carries its
        password back leaks it (the real token stays masked wherever it is)."""
        if password != self.target.project_id:  # a project id is no secret: answers name it
            self.sanitizer.watch(password, user=user)
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def fetch(self, created: Exchange) -> Exchange:
        """GET the recording `created` made, account-level with `.json` (the API's own form)."""
        sid = created.json()["sid"]
        return self.client.send("GET", f"{self.target.account_path()}/Recordings/{sid}.json")

    def stop(self, created: Exchange) -> Exchange:
        """Update the recording `created` made with Status=stopped."""
        body = created.json()
        return self.client.stop_recording(body["call_sid"] or self.target.call_sid, body["sid"])

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
