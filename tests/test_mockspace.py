"""The reference mock behaves like a conformant space, as far as the spec and the platform
documentation say."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import requests

from recording_conformance.mockspace import Fault, MockSpaceServer, Variation
from recording_conformance.spec import load_spec


def _is_valid_recording(body: Any) -> bool:
    return bool(load_spec().validator("CallRecordingResponse").is_valid(body))


def _is_valid_error(body: Any, status: int) -> bool:
    valid = load_spec().validator("CompatibilityErrorResponse").is_valid(body)
    return bool(valid and body["status"] == status)


@pytest.mark.parametrize("prefix", ["/api/laml/2010-04-01", "/2010-04-01"])
@pytest.mark.parametrize("suffix", ["", ".json"])
def test_create_answers_a_full_recording_under_both_prefixes_and_suffixes(
    mock: MockSpaceServer, api: requests.Session, prefix: str, suffix: str
) -> None:
    cfg = mock.config
    url = (
        f"{mock.origin}{prefix}/Accounts/{cfg.project_id}/Calls/"
        f"{cfg.in_progress_call_sid}/Recordings{suffix}"
    )
    answer = api.post(url, data={"RecordingChannels": "dual", "Trim": "trim-silence"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert _is_valid_recording(body)
    assert (body["channels"], body["channel"], body["trim"]) == ("2", "2", "trim-silence")
    assert (body["account_sid"], body["call_sid"]) == (cfg.project_id, cfg.in_progress_call_sid)
    assert (
        body["uri"]
        == f"/api/laml/2010-04-01/Accounts/{cfg.project_id}/Recordings/{body['sid']}.json"
    )


def test_defaults_apply_to_an_empty_body(api: requests.Session, recordings_url: str) -> None:
    body = api.post(recordings_url).json()
    assert (body["channels"], body["trim"], body["status"]) == ("1", "do-not-trim", "in-progress")
    assert body["source"] == "StartCallRecordingApi"
    assert body["conference_sid"] is None
    assert body["encryption_details"] is None


def test_json_body_is_accepted(api: requests.Session, recordings_url: str) -> None:
    answer = api.post(
        recordings_url, json={"RecordingChannels": "dual", "RecordingTrack": "inbound"}
    )
    assert answer.status_code == 200
    assert answer.json()["channels"] == "2"


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"RecordingChannels": "stereo"}, 10000),
        ({"RecordingChannels": "Mono"}, 10000),
        ({"RecordingChannels": ""}, 10000),
        ({"RecordingTrack": "left"}, 10000),
        ({"Trim": " trim-silence"}, 13699),
        ({"RecordingStatusCallbackMethod": "get"}, 21209),
        ({"RecordingStatusCallback": "/relative/path"}, 21402),
        ({"RecordingStatusCallback": "example.com/cb"}, 21402),
        ({"RecordingStatusCallback": "ftp://example.com/cb"}, 21402),
        ({"RecordingStatusCallback": "https://exa mple.com/"}, 21402),
        ({"RecordingStatusCallbackEvent": "finished"}, 13621),
        ({"RecordingStatusCallbackEvent": "completed,in-progress"}, 13621),
        ({"RecordingStatusCallbackEvent": ""}, 13621),
    ],
)
def test_invalid_parameters_answer_400_with_their_code(
    api: requests.Session, recordings_url: str, params: dict[str, str], code: int
) -> None:
    answer = api.post(recordings_url, data=params)
    assert answer.status_code == 400
    assert _is_valid_error(answer.json(), 400)
    assert answer.json()["code"] == code


def test_non_string_json_values_are_rejected(api: requests.Session, recordings_url: str) -> None:
    answer = api.post(recordings_url, json={"Trim": ["trim-silence"]})
    assert answer.status_code == 400
    assert answer.json()["code"] == 13699


@pytest.mark.parametrize(
    "body", ["{not json", "[1, 2]", '"mono"'], ids=["malformed", "array", "string"]
)
def test_json_bodies_that_are_not_objects_are_rejected(
    api: requests.Session, recordings_url: str, body: str
) -> None:
    answer = api.post(recordings_url, data=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert _is_valid_error(answer.json(), 400)


def test_repeated_and_space_separated_events_are_accepted(
    api: requests.Session, recordings_url: str
) -> None:
    repeated = [
        ("RecordingStatusCallbackEvent", "in-progress"),
        ("RecordingStatusCallbackEvent", "completed"),
    ]
    assert api.post(recordings_url, data=repeated).status_code == 200
    joined = {"RecordingStatusCallbackEvent": "absent in-progress completed"}
    assert api.post(recordings_url, data=joined).status_code == 200


def test_internationalised_and_long_callback_urls_are_accepted(
    api: requests.Session, recordings_url: str
) -> None:
    for url in ["https://bücher.example/ünïcode?q=1", "https://example.com/" + "a" * 3000]:
        answer = api.post(recordings_url, data={"RecordingStatusCallback": url})
        assert answer.status_code == 200, url


@pytest.mark.parametrize(
    "auth",
    [None, ("wrong-project", "token"), "wrong-token", "bearer"],
    ids=["none", "wrong-project", "wrong-token", "bearer"],
)
def test_bad_credentials_answer_401(
    mock: MockSpaceServer, recordings_url: str, auth: object
) -> None:
    headers = {}
    if auth == "wrong-token":
        auth = (mock.config.project_id, "PT" + "0" * 48)
    elif auth == "bearer":
        auth, headers = None, {"Authorization": f"Bearer {mock.config.api_token}"}
    answer = requests.post(recordings_url, auth=auth, headers=headers)  # type: ignore[arg-type]
    assert answer.status_code == 401
    assert _is_valid_error(answer.json(), 401)
    assert answer.json()["code"] == 20003


def test_another_accounts_path_answers_401(mock: MockSpaceServer, api: requests.Session) -> None:
    other = "00000000-0000-4000-8000-000000000000"
    url = f"{mock.api_base}/Accounts/{other}/Calls/{mock.config.in_progress_call_sid}/Recordings"
    assert api.post(url).status_code == 401


def test_unknown_and_malformed_calls_answer_404(
    mock: MockSpaceServer, api: requests.Session
) -> None:
    for call in ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "%00"]:
        url = f"{mock.api_base}/Accounts/{mock.config.project_id}/Calls/{call}/Recordings"
        answer = api.post(url)
        assert answer.status_code == 404, call
        assert _is_valid_error(answer.json(), 404)
        assert answer.json()["code"] == 20404


def test_completed_call_answers_21220(mock: MockSpaceServer, api: requests.Session) -> None:
    cfg = mock.config
    url = f"{mock.api_base}/Accounts/{cfg.project_id}/Calls/{cfg.completed_call_sid}/Recordings"
    answer = api.post(url)
    assert answer.status_code == 400
    assert answer.json()["code"] == 21220


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_unsupported_methods_answer_405_with_the_error_body(
    api: requests.Session, recordings_url: str, method: str
) -> None:
    answer = api.request(method, recordings_url)
    assert answer.status_code == 405
    assert _is_valid_error(answer.json(), 405)


def test_unknown_routes_answer_json_404(mock: MockSpaceServer, api: requests.Session) -> None:
    answer = api.get(f"{mock.origin}/nowhere")
    assert answer.status_code == 404
    assert _is_valid_error(answer.json(), 404)


def test_recording_lifecycle_fetch_list_pause_resume_stop_delete(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    created = api.post(recordings_url, data={"RecordingChannels": "dual"}).json()
    sid, account = created["sid"], f"{mock.api_base}/Accounts/{mock.config.project_id}"
    call_scoped = f"{recordings_url}/{sid}.json"
    assert api.get(call_scoped).json() == created
    assert api.get(f"{account}/Recordings/{sid}.json").json()["channels"] == "2"
    wav = api.get(f"{account}/Recordings/{sid}")
    assert wav.headers["content-type"] == "audio/x-wav"
    assert wav.content.startswith(b"RIFF")
    listed = api.get(f"{recordings_url}.json").json()["recordings"]
    assert [r["sid"] for r in listed] == [sid]
    by_call = api.get(
        f"{account}/Recordings.json", params={"CallSid": mock.config.in_progress_call_sid}
    )
    assert [r["sid"] for r in by_call.json()["recordings"]] == [sid]
    assert api.post(call_scoped, data={"Status": "paused"}).json()["status"] == "paused"
    assert api.post(call_scoped, data={"Status": "in-progress"}).json()["status"] == "in-progress"
    stopped = api.post(call_scoped, data={"Status": "stopped"}).json()
    assert stopped["status"] == "stopped"
    assert stopped["end_time"] is not None
    assert _is_valid_recording(stopped)
    assert api.get(call_scoped).json()["status"] == "completed"
    again = api.post(call_scoped, data={"Status": "stopped"})
    assert again.status_code == 400
    assert again.json()["code"] == 21220
    assert api.delete(f"{account}/Recordings/{sid}.json").status_code == 204
    assert api.get(call_scoped).status_code == 404


def test_update_validates_status(api: requests.Session, recordings_url: str) -> None:
    sid = api.post(recordings_url).json()["sid"]
    answer = api.post(f"{recordings_url}/{sid}", data={"Status": "finished"})
    assert answer.status_code == 400
    assert _is_valid_error(answer.json(), 400)


def test_silent_call_ends_absent(mock: MockSpaceServer, api: requests.Session) -> None:
    cfg = mock.config
    url = f"{mock.api_base}/Accounts/{cfg.project_id}/Calls/{cfg.silent_call_sid}/Recordings"
    sid = api.post(url).json()["sid"]
    api.post(f"{url}/{sid}", data={"Status": "stopped"})
    assert api.get(f"{url}/{sid}.json").json()["status"] == "absent"


def test_every_fault_is_described_and_changes_nothing_when_off(mock: MockSpaceServer) -> None:
    from recording_conformance.mockspace.faults import FAULT_DESCRIPTIONS, VARIATION_DESCRIPTIONS

    assert set(FAULT_DESCRIPTIONS) == set(Fault)
    assert set(VARIATION_DESCRIPTIONS) == set(Variation)
    assert mock.config.faults == frozenset()
    assert mock.config.variations == frozenset()


def test_validation_422_variation(
    switch_on: Callable[..., None], api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.VALIDATION_422)
    answer = api.post(recordings_url, data={"Trim": "x"})
    assert answer.status_code == 422
    assert _is_valid_error(answer.json(), 422)


def test_extra_fields_variation_still_matches_the_schema(
    switch_on: Callable[..., None], api: requests.Session, recordings_url: str
) -> None:
    switch_on(Variation.EXTRA_FIELDS)
    body = api.post(recordings_url).json()
    assert "track" in body
    assert _is_valid_recording(body)


def test_latency_and_unavailability(
    mock: MockSpaceServer, api: requests.Session, recordings_url: str
) -> None:
    mock.config.latency_ms = 50
    assert api.post(recordings_url).elapsed.total_seconds() >= 0.05
    mock.config.latency_ms = 0
    mock.config.unavailable_rate = 1.0
    answer = api.post(recordings_url)
    assert answer.status_code == 503
    assert _is_valid_error(answer.json(), 503)


def test_crash_fault_answers_500_for_its_combination_only(
    switch_on: Callable[..., None], api: requests.Session, recordings_url: str
) -> None:
    switch_on(Fault.CRASH_ON_RARE_COMBINATION)
    rare = {
        "RecordingChannels": "dual",
        "RecordingTrack": "outbound",
        "Trim": "trim-silence",
        "RecordingStatusCallbackMethod": "GET",
    }
    assert api.post(recordings_url, data=rare).status_code == 500
    assert api.post(recordings_url, data={**rare, "RecordingTrack": "both"}).status_code == 200


def test_error_bodies_never_quote_the_token(mock: MockSpaceServer, recordings_url: str) -> None:
    answer = requests.post(recordings_url, auth=("someone", mock.config.api_token))
    assert mock.config.api_token not in answer.text
    assert json.loads(answer.text)["status"] == 401
