"""A run that waits says what for, a few seconds apart and one line at a time."""

from __future__ import annotations

import itertools
import re

import pytest

from recording_conformance.conformance.budget import RequestBudget
from recording_conformance.conformance.progress import Progress
from tests.conftest import Run


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _progress(
    lines: list[str], every: float = 3.0, budget: RequestBudget | None = None
) -> tuple[Progress, FakeTime]:
    fake = FakeTime()
    progress = Progress(
        lines.append, budget=budget, every=every, clock=fake.clock, sleeper=fake.sleep
    )
    return progress, fake


def test_pacing_is_said_once_every_few_seconds_of_waiting() -> None:
    lines: list[str] = []
    budget = RequestBudget(1000)
    progress, fake = _progress(lines, budget=budget)
    for _ in range(50):  # 10 s of pacing at 5 requests a second
        budget.take()
        progress.sleep(0.2, "pacing requests to 5 a second")
    assert len(lines) == 3
    assert lines[0].startswith("waiting: pacing requests to 5 a second; ")
    assert "of the budget of 1000 requests spent" in lines[0]
    assert fake.now == pytest.approx(10.0)


def test_a_long_retry_after_is_said_while_it_lasts() -> None:
    lines: list[str] = []
    progress, fake = _progress(lines)
    progress.sleep(30.0, "throttled (429)")
    assert max(fake.slept) <= 1.0
    assert len(lines) == 10
    assert lines[-1].endswith("30.0 s waited in all")


def test_short_waits_and_a_quiet_progress_say_nothing() -> None:
    lines: list[str] = []
    progress, _ = _progress(lines)
    progress.sleep(2.5, "status callbacks")
    assert lines == []
    silent = Progress(None, every=0.1)
    silent.sleep(0.3, "anything")
    assert silent.total_waited > 0.29


def test_a_throttled_run_says_what_it_waits_for_rate_limited(run_suite: Run) -> None:
    every = 0.5
    result = run_suite(
        "-k",
        "test_unknown_call",
        "--mock-throttle-rate",
        "0.75",
        "--progress-every",
        str(every),
        "--max-requests",
        "50",
    )
    assert result.returncode == 0, result.stdout[-3000:]
    lines = [line for line in result.stdout.splitlines() if "waiting:" in line]
    assert len(lines) >= 2, result.stdout[-3000:]
    totals = []
    for line in lines:
        # One line each, never glued to pytest's progress dots.
        assert line.startswith("waiting: throttled (429), sending again: retry "), line
        assert "of the budget of 50 requests spent" in line
        totals.append(float(re.findall(r"([\d.]+) s waited in all", line)[0]))
    # Rate-limited: each line follows at least `every` seconds of waiting after the last.
    assert all(b - a >= every - 0.06 for a, b in itertools.pairwise(totals))
