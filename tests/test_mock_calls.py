"""The mock's Calls API: a placed call rings, answers and can be recorded like the
pre-provisioned one, hanging up ends its recordings, and the call behaviours the suite's own tests
switch on (`never-answers`, `drops-after:N`) do what they say."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import requests

from recording_conformance.conformance.receiver import CallbackReceiver
from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.mockspace.__main__ import main as mockspace_main
from recording_conformance.mockspace.calls import parse_call_behaviours
from recording_conformance.mockspace.pytest_plugin import mock_config
from tests.conftest import Run

CALL_KEYS = {
    "sid",
    "account_sid",
    "from",
    "to",
    "status",
    "direction",
    "date_created",
    "date_updated",
    "start_time",
    "end_time",
    "duration",
    "api_version",
    "uri",
    "subresource_uris",
}
PLACE = {"From": "+15550100010", "To": "+15550100011", "Url": "https://example.com/pause.xml"}

Place = Callable[..., dict[str, Any]]


@pytest.fixture
def calls_url(mock: MockSpaceServer) -> str:
    return f"{mock.api_base}/Accounts/{mock.config.project_id}/Calls"


@pytest.fixture
def place(api: requests.Session, calls_url: str) -> Place:
    """Place a call (with `PLACE` and the given parameters) and answer its JSON."""

    def placed(**params: str) -> dict[str, Any]:
        answer = api.post(f"{calls_url}.json", data={**PLACE, **params})
        assert answer.status_code == 201, answer.text
        body: dict[str, Any] = answer.json()
        return body

    return placed


def _wait_for_status(
    api: requests.Session, calls_url: str, sid: str, wanted: str, timeout: float = 5.0
) -> list[str]:
    """Fetch the call until it is `wanted`; the distinct statuses seen on the way, in order."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while not seen or seen[-1] != wanted:
        assert time.monotonic() < deadline, f"call {sid} never became {wanted}: saw {seen}"
        status = api.get(f"{calls_url}/{sid}.json").json()["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        time.sleep(0.02)
    return seen


def _record(api: requests.Session, calls_url: str, call_sid: str, **params: str) -> Any:
    return api.post(f"{calls_url}/{call_sid}/Recordings.json", data=params)


def test_a_placed_call_queues_rings_answers_and_can_then_be_recorded(
    mock: MockSpaceServer, api: requests.Session, calls_url: str, place: Place
) -> None:
    mock.config.call_answer_delay = 0.6  # a ringing window no loaded machine misses
    call = place()
    assert call["status"] == "queued"
    assert CALL_KEYS <= set(call)
    too_early = _record(api, calls_url, call["sid"])
    assert (too_early.status_code, too_early.json()["code"]) == (400, 21220)
    seen = ["queued", *_wait_for_status(api, calls_url, call["sid"], "in-progress")]
    distinct = [status for i, status in enumerate(seen) if i == 0 or seen[i - 1] != status]
    assert distinct == ["queued", "ringing", "in-progress"]
    recording = _record(api, calls_url, call["sid"], RecordingChannels="dual")
    assert recording.status_code == 200, recording.text
    assert (recording.json()["call_sid"], recording.json()["channels"]) == (call["sid"], "2")
    assert mock.space.state.calls_placed == 1


@pytest.mark.parametrize("prefix", ["/api/laml/2010-04-01", "/2010-04-01"])
@pytest.mark.parametrize("suffix", ["", ".json"])
def test_a_placed_call_fetches_under_both_prefixes_and_suffixes(
    mock: MockSpaceServer, api: requests.Session, place: Place, prefix: str, suffix: str
) -> None:
    account = mock.config.project_id
    created = api.post(f"{mock.origin}{prefix}/Accounts/{account}/Calls{suffix}", json=PLACE)
    assert created.status_code == 201, created.text
    call = created.json()
    fetched = api.get(f"{mock.origin}{prefix}/Accounts/{account}/Calls/{call['sid']}{suffix}")
    assert fetched.status_code == 200
    body = fetched.json()
    assert (body["sid"], body["account_sid"], body["from"], body["to"]) == (
        call["sid"],
        account,
        PLACE["From"],
        PLACE["To"],
    )
    assert (body["direction"], body["api_version"]) == ("outbound-api", "2010-04-01")
    call_uri = f"/api/laml/2010-04-01/Accounts/{account}/Calls/{call['sid']}"
    assert body["uri"] == f"{call_uri}.json"
    assert body["subresource_uris"] == {"recordings": f"{call_uri}/Recordings.json"}
    assert body["date_created"].endswith(" +0000")


def test_the_pre_provisioned_calls_fetch_with_their_status(
    mock: MockSpaceServer, api: requests.Session, calls_url: str
) -> None:
    cfg = mock.config
    for sid, status in [
        (cfg.in_progress_call_sid, "in-progress"),
        (cfg.silent_call_sid, "in-progress"),
        (cfg.completed_call_sid, "completed"),
    ]:
        body = api.get(f"{calls_url}/{sid}.json").json()
        assert (body["sid"], body["status"]) == (sid, status)
    unknown = api.get(f"{calls_url}/00000000-0000-4000-8000-000000000000.json")
    assert unknown.status_code == 404
    assert (unknown.json()["code"], unknown.json()["status"]) == (20404, 404)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"From": ""}, 10000),
        ({"To": ""}, 10000),
        ({"Url": ""}, 10000),
        ({"Url": "example.com/pause.xml"}, 21205),
        ({"Timeout": "0"}, 10000),
        ({"Timeout": "601"}, 10000),
        ({"Timeout": "soon"}, 10000),
        ({"Method": "PUT"}, 10000),
    ],
    ids=str,
)
def test_placing_a_call_validates_its_parameters(
    api: requests.Session, calls_url: str, params: dict[str, str], code: int
) -> None:
    answer = api.post(calls_url, data={**PLACE, **params})
    assert answer.status_code == 400, answer.text
    assert answer.json() == {
        "code": code,
        "message": answer.json()["message"],
        "more_info": answer.json()["more_info"],
        "status": 400,
    }
    assert answer.json()["message"]


