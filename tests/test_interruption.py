"""An interrupted run against a space leaves nothing running: Ctrl-C or SIGTERM in the middle of
a run stops every recording it created (also one whose create was answered while the run was
being interrupted, found by listing the call's recordings), and says "interrupted"."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recording_conformance.conformance.calls import RUNNING
from recording_conformance.mockspace import MockSpaceServer
from tests.runs import ROOT, clean_environment, target_options


def _call_options(space: MockSpaceServer, placed: bool) -> list[str]:
    options = target_options(space)
    if not placed:
        return options
    at = options.index("--call-sid")
    return [*options[:at], "--from", "+15550100001", "--to", "+15550100002"]


def _interrupt_mid_run(
    space: MockSpaceServer, report_dir: Path, sig: signal.Signals, workers: str, placed: bool
) -> tuple[int, str]:
    command = [
        sys.executable, "-m", "pytest", "conformance", "-p", "no:cacheprovider", "-n", workers,
        "--report-dir", str(report_dir), "--hypothesis-profile", "ci",
        *_call_options(space, placed),
    ]  # fmt: skip
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=clean_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Its own process group: a terminal's Ctrl-C reaches every process of the run.
        start_new_session=True,
    ) as run:
        assert run.stdout is not None
        # Once recordings are being made, as a user would interrupt it.
        deadline = time.monotonic() + 120
        while (
            len(space.space.state.recordings) < 50
            and time.monotonic() < deadline
            and run.poll() is None
        ):
            time.sleep(0.05)
        os.killpg(run.pid, sig)
        output = run.stdout.read()
        return run.wait(timeout=120), output


def _running(space: MockSpaceServer) -> list[str]:
    return [r.sid for r in space.space.state.recordings.values() if r.status in RUNNING]


@pytest.mark.parametrize(
    ("sig", "workers", "placed"),
    [
        (signal.SIGINT, "0", False),
        (signal.SIGTERM, "0", False),
        (signal.SIGINT, "2", False),
        (signal.SIGINT, "2", True),
    ],
    ids=["sigint", "sigterm", "sigint-workers", "sigint-placed-call"],
)
def test_an_interrupted_run_leaves_no_recording_running(
    mock: MockSpaceServer, tmp_path: Path, sig: signal.Signals, workers: str, placed: bool
) -> None:
    code, output = _interrupt_mid_run(mock, tmp_path, sig, workers, placed)
    assert mock.space.state.recordings, output[-3000:]
    assert _running(mock) == [], output[-3000:]
    assert code == 2, output[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["verdict"] == "interrupted", report["verdict_detail"]
    assert report["unstopped_recordings"] == []
    # What the clean-up sent is in the report, from every process.
    totals, live = report["totals"], report["provenance"]["live"]
    if not placed:
        assert totals["recordings_stopped"] + live.get("swept", 0) >= totals["recordings_created"]
        assert totals["recordings_stopped"] > 0
    assert "verdict: interrupted" in output
    if placed:
        assert mock.space.state.calls_placed == 1
        assert mock.space.state.calls_hung_up == 1, output[-3000:]
