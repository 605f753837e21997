"""The one client: outages are retried, not judged; budgets hold; everything created is stopped."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from recording_conformance.conformance.client import (
    ConformanceClient,
    RequestBudgetExhausted,
    TargetUnavailable,
)
from recording_conformance.conformance.harness import Harness
from recording_conformance.conformance.recorder import Recorder
from recording_conformance.conformance.request import CreateRequest
from recording_conformance.conformance.sanitize import Sanitizer
from recording_conformance.conformance.target import Target
from recording_conformance.mockspace import Fault, MockSpaceServer
from tests.conftest import Run


def test_well_formed_503s_are_retried_until_the_target_answers(
    mock: MockSpaceServer, mock_target: Target, mock_sanitizer: Sanitizer
) -> None:
    mock.config.unavailable_rate = 0.5
    recorder = Recorder()
    client = ConformanceClient(mock_target, mock_sanitizer, observer=recorder)
    statuses = {client.create_recording(CreateRequest()).status for _ in range(30)}
    client.close()
    assert statuses == {200}
    assert recorder.take("t", "call").by_status["503"] > 0


def test_a_target_that_stays_unavailable_is_reported_as_such(
    mock: MockSpaceServer, mock_client: ConformanceClient
) -> None:
    mock.config.unavailable_rate = 1.0
    with pytest.raises(TargetUnavailable, match="answered 503 5 times"):
        mock_client.create_recording(CreateRequest())


def test_a_malformed_503_is_not_retried_but_judged(
    mock: MockSpaceServer, mock_client: ConformanceClient, switch_on: Callable[..., None]
) -> None:
    switch_on(Fault.HTML_ERROR_PAGES)
    mock.config.unavailable_rate = 1.0
    assert mock_client.create_recording(CreateRequest()).status == 503
    assert mock_client.requests_sent == 1


def test_the_request_budget_holds(mock_target: Target, mock_sanitizer: Sanitizer) -> None:
    client = ConformanceClient(mock_target, mock_sanitizer, max_requests=2)
    client.create_recording(CreateRequest())
    client.create_recording(CreateRequest())
    with pytest.raises(RequestBudgetExhausted, match="its 2 requests"):
        client.create_recording(CreateRequest())
    client.close()


def test_requests_are_paced(mock_target: Target, mock_sanitizer: Sanitizer) -> None:
    client = ConformanceClient(mock_target, mock_sanitizer, min_interval=0.05)
    started = time.monotonic()
    for _ in range(4):
        client.send("GET", f"{mock_target.account_path()}/Recordings.json")
    assert time.monotonic() - started >= 0.15
    client.close()


def test_every_created_recording_is_stopped(mock: MockSpaceServer, mock_harness: Harness) -> None:
    for channels in ("mono", "dual", "mono"):
        mock_harness.client.create_recording(CreateRequest.of(RecordingChannels=channels))
    mock_harness.clean_up()
    statuses = {r.status for r in mock.space.state.recordings.values()}
    assert statuses == {"completed"}
    assert mock_harness.client.created == []
    assert mock_harness.recorder.take("t", "teardown").unstopped == []


def test_an_outage_ends_the_run_with_exit_code_3(run_suite: Run) -> None:
    result = run_suite("--mock-unavailable-rate=1", "-k", "test_every_enum_combination")
    assert result.returncode == 3, result.stdout[-2000:]
    assert "the target stopped answering" in result.stdout
    assert "answered 503 5 times" in result.stdout


def test_a_budget_skips_what_it_cannot_afford(run_suite: Run) -> None:
    result = run_suite("--max-requests=10", "-k", "test_every_enum_combination")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "10 passed" in result.stdout
    assert "(--max-requests)" in result.stdout


def test_a_second_interrupt_during_the_clean_up_lists_what_is_left(
    mock: MockSpaceServer, mock_harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    for channels in ("mono", "dual", "mono"):
        mock_harness.client.create_recording(CreateRequest.of(RecordingChannels=channels))
    stop_at = mock_harness.client.stop_at
    calls = []

    def interrupted_on_the_second(url: str, path_ids: Any) -> Any:
        calls.append(url)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return stop_at(url, path_ids)

    monkeypatch.setattr(mock_harness.client, "stop_at", interrupted_on_the_second)
    said: list[str] = []
    mock_harness.clean_up(said.append)
    assert said == ["stopping 3 recordings the run created..."]
    unstopped = mock_harness.recorder.take("t", "teardown").unstopped
    assert [u["why"] for u in unstopped] == ["the clean-up was interrupted"] * 2
    running = {r.sid for r in mock.space.state.recordings.values() if r.status == "in-progress"}
    assert {u["sid"] for u in unstopped} == running
