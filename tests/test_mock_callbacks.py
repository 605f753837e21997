"""The mock delivers recording status callbacks as documented, and only to loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests

from recording_conformance.conformance.checks.callbacks import DOCUMENTED_PARAMETERS
from recording_conformance.conformance.receiver import CallbackReceiver, ReceivedCallback
from recording_conformance.mockspace import Fault, MockSpaceServer

DOCUMENTED = set(DOCUMENTED_PARAMETERS)


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    with CallbackReceiver() as running:
        yield running


@pytest.fixture
def record(mock: MockSpaceServer) -> Callable[..., tuple[requests.Session, str, str]]:
    """Create a recording with the given parameters; return (session, its URL, its sid)."""
    session = requests.Session()
    session.auth = (mock.config.project_id, mock.config.api_token)
    base = (
        f"{mock.api_base}/Accounts/{mock.config.project_id}/Calls/"
        f"{mock.config.in_progress_call_sid}/Recordings"
    )

    def create(**params: str) -> tuple[requests.Session, str, str]:
        answer = session.post(base, data=params)
        assert answer.status_code == 200, answer.text
        sid = answer.json()["sid"]
        return session, f"{base}/{sid}", sid

    return create


def _statuses(received: list[ReceivedCallback]) -> list[str]:
    return [r.params.get("RecordingStatus", "") for r in received]


def test_default_event_is_completed_only_posted_after_stop(
    mock: MockSpaceServer,
    receiver: CallbackReceiver,
    record: Callable[..., tuple[requests.Session, str, str]],
) -> None:
    session, url, sid = record(RecordingStatusCallback=receiver.url())
    mock.space.callbacks.drain()
    assert receiver.received() == []
    session.post(url, data={"Status": "stopped"})
    received = receiver.wait_for(lambda r: len(r) >= 1)
    assert _statuses(received) == ["completed"]
    callback = received[0]
    assert callback.method == "POST"
    assert "urlencoded" in callback.content_type
    assert DOCUMENTED <= set(callback.form)
    assert callback.form["RecordingSid"] == sid
    assert callback.form["AccountSid"] == mock.config.project_id
    assert callback.form["CallSid"] == mock.config.in_progress_call_sid
    assert callback.form["RecordingChannels"] == "1"
    assert callback.form["RecordingUrl"].startswith(mock.origin)
    assert not callback.form["RecordingUrl"].endswith((".json", ".wav"))


def test_requested_events_arrive_by_get_with_query_parameters(
    mock: MockSpaceServer,
    receiver: CallbackReceiver,
    record: Callable[..., tuple[requests.Session, str, str]],
) -> None:
    session, url, _ = record(
        RecordingStatusCallback=receiver.url("/cb?existing=1"),
        RecordingStatusCallbackEvent="in-progress completed",
        RecordingStatusCallbackMethod="GET",
        RecordingChannels="dual",
    )
    assert _statuses(receiver.wait_for(lambda r: len(r) >= 1)) == ["in-progress"]
    session.post(url, data={"Status": "stopped"})
    received = receiver.wait_for(lambda r: len(r) >= 2)
    assert _statuses(received) == ["in-progress", "completed"]
    assert all(r.method == "GET" and r.form == {} for r in received)
    assert received[0].query["existing"] == "1"
    assert received[1].query["RecordingChannels"] == "2"


def test_unrequested_events_are_not_sent(
    mock: MockSpaceServer,
    receiver: CallbackReceiver,
    record: Callable[..., tuple[requests.Session, str, str]],
) -> None:
    session, url, _ = record(
        RecordingStatusCallback=receiver.url(), RecordingStatusCallbackEvent="in-progress"
    )
    session.post(url, data={"Status": "stopped"})
    mock.space.callbacks.drain()
    assert _statuses(receiver.received()) == ["in-progress"]


def test_callbacks_to_other_hosts_are_refused(
    mock: MockSpaceServer, record: Callable[..., tuple[requests.Session, str, str]]
) -> None:
    record(
        RecordingStatusCallback="https://example.com/cb", RecordingStatusCallbackEvent="in-progress"
    )
    mock.space.callbacks.drain()
    [delivery] = mock.space.callbacks.deliveries()
    assert delivery.outcome == "refused: not loopback"


@pytest.mark.parametrize(
    ("fault", "expected"),
    [(Fault.CALLBACKS_NEVER_SENT, []), (Fault.CALLBACK_METHOD_IGNORED, ["POST"])],
)
def test_callback_faults(
    mock: MockSpaceServer,
    receiver: CallbackReceiver,
    switch_on: Callable[..., None],
    record: Callable[..., tuple[requests.Session, str, str]],
    fault: Fault,
    expected: list[str],
) -> None:
    switch_on(fault)
    record(
        RecordingStatusCallback=receiver.url(),
        RecordingStatusCallbackEvent="in-progress",
        RecordingStatusCallbackMethod="GET",
    )
    mock.space.callbacks.drain()
    assert [r.method for r in receiver.received()] == expected
