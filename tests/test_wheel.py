"""The package as a user gets it: the wheel built from this checkout, installed into a fresh
venv outside it, used from another folder through its command and `pytest --pyargs`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.runs import ROOT, clean_environment

SUBPACKAGES = ("conformance", "mockspace", "reports", "sdks", "spec", "strategies")
DATA_FILES = (
    "recording_conformance/spec/create-recording.openapi.yaml",
    "recording_conformance/reports/report.schema.json",
    "recording_conformance/sdks/node/driver.js",
)


def _run(command: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=clean_environment()
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        ROOT,
    )
    assert built.returncode == 0, built.stderr
    return next(out.glob("recording_conformance-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` folder of a fresh venv holding the wheel and its dependencies only."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True)
    scripts = home / ("Scripts" if os.name == "nt" else "bin")
    done = _run([str(scripts / "python"), "-m", "pip", "install", "--quiet", str(wheel)], home)
    assert done.returncode == 0, done.stderr
    return scripts


def test_the_wheel_holds_every_subpackage_and_its_data_under_one_top_level_name(
    wheel: Path,
) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"recording_conformance"}
    for package in SUBPACKAGES:
        for module in (ROOT / package).rglob("*.py"):
            assert f"recording_conformance/{module.relative_to(ROOT).as_posix()}" in names
    assert set(DATA_FILES) <= set(names)


def test_the_command_runs_the_suite_conformant_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    result = _run(
        [str(installed / "recording-conformance"), "run", "-q", "--report-dir", "report"],
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "verdict: conformant" in result.stdout
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert report["verdict"] == "conformant"
    again = _run(
        [str(installed / "recording-conformance"), "diff", "report", "report/report.json"],
        tmp_path,
    )
    assert again.returncode == 0, again.stdout + again.stderr


def test_pytest_pyargs_finds_the_suite_and_its_plugin(installed: Path, tmp_path: Path) -> None:
    result = _run(
        [
            str(installed / "python"),
            "-m",
            "pytest",
            "--pyargs",
            "recording_conformance.conformance",
            "-m",
            "REC-AUTH-REQUIRED",
            "-n",
            "0",
            "-q",
            "--no-report",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "verdict: partial" in result.stdout
    assert re.search(r"conformant for \d+ of \d+ requirements", result.stdout)


def test_the_requirements_are_listed_as_json(installed: Path, tmp_path: Path) -> None:
    result = _run([str(installed / "recording-conformance"), "requirements", "--json"], tmp_path)
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert {"REC-TRIM", "REC-CHANNELS"} <= {entry["id"] for entry in listing}
    assert all(entry["level"] in ("MUST", "SHOULD") and entry["source"] for entry in listing)


def test_the_packages_own_tests_are_left_alone_by_its_plugin(
    installed: Path, tmp_path: Path
) -> None:
    # A project that installs the package, running its own tests with a space exported for
    # its own use: the suite's options exist, nothing of the suite runs, nothing is refused.
    (tmp_path / "test_mine.py").write_text("def test_mine():\n    assert True\n")
    env = {"SIGNALWIRE_SPACE_URL": "example.signalwire.com"}
    result = subprocess.run(
        [str(installed / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_environment(env),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert "conformance" not in result.stdout.lower()
    assert not (tmp_path / "reports").exists()
