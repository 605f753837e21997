"""From test records to the report: a verdict for every requirement, with its evidence, and one
set of totals. A pure fold: it reads `TestRecord`s and the catalogue it is handed, nothing else.

A requirement passes only where at least one of its checks ran and nothing violated it; a run is
"conformant" only when every requirement was judged and none failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from recording_conformance.conformance.records import BudgetUse, TestRecord

SCHEMA_VERSION = 2
PASS, FAIL, WARN = "pass", "fail", "warning"
SKIPPED, NOT_EXERCISED = "skipped", "not exercised"
KNOWN_DEVIATION, DEVIATION_RESOLVED = "known deviation", "deviation resolved"
VERDICTS = (PASS, FAIL, WARN, KNOWN_DEVIATION, DEVIATION_RESOLVED, SKIPPED, NOT_EXERCISED)
JUDGED = frozenset({PASS, FAIL, WARN, KNOWN_DEVIATION, DEVIATION_RESOLVED})
CONFORMANT, WARNINGS, PARTIAL = "conformant", "conformant with warnings", "partial"
NON_CONFORMANT, INCONCLUSIVE, INTERRUPTED = "non-conformant", "inconclusive", "interrupted"
RUN_VERDICTS = (CONFORMANT, WARNINGS, PARTIAL, NON_CONFORMANT, INCONCLUSIVE, INTERRUPTED)
# Outcomes of a test, worst first: a test's outcome is the worst of its phases'.
_OUTCOME_ORDER = ("failed", "error", "xfailed", "skipped", "passed")
# Why a requirement was not exercised, when the reason is the run's selection, not the target.
DESELECTED = "no test that verifies it ran (deselected)"


@dataclass
class _Test:
    """The phases of one test, folded."""

    nodeid: str
    requirements: set[str] = field(default_factory=set)
    outcome: str = "passed"
    error: str | None = None
    skip_reason: str | None = None

    def add(self, record: TestRecord) -> None:
        self.requirements |= set(record.requirements)
        if _OUTCOME_ORDER.index(record.outcome) < _OUTCOME_ORDER.index(self.outcome):
            self.outcome = record.outcome
        self.error = self.error or record.error
        self.skip_reason = self.skip_reason or record.skip_reason


@dataclass
class Run:
    """How the run ended, as the plugin saw it."""

    interrupted: str | None = None
    duration: float = 0.0
    # Why nothing could be judged at all, found before the first test (a preflight).
    setup_problem: str | None = None
    # Recordings a final listing of the call shows ended. One the clean-up could not stop has
    # often ended since (stopped by the final sweep, or with the call the run hung up): it is
    # no longer reported as not stopped.
    ended: frozenset[str] = frozenset()
    # The request budget (--max-requests), when one applied.
    budget: BudgetUse | None = None


def _violations_by_requirement(records: list[TestRecord]) -> dict[str, list[dict[str, Any]]]:
    """Distinct violations per requirement: each identity once, its count summed."""
    merged: dict[str, dict[str, Any]] = {}
    for record in records:
        for violation in record.violations:
            identity = violation["identity"]
            if identity in merged:
                merged[identity]["count"] += violation["count"]
            else:
                merged[identity] = {**violation, "nodeid": record.nodeid}
    found: dict[str, list[dict[str, Any]]] = {}
    for violation in merged.values():
        found.setdefault(violation["requirement"], []).append(violation)
    return found


def _not_exercised_reason(
    requirement: str, tests: list[_Test], not_applicable: Counter[str], interrupted: str | None
) -> tuple[str, str]:
    """The verdict (skipped or not exercised) of a requirement no check judged, and why."""
    errored = [t for t in tests if t.outcome == "error"]
    if errored:
        return NOT_EXERCISED, f"its tests errored before judging it: {errored[0].error}"
    if not_applicable:
        why = "; ".join(f"{reason} ({n} exchanges)" for reason, n in not_applicable.items())
        return NOT_EXERCISED, f"its checks never applied: {why}"
    if tests and all(t.outcome == "skipped" for t in tests):
        return SKIPPED, "; ".join(sorted({t.skip_reason or "skipped" for t in tests}))
    if tests:
        return NOT_EXERCISED, "its tests stopped before judging it (other failures or a stop)"
    if interrupted:
        # Tests a cut-short run never reached were not deselected: saying so would blame the
        # selection for what the target's stop (or Ctrl-C) did.
        return NOT_EXERCISED, f"its tests never ran: the run was cut short ({interrupted})"
    return NOT_EXERCISED, DESELECTED


def _requirement(
    entry: dict[str, Any],
    tests: list[_Test],
    ran: int,
    not_applicable: Counter[str],
    violations: list[dict[str, Any]],
    deviations: dict[str, str],
    interrupted: str | None,
) -> dict[str, Any]:
    rid = entry["id"]
    reason: str | None = None
    if violations:
        if rid in deviations:
            verdict, reason = KNOWN_DEVIATION, deviations[rid]
        else:
            verdict = FAIL if entry["level"] == "MUST" else WARN
    elif ran:
        verdict = PASS
        if rid in deviations:
            verdict = DEVIATION_RESOLVED
            reason = "listed as a known deviation, but it passes now: update the deviations file"
    else:
        verdict, reason = _not_exercised_reason(rid, tests, not_applicable, interrupted)
    return {
        **entry,
        "verdict": verdict,
        "reason": reason,
        "tests": len(tests),
        "requests": ran,
        "failures": violations,
    }


def overall(requirements: list[dict[str, Any]], tests: list[_Test], run: Run) -> tuple[str, str]:
    """The run's verdict and the sentence that says what was and was not tested."""
    failing_must = [
        r["id"]
        for r in requirements
        if r["verdict"] in (FAIL, KNOWN_DEVIATION) and r["level"] == "MUST"
    ]
    judged = [r for r in requirements if r["verdict"] in JUDGED]
    unjudged = [r for r in requirements if r["verdict"] not in JUDGED]
    errored = [t.nodeid for t in tests if t.outcome == "error"]
    warned = [
        r["id"]
        for r in requirements
        if r["verdict"] == WARN or (r["verdict"] == KNOWN_DEVIATION and r["level"] == "SHOULD")
    ]
    if run.setup_problem:
        return INCONCLUSIVE, f"{run.setup_problem}; nothing was sent to judge"
    if failing_must:
        # A MUST that failed before a cut-short run stopped has still failed; the sentence
        # also says the run did not get to the rest.
        cut = (
            f"; the run was cut short ({run.interrupted}) with {len(unjudged)} requirements "
            "not judged"
            if run.interrupted and unjudged
            else ""
        )
        return NON_CONFORMANT, f"{len(failing_must)} MUST requirements fail: " + ", ".join(
            failing_must
        ) + cut
    if run.interrupted:
        return INTERRUPTED, f"the run was cut short ({run.interrupted}); {len(judged)} of " + (
            f"{len(requirements)} requirements judged before that"
        )
    # The budget's own sentence, with its figures, is in the totals (`budget_sentence`).
    ran_out = run.budget is not None and run.budget.ran_out
    if not judged:
        why = (
            "the request budget ran out first"
            if ran_out
            else "nothing the target answered was checked"
        )
        return INCONCLUSIVE, f"no requirement was judged: {why}"
    if errored:
        return INCONCLUSIVE, f"{len(errored)} tests errored without a verdict: " + ", ".join(
            errored[:5]
        )
    warning = f"; warnings (SHOULD): {', '.join(warned)}" if warned else ""
    if ran_out:
        # Tests past the budget never ran: what they would have judged is unknown, even for
        # requirements other tests judged before it ran out.
        ids = ", ".join(f"{r['id']} ({r['verdict']})" for r in unjudged)
        return PARTIAL, (
            f"the tests past the request budget were skipped: conformant"
            f"{' with warnings' if warned else ''} for {len(judged)} of {len(requirements)} "
            "requirements as far as the tests before it judged them"
            + (f"; {len(unjudged)} not judged: {ids}" if unjudged else "")
            + warning
        )
    if unjudged:
        ids = ", ".join(f"{r['id']} ({r['verdict']})" for r in unjudged)
        return PARTIAL, (
            f"conformant{' with warnings' if warned else ''} for {len(judged)} of "
            f"{len(requirements)} requirements; {len(unjudged)} not judged: {ids}{warning}"
        )
    if warned:
        return WARNINGS, f"every requirement judged; SHOULD requirements fail: {', '.join(warned)}"
    return CONFORMANT, f"all {len(requirements)} requirements judged, none failed"


