"""Every SDK's driver against the mock: the protocol's objects and errors as each SDK gives them.

Marked `sdk`: the first run builds the SDKs' environments (two venvs and an `npm ci`, about
20 s), so `tasks.py test` leaves these out and `tasks.py sdks` runs them. The protocol itself is
also tested by default, at no building cost, in `test_sdk_protocol.py`.
"""

from __future__ import annotations

import email.utils
import re
import subprocess
import uuid
from collections.abc import Iterator

import pytest
import requests

from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.sdks.catalogue import SDKS, Sdk
from recording_conformance.sdks.driver import DriverProcess
from recording_conformance.sdks.envs import EnvError, RuntimeMissing
from recording_conformance.sdks.session import SdkSession, attribute_name, decode
from recording_conformance.sdks.snippets import CREATE, POINTING, render

pytestmark = pytest.mark.sdk

EXPECTED_VERSION = {
    "signalwire-python": r"2\.1\.1",
    "twilio-python": r"9\.\d+\.\d+",
    "signalwire-node": r"3\.\d+\.\d+",
}
EVERY_PARAMETER = {
    "RecordingChannels": "dual",
    "RecordingTrack": "inbound",
    "Trim": "trim-silence",
    "RecordingStatusCallbackMethod": "GET",
    "RecordingStatusCallbackEvent": ["in-progress", "completed"],
}


@pytest.fixture(scope="module", params=list(SDKS))
def sdk_driver(
    request: pytest.FixtureRequest, mock_server: MockSpaceServer
) -> Iterator[tuple[Sdk, DriverProcess]]:
    """One long-lived driver per SDK for the module, against the session's mock."""
    sdk = SDKS[request.param]
    try:
        launch = sdk.prepare()
    except RuntimeMissing as exc:
        pytest.skip(str(exc))
    except EnvError as exc:
        pytest.fail(str(exc), pytrace=False)
    config = mock_server.config
    driver = DriverProcess(
        sdk.name,
        launch.command,
        base_url=mock_server.origin,
        project_id=config.project_id,
        api_token=config.api_token,
        env=launch.env,
    )
    with driver:
        yield sdk, driver


@pytest.fixture
def session(sdk_driver: tuple[Sdk, DriverProcess], mock: MockSpaceServer) -> SdkSession:
    return SdkSession(*sdk_driver)


def test_the_ready_line_names_the_sdk_and_its_version(
    sdk_driver: tuple[Sdk, DriverProcess],
) -> None:
    sdk, driver = sdk_driver
    assert driver.ready["sdk"] == sdk.name
    assert re.fullmatch(EXPECTED_VERSION[sdk.name], driver.ready["version"]), driver.ready
    if sdk.name == "signalwire-python":
        assert "twilio 6.54.0" in driver.ready["runtime"]


def test_a_create_answers_the_parsed_object_with_its_datetimes_tagged(
    session: SdkSession, mock: MockSpaceServer, api: requests.Session
) -> None:
    call_sid = mock.config.in_progress_call_sid
    created = session.create(call_sid, EVERY_PARAMETER)
    assert created.ok, created.error
    assert created.field("channels") == 2
    assert created.field("call_sid") == call_sid
    tagged = created.attributes[attribute_name("date_created", session.sdk.naming)]
    assert set(tagged) == {"$datetime"}
    # The same instant as the RFC 2822 date the mock answered.
    raw = api.get(
        f"{mock.api_base}/Accounts/{mock.config.project_id}/Recordings/{created.field('sid')}.json"
    ).json()
    assert decode(tagged) == email.utils.parsedate_to_datetime(raw["date_created"])


def test_an_unknown_call_answers_the_protocol_error_shape(session: SdkSession) -> None:
    answer = session.create(str(uuid.uuid4()), {"RecordingChannels": "mono"})
    assert not answer.ok
    assert set(answer.error) == {"type", "status", "code", "message"}
    assert (answer.error["status"], answer.error["code"]) == (404, 20404)
    assert answer.error["type"].endswith("RestException")
    assert answer.error["message"]


def test_a_recording_fetches_and_stops(session: SdkSession, mock: MockSpaceServer) -> None:
    call_sid = mock.config.in_progress_call_sid
    sid = session.create(call_sid, {}).field("sid")
    fetched = session.fetch(str(sid))
    assert fetched.ok, fetched.error
    assert fetched.field("sid") == sid
    stopped = session.update(call_sid, str(sid), {"Status": "stopped"})
    assert stopped.ok, stopped.error
    assert stopped.field("status") == "stopped"


def test_a_command_the_driver_cannot_carry_out_leaves_it_running(
    sdk_driver: tuple[Sdk, DriverProcess], session: SdkSession, mock: MockSpaceServer
) -> None:
    _, driver = sdk_driver
    answer = driver.call("delete", sid="x")
    assert not answer["ok"]
    assert answer["error"]["type"] == "ProtocolError"
    assert session.create(mock.config.in_progress_call_sid, {}).ok


def test_the_readmes_lines_point_the_sdk_at_the_mock(
    sdk_driver: tuple[Sdk, DriverProcess], mock: MockSpaceServer
) -> None:
    sdk, driver = sdk_driver
    values = {
        "origin": mock.origin,
        "host": f"{mock.host}:{mock.port}",
        "project": mock.config.project_id,
        "token": mock.config.api_token,
        "call": mock.config.in_progress_call_sid,
    }
    program = render(POINTING[sdk.name] + CREATE[sdk.name], values)
    # The driver's own interpreter and environment, with the program in place of the driver.
    interpreter, flag = driver.command[0], "-e" if sdk.language == "Node.js" else "-c"
    result = subprocess.run(
        [interpreter, flag, program],
        env=driver.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "2"), result.stderr
