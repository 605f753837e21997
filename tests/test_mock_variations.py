"""Each variation of the mock shows its behaviour on the wire, and the spec still holds."""

from __future__ import annotations

import base64
import gzip
import http.client
import itertools
import json
import re
import socket
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from recording_conformance.conformance.receiver import CallbackReceiver
from recording_conformance.mockspace import MockConfig, MockSpaceServer, Variation
from recording_conformance.spec import load_spec

Switch = Callable[..., None]

OTHER_UUID = "00000000-0000-4000-8000-000000000000"
EVENTS = ("in-progress", "completed", "absent")


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


# Stopping a recording that has ended


@pytest.mark.parametrize(
    ("variation", "status", "code"),
    [
        (None, 400, 21220),
        (Variation.STOP_ENDED_200, 200, None),
        (Variation.STOP_ENDED_404, 404, 20404),
        (Variation.STOP_ENDED_422, 422, 21220),
    ],
)
def test_stopping_an_ended_recording(
    switch_on: Switch,
    api: requests.Session,
    recordings_url: str,
    variation: Variation | None,
    status: int,
    code: int | None,
) -> None:
    if variation is not None:
        switch_on(variation)
    url = f"{recordings_url}/{api.post(recordings_url).json()['sid']}.json"
    assert api.post(url, data={"Status": "stopped"}).status_code == 200
    again = api.post(url, data={"Status": "stopped"})
    assert again.status_code == status
    if code is None:
        assert _is_valid_recording(again.json())
        assert again.json()["status"] == "completed"
    else:
        assert _is_valid_error(again.json(), status)
        assert again.json()["code"] == code
    # Pausing an ended recording is still the reference's 400.
    assert api.post(url, data={"Status": "paused"}).status_code == 400


def test_stop_ended_precedence_is_200_then_404_then_422(
    switch_on: Switch, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.STOP_ENDED_404, Variation.STOP_ENDED_422)
    url = f"{recordings_url}/{api.post(recordings_url).json()['sid']}"
    api.post(url, data={"Status": "stopped"})
    assert api.post(url, data={"Status": "stopped"}).status_code == 404
    switch_on(Variation.STOP_ENDED_200)
    assert api.post(url, data={"Status": "stopped"}).status_code == 200


# Outages with Retry-After


