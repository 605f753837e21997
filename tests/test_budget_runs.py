"""Whole runs with a request budget: workers share it, the clean-up is counted apart, a budget
that runs out is a skip and one sentence (never an error), and a budget of nothing is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.runs import run_conformance


def test_workers_share_one_budget_for_the_whole_run(tmp_path: Path) -> None:
    result = run_conformance("--max-requests", "100", "--report-dir", str(tmp_path), workers="2")
    output = result.stdout + result.stderr
    # Partial: what the tests past the budget would have judged is unknown.
    assert result.returncode == 0, result.stdout[-3000:]
    assert "created: 2/2 workers" in result.stdout
    report = json.loads((tmp_path / "report.json").read_text())
    totals = report["totals"]
    assert totals["budget"] == {"limit": 100, "spent": 100, "ran_out": True}
    assert totals["requests"] - totals["clean_up_requests"] <= 100
    assert totals["clean_up_requests"] == totals["recordings_created"]
    assert report["verdict"] == "partial"
    assert "request budget" in report["verdict_detail"]
    said = [line for line in result.stdout.splitlines() if "request budget of 100 ran out" in line]
    assert said == [
        "the request budget of 100 ran out after 100 requests (--max-requests), and the tests "
        f"past it were skipped; {totals['clean_up_requests']} more for the clean-up, outside "
        "the budget"
    ]
    assert "ERROR" not in output
    assert "Traceback" not in output
    assert "Request budget: the request budget of 100 ran out" in (
        (tmp_path / "report.md").read_text()
    )


def test_a_budget_not_spent_is_reported_with_the_clean_up_apart(tmp_path: Path) -> None:
    result = run_conformance(
        "--max-requests=1000", "-k", "test_valid_create", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 0, result.stdout[-3000:]
    totals = json.loads((tmp_path / "report.json").read_text())["totals"]
    assert totals["budget"]["ran_out"] is False
    spent = totals["budget"]["spent"]
    assert spent == totals["requests"] - totals["clean_up_requests"]
    assert f"{spent} requests within the budget of 1000" in result.stdout


@pytest.mark.parametrize("limit", ["0", "-5", "ten"])
def test_a_budget_of_no_request_is_refused_in_one_sentence(limit: str) -> None:
    result = run_conformance(f"--max-requests={limit}")
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [f"ERROR: --max-requests must be a whole number of at least 1, not {limit!r}"]
    assert "Traceback" not in result.stdout + result.stderr