@pytest.mark.parametrize("target", ["ApplicationSid", "Twiml"])
def test_an_application_or_inline_laml_instead_of_a_url(
    api: requests.Session, calls_url: str, target: str
) -> None:
    params = {"From": PLACE["From"], "To": PLACE["To"], target: "anything"}
    assert api.post(calls_url, json={**params, "Timeout": 30}).status_code == 201


def test_placing_and_fetching_need_credentials(mock: MockSpaceServer, calls_url: str) -> None:
    assert requests.post(calls_url, data=PLACE).status_code == 401
    other = calls_url.replace(mock.config.project_id, "00000000-0000-4000-8000-000000000000")
    assert requests.post(other, data=PLACE, auth=(mock.config.project_id, "x")).status_code == 401


def test_hanging_up_ends_the_calls_recordings_with_their_callbacks(
    mock: MockSpaceServer, api: requests.Session, calls_url: str, place: Place
) -> None:
    mock.config.call_answer_delay = 0.0
    sid = place()["sid"]
    _wait_for_status(api, calls_url, sid, "in-progress")
    with CallbackReceiver() as receiver:
        first = _record(api, calls_url, sid, RecordingStatusCallback=receiver.url()).json()
        second = _record(api, calls_url, sid).json()
        api.post(f"{calls_url}/{sid}/Recordings/{second['sid']}", data={"Status": "paused"})
        other = _record(api, calls_url, mock.config.in_progress_call_sid).json()
        assert len(mock.space.state.in_progress_recordings()) == 3
        hung_up = api.post(f"{calls_url}/{sid}.json", data={"Status": "completed"})
        received = receiver.wait_for(lambda r: len(r) >= 1)
    assert hung_up.status_code == 200
    assert (hung_up.json()["status"], hung_up.json()["end_time"] is not None) == (
        "completed",
        True,
    )
    assert hung_up.json()["duration"] is not None
    for recording in (first, second):
        fetched = api.get(f"{calls_url}/{sid}/Recordings/{recording['sid']}.json").json()
        assert (fetched["status"], fetched["end_time"] is not None) == ("completed", True)
    assert [r.params["RecordingStatus"] for r in received] == ["completed"]
    assert received[0].params["RecordingSid"] == first["sid"]
    assert [r.sid for r in mock.space.state.in_progress_recordings()] == [other["sid"]]
    assert mock.space.state.calls_hung_up == 1
    again = api.post(f"{calls_url}/{sid}", data={"Status": "completed"})
    assert (again.status_code, again.json()) == (200, hung_up.json())
    assert mock.space.state.calls_hung_up == 1
    late = _record(api, calls_url, sid)
    assert (late.status_code, late.json()["code"]) == (400, 21220)


def test_cancelling_a_ringing_call(
    mock: MockSpaceServer, api: requests.Session, calls_url: str, place: Place
) -> None:
    mock.config.call_answer_delay = 30.0
    sid = place()["sid"]
    canceled = api.post(f"{calls_url}/{sid}", data={"Status": "canceled"}).json()
    assert (canceled["status"], canceled["start_time"], canceled["duration"]) == (
        "canceled",
        None,
        "0",
    )
    assert canceled["end_time"] is not None
    assert mock.space.state.calls_hung_up == 1


