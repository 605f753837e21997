"""`python -m mockspace` serves curl and the signalwire Python SDK, as a user would run them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from recording_conformance.conformance.receiver import CallbackReceiver
from recording_conformance.mockspace.server import free_port
from recording_conformance.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
EVERY_PARAMETER = {
    "RecordingChannels": "dual",
    "RecordingTrack": "inbound",
    "Trim": "trim-silence",
    "RecordingStatusCallbackMethod": "GET",
}


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, str]]:
    """`python -m mockspace --port N` in a subprocess; what it printed, by label."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mockspace", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    printed: dict[str, str] = {}
    for line in process.stdout:
        match = re.match(r"\s+(space URL|project id|API token|in-progress call)\s+(\S+)", line)
        if match:
            printed[match[1]] = match[2]
        if line.startswith("Ctrl-C"):
            break
    try:
        yield printed
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_banner_names_everything_needed(served: dict[str, str]) -> None:
    assert set(served) == {"space URL", "project id", "API token", "in-progress call"}
    assert served["space URL"].startswith("http://127.0.0.1:")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_create_with_every_parameter(served: dict[str, str]) -> None:
    with CallbackReceiver() as receiver:
        url = (
            f"{served['space URL']}/api/laml/2010-04-01/Accounts/{served['project id']}"
            f"/Calls/{served['in-progress call']}/Recordings.json"
        )
        args = [f"{k}={v}" for k, v in EVERY_PARAMETER.items()]
        args += [
            f"RecordingStatusCallback={receiver.url()}",
            "RecordingStatusCallbackEvent=in-progress completed",
        ]
        command = ["curl", "-sS", "-u", f"{served['project id']}:{served['API token']}", url]
        for arg in args:
            command += ["--data-urlencode", arg]
        answer = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
        received = receiver.wait_for(lambda r: len(r) >= 1)
    assert load_spec().validator("CallRecordingResponse").is_valid(answer)
    assert (answer["channels"], answer["trim"]) == ("2", "trim-silence")
    assert received[0].method == "GET"
    assert received[0].query["RecordingStatus"] == "in-progress"


def test_signalwire_sdk_create_with_every_parameter(served: dict[str, str]) -> None:
    rest = pytest.importorskip("signalwire.rest", reason="the SDK is installed by `tasks.py test`")
    client = rest.Client(
        served["project id"],
        served["API token"],
        signalwire_space_url="example.signalwire.com",
    )
    # The SDK forces https; pointing its base URL at the mock is the documented way round.
    client.api.base_url = f"{served['space URL']}/api/laml"
    with CallbackReceiver() as receiver:
        recording = client.calls(served["in-progress call"]).recordings.create(
            recording_channels="dual",
            recording_track="inbound",
            trim="trim-silence",
            recording_status_callback=receiver.url(),
            recording_status_callback_method="POST",
            recording_status_callback_event=["in-progress", "completed"],
        )
        received = receiver.wait_for(lambda r: len(r) >= 1)
        stopped = (
            client.calls(served["in-progress call"])
            .recordings(recording.sid)
            .update(status="stopped")
        )
        received = receiver.wait_for(lambda r: len(r) >= 2)
    assert recording.channels == 2
    assert recording.account_sid == served["project id"]
    assert recording.call_sid == served["in-progress call"]
    assert recording.source == "StartCallRecordingApi"
    assert recording.date_created is not None  # the SDK parses RFC 2822 dates, else None
    assert stopped.status == "stopped"
    statuses = [r.form["RecordingStatus"] for r in received]
    assert statuses == ["in-progress", "completed"]
