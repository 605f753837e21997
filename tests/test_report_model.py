"""Verdicts per requirement, overall verdicts, totals and diffs, from records alone."""

from __future__ import annotations

from typing import Any

import pytest

from recording_conformance.conformance.records import TestRecord
from recording_conformance.conformance.reporting import catalogue
from recording_conformance.reports.diff import compare, regressed
from recording_conformance.reports.model import Run, build_report

PROVENANCE: dict[str, Any] = {}
EVERY_REQUIREMENT = [entry["id"] for entry in catalogue()]


def _report(
    records: list[TestRecord], deviations: dict[str, str] | None = None, run: Run | None = None
) -> dict[str, Any]:
    return build_report(
        records,
        catalogue=catalogue(),
        provenance=PROVENANCE,
        deviations=deviations or {},
        run=run or Run(duration=1.0),
        coverage_axes={},
    )


def _verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["verdict"] for r in report["requirements"]}


def _violation(requirement: str, level: str = "MUST", key: str = "k") -> dict[str, Any]:
    return {
        "identity": f'["c", "{requirement}", ["{key}"]]',
        "check": "c",
        "requirement": requirement,
        "level": level,
        "title": "t",
        "expected": "e",
        "received": "r",
        "count": 1,
    }


def _judged(*requirements: str, nodeid: str = "a") -> TestRecord:
    return TestRecord(nodeid, "call", list(requirements), checks_ran=dict.fromkeys(requirements, 1))


def _everything() -> list[TestRecord]:
    return [_judged(*EVERY_REQUIREMENT)]


def test_a_requirement_passes_only_where_a_check_of_it_ran() -> None:
    records = [
        _judged("REC-TRIM"),
        # A create that was refused: the echo checks were there, but none applied.
        TestRecord(
            "b",
            "call",
            ["REC-CHANNELS"],
            not_applicable={"REC-CHANNELS": {"needs an accepted create": 3}},
        ),
    ]
    report = _report(records)
    by_id = {r["id"]: r for r in report["requirements"]}
    assert by_id["REC-TRIM"]["verdict"] == "pass"
    assert by_id["REC-CHANNELS"]["verdict"] == "not exercised"
    assert "needs an accepted create (3 exchanges)" in by_id["REC-CHANNELS"]["reason"]
    assert by_id["REC-GENERIC"]["reason"] == "no test that verifies it ran (deselected)"
    assert report["verdict"] == "partial"
    assert "REC-CHANNELS (not exercised)" in report["verdict_detail"]


def test_failures_fail_wherever_found_each_distinct_one_once() -> None:
    records = [
        _judged("REC-CHANNELS"),
        TestRecord(
            "b",
            "call",
            ["REC-CALLBACK-EVENTS"],
            outcome="failed",
            violations=[_violation("REC-CHANNELS", key="mono"), _violation("REC-CHANNELS")],
        ),
        TestRecord("c", "call", [], violations=[_violation("REC-CHANNELS", key="mono")]),
    ]
    channels = next(r for r in _report(records)["requirements"] if r["id"] == "REC-CHANNELS")
    assert channels["verdict"] == "fail"
    assert sorted((f["identity"], f["count"]) for f in channels["failures"]) == [
        ('["c", "REC-CHANNELS", ["k"]]', 1),
        ('["c", "REC-CHANNELS", ["mono"]]', 2),
    ]


def test_skipped_requirements_keep_the_reason() -> None:
    records = [
        TestRecord("a", "setup", ["REC-CALLBACK-METHOD"], outcome="skipped", skip_reason="needs X")
    ]
    requirement = next(
        r for r in _report(records)["requirements"] if r["id"] == "REC-CALLBACK-METHOD"
    )
    assert (requirement["verdict"], requirement["reason"]) == ("skipped", "needs X")


def test_overall_verdicts_say_what_was_tested() -> None:
    assert _report(_everything())["verdict"] == "conformant"
    should = [
        *_everything(),
        TestRecord("b", "call", violations=[_violation("REC-SOURCE", "SHOULD")]),
    ]
    report = _report(should)
    assert report["verdict"] == "conformant with warnings"
    assert _verdicts(report)["REC-SOURCE"] == "warning"
    must = [*_everything(), TestRecord("b", "call", violations=[_violation("REC-TRIM")])]
    assert _report(must)["verdict"] == "non-conformant"
    partial = _report([_judged("REC-TRIM")])
    assert partial["verdict"] == "partial"
    assert partial["verdict_detail"].startswith("conformant for 1 of ")
    assert _report([])["verdict"] == "inconclusive"
    interrupted = _report(_everything(), run=Run(interrupted="interrupted by the user"))
    assert interrupted["verdict"] == "interrupted"


def test_a_run_the_target_cut_short_keeps_its_failures_and_says_what_it_never_reached() -> None:
    # As against Prism, which never answers a body that is not JSON: what failed before the
    # stop still fails, and requirements whose tests never ran were not deselected.
    stopped = "the target stopped answering"
    records = [
        _judged("REC-TRIM"),
        TestRecord("b", "call", ["REC-CHANNELS"], violations=[_violation("REC-CHANNELS")]),
    ]
    report = _report(records, run=Run(interrupted=stopped))
    assert report["verdict"] == "non-conformant"
    assert f"the run was cut short ({stopped})" in report["verdict_detail"]
    reason = {r["id"]: r["reason"] for r in report["requirements"]}["REC-STOPPABLE"]
    assert reason == f"its tests never ran: the run was cut short ({stopped})"


