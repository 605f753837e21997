"""Every way a run can end before its verdict is one sentence and its documented exit code, with
workers and without, and never a traceback, an INTERNALERROR or a verdict about the space:
a plain web server, a closed port, wrong credentials, a call that is unknown or has completed,
a target that answers only 503, a mistaken -m, a callback URL that does not forward."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from recording_conformance.conformance.calls import CallControl
from recording_conformance.conformance.live import CREATE_ALONE
from recording_conformance.conformance.preflight import check_target
from recording_conformance.conformance.stops import (
    EXIT_CALL_UNUSABLE,
    EXIT_CREDENTIALS,
    EXIT_TARGET_DOWN,
    EXIT_USAGE,
)
from recording_conformance.mockspace import MockSpaceServer
from recording_conformance.mockspace.server import free_port
from tests.runs import run_conformance, target_options

WORKERS = ("0", "2")


def _clean(output: str) -> None:
    assert "Traceback" not in output, output[-3000:]
    assert "INTERNALERROR" not in output, output[-3000:]


def _report(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "report.json").read_text())
    return data


@pytest.fixture(scope="module")
def web_server() -> Iterator[str]:
    """A plain web server: it answers, but not as the Compatibility API."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _options(space_url: str, *, token: str = "PTwrong", call: str = "c") -> list[str]:
    return ["--space-url", space_url, "--project-id", "p", "--api-token", token, "--call-sid", call]


@pytest.mark.parametrize("workers", WORKERS)
def test_a_plain_web_server_is_not_this_api(web_server: str, workers: str, tmp_path: Path) -> None:
    result = run_conformance(*_options(web_server), "--report-dir", str(tmp_path), workers=workers)
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_TARGET_DOWN, output[-3000:]
    assert "does not answer as the Compatibility API" in output
    _clean(output)
    report = _report(tmp_path)
    assert report["verdict"] == "inconclusive"
    assert report["totals"]["requests"] == 0
    # A server on this machine is named as `Target.kind` names it, never a remote space.
    assert report["provenance"]["target"]["kind"] == "local server"


@pytest.mark.parametrize("workers", WORKERS)
def test_a_closed_port_stops_before_any_worker(workers: str) -> None:
    result = run_conformance(*_options(f"127.0.0.1:{free_port()}"), workers=workers)
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_TARGET_DOWN, output[-3000:]
    # Without a scheme a loopback address means plain HTTP: the sentence names it so.
    assert "the target did not answer: cannot connect to 127.0.0.1" in output
    assert "created: 2/2 workers" not in output
    _clean(output)


@pytest.mark.parametrize("workers", WORKERS)
def test_wrong_credentials_are_one_sentence(mock: MockSpaceServer, workers: str) -> None:
    options = target_options(mock)
    options[options.index("--api-token") + 1] = "PTnot-the-token"
    result = run_conformance(*options, workers=workers)
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_CREDENTIALS, output[-3000:]
    assert "the space refused the credentials" in output
    assert "PTnot-the-token" not in output
    _clean(output)


@pytest.mark.parametrize("workers", WORKERS)
def test_a_completed_call_is_one_sentence(mock: MockSpaceServer, workers: str) -> None:
    options = target_options(mock)
    options[options.index("--call-sid") + 1] = mock.config.completed_call_sid
    result = run_conformance(*options, workers=workers)
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_CALL_UNUSABLE, output[-3000:]
    assert f"the call {mock.config.completed_call_sid} has completed" in output
    assert "--from/--to" in output
    _clean(output)
    assert mock.space.state.recordings == {}


def test_an_unknown_call_is_one_sentence(mock: MockSpaceServer) -> None:
    options = target_options(mock)
    options[options.index("--call-sid") + 1] = "00000000-0000-4000-8000-00000000dead"
    result = run_conformance(*options)
    assert result.returncode == EXIT_CALL_UNUSABLE, result.stdout[-3000:]
    assert "does not exist on this space" in result.stdout


@pytest.mark.parametrize("workers", WORKERS)
def test_a_target_that_only_answers_503_stops_the_run(workers: str) -> None:
    result = run_conformance("--mock-unavailable-rate=1", "-k", "enum_combination", workers=workers)
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_TARGET_DOWN, output[-3000:]
    assert "the target stopped answering" in output
    assert "answered 503 5 times" in output
    _clean(output)


def test_a_mistaken_marker_is_pytests_own_sentence_with_workers() -> None:
    result = run_conformance("-m", "REC-TRIMM", workers="2")
    assert result.returncode == EXIT_USAGE, result.stdout[-3000:]
    assert "Unknown marker(s) in '-m' expression: REC-TRIMM" in result.stderr
    _clean(result.stdout + result.stderr)


