"""The output of a failing run is read once: one block per distinct failure, no suite
internals unless `-v`, and reproductions that run as printed against the mock they name."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import Run

FAULT = "channels-echo-swapped"
# The grid alone: every cell fails, mono cells one way and dual cells the other.
SELECTION = ("-k", "test_every_enum_combination_is_accepted", "--mock-fault", FAULT)
HEADLINE = re.compile(r"^_+ (REC-[A-Z0-9-]+) \((MUST|SHOULD), (fail|warning)\): ", re.MULTILINE)


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    from tests.runs import run_conformance

    out = tmp_path_factory.mktemp("failing")
    result = run_conformance(*SELECTION, "--report-dir", str(out))
    assert result.returncode == 1, result.stdout[-3000:]
    return result.stdout, json.loads((out / "report.json").read_text())


def _distinct(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for r in report["requirements"] for f in r["failures"]]


def test_one_block_per_distinct_failure(failing_run: tuple[str, dict[str, Any]]) -> None:
    output, report = failing_run
    distinct = _distinct(report)
    assert len(distinct) == 2  # mono answered '2', dual answered '1'
    assert len(HEADLINE.findall(output)) == len(distinct)
    assert f"conformance failures: {len(distinct)} distinct" in output
    assert output.count("Reproduce with:") == len(distinct)
    for failure in distinct:
        assert f"Received:   {failure['received']}" in output
    # Each failed test counts, once, in pytest's own line and the sentence under the blocks.
    failed = report["totals"]["tests"]["failed"]
    assert failed == 216
    assert f"{failed} failed tests showed these failures" in output
    assert f"{failed} failed" in output.splitlines()[-1]


def test_no_suite_internals_by_default(failing_run: tuple[str, dict[str, Any]]) -> None:
    output = failing_run[0]
    for internal in ("Harness(", "Traceback", "_ _ _ _", "conftest", "FAILED conformance/"):
        assert internal not in output, internal
    assert "= FAILURES =" not in output


def test_verbose_shows_each_test_s_traceback(run_suite: Run) -> None:
    result = run_suite(*SELECTION[:1], "enum_combination and mono-both-trim", *SELECTION[2:], "-v")
    assert result.returncode == 1
    failed = int(re.findall(r"(\d+) failed", result.stdout)[-1])
    assert failed > 1
    assert "= FAILURES =" in result.stdout
    assert result.stdout.count("_ test_every_enum_combination_is_accepted[mono-both") == failed
    assert "Harness(" in result.stdout
    assert result.stdout.count("\nFAILED conformance/test_create_valid.py") == failed


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"the mock never answered at {url}")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_printed_mock_command_and_curl_reproduce_the_failure(
    failing_run: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    output = failing_run[0]
    commands = re.findall(
        r"^  (python -m recording_conformance\.mockspace .*)\nReproduce with:\n  (curl .*)$",
        output,
        re.M,
    )
    assert len(commands) == len(_distinct(failing_run[1]))
    mock, curl = commands[0]
    received = re.search(r"Received:   (.*)", output)
    assert received is not None
    env = {**os.environ, "SIGNALWIRE_API_TOKEN": "PTany0token0the0user0chooses"}
    # As printed, with this interpreter for `python`.
    argv = [
        sys.executable,
        *shlex.split(mock.replace('"$SIGNALWIRE_API_TOKEN"', env["SIGNALWIRE_API_TOKEN"]))[1:],
    ]
    server = subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).parent.parent,
    )
    try:
        port = re.search(r"--port (\d+)", mock)
        assert port is not None
        _wait_for(f"http://127.0.0.1:{port.group(1)}/")
        answered = subprocess.run(
            ["bash", "-c", curl], capture_output=True, text=True, env=env, timeout=10
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    body = json.loads(answered.stdout)
    shown = {"channels": body["channels"], "channel": body["channel"]}
    assert str(shown) == received.group(1)