def test_a_test_error_is_not_a_verdict_about_the_target() -> None:
    records = [
        *_everything(),
        TestRecord("b", "teardown", ["REC-TRIM"], outcome="error", error="the mock crashed"),
    ]
    report = _report(records)
    assert report["verdict"] == "inconclusive"
    assert report["errors"] == [{"nodeid": "b", "error": "the mock crashed"}]


def test_known_deviations_and_resolved_ones() -> None:
    failing = [
        TestRecord("a", "call", ["REC-TRIM"], "xfailed", violations=[_violation("REC-TRIM")])
    ]
    known = _report(failing, {"REC-TRIM": "ticket 12"})
    trim = next(r for r in known["requirements"] if r["id"] == "REC-TRIM")
    assert (trim["verdict"], trim["reason"]) == ("known deviation", "ticket 12")
    resolved = _verdicts(_report([_judged("REC-TRIM")], {"REC-TRIM": "ticket 12"}))
    assert resolved["REC-TRIM"] == "deviation resolved"


def test_totals_add_up_every_phase_over_the_span_of_every_process() -> None:
    records = [
        TestRecord(
            "a",
            "call",
            requests=10,
            by_status={"200": 8, "400": 2},
            first_sent=100.0,
            last_answered=104.0,
            recordings_created=8,
        ),
        TestRecord(
            "b", "teardown", requests=5, by_status={"200": 5}, first_sent=101.0, last_answered=106.0
        ),
    ]
    totals = _report(records)["totals"]
    assert (totals["requests"], totals["recordings_created"], totals["span_seconds"]) == (15, 8, 6)
    assert totals["by_status"] == {"200": 13, "400": 2}
    assert totals["requests_per_second"] == 2.5


def test_diff_names_fixed_regressed_new_and_removed() -> None:
    old = {
        "verdict": "x",
        "requirements": [
            {"id": "A", "verdict": "pass"},
            {"id": "B", "verdict": "fail"},
            {"id": "C", "verdict": "pass"},
            {"id": "D", "verdict": "pass"},
        ],
    }
    new = {
        "verdict": "y",
        "requirements": [
            {"id": "A", "verdict": "fail"},
            {"id": "B", "verdict": "pass"},
            {"id": "C", "verdict": "pass"},
            {"id": "E", "verdict": "fail"},
        ],
    }
    kinds = {c.requirement: c.kind for c in compare(old, new)}
    assert kinds == {"A": "regressed", "B": "fixed", "D": "removed", "E": "regressed"}


@pytest.mark.parametrize(
    ("partial", "kind", "worse"), [(False, "regressed", True), (True, "not compared", False)]
)
def test_a_requirement_no_longer_judged_regressed_unless_partial_on_purpose(
    partial: bool, kind: str, worse: bool
) -> None:
    old = {"verdict": "conformant", "requirements": [{"id": "A", "verdict": "pass"}]}
    new = {"verdict": "partial", "requirements": [{"id": "A", "verdict": "not exercised"}]}
    changes = compare(old, new, partial=partial)
    assert [c.kind for c in changes] == [kind]
    assert regressed(changes, new) is worse


@pytest.mark.parametrize("partial", [False, True], ids=["whole", "partial"])
def test_an_unfinished_run_is_a_regression_even_when_partial(partial: bool) -> None:
    old = {"verdict": "conformant", "requirements": [{"id": "A", "verdict": "pass"}]}
    new = {"verdict": "interrupted", "requirements": [{"id": "A", "verdict": "not exercised"}]}
    assert regressed(compare(old, new, partial=partial), new)


def test_junit_shows_an_unfinished_run_as_an_error_and_warnings_as_the_exit_code_does() -> None:
    import xml.etree.ElementTree as ET

    from recording_conformance.reports import junit

    interrupted = _report(_everything(), run=Run(interrupted="interrupted by the user"))
    interrupted["provenance"] = {}
    suite = ET.fromstring(junit.render(interrupted)).find("testsuite")
    assert suite is not None
    assert suite.get("errors") == "1"
    should = [
        *_everything(),
        TestRecord("b", "call", violations=[_violation("REC-SOURCE", "SHOULD")]),
    ]
    for strict, failures in ((False, "0"), (True, "1")):
        report = _report(should)
        report["provenance"] = {"strict": strict}
        suite = ET.fromstring(junit.render(report)).find("testsuite")
        assert suite is not None
        assert suite.get("failures") == failures


def test_a_recording_shown_ended_at_the_end_is_not_reported_as_left_running() -> None:
    cleanup = TestRecord(
        "(session)",
        "teardown",
        unstopped=[
            {"sid": "ended-since", "url": "u1", "why": "the clean-up was interrupted"},
            {"sid": "on-another-call", "url": "u2", "why": "stopping answered 500"},
        ],
    )
    report = _report([*_everything(), cleanup], run=Run(ended=frozenset({"ended-since"})))
    assert [u["sid"] for u in report["unstopped_recordings"]] == ["on-another-call"]