def test_a_callback_url_that_does_not_forward_is_found_first(mock: MockSpaceServer) -> None:
    # A "tunnel" whose public end is a closed port: nothing reaches the receiver.
    result = run_conformance(
        *target_options(mock),
        "--callback-url",
        f"http://127.0.0.1:{free_port()}/hooks",
        "--callback-listen",
        f"127.0.0.1:{free_port()}",
    )
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_USAGE, output[-3000:]
    assert "does not reach the callback receiver" in output
    _clean(output)
    assert mock.space.state.recordings == {}


def test_a_callback_url_that_forwards_passes_the_probe(mock: MockSpaceServer) -> None:
    listen = free_port()
    result = run_conformance(
        *target_options(mock),
        "--callback-url",
        f"http://127.0.0.1:{listen}",
        "--callback-listen",
        f"127.0.0.1:{listen}",
        "-k",
        "test_status_callbacks_follow_the_request",
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "does not reach" not in result.stdout


def test_a_space_from_the_environment_is_named_first(mock: MockSpaceServer) -> None:
    cfg = mock.config
    result = run_conformance(
        "-k",
        "test_unknown_call_is_not_found",
        env={
            "SIGNALWIRE_SPACE_URL": mock.origin,
            "SIGNALWIRE_PROJECT_ID": cfg.project_id,
            "SIGNALWIRE_API_TOKEN": cfg.api_token,
            "SIGNALWIRE_CALL_SID": cfg.in_progress_call_sid,
        },
    )
    first = result.stdout.splitlines()[0]
    assert first == (
        f"conformance target: {mock.api_base}, from SIGNALWIRE_SPACE_URL in the environment"
    ), result.stdout[-3000:]


@pytest.mark.parametrize(
    ("options", "sentence"),
    [
        (
            ["--space-url", "http://127.0.0.1:99999", "--call-sid", "c"],
            "has a port that is not a number from 1 to 65535",
        ),
        (["--space-url", "127.0.0.1:8080", "--from", "+1555"], "--to is required"),
        (
            ["--space-url", "127.0.0.1:8080", "--call-sid", "c", "--to", "+1555"],
            "give either --call-sid",
        ),
        (
            ["--space-url", "127.0.0.1:8080", "--call-sid", "c", "--call-answer-timeout", "0"],
            "--call-answer-timeout must be a number of seconds from 1 to 600",
        ),
    ],
    ids=["port-out-of-range", "from-without-to", "call-sid-and-to", "answer-timeout"],
)
def test_a_mistaken_live_option_is_one_sentence(options: list[str], sentence: str) -> None:
    result = run_conformance(*options, "--project-id", "p", "--api-token", "PTx")
    assert result.returncode == EXIT_USAGE, result.stdout[-2000:] + result.stderr[-2000:]
    assert sentence in result.stderr
    _clean(result.stdout + result.stderr)


class _EndpointOnly(http.server.BaseHTTPRequestHandler):
    """A mock of Create a Recording alone: any other path is a JSON 404 (as Prism answers)."""

    def do_GET(self) -> None:
        body = json.dumps({"title": "Route not resolved, no path matched", "status": 404})
        self.send_response(404)
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: object) -> None:
        return


def test_a_mock_of_this_endpoint_alone_is_judged_without_the_call_checked() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EndpointOnly)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        control = CallControl(
            f"http://127.0.0.1:{server.server_address[1]}/api/laml/2010-04-01", "p", "t"
        )
        stop, whole_space = check_target(control)
        assert stop is None
        assert whole_space is False
    finally:
        server.shutdown()
        server.server_close()


def test_a_forgotten_exported_space_is_named_in_the_complaint() -> None:
    result = run_conformance(
        env={"SIGNALWIRE_SPACE_URL": "example.signalwire.com", "SIGNALWIRE_PROJECT_ID": "p",
             "SIGNALWIRE_API_TOKEN": "PTx"},
    )  # fmt: skip
    assert result.returncode == EXIT_USAGE, result.stderr[-2000:]
    assert "example.signalwire.com (from SIGNALWIRE_SPACE_URL in the environment)" in result.stderr


@pytest.mark.parametrize("workers", WORKERS)
def test_a_mock_of_this_endpoint_alone_is_not_judged_on_fetch_and_stop(
    workers: str, tmp_path: Path
) -> None:
    # Fetch and update come from the platform documentation, not the spec: a target that
    # serves the spec's one operation skips them, saying why, rather than warning about them.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EndpointOnly)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        result = run_conformance(
            *_options(url),
            "-k",
            "test_created_recording_is_fetched_as_created_then_stopped",
            "--report-dir",
            str(tmp_path),
            workers=workers,
        )
    finally:
        server.shutdown()
        server.server_close()
    _clean(result.stdout + result.stderr)
    verdicts = {r["id"]: r for r in _report(tmp_path)["requirements"]}
    for rid in ("REC-FETCH-MATCHES", "REC-STOPPABLE"):
        assert verdicts[rid]["verdict"] == "skipped", verdicts[rid]
        assert verdicts[rid]["reason"] == CREATE_ALONE
