"""The requirements catalogue is whole: every requirement is verified by a check and by a
conformance test, every test names what it verifies, and the ids select tests."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from recording_conformance.conformance.checks import CHECKS
from recording_conformance.conformance.requirements import BY_ID, REQUIREMENTS
from tests.runs import ROOT, clean_environment

# Verified by schemathesis's checks (conformance/test_generic.py) rather than a registered one.
VERIFIED_BY_SCHEMATHESIS = {"REC-GENERIC"}


def _pytest(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "conformance", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_environment(env),
    )


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    path = tmp_path_factory.mktemp("listing") / "requirements.json"
    result = _pytest(
        "--collect-only",
        "-q",
        "-p",
        "tests.requirement_listing",
        env={"REQUIREMENT_LISTING": str(path), "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    listed: dict[str, list[str]] = json.loads(path.read_text())
    return listed


def test_ids_are_unique_and_well_formed() -> None:
    ids = [r.id for r in REQUIREMENTS]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("REC-") and i.upper() == i for i in ids)
    assert {r.level for r in REQUIREMENTS} <= {"MUST", "SHOULD"}


def test_every_requirement_is_verified_by_a_check() -> None:
    verified = {entry.requirement.id for entry in CHECKS.values()} | VERIFIED_BY_SCHEMATHESIS
    assert set(BY_ID) == verified, f"unverified: {set(BY_ID) - verified}"


def test_every_requirement_is_verified_by_a_conformance_test(
    listing: dict[str, list[str]],
) -> None:
    tagged = {rid for ids in listing.values() for rid in ids}
    assert set(BY_ID) == tagged, f"no test verifies: {set(BY_ID) - tagged}"


def test_every_conformance_test_names_what_it_verifies(listing: dict[str, list[str]]) -> None:
    untagged = [node for node, ids in listing.items() if not ids]
    assert not untagged
    unknown = {rid for ids in listing.values() for rid in ids} - set(BY_ID)
    assert not unknown


@pytest.mark.parametrize("how", ["-m", "-k"])
def test_a_requirement_id_selects_its_tests(how: str, listing: dict[str, list[str]]) -> None:
    result = _pytest("--collect-only", "-q", how, "REC-TRIM")
    assert result.returncode == 0, result.stdout + result.stderr
    selected = {line for line in result.stdout.splitlines() if "::" in line}
    expected = {node for node, ids in listing.items() if "REC-TRIM" in ids}
    assert selected == expected