def totals(records: list[TestRecord], tests: list[_Test], run: Run) -> dict[str, Any]:
    """Every request of the run (clean-up included), over the span from the first request sent
    to the last answer: the one set of totals the terminal prints too. Throttled answers (429)
    and retried ones are among the requests, never judged; the clean-up's requests are outside
    the request budget."""
    by_status: Counter[str] = Counter()
    for record in records:
        by_status.update(record.by_status)
    requests = sum(record.requests for record in records)
    firsts = [r.first_sent for r in records if r.first_sent is not None]
    lasts = [r.last_answered for r in records if r.last_answered is not None]
    span = max(max(lasts) - min(firsts), 0.0) if firsts and lasts else 0.0
    return {
        "requests": requests,
        "by_status": dict(sorted(by_status.items())),
        "recordings_created": sum(record.recordings_created for record in records),
        "throttled": sum(record.throttled for record in records),
        "retries": sum(record.retries for record in records),
        "clean_up_requests": sum(record.clean_up_requests for record in records),
        "by_operation": dict(sorted(_summed(r.by_operation for r in records).items())),
        "recordings_stopped": sum(record.recordings_stopped for record in records),
        "recording_seconds": round(sum(record.recording_seconds for record in records), 1),
        "callbacks_requested": dict(
            sorted(_summed(r.callbacks_requested for r in records).items())
        ),
        "budget": (
            {"limit": run.budget.limit, "spent": run.budget.spent, "ran_out": run.budget.ran_out}
            if run.budget is not None
            else None
        ),
        "span_seconds": round(span, 3),
        "requests_per_second": round(requests / span, 1) if span else 0.0,
        "duration_seconds": round(run.duration, 3),
        "tests": dict(Counter(t.outcome for t in tests)),
    }


