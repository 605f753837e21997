"""A verdict says what was tested: runs that judged nothing (a closed port, a name that does not
resolve, an interrupted run) are never "conformant", and `reports diff` says they regressed; a
run whose creates are all refused does not pass what it never judged; distinct failures are
reported once each; a broken spec is one sentence."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from recording_conformance.mockspace import Fault
from recording_conformance.mockspace.server import free_port
from tests.runs import ROOT, clean_environment, run_conformance


def _report(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "report.json").read_text())
    return data


def _diff(old: Path, new: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reports", "diff", str(old), str(new)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean run against the embedded mock: every requirement judged."""
    out = tmp_path_factory.mktemp("baseline")
    result = run_conformance("--report-dir", str(out), profile="ci")
    assert result.returncode == 0, result.stdout[-3000:]
    assert _report(out)["verdict"] == "conformant"
    return out


def _remote(url: str, *extra: str) -> list[str]:
    return [
        "--space-url",
        url,
        "--project-id",
        "00000000-0000-4000-8000-000000000001",
        "--api-token",
        "PTnot-a-real-token-0000000000000000",
        "--call-sid",
        "00000000-0000-4000-8000-000000000002",
        *extra,
    ]


@pytest.mark.parametrize(
    ("target", "plugins"),
    [
        (lambda: f"http://127.0.0.1:{free_port()}", []),
        (lambda: "https://space.conformance-test.invalid", ["-p", "tests.no_dns"]),
    ],
    ids=["closed-port", "unresolvable-host"],
)
def test_a_target_that_never_answered_is_not_conformant(
    baseline: Path, tmp_path: Path, target: Any, plugins: list[str]
) -> None:
    result = run_conformance(
        *_remote(target(), "--report-dir", str(tmp_path)), *plugins, workers=None
    )
    assert result.returncode == 3, result.stdout[-3000:]
    assert "the target did not answer" in result.stdout
    report = _report(tmp_path)
    assert report["verdict"] in ("interrupted", "inconclusive"), report["verdict_detail"]
    assert "conformant" not in report["verdict"]
    assert _diff(baseline, tmp_path).returncode == 1


# pytest itself can crash while it formats the traceback of an interrupt that lands inside one
# of its own frames (a frame without a line number); that run says nothing about the suite.
PYTEST_TRACEBACK_CRASH = "TypeError: unsupported operand type(s) for -: 'NoneType' and 'int'"


def _interrupted_run(report_dir: Path) -> tuple[int, str]:
    command = [
        sys.executable, "-m", "pytest", "conformance", "-p", "no:cacheprovider", "-n", "0",
        "--report-dir", str(report_dir), "--hypothesis-profile", "ci",
    ]  # fmt: skip
    with subprocess.Popen(
        command, cwd=ROOT, env=clean_environment(), stdout=subprocess.PIPE, text=True
    ) as run:
        # Interrupted once the run is under way (its first tests report), as a user would.
        assert run.stdout is not None
        while "conformance/" not in run.stdout.readline():
            pass
        time.sleep(1.0)
        run.send_signal(signal.SIGINT)
        output = run.stdout.read()
        return run.wait(timeout=60), output


def test_an_interrupted_run_is_reported_as_such(baseline: Path, tmp_path: Path) -> None:
    for attempt in range(3):
        report_dir = tmp_path / str(attempt)
        code, output = _interrupted_run(report_dir)
        if PYTEST_TRACEBACK_CRASH not in output:
            break
    assert code == 2, output[-3000:]
    report = _report(report_dir)
    assert report["verdict"] == "interrupted", report["verdict_detail"]
    assert "verdict: interrupted" in output
    assert _diff(baseline, report_dir).returncode == 1


def test_requirements_no_accepted_create_could_judge_are_not_passed(tmp_path: Path) -> None:
    result = run_conformance(
        "--mock-fault=rejects:suffix=none",
        "--mock-fault=rejects:suffix=.json",
        "--report-dir",
        str(tmp_path),
    )
    assert result.returncode == 1
    report = _report(tmp_path)
    assert report["verdict"] == "non-conformant"
    by_id = {r["id"]: r for r in report["requirements"]}
    assert by_id["REC-CREATE-ACCEPTED"]["verdict"] == "fail"
    for requirement in ("REC-TRIM", "REC-CHANNELS", "REC-URI", "REC-SID-UNIQUE"):
        assert by_id[requirement]["verdict"] == "not exercised", by_id[requirement]
        assert "needs an accepted create" in by_id[requirement]["reason"]
        assert by_id[requirement]["requests"] == 0


