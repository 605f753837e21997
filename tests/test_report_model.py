"""Verdicts per requirement, overall verdicts and diffs, from records alone."""

from __future__ import annotations

from typing import Any

from reports.diff import compare
from reports.model import Contribution, build_report

PROVENANCE: dict[str, Any] = {}


def _report(
    records: list[Contribution], deviations: dict[str, str] | None = None
) -> dict[str, Any]:
    return build_report(records, provenance=PROVENANCE, deviations=deviations or {}, duration=1.0)


def _verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["verdict"] for r in report["requirements"]}


def _failure(requirement: str) -> dict[str, Any]:
    return {
        "check": "c",
        "requirement": requirement,
        "title": "t",
        "expected": "e",
        "received": "r",
    }


def test_judged_without_failure_passes_and_failures_fail_wherever_found() -> None:
    records = [
        Contribution("a", ["REC-TRIM", "REC-CHANNELS"], judged={"REC-TRIM": 3, "REC-CHANNELS": 3}),
        # A callback test that found a wrong echo: the echo requirement fails.
        Contribution(
            "b",
            ["REC-CALLBACK-EVENTS"],
            outcome="failed",
            failures=[_failure("REC-CHANNELS")],
            judged={"REC-CHANNELS": 1},
        ),
    ]
    verdicts = _verdicts(_report(records))
    assert verdicts["REC-TRIM"] == "pass"
    assert verdicts["REC-CHANNELS"] == "fail"
    assert verdicts["REC-CALLBACK-EVENTS"] == "not exercised"
    assert verdicts["REC-GENERIC"] == "not exercised"


def test_skipped_requirements_keep_the_reason() -> None:
    records = [
        Contribution(
            "a", ["REC-CALLBACK-METHOD"], outcome="skipped", skip_reason="needs --callback-url"
        )
    ]
    requirement = next(
        r for r in _report(records)["requirements"] if r["id"] == "REC-CALLBACK-METHOD"
    )
    assert (requirement["verdict"], requirement["reason"]) == ("skipped", "needs --callback-url")


def test_overall_verdicts() -> None:
    passing = [Contribution("a", ["REC-TRIM"], judged={"REC-TRIM": 1})]
    assert _report(passing)["verdict"] == "conformant"
    should = [
        Contribution("a", ["REC-SOURCE"], outcome="failed", failures=[_failure("REC-SOURCE")])
    ]
    assert _report(should)["verdict"] == "conformant with warnings"
    must = [Contribution("a", ["REC-TRIM"], outcome="failed", failures=[_failure("REC-TRIM")])]
    assert _report(must)["verdict"] == "non-conformant"


def test_known_deviations_and_resolved_ones() -> None:
    failing = [Contribution("a", ["REC-TRIM"], outcome="xfailed", failures=[_failure("REC-TRIM")])]
    known = _report(failing, {"REC-TRIM": "ticket 12"})
    trim = next(r for r in known["requirements"] if r["id"] == "REC-TRIM")
    assert (trim["verdict"], trim["reason"]) == ("known deviation", "ticket 12")
    passing = [Contribution("a", ["REC-TRIM"], judged={"REC-TRIM": 1})]
    assert (
        _verdicts(_report(passing, {"REC-TRIM": "ticket 12"}))["REC-TRIM"] == "deviation resolved"
    )


def test_records_of_one_test_merge_across_phases() -> None:
    record = Contribution("a", ["REC-TRIM"], requests=2, by_status={"200": 2})
    record.merge(
        Contribution(
            "a",
            ["REC-TRIM"],
            outcome="error",
            error="teardown broke",
            requests=1,
            by_status={"200": 1},
        )
    )
    assert (record.outcome, record.error, record.requests) == ("error", "teardown broke", 3)
    assert record.by_status == {"200": 3}


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