@pytest.mark.parametrize("variation", [Variation.RETRY_AFTER_SECONDS, Variation.RETRY_AFTER_DATE])
def test_every_20th_request_answers_503_with_retry_after(
    switch_on: Switch, api: requests.Session, recordings_url: str, variation: Variation
) -> None:
    switch_on(variation)
    answers = [api.post(recordings_url) for _ in range(40)]
    unavailable = [n for n, answer in enumerate(answers, 1) if answer.status_code == 503]
    assert unavailable == [20, 40]
    assert {a.status_code for a in answers} == {200, 503}
    answer = answers[19]
    assert _is_valid_error(answer.json(), 503)
    retry_after = answer.headers["Retry-After"]
    if variation is Variation.RETRY_AFTER_SECONDS:
        assert retry_after == "0"
    else:
        # IMF-fixdate: `Wed, 25 Nov 2026 13:00:00 GMT`, within a few seconds of now.
        moment = datetime.strptime(retry_after, "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
        assert abs((moment - datetime.now(UTC)).total_seconds()) < 5
    assert "Retry-After" not in answers[0].headers


def test_a_configured_rate_wins_over_every_20th(
    mock: MockSpaceServer, switch_on: Switch, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.RETRY_AFTER_SECONDS)
    mock.config.unavailable_rate = 0.5
    statuses = [api.post(recordings_url).status_code for _ in range(4)]
    assert statuses == [200, 503, 200, 503]


# Which documented answer, in which documented form


def test_other_error_codes(switch_on: Switch, mock: MockSpaceServer, api: requests.Session) -> None:
    switch_on(Variation.OTHER_ERROR_CODES)
    cfg = mock.config
    calls = f"{mock.api_base}/Accounts/{cfg.project_id}/Calls"
    for answer, status in [
        (api.post(f"{calls}/{cfg.in_progress_call_sid}/Recordings", data={"Trim": "x"}), 400),
        (requests.post(f"{calls}/{cfg.in_progress_call_sid}/Recordings"), 401),
        (api.post(f"{calls}/{OTHER_UUID}/Recordings"), 404),
        (api.put(f"{calls}/{cfg.in_progress_call_sid}/Recordings"), 405),
    ]:
        body = answer.json()
        assert answer.status_code == status
        assert _is_valid_error(body, status)
        assert body["code"] == 90000 + status
        assert body["message"]
        assert body["more_info"] == f"https://example.com/docs/errors/{90000 + status}"


def test_other_account_404(switch_on: Switch, mock: MockSpaceServer, api: requests.Session) -> None:
    switch_on(Variation.OTHER_ACCOUNT_404)
    cfg = mock.config
    own = f"{mock.api_base}/Accounts/{cfg.project_id}/Calls/{cfg.in_progress_call_sid}/Recordings"
    sid = api.post(own).json()["sid"]
    other = own.replace(cfg.project_id, OTHER_UUID)
    for answer in [
        api.post(other),
        api.get(f"{other}/{sid}.json"),
        api.post(f"{other}/{sid}", data={"Status": "paused"}),
    ]:
        assert answer.status_code == 404
        assert _is_valid_error(answer.json(), 404)
        assert answer.json()["code"] == 20404
    # Bad credentials are still 401.
    assert requests.post(other, auth=(cfg.project_id, "PT" + "0" * 48)).status_code == 401


@pytest.mark.parametrize("validation_422", [False, True])
def test_malformed_sid_400(
    switch_on: Switch, mock: MockSpaceServer, api: requests.Session, validation_422: bool
) -> None:
    switch_on(Variation.MALFORMED_SID_400)
    if validation_422:
        switch_on(Variation.VALIDATION_422)
    status = 422 if validation_422 else 400
    cfg = mock.config
    base = mock.api_base
    for url in [
        f"{base}/Accounts/{cfg.project_id}/Calls/not-a-uuid/Recordings",
        f"{base}/Accounts/not-a-uuid/Calls/{cfg.in_progress_call_sid}/Recordings",
        f"{base}/Accounts/{cfg.project_id}/Calls/%00/Recordings.json",
    ]:
        answer = api.post(url)
        assert answer.status_code == status, url
        assert _is_valid_error(answer.json(), status)
        assert answer.json()["code"] == 10000
    unknown = api.post(f"{base}/Accounts/{cfg.project_id}/Calls/{OTHER_UUID}/Recordings")
    assert unknown.status_code == 404


def test_date_forms(switch_on: Switch, api: requests.Session, recordings_url: str) -> None:
    switch_on(Variation.DATE_FORMS)
    before = datetime.now(UTC).replace(microsecond=0)
    body = api.post(recordings_url).json()
    assert _is_valid_recording(body)
    created = body["date_created"]
    # `5 Sep 2018 01:00:00 +0100`: no day name, no leading zero, another zone, same instant.
    assert re.fullmatch(r"[1-9]\d? [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0100", created), created
    moment = parsedate_to_datetime(created)
    assert 0 <= (moment - before).total_seconds() < 5


def test_absolute_uris(
    switch_on: Switch, mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.ABSOLUTE_URIS)
    body = api.post(recordings_url).json()
    assert _is_valid_recording(body)
    account = f"{mock.api_base}/Accounts/{mock.config.project_id}"
    assert body["uri"] == f"{account}/Recordings/{body['sid']}.json"
    transcriptions = body["subresource_uris"]["transcriptions"]
    assert transcriptions == f"{account}/Recordings/{body['sid']}/Transcriptions.json"
    assert api.get(body["uri"]).json()["uri"] == body["uri"]


# HTTP framing


def _raw_exchange(mock: MockSpaceServer, path: str, headers: dict[str, str]) -> bytes:
    """One POST over a plain socket, and every byte of the answer (the server closes)."""
    auth = base64.b64encode(f"{mock.config.project_id}:{mock.config.api_token}".encode())
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {mock.host}:{mock.port}",
        f"Authorization: Basic {auth.decode()}",
        "Content-Length: 0",
        "Connection: close",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    with socket.create_connection((mock.host, mock.port), timeout=5) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    return received


def _path(url: str) -> str:
    return urlsplit(url).path


def test_compressed_answers_are_gzip_when_allowed(
    switch_on: Switch, mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.COMPRESSED)
    connection = http.client.HTTPConnection(mock.host, mock.port, timeout=5)
    headers = {"Authorization": _basic(mock), "Accept-Encoding": "gzip"}
    connection.request("POST", _path(recordings_url), headers=headers)
    answer = connection.getresponse()
    raw = answer.read()
    assert answer.status == 200
    assert answer.getheader("Content-Encoding") == "gzip"
    assert int(answer.getheader("Content-Length") or -1) == len(raw)
    assert _is_valid_recording(json.loads(gzip.decompress(raw)))
    # An error body too; and nothing is compressed for a client that does not allow gzip.
    connection.request("POST", _path(recordings_url) + "/nope", headers=headers)
    error = connection.getresponse()
    assert error.getheader("Content-Encoding") == "gzip"
    assert _is_valid_error(json.loads(gzip.decompress(error.read())), error.status)
    for refused in ["identity", "gzip;q=0, deflate", "br"]:
        connection.request(
            "POST", _path(recordings_url), headers={**headers, "Accept-Encoding": refused}
        )
        plain = connection.getresponse()
        assert plain.getheader("Content-Encoding") is None, refused
        assert _is_valid_recording(json.loads(plain.read()))
    connection.close()
    # requests asks for gzip and decodes it.
    assert api.post(recordings_url).headers["Content-Encoding"] == "gzip"


def _basic(mock: MockSpaceServer) -> str:
    pair = f"{mock.config.project_id}:{mock.config.api_token}".encode()
    return "Basic " + base64.b64encode(pair).decode()


def test_chunked_answers_have_no_content_length(
    switch_on: Switch, mock: MockSpaceServer, recordings_url: str
) -> None:
    switch_on(Variation.CHUNKED)
    raw = _raw_exchange(mock, _path(recordings_url), {})
    head, _, body = raw.partition(b"\r\n\r\n")
    header_lines = head.lower().split(b"\r\n")[1:]
    assert b"transfer-encoding: chunked" in header_lines
    assert not any(line.startswith(b"content-length:") for line in header_lines)
    # Two chunks and the last, empty one.
    assert body.count(b"\r\n") >= 5
    assert body.endswith(b"0\r\n\r\n")
    connection = http.client.HTTPConnection(mock.host, mock.port, timeout=5)
    connection.request("POST", _path(recordings_url), headers={"Authorization": _basic(mock)})
    answer = connection.getresponse()
    assert answer.chunked
    assert _is_valid_recording(json.loads(answer.read()))
    connection.close()


def test_chunked_and_compressed_together(
    switch_on: Switch, mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.CHUNKED, Variation.COMPRESSED)
    answer = api.post(recordings_url)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert answer.headers["Transfer-Encoding"] == "chunked"
    assert "Content-Length" not in answer.headers
    assert _is_valid_recording(answer.json())


def test_header_variants_content_type(
    switch_on: Switch, mock: MockSpaceServer, recordings_url: str
) -> None:
    switch_on(Variation.HEADER_VARIANTS)
    raw = _raw_exchange(mock, _path(recordings_url), {})
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"\r\ncontent-type: Application/JSON; charset=UTF-8" in head
    # uvicorn (httptools) writes every header name in lower case, whatever the application says.
    names = [line.split(b":")[0] for line in head.split(b"\r\n")[1:]]
    assert all(name == name.lower() for name in names)
    assert _is_valid_recording(json.loads(body))


# Callback delivery


def _record_with_callbacks(
    api: requests.Session, recordings_url: str, receiver: CallbackReceiver
) -> str:
    data = {
        "RecordingStatusCallback": receiver.url(),
        "RecordingStatusCallbackEvent": "in-progress completed",
    }
    created = api.post(recordings_url, data=data)
    assert created.status_code == 200, created.text
    return f"{recordings_url}/{created.json()['sid']}"


def test_callbacks_delayed(
    switch_on: Switch, api: requests.Session, recordings_url: str, receiver: CallbackReceiver
) -> None:
    switch_on(Variation.CALLBACKS_DELAYED)
    started = time.monotonic()
    _record_with_callbacks(api, recordings_url, receiver)
    assert receiver.wait_for(lambda r: len(r) >= 1, timeout=0.4) == []
    received = receiver.wait_for(lambda r: len(r) >= 1, timeout=3)
    assert [r.params["RecordingStatus"] for r in received] == ["in-progress"]
    assert time.monotonic() - started >= 0.5


def test_callbacks_twice(
    mock: MockSpaceServer,
    switch_on: Switch,
    api: requests.Session,
    recordings_url: str,
    receiver: CallbackReceiver,
) -> None:
    switch_on(Variation.CALLBACKS_TWICE)
    url = _record_with_callbacks(api, recordings_url, receiver)
    mock.space.callbacks.drain()
    api.post(url, data={"Status": "stopped"})
    mock.space.callbacks.drain()
    assert _statuses(receiver) == ["in-progress", "in-progress", "completed", "completed"]


def test_callbacks_out_of_order(
    mock: MockSpaceServer,
    switch_on: Switch,
    api: requests.Session,
    recordings_url: str,
    receiver: CallbackReceiver,
) -> None:
    switch_on(Variation.CALLBACKS_OUT_OF_ORDER)
    url = _record_with_callbacks(api, recordings_url, receiver)
    assert receiver.wait_for(lambda r: len(r) >= 1, timeout=0.3) == []
    api.post(url, data={"Status": "stopped"})
    received = receiver.wait_for(lambda r: len(r) >= 2)
    assert [r.params["RecordingStatus"] for r in received] == ["completed", "in-progress"]


def test_held_callbacks_go_out_when_the_dispatcher_drains(
    mock: MockSpaceServer,
    switch_on: Switch,
    api: requests.Session,
    recordings_url: str,
    receiver: CallbackReceiver,
) -> None:
    switch_on(Variation.CALLBACKS_OUT_OF_ORDER)
    _record_with_callbacks(api, recordings_url, receiver)
    started = time.monotonic()
    mock.space.callbacks.drain()
    assert time.monotonic() - started < 2
    assert _statuses(receiver) == ["in-progress"]


def test_server_stops_promptly_with_every_callback_variation(receiver: CallbackReceiver) -> None:
    variations = frozenset(
        {Variation.CALLBACKS_DELAYED, Variation.CALLBACKS_TWICE, Variation.CALLBACKS_OUT_OF_ORDER}
    )
    server = MockSpaceServer(MockConfig(variations=variations)).start()
    cfg = server.config
    url = f"{server.api_base}/Accounts/{cfg.project_id}/Calls/{cfg.in_progress_call_sid}/Recordings"
    data = {
        "RecordingStatusCallback": receiver.url(),
        "RecordingStatusCallbackEvent": "in-progress completed",
    }
    for _ in range(3):
        answer = requests.post(url, data=data, auth=(cfg.project_id, cfg.api_token))
        assert answer.status_code == 200
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 3
    # Held in-progress callbacks went out before the stop, twice each and half a second late.
    assert _statuses(receiver) == ["in-progress"] * 6


# Every variation at once


def test_all_variations_together_answer_a_valid_create_with_200(
    mock: MockSpaceServer,
    switch_on: Switch,
    api: requests.Session,
    recordings_url: str,
    receiver: CallbackReceiver,
) -> None:
    switch_on(*Variation)
    valid = {
        "RecordingChannels": "dual",
        "RecordingTrack": "inbound",
        "Trim": "trim-silence",
        "RecordingStatusCallback": receiver.url("/all"),
        "RecordingStatusCallbackEvent": "in-progress completed absent",
        "RecordingStatusCallbackMethod": "GET",
    }
    created = api.post(recordings_url, data=valid)
    assert created.status_code == 200, created.text
    body = created.json()
    assert _is_valid_recording(body)
    assert (body["channels"], body["trim"]) == ("2", "trim-silence")
    # Everything else answers as documented, never a crash (the `mock` fixture also fails the
    # test on an unexpected error), across more than one outage.
    cfg = mock.config
    for _ in range(3):
        for answer in [
            api.post(recordings_url, json=valid),
            api.post(recordings_url, data={"FriendlyName": "x", "Trim": "x"}),
            api.post(recordings_url, data={"RecordingStatusCallback": " https://e.com/<x> "}),
            api.post(recordings_url, data={"RecordingStatusCallbackEvent": "completed,absent"}),
            api.get(body["uri"]),
            api.post(f"{recordings_url}/{body['sid']}", data={"Status": "stopped"}),
            api.post(recordings_url.replace(cfg.project_id, OTHER_UUID)),
            api.post(recordings_url.replace(cfg.in_progress_call_sid, "not-a-uuid")),
            requests.post(recordings_url),
        ]:
            assert answer.status_code in (200, 400, 401, 404, 422, 503), answer.text
            if answer.status_code == 200:
                assert _is_valid_recording(answer.json())
            else:
                assert _is_valid_error(answer.json(), answer.status_code)
    mock.space.callbacks.drain()
    assert {r.params["RecordingStatus"] for r in receiver.received()} == {
        "in-progress",
        "completed",
    }


def test_other_field_values_and_a_queued_recording_without_a_start(
    switch_on: Switch, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.OTHER_FIELD_VALUES, Variation.QUEUED_STATUS)
    created = api.post(recordings_url)
    body = created.json()
    assert created.status_code == 200
    assert _is_valid_recording(body)
    assert (body["price"], body["price_unit"], body["duration"]) == ("-0.00250", "usd", -1)
    assert (body["status"], body["start_time"]) == ("queued", None)


def test_extra_fields_in_error_bodies_too(
    switch_on: Switch, api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.EXTRA_FIELDS)
    refused = api.post(recordings_url, data={"Trim": "x"})
    assert _is_valid_error(refused.json(), 400)
    assert "details" in refused.json()