def test_each_distinct_failure_is_reported_once(tmp_path: Path) -> None:
    result = run_conformance(
        f"--mock-fault={Fault.CHANNELS_ECHO_SWAPPED.value}", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 1
    channels = next(r for r in _report(tmp_path)["requirements"] if r["id"] == "REC-CHANNELS")
    received = sorted(f["received"] for f in channels["failures"])
    # mono answered '2' and dual answered '1': two bugs' worth of evidence, each once.
    assert received == [
        "{'channels': '1', 'channel': '1'}",
        "{'channels': '2', 'channel': '2'}",
    ], received
    assert len({f["identity"] for f in channels["failures"]}) == len(channels["failures"])
    assert all(f["count"] >= 1 for f in channels["failures"])


def test_a_partial_run_says_so_and_still_exits_0(tmp_path: Path) -> None:
    result = run_conformance("-m", "REC-TRIM", "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:]
    report = _report(tmp_path)
    assert report["verdict"] == "partial"
    assert report["verdict_detail"].startswith("conformant for ")
    assert "verdict: partial" in result.stdout


def _not_copied(folder: str, names: list[str]) -> set[str]:
    # The reports folder is copied apart, without its runs; the package's link to it stays.
    skipped = {".venv", ".git", ".hypothesis", "__pycache__"}
    top = Path(folder) == ROOT
    return {name for name in names if name in skipped or (top and name == "reports")}


@pytest.mark.parametrize("damage", ["missing", "broken"])
def test_an_unusable_spec_is_one_sentence_and_exit_4(tmp_path: Path, damage: str) -> None:
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=_not_copied,
        # The package's folder links to the others: copied as links, it sees the damaged spec.
        symlinks=True,
    )
    shutil.copytree(ROOT / "reports", copy / "reports", ignore=shutil.ignore_patterns("out"))
    spec_file = copy / "spec" / "create-recording.openapi.yaml"
    if damage == "missing":
        spec_file.unlink()
    else:
        spec_file.write_text("openapi: 3.1.0\npaths: [unterminated\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-p", "no:cacheprovider", "--no-report"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean_environment(), "PYTHONPATH": str(copy), "PYTHONSAFEPATH": ""},
    )
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith("ERROR: cannot load the spec: ")
    assert "Traceback" not in result.stdout + result.stderr


def test_callback_requirements_are_not_passed_when_no_callback_came(tmp_path: Path) -> None:
    result = run_conformance(
        "-k", "callbacks", "--mock-fault=callbacks-never-sent", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 1
    by_id = {r["id"]: r for r in _report(tmp_path)["requirements"]}
    assert by_id["REC-CALLBACK-EVENTS"]["verdict"] == "fail"
    for requirement in ("REC-CALLBACK-METHOD", "REC-CALLBACK-PARAMS"):
        assert by_id[requirement]["verdict"] == "not exercised", by_id[requirement]
        assert "needs at least one callback" in by_id[requirement]["reason"]


def test_a_budget_spent_inside_a_fixture_skips_what_it_cannot_afford(tmp_path: Path) -> None:
    result = run_conformance("-k", "callbacks", "--max-requests=3", "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:]
    assert "(--max-requests)" in result.stdout
    assert "ERROR conformance/" not in result.stdout
    assert _report(tmp_path)["verdict"] in ("partial", "inconclusive")


@pytest.mark.parametrize(
    ("option", "sentence"),
    [
        ("--callback-url=notaurl", "--callback-url must be an absolute http(s) URL"),
        ("--callback-listen=127.0.0.1:99999", "--callback-listen must be a loopback HOST:PORT"),
        ("--report-dir=/dev/null/report", "--report-dir '/dev/null/report' cannot be created"),
    ],
)
def test_a_mistaken_option_is_one_sentence_before_any_request(option: str, sentence: str) -> None:
    result = run_conformance(option)
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    assert sentence in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_file_that_is_no_report_is_one_sentence(baseline: Path, tmp_path: Path) -> None:
    for content in ("{}", "[1]"):
        broken = tmp_path / "report.json"
        broken.write_text(content)
        result = _diff(baseline, broken)
        assert result.returncode == 2
        assert result.stderr.startswith("python -m reports diff: ")
        assert "Traceback" not in result.stderr
