"""Examples Hypothesis keeps are kept per target: a failure saved against one space is never
replayed against another."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from recording_conformance.conformance.target import api_base_from_space_url
from recording_conformance.mockspace import Fault, MockConfig, MockSpaceServer
from tests.runs import ROOT, run_conformance, target_options

EXAMPLES = ROOT / ".hypothesis" / "examples"


@pytest.fixture
def faulty_space() -> Iterator[MockSpaceServer]:
    with MockSpaceServer(MockConfig(faults=frozenset({Fault.CHANNELS_ECHO_SWAPPED}))) as server:
        yield server


def _entries(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.exists() else 0


def test_a_failure_found_against_one_space_is_kept_for_that_space_only(
    faulty_space: MockSpaceServer,
) -> None:
    base = api_base_from_space_url(faulty_space.origin)
    own = EXAMPLES / ("space-" + hashlib.sha256(base.encode()).hexdigest()[:16])
    shutil.rmtree(own, ignore_errors=True)
    embedded_before = _entries(EXAMPLES / "embedded-mock")
    result = run_conformance(
        *target_options(faulty_space), "-k", "test_valid_create_is_accepted_as_asked"
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert _entries(own) > 0
    assert _entries(EXAMPLES / "embedded-mock") == embedded_before
    shutil.rmtree(own, ignore_errors=True)