def _summed(counts: Iterable[dict[str, int]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for count in counts:
        total.update(count)
    return total


def cost_sentence(totals: dict[str, Any]) -> str:
    """What the run sent and made, as a live space bills it (older reports lack some figures)."""
    operations = ", ".join(f"{k} {n}" for k, n in totals.get("by_operation", {}).items())
    callbacks = ", ".join(f"{k} {n}" for k, n in totals.get("callbacks_requested", {}).items())
    return (
        f"requests by operation: {operations or 'none'}; recordings created "
        f"{totals['recordings_created']}, stopped {totals.get('recordings_stopped', 0)} "
        f"({totals.get('recording_seconds', 0.0):.1f} recording-seconds between create and "
        f"stop); callbacks asked for: {callbacks or 'none'}"
    )


def not_judged_sentence(totals: dict[str, Any]) -> str:
    """Answers waited out rather than judged (the report of an earlier run counts none)."""
    throttled, retries = totals.get("throttled", 0), totals.get("retries", 0)
    return f"throttled (429): {throttled}, retried: {retries}"


def budget_sentence(totals: dict[str, Any]) -> str | None:
    """What the run did with its request budget, clean-up aside; None when it had none."""
    budget = totals.get("budget")
    if not budget:
        return None
    clean_up = f"{totals.get('clean_up_requests', 0)} more for the clean-up, outside the budget"
    if budget["ran_out"]:
        return (
            f"the request budget of {budget['limit']} ran out after {budget['spent']} requests "
            f"(--max-requests), and the tests past it were skipped; {clean_up}"
        )
    return f"{budget['spent']} requests within the budget of {budget['limit']}; {clean_up}"


def build_report(
    records: list[TestRecord],
    *,
    catalogue: list[dict[str, Any]],
    provenance: dict[str, Any],
    deviations: dict[str, str],
    run: Run,
    coverage_axes: dict[str, list[str]],
) -> dict[str, Any]:
    """The whole report as plain data (what `report.json` holds). `catalogue` lists every
    requirement (id, level, text, source and the names of its checks); `coverage_axes` the
    values of each parameter the coverage matrix shows."""
    tests: dict[str, _Test] = {}
    ran: Counter[str] = Counter()
    not_applicable: dict[str, Counter[str]] = {}
    coverage: Counter[str] = Counter()
    for record in records:
        tests.setdefault(record.nodeid, _Test(record.nodeid)).add(record)
        ran.update(record.checks_ran)
        for rid, reasons in record.not_applicable.items():
            not_applicable.setdefault(rid, Counter()).update(reasons)
        coverage.update(record.coverage)
    violations = _violations_by_requirement(records)
    requirements = [
        _requirement(
            entry,
            [t for t in tests.values() if entry["id"] in t.requirements],
            ran[entry["id"]],
            not_applicable.get(entry["id"], Counter()),
            violations.get(entry["id"], []),
            deviations,
            run.interrupted,
        )
        for entry in catalogue
    ]
    verdict, detail = overall(requirements, list(tests.values()), run)
    return {
        "schema_version": SCHEMA_VERSION,
        "verdict": verdict,
        "verdict_detail": detail,
        "provenance": provenance,
        "summary": {v: sum(r["verdict"] == v for r in requirements) for v in VERDICTS},
        "requirements": requirements,
        "totals": totals(records, list(tests.values()), run),
        "coverage": dict(sorted(coverage.items())),
        "coverage_axes": coverage_axes,
        "unstopped_recordings": [
            u for record in records for u in record.unstopped if u["sid"] not in run.ended
        ],
        # Errors outside the tests' verdicts (fixtures, clean-up), for whoever runs the suite.
        "errors": [
            {"nodeid": t.nodeid, "error": t.error}
            for t in tests.values()
            if t.outcome == "error" and t.error
        ],
    }
