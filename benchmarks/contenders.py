"""The contenders of the benchmark, each measured against the same mock process."""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode

from benchmarks.server import MockProcess
from recording_conformance.conformance.generic import POSITIVE_CHECKS, pinned_document
from recording_conformance.conformance.target import Target
from recording_conformance.spec import load_spec
from tests.mutation import fault_switches
from tests.runs import run_conformance

VALID_BODY = "RecordingChannels=dual&Trim=trim-silence"
FORM = "application/x-www-form-urlencoded"


def _target(mock: MockProcess) -> Target:
    return Target(
        f"{mock.origin}/api/laml/2010-04-01",
        mock.info["project id"],
        mock.info["API token"],
        mock.info["in-progress call"],
    )


def suite_run(mock: MockProcess, *, profile: str, workers: str | None = None) -> dict[str, Any]:
    """The conformance suite's default run against the mock (its own choice of workers unless
    `workers` is given): requests over the span from the first request sent to the last answer,
    as for the other contenders, and over the whole command's time."""
    chosen = ["-n", workers] if workers is not None else []
    with tempfile.TemporaryDirectory() as out:
        started = time.monotonic()
        run = run_conformance(
            "-q", "--report-dir", out, *chosen, *mock.options(), profile=profile, workers=None
        )
        wall = time.monotonic() - started
        if run.returncode != 0:
            raise RuntimeError(f"the suite failed against the reference mock:\n{run.stdout}")
        totals = json.loads((Path(out) / "report.json").read_text())["totals"]
    requests_sent = totals["requests"]
    span = totals["span_seconds"]
    return {
        "requests": requests_sent,
        "seconds": round(span, 2),
        "requests_per_second": round(requests_sent / span, 1),
        "command_seconds": round(wall, 2),
        "requests_per_second_of_command": round(requests_sent / wall, 1),
    }


def plain_loop(mock: MockProcess, *, requests: int, trust_env: bool = True) -> dict[str, Any]:
    """The same number of identical valid creates through one keep-alive requests.Session:
    a default one, or (`trust_env=False`) one set up as the suite's client is on loopback."""
    target = _target(mock)
    session = _session(target)
    session.trust_env = trust_env
    url = target.recordings_url()
    started = time.monotonic()
    for _ in range(requests):
        session.post(url, data=VALID_BODY, headers={"Content-Type": FORM}, timeout=30)
    seconds = time.monotonic() - started
    return {
        "requests": requests,
        "seconds": round(seconds, 2),
        "requests_per_second": round(requests / seconds, 1),
    }


def _session(target: Target) -> requests.Session:
    session = requests.Session()
    session.auth = (target.project_id, target.api_token)
    return session


def schemathesis_run(mock: MockProcess, *, cases: int) -> dict[str, Any]:
    """The same number of cases generated, sent and validated by schemathesis."""
    target = _target(mock)
    schema = schemathesis.openapi.from_dict(pinned_document(load_spec(), target))
    loaded: Any = next(iter(schema.get_all_operations()))
    operation = loaded.ok()
    session = _session(target)
    sent = 0

    @settings(
        max_examples=cases, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        response = case.call(base_url=target.api_base, session=session)
        # The tuned checks of the suite's own schemathesis tests; a verdict is not the point.
        with contextlib.suppress(Failure, FailureGroup):
            case.validate_response(response, checks=POSITIVE_CHECKS)

    started = time.monotonic()
    run()
    seconds = time.monotonic() - started
    return {
        "requests": sent,
        "seconds": round(seconds, 2),
        "requests_per_second": round(sent / seconds, 1),
    }


def _hammer(args: tuple[str, int, str, str, float]) -> int:
    host, port, path, authorization, seconds = args
    connection = http.client.HTTPConnection(host, port)
    headers = {"Authorization": authorization, "Content-Type": FORM}
    done, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.request("POST", path, body=VALID_BODY, headers=headers)
        connection.getresponse().read()
        done += 1
    return done


def mock_capacity(mock: MockProcess, *, connections: int, seconds: float) -> dict[str, Any]:
    """Valid creates per second the mock answers to `connections` keep-alive connections, each
    driven by a process of its own (a client no faster than http.client)."""
    target = _target(mock)
    pair = f"{target.project_id}:{target.api_token}".encode()
    authorization = "Basic " + base64.b64encode(pair).decode()
    path = target.recordings_url().split(str(mock.port), 1)[1]
    jobs = [("127.0.0.1", mock.port, path, authorization, seconds)] * connections
    with multiprocessing.Pool(connections) as pool:
        done = sum(pool.map(_hammer, jobs))
    return {
        "connections": connections,
        "seconds": seconds,
        "requests": done,
        "requests_per_second": round(done / seconds, 1),
    }


def time_to_first_failure(*, repeats: int) -> dict[str, float]:
    """Median seconds from starting `pytest conformance -x` to its end, for each fault."""
    medians = {}
    for switch in fault_switches():
        durations = []
        for _ in range(repeats):
            started = time.monotonic()
            # --strict: a SHOULD fault fails its test too, so -x stops at it.
            run_conformance("-q", "-x", "--strict", f"--mock-fault={switch}", workers=None)
            durations.append(time.monotonic() - started)
        medians[switch] = round(statistics.median(durations), 2)
    return medians
