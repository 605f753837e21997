"""The mock's two hooks for the SDK checks: the journal of what arrived, and scripted answers."""

from __future__ import annotations

import requests

from recording_conformance.mockspace import MockSpaceServer


def test_the_journal_keeps_requests_as_they_arrived_once_started(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    api.post(recordings_url, data={"Trim": "trim-silence"})
    assert mock.space.journal.take() == []  # off until started
    mock.space.journal.start()
    body = "RecordingStatusCallbackEvent=absent&RecordingStatusCallbackEvent=completed"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    api.post(recordings_url + ".json?x=1", data=body, headers=headers)
    api.get(f"{mock.origin}/nowhere")
    first, unrouted = mock.space.journal.take()
    assert (first.method, first.path, first.query) == (
        "POST",
        recordings_url.removeprefix(mock.origin) + ".json",
        "x=1",
    )
    assert first.body == body.encode()
    assert first.header("Content-Type") == headers["Content-Type"]
    assert first.header("authorization").startswith("Basic ")  # type: ignore[union-attr]
    assert (unrouted.method, unrouted.path) == ("GET", "/nowhere")
    assert mock.space.journal.take() == []


def test_a_scripted_answer_replaces_the_next_create_only(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    mock.space.scripted.serve(422, {"code": 1, "message": "m", "more_info": "u", "status": 422})
    mock.space.scripted.serve(200, {"sid": "anything"})
    first = api.post(recordings_url, data={"RecordingChannels": "not even valid"})
    second = api.post(recordings_url)
    third = api.post(recordings_url)
    assert (first.status_code, first.json()["code"]) == (422, 1)
    assert (second.status_code, second.json()) == (200, {"sid": "anything"})
    assert third.status_code == 200
    assert third.json()["sid"] != "anything"


def test_a_scripted_answer_still_needs_the_credentials(
    mock: MockSpaceServer, recordings_url: str
) -> None:
    mock.space.scripted.serve(200, {"sid": "anything"})
    assert requests.post(recordings_url, timeout=10).status_code == 401


def test_a_reset_stops_the_journal_and_forgets_scripts(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    mock.space.journal.start()
    mock.space.scripted.serve(200, {"sid": "anything"})
    mock.reset()
    assert not mock.space.journal.started
    assert api.post(recordings_url).json()["sid"] != "anything"
