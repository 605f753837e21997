"""Each variation of the mock shows its behaviour on the wire, and the spec still holds."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from conformance.receiver import CallbackReceiver
from mockspace import MockSpaceServer, Variation
from spec import load_spec

Switch = Callable[..., None]

OTHER_UUID = "00000000-0000-4000-8000-000000000000"
EVENTS = ("in-progress", "completed", "absent")


@pytest.fixture
def api(mock: MockSpaceServer) -> Iterator[requests.Session]:
    session = requests.Session()
    session.auth = (mock.config.project_id, mock.config.api_token)
    yield session
    session.close()


@pytest.fixture
def recordings_url(mock: MockSpaceServer) -> str:
    cfg = mock.config
    return f"{mock.api_base}/Accounts/{cfg.project_id}/Calls/{cfg.in_progress_call_sid}/Recordings"


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    with CallbackReceiver() as running:
        yield running


def _is_valid_recording(body: Any) -> bool:
    return bool(load_spec().validator("CallRecordingResponse").is_valid(body))


def _is_valid_error(body: Any, status: int) -> bool:
    valid = load_spec().validator("CompatibilityErrorResponse").is_valid(body)
    return bool(valid and body["status"] == status)


def _statuses(receiver: CallbackReceiver) -> list[str]:
    return [r.params.get("RecordingStatus", "") for r in receiver.received()]


# LENIENT


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/<status>",
        " https://example.com/status ",
        "https://exa mple.com/a b",
        "https://example.com/\nstatus",
        'https://example.com/"{st|tus}"^`\\',
        "ftp://example.com/status",
        "mailto:ops@example.com",
        "urn:example:recording-status",
        "wss://example.com/status",
        "http://",
        "https:/example.com/status",
        "http://[2001:db8::1]/status#fragment",
        "https://bücher.example/ünïcode",
        "https://example.com/100%",
        "https://example.com/" + "a" * 20000,
    ],
)
def test_lenient_accepts_every_absolute_uri_after_repair(
    switch_on: Switch, api: requests.Session, recordings_url: str, url: str
) -> None:
    switch_on(Variation.LENIENT)
    answer = api.post(recordings_url, data={"RecordingStatusCallback": url})
    assert answer.status_code == 200, answer.text
    assert _is_valid_recording(answer.json())


@pytest.mark.parametrize(
    "url", ["", "  ", "status", "/a/b", "example.com/x", "//example.com/x", "://example.com/x"]
)
def test_lenient_still_refuses_what_is_no_absolute_uri(
    switch_on: Switch, api: requests.Session, recordings_url: str, url: str
) -> None:
    switch_on(Variation.LENIENT)
    answer = api.post(recordings_url, data={"RecordingStatusCallback": url})
    assert answer.status_code == 400
    assert _is_valid_error(answer.json(), 400)
    assert answer.json()["code"] == 21402


def test_lenient_calls_back_the_percent_encoded_url(
    mock: MockSpaceServer,
    switch_on: Switch,
    api: requests.Session,
    recordings_url: str,
    receiver: CallbackReceiver,
) -> None:
    switch_on(Variation.LENIENT)
    url = " " + receiver.url("/cb/<x> y/ü") + "\t"
    data = {"RecordingStatusCallback": url, "RecordingStatusCallbackEvent": "in-progress"}
    assert api.post(recordings_url, data=data).status_code == 200
    [received] = receiver.wait_for(lambda r: len(r) >= 1)
    assert received.path == "/cb/%3Cx%3Ey/%C3%BC"
    assert received.params["RecordingStatus"] == "in-progress"


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ("in-progress,completed", ["in-progress", "completed"]),
        ("completed, in-progress", ["in-progress", "completed"]),
        (" in-progress\tin-progress  ", ["in-progress"]),
        # An empty list is the default, `completed`.
        ("", ["completed"]),
        (" , ", ["completed"]),
    ],
)
def test_lenient_splits_events_on_commas_and_whitespace(
    mock: MockSpaceServer,
    switch_on: Switch,
    api: requests.Session,
    recordings_url: str,
    receiver: CallbackReceiver,
    events: str,
    expected: list[str],
) -> None:
    switch_on(Variation.LENIENT)
    data = {"RecordingStatusCallback": receiver.url(), "RecordingStatusCallbackEvent": events}
    created = api.post(recordings_url, data=data)
    assert created.status_code == 200, created.text
    mock.space.callbacks.drain()
    api.post(f"{recordings_url}/{created.json()['sid']}", data={"Status": "stopped"})
    mock.space.callbacks.drain()
    assert _statuses(receiver) == expected


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"RecordingStatusCallbackEvent": "finished"}, 13621),
        ({"RecordingStatusCallbackEvent": "completed;absent"}, 13621),
        ({"RecordingChannels": "Mono"}, 10000),
        ({"RecordingTrack": " both"}, 10000),
        ({"Trim": "TRIM-SILENCE"}, 13699),
        ({"RecordingStatusCallbackMethod": "get"}, 21209),
    ],
)
def test_lenient_keeps_enums_and_event_names_strict(
    switch_on: Switch,
    api: requests.Session,
    recordings_url: str,
    params: dict[str, str],
    code: int,
) -> None:
    switch_on(Variation.LENIENT)
    answer = api.post(recordings_url, data=params)
    assert answer.status_code == 400
    assert answer.json()["code"] == code
    assert api.post(recordings_url, json={"Trim": 1}).status_code == 400
    assert api.post(recordings_url, data={"FriendlyName": "x"}).status_code == 200


# STRICT


def test_strict_refuses_an_unknown_parameter_with_400_401_404_422_in_turn(
    switch_on: Switch, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.STRICT)
    statuses = []
    for _ in range(5):
        answer = api.post(recordings_url, data={"FriendlyName": "x"})
        assert _is_valid_error(answer.json(), answer.status_code)
        statuses.append(answer.status_code)
    assert statuses == [400, 401, 404, 422, 400]


@pytest.mark.parametrize(
    "params",
    [
        {"recordingchannels": "mono"},
        {"Timeout": "10"},
        {"RecordingStatusCallback": "https://example.com/" + "a" * 2000},
        {"RecordingStatusCallback": "https://bücher.example/"},
        {"RecordingStatusCallback": "https://example.com/<x>"},
        {"RecordingStatusCallback": " https://example.com/"},
        {"RecordingStatusCallback": "https://example.com/#top"},
        {"RecordingStatusCallback": "https://hook:secret@example.com/"},
        {"RecordingStatusCallback": "http://[2001:db8::1]/"},
        {"RecordingStatusCallback": "HTTPS://example.com/"},
        {"RecordingStatusCallback": "ftp://example.com/"},
        {"RecordingStatusCallback": "http://"},
        {"RecordingStatusCallbackEvent": ""},
        {"RecordingStatusCallbackEvent": "completed completed"},
        {"RecordingStatusCallbackEvent": "completed,absent"},
        {"RecordingStatusCallbackEvent": " completed"},
        {"RecordingStatusCallbackEvent": "completed  absent"},
        {"RecordingStatusCallbackEvent": "completed\tabsent"},
    ],
)
def test_strict_refuses_open_values(
    switch_on: Switch, api: requests.Session, recordings_url: str, params: dict[str, str]
) -> None:
    switch_on(Variation.STRICT)
    answer = api.post(recordings_url, data=params)
    assert answer.status_code == 400  # the first refusal of this test's fresh mock
    assert _is_valid_error(answer.json(), 400)


def test_strict_refuses_unknown_json_keys_whatever_their_value(
    switch_on: Switch, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.STRICT)
    assert api.post(recordings_url, json={"Timeout": 10}).status_code == 400


def test_strict_accepts_every_valid_grid_value(
    switch_on: Switch, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.STRICT)
    spec = load_spec().parameters
    for name, parameter in spec.items():
        for value in parameter.enum or ():
            answer = api.post(recordings_url, data={name: value})
            assert answer.status_code == 200, (name, value, answer.text)
    for n in range(1, len(EVENTS) + 1):
        for events in itertools.permutations(EVENTS, n):
            joined = {"RecordingStatusCallbackEvent": " ".join(events)}
            assert api.post(recordings_url, data=joined).status_code == 200, events
            assert api.post(recordings_url, json=joined).status_code == 200, events
            repeated = [("RecordingStatusCallbackEvent", event) for event in events]
            assert api.post(recordings_url, data=repeated).status_code == 200, events
    for url in [
        "https://example.com/recording-status",
        "http://example.com",
        "https://example.com:8443/status?run=1&x=%20",
        "https://example.com/caf%C3%A9/%E2%9C%93?q=%C3%BC",
        "https://xn--bcher-kva.example/status",
        "https://example.com/a;b=c/d,e/f:g@h!$&'()*+",
        "http://127.0.0.1:9/status",
        "https://example.com/" + "a" * (2000 - len("https://example.com/")),
    ]:
        answer = api.post(recordings_url, data={"RecordingStatusCallback": url})
        assert answer.status_code == 200, url


def test_strict_answers_invalid_values_as_the_reference(
    switch_on: Switch, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.STRICT)
    for params, code in [
        ({"Trim": "x", "FriendlyName": "y"}, 13699),
        ({"RecordingStatusCallback": "/relative"}, 21402),
        ({"RecordingStatusCallbackEvent": "finished"}, 13621),
    ]:
        answer = api.post(recordings_url, data=params)
        assert (answer.status_code, answer.json()["code"]) == (400, code)
