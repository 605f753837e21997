"""A 429 is throttling, not an answer to judge: the client waits as Retry-After says, slows down
for the rest of the run, sends again and counts it; a target that keeps throttling ends the run
like one that keeps answering 503."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from recording_conformance.conformance import client as client_module
from recording_conformance.conformance.client import (
    RETRIES_ON_THROTTLING,
    THROTTLED_MIN_INTERVAL,
    ConformanceClient,
    TargetUnavailable,
)
from recording_conformance.conformance.recorder import Recorder
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.target import Target
from tests.runs import run_conformance

RATE_LIMITED = {"code": 20429, "message": "Too Many Requests", "status": 429}
# An answer the stub gives: status and Retry-After (None: no header).
Answer = tuple[int, str | None]


class ScriptedSpace:
    """A stub target on loopback that answers from a script, then 200."""

    def __init__(self) -> None:
        self.script: list[Answer] = []
        space = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, retry_after = space.script.pop(0) if space.script else (200, None)
                body = json.dumps(RATE_LIMITED if status == 429 else {"ok": True}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if retry_after is not None:
                    self.send_header("Retry-After", retry_after)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the test's output is the assertions, not an access log

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def target(self) -> Target:
        port = self.server.server_address[1]
        return Target(f"http://127.0.0.1:{port}/api/laml/2010-04-01", "P", "T", "C")


@pytest.fixture
def space() -> Iterator[ScriptedSpace]:
    stub = ScriptedSpace()
    stub.thread.start()
    yield stub
    stub.server.shutdown()
    stub.server.server_close()


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait of the client (pacing and Retry-After), noted instead of slept."""
    noted: list[float] = []
    monkeypatch.setattr(client_module, "sleep", noted.append)
    return noted


def _client(space: ScriptedSpace, recorder: Recorder | None = None) -> ConformanceClient:
    sanitizer = Sanitizer()
    sanitizer.add("T", user="P")
    return ConformanceClient(space.target, sanitizer, retry_backoff=0.01, observer=recorder)


def _get(client: ConformanceClient) -> int:
    return client.send("GET", f"{client.target.account_path()}/Recordings.json").status


def test_a_429_with_delay_seconds_is_waited_out_retried_and_counted(
    space: ScriptedSpace, waits: list[float]
) -> None:
    space.script = [(429, "2")]
    recorder = Recorder()
    client = _client(space, recorder)
    assert _get(client) == 200
    assert 2.0 in waits
    assert (client.throttled, client.retries) == (1, 1)
    record = recorder.take("t", "call")
    assert (record.throttled, record.retries, record.requests) == (1, 1, 2)
    assert record.by_status == {"429": 1, "200": 1}
    client.close()


def test_a_429_with_an_http_date_is_waited_out_until_that_date(
    space: ScriptedSpace, waits: list[float]
) -> None:
    later = datetime.now(UTC) + timedelta(seconds=4)
    space.script = [(429, format_datetime(later, usegmt=True))]
    client = _client(space)
    assert _get(client) == 200
    # HTTP-dates have whole seconds: the wait is up to a second short of four.
    assert any(2.5 < wait <= 4.0 for wait in waits), waits
    client.close()


def test_a_429_without_retry_after_is_retried_after_the_backoff(
    space: ScriptedSpace, waits: list[float]
) -> None:
    space.script = [(429, None), (429, None)]
    client = _client(space)
    assert _get(client) == 200
    assert client.retries == 2
    assert {0.01, 0.02} <= set(waits)
    client.close()


def test_throttling_slows_the_client_for_the_rest_of_the_run(space: ScriptedSpace) -> None:
    space.script = [(429, "0"), (429, "0")]
    client = _client(space)
    assert client.min_interval == 0.0
    assert _get(client) == 200
    # Doubled at each 429, from a floor for a client that was not paced at all.
    assert client.min_interval == pytest.approx(2 * THROTTLED_MIN_INTERVAL)
    started = time.monotonic()
    for _ in range(4):
        assert _get(client) == 200
    # Measured where the pacing is (the stub's arrival times jitter on a busy machine).
    assert time.monotonic() - started >= 3 * 2 * THROTTLED_MIN_INTERVAL
    client.close()


def test_the_pace_after_throttling_is_bounded(space: ScriptedSpace, waits: list[float]) -> None:
    space.script = [(429, "0")] * RETRIES_ON_THROTTLING
    client = _client(space)
    client.min_interval = 4.0
    assert _get(client) == 200
    assert client.min_interval == client_module.THROTTLED_MAX_INTERVAL
    client.close()


def test_a_target_that_keeps_throttling_is_unavailable(
    space: ScriptedSpace, waits: list[float]
) -> None:
    space.script = [(429, "1")] * (RETRIES_ON_THROTTLING + 5)
    client = _client(space)
    with pytest.raises(TargetUnavailable, match=f"answered 429 {RETRIES_ON_THROTTLING + 1} times"):
        _get(client)
    assert client.throttled == RETRIES_ON_THROTTLING + 1
    assert client.retries == RETRIES_ON_THROTTLING
    client.close()


def test_a_429_storm_slows_a_run_and_never_fails_it(tmp_path: Path) -> None:
    # Every fourth answer of the embedded mock is a 429 (Retry-After in seconds and as a date,
    # in turn): the run waits, slows down, retries, and judges only real answers.
    result = run_conformance(
        "--mock-throttle-rate", "0.25", "-k", "test_bad_credentials",
        "--report-dir", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    totals = report["totals"]
    assert totals["throttled"] > 0
    assert totals["retries"] >= totals["throttled"]
    # Counted among the requests sent, and never judged.
    assert totals["by_status"]["429"] == totals["throttled"]
    assert report["verdict"] in ("conformant", "partial")
    assert all(r["verdict"] != "fail" for r in report["requirements"])
