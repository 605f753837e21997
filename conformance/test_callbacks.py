"""Recording status callbacks arrive for the requested events, by the requested method, with
the documented parameters; unrequested events do not arrive."""

from __future__ import annotations

import itertools

import pytest

from conformance.checks import Expectation, requirements_for
from conformance.checks.callbacks import OBSERVABLE_EVENTS
from conformance.harness import Harness
from conformance.receiver import CallbackEndpoint
from conformance.request import CreateRequest

EVENTS = ("completed", "in-progress", "absent")
# None: the parameter is left out (default `completed`, default POST).
EVENT_CHOICES = [None] + [
    " ".join(combo) for n in (1, 2, 3) for combo in itertools.combinations(EVENTS, n)
]
# How long to keep listening for an event that must not come, once the others have arrived.
# On loopback a callback arrives within milliseconds of its event.
SILENCE_SECONDS = {True: 0.1, False: 10.0}

pytestmark = pytest.mark.requirement(*requirements_for(Expectation.CALLBACKS))


METHODS = (None, "GET", "POST")
# Every event choice once, the methods taking turns: each method meets several event sets.
CASES = [(events, METHODS[i % len(METHODS)]) for i, events in enumerate(EVENT_CHOICES)]


@pytest.mark.parametrize(
    ("events", "method"),
    CASES,
    ids=[f"{e or 'default-events'}-{m or 'default-method'}" for e, m in CASES],
)
def test_status_callbacks_follow_the_request(
    harness: Harness, callback_endpoint: CallbackEndpoint, events: str | None, method: str | None
) -> None:
    url, path = callback_endpoint.new_url()
    params: dict[str, object] = {"RecordingStatusCallback": url}
    if events is not None:
        params["RecordingStatusCallbackEvent"] = events
    if method is not None:
        params["RecordingStatusCallbackMethod"] = method
    create = CreateRequest(tuple(params.items()))
    created = harness.create(create, expect=Expectation.VALID_CREATE)
    requested = set((events or "completed").split(" "))
    expected = requested & set(OBSERVABLE_EVENTS)
    if "in-progress" in expected:
        harness.callbacks_for(
            callback_endpoint.receiver,
            path,
            until={"in-progress"},
            timeout=callback_endpoint.timeout,
        )
    harness.stop(created)
    # Wait for every expected event; when one that must not come is still possible, keep
    # listening a little longer so that it would be seen.
    unrequested_possible = set(OBSERVABLE_EVENTS) - requested
    timeout = callback_endpoint.timeout if expected else 0.0
    received = harness.callbacks_for(
        callback_endpoint.receiver, path, until=expected, timeout=timeout
    )
    if unrequested_possible:
        received = harness.callbacks_for(
            callback_endpoint.receiver,
            path,
            until=expected | unrequested_possible,
            timeout=SILENCE_SECONDS[harness.target.is_loopback],
        )
    harness.judge(created, Expectation.CALLBACKS, create, callbacks=received)
