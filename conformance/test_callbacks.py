"""Recording status callbacks arrive for the requested events, by the requested method, with
the documented parameters; unrequested events do not arrive."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from recording_conformance.conformance.checks import Expectation, requirements_for
from recording_conformance.conformance.checks.callbacks import OBSERVABLE_EVENTS
from recording_conformance.conformance.client import SidsSoFar
from recording_conformance.conformance.exchange import Exchange
from recording_conformance.conformance.harness import Harness
from recording_conformance.conformance.receiver import (
    SILENCE_SECONDS,
    CallbackEndpoint,
    ReceivedCallback,
)
from recording_conformance.conformance.request import CreateRequest

EVENTS = ("completed", "in-progress", "absent")
# None: the parameter is left out (default `completed`, default POST).
EVENT_CHOICES = [None] + [
    " ".join(combo) for n in (1, 2, 3) for combo in itertools.combinations(EVENTS, n)
]

pytestmark = pytest.mark.requirement(*requirements_for(Expectation.CALLBACKS))


METHODS = (None, "GET", "POST")
# Every event choice once, the methods taking turns: each method meets several event sets.
CASES = [(events, METHODS[i % len(METHODS)]) for i, events in enumerate(EVENT_CHOICES)]
IDS = [f"{e or 'default-events'}-{m or 'default-method'}" for e, m in CASES]


@dataclass
class Scenario:
    """One recording with a callback URL of its own, and what reached that URL."""

    request: CreateRequest
    path: str
    requested: set[str]
    created: Exchange | None = None
    seen_before: SidsSoFar | None = None
    received: tuple[ReceivedCallback, ...] = ()

    @property
    def expected(self) -> set[str]:
        return self.requested & set(OBSERVABLE_EVENTS)

    @property
    def recording(self) -> Exchange | None:
        """The create's answer when it made a recording that can be stopped."""
        created = self.created
        body = created.json() if created is not None and 200 <= created.status < 300 else None
        return created if isinstance(body, dict) and isinstance(body.get("sid"), str) else None


def _scenario(endpoint: CallbackEndpoint, events: str | None, method: str | None) -> Scenario:
    url, path = endpoint.new_url()
    params: dict[str, object] = {"RecordingStatusCallback": url}
    if events is not None:
        params["RecordingStatusCallbackEvent"] = events
    if method is not None:
        params["RecordingStatusCallbackMethod"] = method
    return Scenario(
        CreateRequest(tuple(params.items())), path, set((events or "completed").split())
    )


@pytest.fixture(scope="module")
def scenarios(harness: Harness, callback_endpoint: CallbackEndpoint) -> dict[str, Scenario]:
    """Every case's recording, created and stopped together: one wait for the callbacks of
    them all, and one window of silence in which an unrequested callback would be seen. The
    answers are judged by the tests, one case each."""
    receiver, timeout = callback_endpoint.receiver, callback_endpoint.timeout
    runs = {
        case_id: _scenario(callback_endpoint, *case)
        for case_id, case in zip(IDS, CASES, strict=True)
    }
    for run in runs.values():
        run.seen_before = harness.client.created_sids()
        run.created = harness.client.create_recording(run.request)
    live = [run for run in runs.values() if run.recording is not None]

    def arrived(wanted: Callable[[Scenario], set[str]]) -> Callable[[list[ReceivedCallback]], bool]:
        def done(received: list[ReceivedCallback]) -> bool:
            return all(wanted(run) <= _statuses(received, run.path) for run in live)

        return done

    # A recording is stopped once its in-progress callback has come, as a caller would.
    receiver.wait_for(arrived(lambda run: run.expected & {"in-progress"}), timeout=timeout)
    for run in live:
        # Stopped at the path's call whatever the body says: a body with a wrong or missing
        # `call_sid` is the create checks' verdict to give, in that case's own test.
        sid = run.created.json()["sid"]  # type: ignore[union-attr]
        harness.client.stop_recording(harness.target.call_sid, sid)
    receiver.wait_for(arrived(lambda run: run.expected), timeout=timeout)
    if any(set(OBSERVABLE_EVENTS) - run.requested for run in live):
        # Events that must not come: keep listening a little longer so they would be seen.
        silence = SILENCE_SECONDS[harness.target.is_loopback]
        receiver.wait_for(arrived(lambda run: set(OBSERVABLE_EVENTS)), timeout=silence)
    received = receiver.received()
    for run in live:
        run.received = tuple(r for r in received if r.path == run.path)
    return runs


def _statuses(received: list[ReceivedCallback], path: str) -> set[str | None]:
    return {r.params.get("RecordingStatus") for r in received if r.path == path}


@pytest.mark.parametrize("case", IDS)
def test_status_callbacks_follow_the_request(
    harness: Harness, scenarios: dict[str, Scenario], case: str
) -> None:
    run = scenarios[case]
    assert run.created is not None
    harness.judge_all(
        (run.created, Expectation.VALID_CREATE, run.request, {"seen_sids": run.seen_before}),
        (run.created, Expectation.CALLBACKS, run.request, {"callbacks": run.received}),
    )
