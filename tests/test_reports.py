"""Reports of real runs: the right verdicts, working reproductions, every format, no secrets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from recording_conformance.mockspace import Fault, MockConfig, MockSpaceServer
from recording_conformance.reports.json_report import SCHEMA_PATH
from tests.conftest import ROOT, Run
from tests.runs import run_conformance, target_options

# Two faults that break one requirement each and leave the rest of the run free to pass.
FAULTS = {
    Fault.ERROR_STATUS_MISMATCH: "REC-ERROR-STATUS",
    Fault.ANY_TOKEN_ACCEPTED: "REC-AUTH-REQUIRED",
}
TOKEN = "PTrecognisable0token0that0must0never0show0up0anywhere0"


@pytest.fixture(scope="module")
def faulty_space() -> Iterator[MockSpaceServer]:
    config = MockConfig(api_token=TOKEN, faults=frozenset(FAULTS))
    with MockSpaceServer(config) as server:
        yield server


@pytest.fixture(scope="module")
def faulty_run(
    faulty_space: MockSpaceServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("faulty")
    # --showlocals prints every local variable of a failing frame: the sanitizer must hold.
    result = run_conformance(
        *target_options(faulty_space), "--report-dir", str(out), "--showlocals"
    )
    return result, out


def _report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text())
    return data


def _failing(report: dict[str, Any]) -> set[str]:
    return {r["id"] for r in report["requirements"] if r["verdict"] == "fail"}


def test_the_faulty_run_fails_exactly_the_faults_requirements(
    faulty_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, out = faulty_run
    assert result.returncode == 1
    report = _report(out)
    assert _failing(report) == set(FAULTS.values())
    assert report["verdict"] == "non-conformant"
    passing = {r["id"] for r in report["requirements"] if r["verdict"] == "pass"}
    assert len(passing) == len(report["requirements"]) - len(FAULTS)
    assert report["totals"]["requests"] > 1000


def test_every_report_validates_against_the_published_schema(
    faulty_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema).validate(_report(faulty_run[1]))


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_each_failure_reproduces_with_its_curl_command(
    faulty_run: tuple[subprocess.CompletedProcess[str], Path],
    faulty_space: MockSpaceServer,
) -> None:
    report = _report(faulty_run[1])
    env = {**os.environ, "SIGNALWIRE_API_TOKEN": TOKEN}
    for requirement in report["requirements"]:
        for failure in requirement["failures"]:
            command = failure["curl"] + " -o /dev/null -w '%{http_code}'"
            answered = subprocess.run(
                ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=10
            )
            assert answered.stdout == str(failure["response"]["status"]), command


def test_no_output_holds_the_token(
    faulty_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, out = faulty_run
    assert TOKEN not in result.stdout + result.stderr
    written = list(out.iterdir())
    assert {p.name for p in written} == {"report.json", "report.md", "report.html", "junit.xml"}
    for path in written:
        assert TOKEN not in path.read_text(encoding="utf-8"), path.name


def test_a_target_that_echoes_credentials_leaks_them_nowhere(
    tmp_path: Path,
) -> None:
    config = MockConfig(
        api_token=TOKEN, faults=frozenset({Fault.ECHOES_CREDENTIALS, Fault.CHANNELS_AS_INTEGER})
    )
    with MockSpaceServer(config) as space:
        result = run_conformance(
            *target_options(space),
            "--report-dir",
            str(tmp_path),
            "--showlocals",
            "-k",
            "test_bad_credentials or enum_combination",
        )
    assert result.returncode == 1
    assert "REC-NO-CREDENTIAL-LEAK" in _failing(_report(tmp_path))
    assert TOKEN not in result.stdout + result.stderr
    for path in tmp_path.iterdir():
        assert TOKEN not in path.read_text(encoding="utf-8"), path.name


def test_markdown_and_junit_show_the_failures_with_reproductions(
    faulty_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    out = faulty_run[1]
    markdown = (out / "report.md").read_text()
    assert "**Verdict: non-conformant**" in markdown
    for requirement in FAULTS.values():
        assert f"| {requirement} | MUST | ❌ fail |" in markdown
    assert "Reproduce with:" in markdown
    assert "curl -sS -X POST" in markdown
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == len(_report(out)["requirements"])
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == set(FAULTS.values())
    assert all("curl " in (c.findtext("failure") or "") for c in cases if c.get("name") in failed)


def test_diff_of_a_clean_and_a_faulty_run(
    faulty_run: tuple[subprocess.CompletedProcess[str], Path],
    tmp_path: Path,
) -> None:
    with MockSpaceServer(MockConfig(api_token=TOKEN)) as clean_space:
        clean = run_conformance(*target_options(clean_space), "--report-dir", str(tmp_path))
    assert clean.returncode == 0, clean.stdout[-3000:]
    diff = [sys.executable, "-m", "reports", "diff"]
    regressed = subprocess.run(
        [*diff, str(tmp_path / "report.json"), str(faulty_run[1] / "report.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert regressed.returncode == 1
    lines = {
        line.split()[1] for line in regressed.stdout.splitlines() if line.startswith("regressed")
    }
    assert lines == set(FAULTS.values())
    fixed = subprocess.run(
        [*diff, str(faulty_run[1]), str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    assert fixed.returncode == 0
    assert {
        line.split()[1] for line in fixed.stdout.splitlines() if line.startswith("fixed")
    } == set(FAULTS.values())


def test_known_deviations_pass_while_they_fail_and_fail_once_resolved(
    faulty_space: MockSpaceServer,
    tmp_path: Path,
    run_suite: Run,
) -> None:
    deviations = tmp_path / "deviations.toml"
    deviations.write_text(
        '[REC-AUTH-REQUIRED]\nreason = "tokens are not checked (OPS-1)"\n\n'
        '[REC-ERROR-STATUS]\nreason = "error bodies say 200 (OPS-2)"\n'
    )
    quick = ["-k", "test_bad_credentials", "--deviations", str(deviations)]
    faulty = tmp_path / "faulty"
    result = run_conformance(*target_options(faulty_space), *quick, "--report-dir", str(faulty))
    assert result.returncode == 0, result.stdout[-3000:]
    auth = next(r for r in _report(faulty)["requirements"] if r["id"] == "REC-AUTH-REQUIRED")
    assert (auth["verdict"], auth["reason"]) == (
        "known deviation",
        "tokens are not checked (OPS-1)",
    )
    assert "xfailed" in result.stdout
    clean = tmp_path / "clean"
    resolved = run_suite(*quick, "--report-dir", str(clean))
    assert resolved.returncode == 1
    auth = next(r for r in _report(clean)["requirements"] if r["id"] == "REC-AUTH-REQUIRED")
    assert auth["verdict"] == "deviation resolved"


def test_a_bad_deviations_file_is_one_sentence(tmp_path: Path, run_suite: Run) -> None:
    deviations = tmp_path / "deviations.toml"
    deviations.write_text('[REC-NOT-A-THING]\nreason = "x"\n')
    result = run_suite("--deviations", str(deviations))
    assert result.returncode == 4
    assert "names 'REC-NOT-A-THING', which is no requirement id" in result.stderr


def test_the_default_location_and_latest_copy(run_suite: Run) -> None:
    result = run_suite("-k", "test_unknown_call", report=True)
    assert result.returncode == 0
    written = Path(result.stdout.split("written to ", 1)[1].split("/ (", 1)[0])
    assert written.parent == ROOT / "reports" / "out"
    latest = ROOT / "reports" / "out" / "latest" / "report.json"
    assert json.loads(latest.read_text()) == _report(written)
    shutil.rmtree(written)


def test_under_xdist_the_controller_writes_one_report(run_suite: Run, tmp_path: Path) -> None:
    result = run_suite(
        "-n", "2", "-k", "test_bad_credentials or test_unknown_call", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 0, result.stdout[-3000:]
    report = _report(tmp_path)
    verdicts = {r["id"]: r["verdict"] for r in report["requirements"]}
    assert verdicts["REC-AUTH-REQUIRED"] == verdicts["REC-UNKNOWN-CALL"] == "pass"
    assert report["totals"]["tests"] == {"passed": 18}
    assert report["totals"]["requests"] == 18


@pytest.mark.skipif(
    shutil.which("chromium") is None,
    reason="chromium is not installed (`python3 tasks.py test` installs it)",
)
def test_the_html_report_renders_in_chromium(
    faulty_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    page = faulty_run[1] / "report.html"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={faulty_run[1] / 'chromium-profile'}",
    ]
    dom = subprocess.run(
        ["chromium", *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert 'id="verdict">non-conformant<' in dom.stdout
    for requirement in FAULTS.values():
        assert f'<div class="failure" id="{requirement}">' in dom.stdout
    screenshot = faulty_run[1] / "report.png"
    subprocess.run(
        [
            "chromium",
            *flags,
            f"--screenshot={screenshot}",
            "--window-size=1280,1800",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert screenshot.stat().st_size > 20_000
    shutil.rmtree(faulty_run[1] / "chromium-profile", ignore_errors=True)
    # Keep the picture for a person to look at; it is not a report file.
    screenshot.rename(faulty_run[1].parent / "report.png")


def test_runs_that_end_in_the_same_second_keep_their_own_folder(tmp_path: Path) -> None:
    from recording_conformance.conformance.reporting import claim_folder

    first = claim_folder(tmp_path / "20261125T000000Z")
    second = claim_folder(tmp_path / "20261125T000000Z")
    assert first != second
    assert first.is_dir()
    assert second.is_dir()
