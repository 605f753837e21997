"""The driver protocol without building any SDK environment (so it runs with `tasks.py test`):
the runner's handling of drivers that crash, hang or write something else; the Python driver's
values and errors, run with the signalwire SDK `tasks.py setup` puts in `.venv`; the SDK naming
of parameters; the smoke session's coverage of every value."""

from __future__ import annotations

import datetime
import decimal
import sys
import textwrap
import uuid
from collections.abc import Iterator
from typing import cast

import pytest

from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.sdks import python_driver
from recording_conformance.sdks.catalogue import PYTHON_DRIVER, SDKS
from recording_conformance.sdks.driver import DriverError, DriverProcess
from recording_conformance.sdks.session import (
    SdkSession,
    argument_name,
    attribute_name,
    sdk_arguments,
)
from recording_conformance.sdks.smoke import ENUM_PARAMETERS, EVENTS, smoke_requests
from recording_conformance.spec import Spec

READY = '{"ready": true, "sdk": "fake", "version": "0"}'


def _fake(body: str, *, timeout: float = 5.0) -> DriverProcess:
    """A driver made of a few lines of Python, to misbehave on purpose."""
    script = f"import sys, time\nprint({READY!r}, flush=True)\n{textwrap.dedent(body)}"
    return DriverProcess(
        "fake",
        [sys.executable, "-c", script],
        base_url="http://127.0.0.1:9",
        project_id="P",
        api_token="T",
        timeout=timeout,
    )


def test_a_driver_that_dies_is_one_sentence_with_its_last_words() -> None:
    driver = _fake("sys.stdin.readline()\nsys.stderr.write('boom: no space\\n')\nsys.exit(3)")
    with driver, pytest.raises(DriverError) as caught:
        driver.call("fetch", sid="S")
    assert str(caught.value) == (
        "the fake driver exited (code 3) during `fetch`; its stderr ends: boom: no space"
    )


def test_a_driver_that_does_not_answer_is_stopped_after_the_timeout() -> None:
    driver = _fake("time.sleep(60)", timeout=0.3)
    with driver, pytest.raises(DriverError, match=r"did not answer `create` within 0.3 s"):
        driver.call("create", call_sid="C", params={})


def test_a_driver_that_writes_anything_else_on_stdout_is_refused() -> None:
    driver = _fake("sys.stdin.readline()\nprint('hello', flush=True)\ntime.sleep(60)")
    with driver, pytest.raises(DriverError, match="not a JSON object after `fetch`: 'hello'"):
        driver.call("fetch", sid="S")


def test_a_driver_without_a_ready_line_is_refused() -> None:
    driver = DriverProcess(
        "fake",
        [sys.executable, "-c", "print('{}')"],
        base_url="http://127.0.0.1:9",
        project_id="P",
        api_token="T",
    )
    with pytest.raises(DriverError, match="first line is not its ready line"):
        driver.start()
    driver.close()


def test_values_are_json_natives_tagged_datetimes_or_reprs() -> None:
    when = datetime.datetime(2018, 9, 25, 23, 0, tzinfo=datetime.UTC)
    assert python_driver.encode(when) == {"$datetime": "2018-09-25T23:00:00+00:00"}
    assert python_driver.encode({"a": [1, None, "x"]}) == {"a": [1, None, "x"]}
    assert python_driver.encode(decimal.Decimal("0.10")) == {
        "$repr": "Decimal('0.10')",
        "$type": "decimal.Decimal",
    }
    assert python_driver.encode(float("nan")) == {"$repr": "nan", "$type": "float"}


@pytest.fixture(scope="module")
def signalwire_in_venv(mock_server: MockSpaceServer) -> Iterator[SdkSession]:
    """The Python driver with the signalwire SDK of the project's own venv."""
    pytest.importorskip("signalwire.rest", reason="the SDK is installed by `tasks.py setup`")
    config = mock_server.config
    driver = DriverProcess(
        "signalwire-python",
        [sys.executable, str(PYTHON_DRIVER)],
        base_url=mock_server.origin,
        project_id=config.project_id,
        api_token=config.api_token,
        env={"SDK_FLAVOUR": "signalwire"},
    )
    with driver:
        yield SdkSession(SDKS["signalwire-python"], driver)


def test_a_404_comes_back_in_the_protocols_error_shape(
    signalwire_in_venv: SdkSession, mock: MockSpaceServer
) -> None:
    answer = signalwire_in_venv.create(str(uuid.uuid4()), {})
    assert answer.error == {
        "type": "twilio.base.exceptions.TwilioRestException",
        "status": 404,
        "code": 20404,
        "message": answer.error["message"],
    }
    assert "was not found" in answer.error["message"]


def test_a_datetime_comes_back_tagged(
    signalwire_in_venv: SdkSession, mock: MockSpaceServer
) -> None:
    answer = signalwire_in_venv.create(mock.config.in_progress_call_sid, {"Trim": "trim-silence"})
    assert answer.ok, answer.error
    tagged = answer.attributes["date_created"]
    assert set(tagged) == {"$datetime"}
    assert datetime.datetime.fromisoformat(tagged["$datetime"]).tzinfo is not None


def test_an_attribute_the_sdk_cannot_read_is_reported_not_fatal(
    signalwire_in_venv: SdkSession, mock: MockSpaceServer
) -> None:
    # signalwire 2.1.1 replaces the fields of an account's recording with fewer than twilio
    # 6.54.0's properties read: reading `subresource_uris` raises, for a user as for the driver.
    sid = signalwire_in_venv.create(mock.config.in_progress_call_sid, {}).field("sid")
    fetched = signalwire_in_venv.fetch(str(sid))
    assert fetched.ok, fetched.error
    assert fetched.attributes["subresource_uris"] == {
        "$raises": {"type": "builtins.KeyError", "message": "'subresource_uris'"}
    }


@pytest.mark.parametrize(
    ("wire", "snake", "camel"),
    [
        ("RecordingChannels", "recording_channels", "recordingChannels"),
        (
            "RecordingStatusCallbackEvent",
            "recording_status_callback_event",
            "recordingStatusCallbackEvent",
        ),
        ("Trim", "trim", "trim"),
        ("Status", "status", "status"),
    ],
)
def test_parameters_take_each_sdks_argument_names(wire: str, snake: str, camel: str) -> None:
    assert (argument_name(wire, "snake"), argument_name(wire, "camel")) == (snake, camel)


def test_fields_are_read_by_each_sdks_attribute_names() -> None:
    assert attribute_name("encryption_details", "camel") == "encryptionDetails"
    assert attribute_name("encryption_details", "snake") == "encryption_details"
    events = sdk_arguments({"RecordingStatusCallbackEvent": ["absent"]}, "camel")
    assert events == {"recordingStatusCallbackEvent": ["absent"]}


def test_the_smoke_creates_use_every_parameter_and_every_value(spec: Spec) -> None:
    requests = smoke_requests(spec, "http://127.0.0.1:9/cb")
    for request in requests:
        assert set(request) == {*ENUM_PARAMETERS, EVENTS, "RecordingStatusCallback"}
    for name in ENUM_PARAMETERS:
        assert {r[name] for r in requests} == set(spec.parameters[name].enum or ())
    sent_events = {event for r in requests for event in cast(list[str], r[EVENTS])}
    assert sent_events == set(spec.parameters[EVENTS].described_values or ())
