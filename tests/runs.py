"""Running the conformance suite as a user does, for the suite's own tests, the mutation
harness and the benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from recording_conformance.mockspace import MockSpaceServer

ROOT = Path(__file__).resolve().parent.parent
# Variables that would point a run somewhere else or change its profile.
FOREIGN = ("SIGNALWIRE_", "HYPOTHESIS_", "PYTEST_", "CONFORMANCE_")


def clean_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the caller's target or profile settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN)}
    return {**env, **(extra or {})}


def run_conformance(
    *args: str,
    profile: str = "dev",
    env: dict[str, str] | None = None,
    report: bool = False,
    workers: str | None = "0",
    timeout: float = 900,
) -> subprocess.CompletedProcess[str]:
    """`python -m pytest conformance ARGS` from the project root; no report unless asked for
    (a run that wants one names its folder with --report-dir). One process unless `workers`
    says otherwise (None: the suite's own choice): the self-tests run several suites at once."""
    quiet = [] if report or "--report-dir" in args else ["--no-report"]
    chosen = ["-n", workers] if workers is not None and "-n" not in args else []
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "conformance",
            "-p",
            "no:cacheprovider",
            "--hypothesis-profile",
            profile,
            *quiet,
            *chosen,
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=clean_environment(env),
    )


def target_options(space: MockSpaceServer) -> list[str]:
    """The options that point the suite at a running mock space."""
    cfg = space.config
    return [
        "--space-url",
        space.origin,
        "--project-id",
        cfg.project_id,
        "--api-token",
        cfg.api_token,
        "--call-sid",
        cfg.in_progress_call_sid,
    ]
