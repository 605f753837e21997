"""The `recording-conformance` command: its commands, their help, and one sentence for a
mistake."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from recording_conformance.cli import main
from recording_conformance.conformance.requirements import REQUIREMENTS
from tests.runs import ROOT, clean_environment


def test_without_a_command_it_lists_the_commands_and_exits_as_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 4
    out = capsys.readouterr().out
    assert all(name in out for name in ("run", "diff", "requirements", "mock"))


def test_an_unknown_command_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rn"]) == 4
    assert capsys.readouterr().err.startswith("recording-conformance: unknown command 'rn'")


def test_requirements_lists_each_with_its_level_source_and_checks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["requirements", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [entry["id"] for entry in listing] == [r.id for r in REQUIREMENTS]
    assert all(entry["checks"] for entry in listing), "every requirement has a check"
    assert main(["requirements"]) == 0
    assert "REC-TRIM (MUST, spec)" in capsys.readouterr().out


def test_diff_names_the_command_in_its_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "missing-a.json", "missing-b.json"]) == 2
    assert capsys.readouterr().err.startswith("recording-conformance diff: cannot read a report")


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["run", "--help"], "--space-url=URL"),
        (["mock", "--help"], "--list-faults"),
        (["diff", "--help"], "--partial"),
    ],
)
def test_the_help_of_each_command_is_complete(command: list[str], said: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recording_conformance", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=clean_environment(),
    )
    assert result.returncode == 0, result.stderr
    assert f"recording-conformance {command[0]}" in result.stdout
    assert said in result.stdout
