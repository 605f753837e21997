"""Stoplight Prism can be installed and started project-locally, its routes answer under the
spec's server path, and the suite judges it (a narrow selection: the whole run takes minutes,
see docs/reports/prism.md)."""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from recording_conformance.conformance.replay.cli import main as replay_main
from tests.runs import run_conformance
from tools.prism import PrismServer, PrismUnavailable, node_missing
from tools.prism.basepath import strip_base_path

BASE = "/api/laml/2010-04-01"


@pytest.mark.parametrize(
    ("target", "routed"),
    [
        (f"{BASE}/Accounts/A/Calls/C/Recordings", "/Accounts/A/Calls/C/Recordings"),
        (f"{BASE}/Accounts/A/Recordings.json?PageSize=1", "/Accounts/A/Recordings.json?PageSize=1"),
        (BASE, "/"),
        # Only the spec's own server path is mapped: the legacy prefix and look-alikes reach
        # Prism unchanged, and it answers them as it does.
        ("/2010-04-01/Accounts/A/Calls/C/Recordings", "/2010-04-01/Accounts/A/Calls/C/Recordings"),
        (f"{BASE}x/Accounts", f"{BASE}x/Accounts"),
    ],
)
def test_only_the_spec_server_path_is_stripped(target: str, routed: str) -> None:
    assert strip_base_path(target, BASE) == routed


@pytest.fixture(scope="module")
def prism() -> Iterator[PrismServer]:
    missing = node_missing()
    if missing:
        pytest.skip(f"Prism needs Node.js: {missing}")
    try:
        server = PrismServer().start()
    except PrismUnavailable as exc:
        pytest.fail(f"Prism cannot be run: {exc}")
    yield server
    server.stop()


def test_prism_answers_a_create_under_the_server_path(prism: PrismServer) -> None:
    project, call = uuid.uuid4(), uuid.uuid4()
    answer = requests.post(
        f"{prism.url}{BASE}/Accounts/{project}/Calls/{call}/Recordings",
        json={"RecordingChannels": "dual"},
        auth=(str(project), "PTtoken"),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) >= {"sid", "account_sid", "call_sid", "channels"}


def test_the_suite_judges_prism(prism: PrismServer, tmp_path: Path) -> None:
    started = time.monotonic()
    result = run_conformance(
        "--space-url", prism.url,
        "--project-id", str(uuid.uuid4()),
        "--api-token", "PT" + uuid.uuid4().hex,
        "--call-sid", str(uuid.uuid4()),
        "-k", "test_unknown_call_is_not_found",
        "--report-dir", str(tmp_path),
        profile="ci",
        timeout=120,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert "the target serves no recording list" in output, output[-2000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    verdicts = {r["id"]: r for r in report["requirements"]}
    # Prism answers every create with its example, whatever call the path names.
    assert verdicts["REC-UNKNOWN-CALL"]["verdict"] == "fail"
    assert verdicts["REC-UNKNOWN-CALL"]["failures"][0]["received"] == "200"
    assert report["provenance"]["target"]["kind"] == "local server"
    assert time.monotonic() - started < 60


def test_a_replay_against_prism_reports_how_it_differs_from_the_mock(
    prism: PrismServer, tmp_path: Path
) -> None:
    # The embedded mock refuses a call it does not know; Prism answers every create with its
    # example (docs/reports/mock-vs-prism.md has the whole run).
    cassette = tmp_path / "mock.har"
    recorded = run_conformance(
        "--record", str(cassette), "-k", "test_unknown_call_is_not_found", profile="ci"
    )
    assert recorded.returncode == 0, recorded.stdout[-2000:]
    out = io.StringIO()
    code = replay_main(
        [str(cassette), "--space-url", prism.url, "--project-id", str(uuid.uuid4()),
         "--api-token", "PT" + uuid.uuid4().hex, "--call-sid", str(uuid.uuid4())],
        out=out,
    )  # fmt: skip
    assert code == 1, out.getvalue()[-2000:]
    assert "HTTP status: recorded 404, replayed 200" in out.getvalue()