def test_cancel_leaves_an_answered_call_up_and_other_statuses_are_refused(
    mock: MockSpaceServer, api: requests.Session, calls_url: str
) -> None:
    url = f"{calls_url}/{mock.config.in_progress_call_sid}"
    assert api.post(url, data={"Status": "canceled"}).json()["status"] == "in-progress"
    for body in ({"Status": "busy"}, {"Status": ""}, {}):
        refused = api.post(url, data=body)
        assert (refused.status_code, refused.json()["code"]) == (400, 10000)
    assert mock.space.state.calls_hung_up == 0


def test_never_answers_rings_until_the_timeout(
    mock: MockSpaceServer, api: requests.Session, calls_url: str, place: Place
) -> None:
    mock.config.calls_never_answer = True
    sid = place(Timeout="1")["sid"]
    time.sleep(0.2)
    assert api.get(f"{calls_url}/{sid}").json()["status"] == "ringing"
    assert _record(api, calls_url, sid).json()["code"] == 21220
    seen = _wait_for_status(api, calls_url, sid, "no-answer")
    assert "in-progress" not in seen
    ended = api.get(f"{calls_url}/{sid}").json()
    assert (ended["start_time"], ended["duration"]) == (None, "0")
    assert ended["end_time"] is not None
    # The pre-provisioned call was answered already: it stays up.
    assert _record(api, calls_url, mock.config.in_progress_call_sid).status_code == 200


def test_drops_after_n_recordings_on_every_call(
    mock: MockSpaceServer, api: requests.Session, calls_url: str, place: Place
) -> None:
    mock.config.calls_drop_after = 2
    mock.config.call_answer_delay = 0.0
    placed = place()["sid"]
    _wait_for_status(api, calls_url, placed, "in-progress")
    for sid in (placed, mock.config.in_progress_call_sid):
        answers = [_record(api, calls_url, sid) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 400]
        assert answers[2].json()["code"] == 21220
        assert api.get(f"{calls_url}/{sid}").json()["status"] == "completed"
    assert mock.space.state.in_progress_recordings() == []
    assert (mock.space.state.calls_dropped, mock.space.state.calls_hung_up) == (2, 0)


@pytest.mark.parametrize(
    ("values", "never_answers", "drop_after"),
    [
        ([], False, None),
        (["never-answers"], True, None),
        (["drops-after:3"], False, 3),
        (["drops-after:1", "never-answers"], True, 1),
    ],
)
def test_call_behaviours_reach_the_embedded_mocks_configuration(
    values: list[str], never_answers: bool, drop_after: int | None
) -> None:
    options = {
        "mock_faults": [],
        "mock_latency_ms": 0.0,
        "mock_unavailable_rate": 0.0,
        "mock_throttle_rate": 0.25,
        "mock_call": values,
    }
    config = mock_config(options.__getitem__, "p", "t")
    assert (config.calls_never_answer, config.calls_drop_after) == (never_answers, drop_after)
    assert config.throttle_rate == 0.25


@pytest.mark.parametrize(
    "value", ["rings-forever", "drops-after:", "drops-after:0", "drops-after:-1", "drops-after:x"]
)
def test_unknown_call_behaviours_are_one_sentence(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError, match=r"^unknown call behaviour .*; known: never-answers"):
        parse_call_behaviours([value])
    with pytest.raises(SystemExit) as stopped:
        mockspace_main(["--call", value])
    assert stopped.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("python -m mockspace: error: argument --call: unknown call behaviour")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mock-call", "drops-after:0"], "ERROR: --mock-call: unknown call behaviour"),
        (["--mock-throttle-rate", "1.5"], "ERROR: --mock-throttle-rate: the rate must be"),
    ],
    ids=["call", "throttle-rate"],
)
def test_bad_mock_options_are_a_usage_error(run_suite: Run, args: list[str], message: str) -> None:
    result = run_suite(*args, "--collect-only")
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    assert message in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("option", ["--project-id", "--call-sid"])
def test_the_mock_command_takes_ids_only_as_uuids(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The spec's path parameters are `format: uuid`; a mock serving another form would fail
    # the suite on its own answers.
    with pytest.raises(SystemExit) as stopped:
        mockspace_main([option, "33333333-3333-3333-3333-333333333338081"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.endswith("is not a UUID"), error
