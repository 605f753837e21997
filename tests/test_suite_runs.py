"""Whole runs of the conformance suite against the embedded mock find the faults that only a
search of the space can reach, shrunk to a minimal reproduction. (Runs against every behaviour
the spec allows are in test_mutation.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from recording_conformance.mockspace import Fault, Variation
from tests.conftest import Run


def _failing_case(stdout: str, test: str) -> str:
    """The `Failing test case` block Hypothesis printed for `test`."""
    # pytest prefixes each line of the failure with "E   ".
    match = re.search(rf"Failing test case: {test}\((.*?)\nE?\s*\)\n", stdout, re.DOTALL)
    assert match, f"no shrunk example for {test}"
    return match[1]


def test_a_crash_on_one_rare_combination_is_found_every_run(run_suite: Run) -> None:
    result = run_suite(
        f"--mock-fault={Fault.CRASH_ON_RARE_COMBINATION.value}", "-k", "enum_combination"
    )
    assert result.returncode == 1
    failed = set(re.findall(r"FAILED \S+\[(\S+)\]", result.stdout))
    assert failed == {"dual-outbound-trim-silence-GET", "dual-outbound-trim-silence-GET-callback"}
    assert (
        "--data-raw 'RecordingChannels=dual&RecordingTrack=outbound&Trim=trim-silence"
        "&RecordingStatusCallbackMethod=GET'" in result.stdout
    )


@pytest.mark.parametrize(
    ("fault", "minimal"),
    [
        (
            Fault.CRASH_ON_PERCENT_ENCODED_CALLBACK,
            r"RecordingStatusCallback='https?://[^'%]*%[0-9A-F]{2}[^']*'",
        ),
        (
            Fault.CRASH_ON_ABSENT_FIRST,
            r"RecordingStatusCallbackEvent='absent (completed|in-progress)'",
        ),
    ],
    ids=["unusual-callback-url", "unusual-event-list"],
)
def test_a_crash_on_unusual_values_is_found_and_shrunk(
    run_suite: Run, fault: Fault, minimal: str
) -> None:
    result = run_suite(
        f"--mock-fault={fault.value}", "-k", "test_valid_create_is_accepted_as_asked"
    )
    assert result.returncode == 1, result.stdout[-3000:]
    shrunk = _failing_case(result.stdout, "test_valid_create_is_accepted_as_asked")
    # Shrunk to the one parameter that matters, nothing else.
    assert shrunk.count("('Recording") == 1, shrunk
    assert re.search(minimal, result.stdout), shrunk
    assert "Reproduce with:" in result.stdout


# Every kind of invalid string accepted: whichever body parameter schemathesis's negative
# generation breaks, the answer is a success. One accepted value alone (Trim, say) is found in
# only about 6 runs out of 10 at a third of the profile's examples.
ACCEPTS_ANY_STRING = [
    Fault.ACCEPTS_INVALID_CHANNELS,
    Fault.ACCEPTS_INVALID_TRACK,
    Fault.ACCEPTS_INVALID_TRIM,
    Fault.ACCEPTS_INVALID_METHOD,
    Fault.ACCEPTS_INVALID_EVENTS,
    Fault.ACCEPTS_INVALID_CALLBACK,
]


@pytest.mark.parametrize(
    ("faults", "failure"),
    [
        (ACCEPTS_ANY_STRING, "[schemathesis.AcceptedNegativeData]"),
        ([Fault.CHANNELS_AS_INTEGER], "[schemathesis.JsonSchemaError]"),
    ],
    ids=["negative-cases", "positive-cases"],
)
def test_schemathesis_checks_fail_against_a_fault_they_can_see(
    run_suite: Run, faults: list[Fault], failure: str
) -> None:
    # REC-GENERIC is verified by schemathesis rather than a registered check: it too must be
    # shown failing (its pass on the reference is the clean run of test_contract.py). No
    # example database: each run searches from scratch, as on a fresh clone.
    switches = [f"--mock-fault={fault.value}" for fault in faults]
    result = run_suite(*switches, "-m", "REC-GENERIC", profile="ci")
    assert result.returncode == 1, result.stdout[-3000:]
    assert failure in result.stdout
    assert "MUST REC-GENERIC" in result.stdout


@pytest.mark.parametrize(
    "variations",
    [
        [Variation.LENIENT, Variation.STOP_ENDED_404],
        [Variation.STOP_ENDED_422, Variation.CALLBACKS_TWICE],
    ],
    ids=["lenient-and-404-to-an-ended-stop", "422-to-an-ended-stop"],
)
def test_a_space_using_the_spec_s_freedoms_passes(
    run_suite: Run, tmp_path: Path, variations: list[Variation]
) -> None:
    # A space that accepts callback URLs with characters RFC 3986 leaves out (and percent-
    # encodes them when it calls back), reads open event lists, and answers 404 or 422 to
    # stopping a recording that has already ended, is conformant: no example database, so the
    # search draws afresh as on a fresh clone.
    switches = [f"--mock-fault={v.value}" for v in variations]
    result = run_suite(*switches, "--report-dir", str(tmp_path), profile="ci")
    assert result.returncode == 0, result.stdout[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["verdict"] == "conformant", report["verdict_detail"]
    assert report["unstopped_recordings"] == []
