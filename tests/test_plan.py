"""`--plan` sends nothing to the target and prints what the run would send; its figures are
those of the run that follows (with the same seed, the very same)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from recording_conformance.mockspace import MockSpaceServer
from tests.runs import run_conformance, target_options

REMOTE = [
    "--space-url", "https://space.conformance-test.invalid", "--project-id", "p",
    "--api-token", "PTplan", "--call-sid", "c", "--callback-url", "https://cb.example.com/hooks",
]  # fmt: skip
COMPARED = ("requests", "by_operation", "recordings_created", "recordings_stopped")


def _totals(folder: Path, name: str = "report.json") -> dict[str, Any]:
    totals: dict[str, Any] = json.loads((folder / name).read_text())["totals"]
    return totals


def test_the_plan_matches_the_run_that_follows(tmp_path: Path) -> None:
    planned = run_conformance(
        *REMOTE, "--plan", "--hypothesis-seed", "3", "--report-dir", str(tmp_path / "plan"),
        profile="live", workers=None,
    )  # fmt: skip
    assert planned.returncode == 0, planned.stdout[-3000:]
    assert "plan for https://space.conformance-test.invalid/api/laml/2010-04-01" in planned.stdout
    assert "request budget: 1000: fits" in planned.stdout
    assert "at 5 requests a second" in planned.stdout
    # The run itself, against the embedded mock posing as a remote space with a tunnel.
    ran = run_conformance(
        "--mock-pose-remote", "--hypothesis-seed", "3", "--report-dir", str(tmp_path / "run"),
        profile="live", workers=None,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout[-3000:]
    plan, run = _totals(tmp_path / "plan", "plan.json"), _totals(tmp_path / "run")
    assert {k: plan[k] for k in COMPARED} == {k: run[k] for k in COMPARED}
    assert plan["callbacks_requested"] == run["callbacks_requested"]
    assert f"requests: {run['requests']} (" in planned.stdout
    # A plan is no run: it writes no test report, and `reports diff` refuses it.
    assert not (tmp_path / "plan" / "report.md").exists()
    diff = subprocess.run(
        [sys.executable, "-m", "reports", "diff", str(tmp_path / "run" / "report.json"),
         str(tmp_path / "plan" / "plan.json")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert diff.returncode == 2, diff.stdout + diff.stderr
    assert "it is a plan (--plan)" in diff.stdout + diff.stderr


def test_a_plan_sends_nothing_to_the_target(mock: MockSpaceServer) -> None:
    result = run_conformance(*target_options(mock), "--plan", "-k", "enum_combination")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "nothing was sent to it" in result.stdout
    assert mock.space.state.recordings == {}
    assert mock.space.state.calls == {}
    assert "unpaced" in result.stdout


def test_a_plan_says_when_the_budget_is_too_small() -> None:
    result = run_conformance(*REMOTE, "--plan", "--max-requests", "20", profile="live")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "request budget: 20: does not fit: the run would stop after 20 of" in result.stdout
