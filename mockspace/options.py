"""The embedded mock space's options (`--mock-*`), added by the package's pytest plugin to every
run (pytest reads the command line before it knows whether the run is one of the suite)."""

from __future__ import annotations

import pytest

from recording_conformance.conformance.options import POSE_REMOTE_DEST
from recording_conformance.mockspace.calls import BEHAVIOURS_HELP


def add_mock_options(parser: pytest.Parser) -> None:
    """The `--mock-*` options, in the suite's group."""
    group = parser.getgroup("conformance", "Recording conformance")
    group.addoption(
        "--mock-fault",
        dest="mock_faults",
        action="append",
        default=[],
        metavar="NAME",
        help="switch a fault or variation on in the embedded mock (for the suite's own tests; "
        "`python -m mockspace --list-faults` lists them)",
    )
    group.addoption(
        "--mock-latency-ms",
        type=float,
        default=0.0,
        metavar="MS",
        help="delay every answer of the embedded mock",
    )
    group.addoption(
        "--mock-unavailable-rate",
        type=float,
        default=0.0,
        metavar="RATE",
        help="share of the embedded mock's answers that are a well-formed 503",
    )
    group.addoption(
        "--mock-throttle-rate",
        type=float,
        default=0.0,
        metavar="RATE",
        help="share of the embedded mock's answers that are 429 with a Retry-After header",
    )
    group.addoption(
        "--mock-call",
        dest="mock_call",
        action="append",
        default=[],
        metavar="BEHAVIOUR",
        help=f"how the embedded mock's calls behave: {BEHAVIOURS_HELP} (repeatable)",
    )
    group.addoption(
        "--mock-pose-remote",
        dest=POSE_REMOTE_DEST,
        action="store_true",
        default=False,
        help="treat the embedded mock as a remote space (live profile, request budget, the "
        "pairwise creates in place of the grid, one process) but unpaced and with callbacks, "
        "as through a tunnel; for the suite's own measure of a live run",
    )
