"""A call of the suite's own: with --from/--to instead of --call-sid, the run places a call,
waits until it is answered, records it and hangs it up at the end; a call that never answers,
or that drops mid-run, ends the run in one sentence with no verdict about the space."""

from __future__ import annotations

import json
from pathlib import Path

from recording_conformance.conformance.stops import EXIT_CALL_UNUSABLE
from recording_conformance.mockspace import MockSpaceServer
from tests.runs import run_conformance


def _placing(space: MockSpaceServer, *extra: str) -> list[str]:
    cfg = space.config
    return [
        "--space-url", space.origin, "--project-id", cfg.project_id, "--api-token", cfg.api_token,
        "--from", "+15550100001", "--to", "+15550100002", *extra,
    ]  # fmt: skip


def test_a_placed_call_is_used_and_hung_up(mock: MockSpaceServer, tmp_path: Path) -> None:
    result = run_conformance(
        *_placing(mock, "-k", "enum_combination or unknown_call"),
        "--report-dir",
        str(tmp_path),
        profile="ci",
    )
    assert result.returncode == 0, result.stdout[-3000:]
    state = mock.space.state
    assert state.calls_placed == 1
    assert state.calls_hung_up == 1
    (call,) = state.calls.values()
    assert {r.call_sid for r in state.recordings.values()} == {call.sid}
    assert state.in_progress_recordings() == []
    assert f"call {call.sid} in progress; it is hung up when the run ends" in result.stdout
    assert f"call {call.sid} hung up" in result.stdout
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["provenance"]["live"]["call_placed"] is True


def test_a_call_that_never_answers_is_one_sentence(mock: MockSpaceServer) -> None:
    mock.config.calls_never_answer = True
    result = run_conformance(*_placing(mock, "--call-answer-timeout", "1"))
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_CALL_UNUSABLE, output[-3000:]
    assert "never answered in 1 s (status ringing); check that +15550100002 answers" in output
    assert "Traceback" not in output
    assert mock.space.state.recordings == {}
    # Not left ringing: canceled before the run ended.
    assert mock.space.state.calls_hung_up == 1


def test_a_call_that_drops_mid_run_stops_the_run(mock: MockSpaceServer, tmp_path: Path) -> None:
    mock.config.calls_drop_after = 30
    result = run_conformance(*_placing(mock), "--report-dir", str(tmp_path), profile="ci")
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_CALL_UNUSABLE, output[-3000:]
    assert "has completed during the run; what was judged before is kept" in output
    assert "Traceback" not in output
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["verdict"] in ("interrupted", "non-conformant"), report["verdict_detail"]
    assert report["verdict"] == "interrupted", report["verdict_detail"]


def test_a_throttled_set_up_waits_like_the_tests_do(mock: MockSpaceServer) -> None:
    # One answer in five is a 429, the set-up's (preflight, placing, waiting, sweep) included.
    mock.config.throttle_rate = 0.2
    result = run_conformance(*_placing(mock, "-k", "test_unknown_call_is_not_found"))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert mock.space.state.throttled_answers > 0
    assert mock.space.state.calls_placed == 1
    assert mock.space.state.calls_hung_up == 1
    assert "could not list" not in output


def test_a_call_that_drops_in_the_callback_tests_stops_the_run(
    mock: MockSpaceServer, tmp_path: Path
) -> None:
    # The callback tests create their recordings in a fixture, together: the refusal that
    # follows the drop is no more a verdict there than in a test.
    mock.config.calls_drop_after = 3
    result = run_conformance(
        *_placing(mock, "-k", "test_status_callbacks_follow_the_request"),
        "--report-dir",
        str(tmp_path),
    )
    output = result.stdout + result.stderr
    assert result.returncode == EXIT_CALL_UNUSABLE, output[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["verdict"] == "interrupted", report["verdict_detail"]
    assert "FAILED" not in output
